# Shared by the generators that export Nx functions with NxC.Export and
# write one case per function (dot_forms, strided_conv, window and
# radix_sort cases): pseudo-random inputs and the case writer. Expected
# values from Nx.Defn.Evaluator on Nx.BinaryBackend.
defmodule CaseWriter do
  def tensor_json(t) do
    %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
      "data" => Base.encode64(Nx.to_binary(t))}
  end

  # Values in [-1000, 1000] / scale from a linear congruential sequence;
  # integer types get them times int_scale, rounded.
  def vals(shape, seed, type, scale, int_scale \\ 100) do
    n = Tuple.product(shape)
    {l, _} = Enum.map_reduce(1..n, seed, fn _, s ->
      s = rem(s * 1_103_515_245 + 12_345, 2_147_483_648)
      {(rem(s, 2001) - 1000) / scale, s}
    end)
    l = if Nx.Type.integer?(type), do: Enum.map(l, &round(&1 * int_scale)), else: l
    Nx.tensor(l, type: type) |> Nx.reshape(shape)
  end

  # Writes <out>/<name>.graph.json and .case.json.
  def write!(out, name, fun, args, source, tags) do
    File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
    y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
    ys = if is_tuple(y), do: Tuple.to_list(y), else: [y]
    c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, &tensor_json/1),
          "expected" => Enum.map(ys, &tensor_json/1), "source" => source, "tags" => tags}
    File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
    IO.puts("wrote #{name}")
  end
end
