defmodule EdgeHarness do
  import Bitwise

  @f32 %{nan: 0x7FC00000, inf: 0x7F800000, ninf: 0xFF800000, nz: 0x80000000, nnan: 0xFFC00000}
  @f64 %{nan: 0x7FF8000000000000, inf: 0x7FF0000000000000, ninf: 0xFFF0000000000000,
         nz: 0x8000000000000000, nnan: 0xFFF8000000000000}
  @f16 %{nan: 0x7E00, inf: 0x7C00, ninf: 0xFC00, nz: 0x8000, nnan: 0xFE00}
  @bf16 %{nan: 0x7FC0, inf: 0x7F80, ninf: 0xFF80, nz: 0x8000, nnan: 0xFFC0}

  def ty(t) when is_binary(t), do: Nx.Type.normalize!(String.to_atom(t))

  def enc("f32", v), do: fenc(v, 32, @f32)
  def enc("f64", v), do: fenc(v, 64, @f64)
  def enc("f16", v), do: fenc(v, 16, @f16)
  def enc("bf16", {:bits, b}), do: <<b::16-little>>
  def enc("bf16", v) when is_atom(v), do: <<Map.fetch!(@bf16, v)::16-little>>
  def enc("bf16", v) do
    <<b::32>> = <<v * 1.0::float-32>>
    <<(b >>> 16)::16-little>>
  end
  def enc(<<"s", n::binary>>, v), do: <<v::signed-size(String.to_integer(n))-little>>
  def enc(<<"u", n::binary>>, v), do: <<v::unsigned-size(String.to_integer(n))-little>>

  defp fenc({:bits, b}, n, _), do: <<b::size(n)-little>>
  defp fenc(v, n, m) when is_atom(v), do: <<Map.fetch!(m, v)::size(n)-little>>
  defp fenc(v, n, _), do: <<v * 1.0::float-size(n)-little>>

  # mk("f32", {2}, [..]) ; shape may be omitted for rank-1
  def mk(t, vals) when is_list(vals), do: mk(t, {length(vals)}, vals)
  def mk(t, shape, vals) do
    vals = List.flatten(vals)
    n = Tuple.product(shape)
    if length(vals) != n, do: raise("#{inspect(shape)} needs #{n} values, got #{length(vals)}")
    bin = for v <- vals, into: <<>>, do: enc(t, v)
    Nx.from_binary(bin, ty(t)) |> Nx.reshape(shape)
  end

  def zeros(t, shape), do: Nx.broadcast(Nx.tensor(0, type: ty(t)), shape)

  # Runs one case; returns a log line map.
  def run(outdir, {name, tags, source, inputs, opts}) do
    mod = Module.concat(EdgeCases, Macro.camelize(name))
    Code.compiler_options(ignore_module_conflict: true)
    Code.eval_string("defmodule #{inspect(mod)} do\n  import Nx.Defn\n#{source}\nend")
    fun = Function.capture(mod, :f, length(inputs))
    expr = apply(Nx.Defn.debug_expr(fun), inputs)
    graph = EdgeExport.export(name, expr, inputs)
    templates = Nx.Defn.Composite.flatten_list([expr])

    bb =
      try do
        {:ok, Nx.Defn.Composite.flatten_list([apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), inputs)])}
      rescue
        e -> {:raised, Exception.message(e) |> String.split("\n") |> hd()}
      end

    {expected, tags} =
      case {opts[:xla], bb} do
        {nil, {:ok, outs}} -> {outs, tags}
        {nil, {:raised, msg}} -> raise "#{name}: BinaryBackend raised: #{msg}"
        {xla, _} -> {xla, tags ++ ["xla-semantics"]}
      end

    if length(expected) != length(templates), do: raise("#{name}: #{length(expected)} expected outputs, graph has #{length(templates)}")
    for {e, t} <- Enum.zip(expected, templates) do
      if e.type != t.type or e.shape != t.shape,
        do: raise("#{name}: expected #{inspect(e.type)}#{inspect(e.shape)} but graph output is #{inspect(t.type)}#{inspect(t.shape)}")
    end

    File.write!(Path.join(outdir, name <> ".graph.json"), graph)
    File.write!(Path.join(outdir, name <> ".case.json"),
      EdgeExport.case_json(name, inputs, expected, source, tags))
    %{name: name, bb: bb, xla: opts[:xla], why: opts[:why]}
  end

  def show({:ok, outs}), do: Enum.map_join(outs, " ; ", &show_t/1)
  def show({:raised, msg}), do: "raises (" <> msg <> ")"
  def show(outs) when is_list(outs), do: Enum.map_join(outs, " ; ", &show_t/1)
  def show_t(t), do: inspect(Nx.to_flat_list(t), limit: :infinity)
end
