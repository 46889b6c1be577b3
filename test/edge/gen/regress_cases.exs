# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/regress_cases.exs
# Writes test/edge/regress_*: graphs found to break nxc by Nx's own test
# suite, exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
x = Nx.tensor(Enum.to_list(-9..10), type: :s64)
y = Nx.tensor(for(i <- 0..63, do: i / 8 - 4), type: :f32) |> Nx.reshape({4, 16})

defmodule RegressDefn do
  import Nx.Defn

  defn custom_grad_meta(t) do
    cos = grad(t, &Nx.cos/1)
    custom_cos = grad(t, fn t -> custom_grad(Nx.cos(t), [t], fn g -> [g * -Nx.sin(t)] end) end)
    {cos, custom_cos}
  end
end

cases = [
  # grad_test "metadata computes custom grad": both outputs are one value
  # once CSE has run (buffer-results-to-out-params crashed on it).
  {"regress_outputs_same_value", "{grad(x, &Nx.cos/1), grad(x, custom_grad(cos))}",
   &RegressDefn.custom_grad_meta/1, [x]},
  {"regress_outputs_param_and_value_twice", "{x, sin(x), x, sin(x)}",
   fn y -> {y, Nx.sin(y), y, Nx.sin(y)} end, [y]},
  {"regress_outputs_constant_twice", "{iota({2, 3}), iota({2, 3}), x + 1}",
   fn y -> {Nx.iota({2, 3}), Nx.iota({2, 3}), Nx.add(y, 1)} end, [y]}
]
for {name, src, fun, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  r = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  rs = if is_tuple(r), do: Tuple.to_list(r), else: [r]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => Enum.map(rs, t),
        "source" => "defn f(x), do: #{src}", "tags" => ["regression", "outputs"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
