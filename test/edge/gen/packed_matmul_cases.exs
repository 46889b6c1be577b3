# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/packed_matmul_cases.exs
# Writes test/edge/vmatmul_*, f32 matmuls with a wide B (N >= 512) in column
# panels of 32 and 26 (N = 520) (Vectorize.cpp, scheduleMatmul):
# - vmatmul_packed_*: few rows (32, 48), B read in place, and a batch of rows
#   that is not a multiple of the row tile;
# - vmatmul_packed512_*: 512 rows, B's panels packed first; A and B are sines
#   of iotas inside the graph (B scaled by the one input);
# - vmatmul_const_40x64x520: B a 64 x 520 tensor captured by the function (a
#   literal in the graph), packed at compile time (packPanels) even for 40
#   rows.
# The last two return the product's column sums weighted by a cosine (a
# wrong entry moves its column's sum), so the case files stay small.
# Expected values from Nx.BinaryBackend.
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

defmodule PackedBigDefn do
  import Nx.Defn

  defn weighted_product(s, opts \\ []) do
    opts = keyword!(opts, [:k, :n])
    {k, n} = {opts[:k], opts[:n]}
    a = Nx.sin(Nx.iota({512, k}, type: :f32) * 0.013)
    b = Nx.sin(Nx.iota({k, n}, type: :f32) * 0.029 + 0.5) * s
    w = Nx.cos(Nx.iota({512, n}, type: :f32) * 0.007)
    Nx.sum(Nx.dot(a, b) * w, axes: [0])
  end
end

w = vals.({64, 520}, 7)
const_b = fn x ->
  y = Nx.dot(x, w)
  Nx.sum(Nx.multiply(y, Nx.cos(Nx.multiply(Nx.iota({40, 520}, type: :f32), 0.011))), axes: [0])
end
s = Nx.tensor(1.5, type: :f32)
big = "defn f(s), do: sum(dot(sin(iota({512, k}) * 0.013), sin(iota({k, n}) * 0.029 + 0.5) * s) * cos(iota({512, n}) * 0.007), axes: [0])"

cases = [
  {"vmatmul_packed_32x64x512", &Nx.dot/2, [vals.({32, 64}, 1), vals.({64, 512}, 2)],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"vmatmul_packed_48x80x520", &Nx.dot/2, [vals.({48, 80}, 3), vals.({80, 520}, 4)],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"vmatmul_packed512_512x64x512", &PackedBigDefn.weighted_product(&1, k: 64, n: 512), [s], big},
  {"vmatmul_packed512_512x80x520", &PackedBigDefn.weighted_product(&1, k: 80, n: 520), [s], big},
  {"vmatmul_const_40x64x520", const_b, [vals.({40, 64}, 8)],
   "defn f(x), do: sum(dot(x, w) * cos(iota({40, 520}) * 0.011), axes: [0]), w a captured 64 x 520 tensor"}
]

for {name, fun, args, src} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => [t.(y)],
        "source" => src, "tags" => ["dot", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
