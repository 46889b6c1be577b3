# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/packed_matmul_cases.exs
# Writes test/edge/vmatmul_packed_*: f32 matmuls with a wide B (N >= 512)
# and few rows (32, 48), which nxc reads in place in column panels of 32 and
# 26 (N = 520) (Vectorize.cpp, scheduleMatmul; from 512 rows it packs the
# panels first: gen/packed_matmul_big_cases.exs), and a batch of rows that is
# not a multiple of the row tile. Also test/edge/vmatmul_const_40x64x520: a
# dense layer whose 64 x 520 weights are a tensor captured by the function (a
# literal in the graph), which nxc packs into panels of 26 at compile time
# (Vectorize.cpp, packPanels) even for 40 rows, returned through its column
# sums weighted by a cosine so that the case file stays small. Expected values
# from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
vals = fn shape, seed ->
  n = Tuple.product(shape)
  {l, _} = Enum.map_reduce(1..n, seed, fn _, s ->
    s = rem(s * 1_103_515_245 + 12_345, 2_147_483_648)
    {(rem(s, 2001) - 1000) / 1000, s}
  end)
  Nx.tensor(l, type: :f32) |> Nx.reshape(shape)
end
cases = [
  {"vmatmul_packed_32x64x512", [vals.({32, 64}, 1), vals.({64, 512}, 2)]},
  {"vmatmul_packed_48x80x520", [vals.({48, 80}, 3), vals.({80, 520}, 4)]}
]
for {name, args} <- cases do
  fun = &Nx.dot/2
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => [t.(y)],
        "source" => "defn f(a, b), do: Nx.dot(a, b)", "tags" => ["dot", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end

w = vals.({64, 520}, 7)
x = vals.({40, 64}, 8)
fun = fn x ->
  y = Nx.dot(x, w)
  Nx.sum(Nx.multiply(y, Nx.cos(Nx.multiply(Nx.iota({40, 520}, type: :f32), 0.011))), axes: [0])
end
name = "vmatmul_const_40x64x520"
File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, [x], name: name))
y = Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator).(x)
c = %{"graph" => name <> ".graph.json", "inputs" => [t.(x)], "expected" => [t.(y)],
      "source" => "defn f(x), do: sum(dot(x, w) * cos(iota({40, 520}) * 0.011), axes: [0]), w a captured 64 x 520 tensor",
      "tags" => ["dot", "vectorized", "edge"]}
File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
IO.puts("wrote #{name}")
