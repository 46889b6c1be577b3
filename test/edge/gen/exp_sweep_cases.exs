# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/exp_sweep_cases.exs
# Writes test/edge/vexp_*: f32 exp over vectors long enough to take nxc's
# vector code (the polynomial exp, and on AVX-512 its vscalefps form), from
# below the smallest denormal result to overflow, every 4096 steps, with NaN,
# infinities, signed zeros and the range edges among them; and the
# expressions built on exp (sigmoid, softmax's exp(x - max)). Expected values
# from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
n = 4096
special = [:nan, :infinity, :neg_infinity, 0.0, -0.0, 88.72283, 88.72284, 88.8,
           -87.33654, -87.33655, -103.27893, -103.97208, -103.98, -104.0, -110.0,
           1.0e-30, -1.0e-30, 0.34657359, -0.34657359, 0.5, -0.5, 1.0, -1.0, 20.0]
sweep = for i <- 0..(n - length(special) - 1), do: -105.0 + 195.0 * i / (n - length(special) - 1)
x = Nx.tensor(special ++ sweep, type: :f32)
# sigmoid's argument stays where Nx.BinaryBackend's double exp(-x) is finite.
s = Nx.tensor(for(i <- 0..(n - 1), do: -80.0 + 160.0 * i / (n - 1)), type: :f32)
rows = Nx.reshape(x, {16, 256})

cases = [
  {"vexp_f32_sweep", "exp(x)", &Nx.exp/1, [x]},
  # Exact where the tolerance is not: which results are denormal rather than
  # 0, which overflow.
  {"vexp_f32_sweep_zero_inf", "{exp(x) > 0, exp(x) == :infinity}",
   &{Nx.greater(Nx.exp(&1), 0), Nx.equal(Nx.exp(&1), Nx.Constants.infinity(:f32))}, [x]},
  {"vexp_sigmoid_f32_sweep", "sigmoid(x)", &Nx.sigmoid/1, [s]},
  {"vexp_softmax_rows_f32", "exp(x - reduce_max(x, axes: [1], keep_axes: true))",
   &Nx.exp(Nx.subtract(&1, Nx.reduce_max(&1, axes: [1], keep_axes: true))), [rows]}
]
for {name, src, fun, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  ys = if is_tuple(y), do: Tuple.to_list(y), else: [y]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => Enum.map(ys, t),
        "source" => "defn f(x), do: #{src}", "tags" => ["unary", "math", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
