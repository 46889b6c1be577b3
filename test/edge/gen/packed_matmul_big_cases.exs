# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/packed_matmul_big_cases.exs
# Writes test/edge/vmatmul_packed512_*: f32 matmuls with 512 rows and N >=
# 512, where nxc packs B into contiguous column panels (Vectorize.cpp,
# scheduleMatmul; fewer rows read B in place): panel widths 32 (N = 512)
# and 26 (N = 520). A and B are sines of iotas inside the graph (B scaled by
# the one input), and the 512 x N product is checked through its column
# sums weighted by cos of an iota (a wrong entry moves its column's sum), so
# the case files stay small.
# Expected values from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
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

for {name, k, n} <- [{"vmatmul_packed512_512x64x512", 64, 512},
                     {"vmatmul_packed512_512x80x520", 80, 520}] do
  s = Nx.tensor(1.5, type: :f32)
  fun = &PackedBigDefn.weighted_product(&1, k: k, n: n)
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, [s], name: name))
  y = Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator).(s)
  c = %{"graph" => name <> ".graph.json", "inputs" => [t.(s)], "expected" => [t.(y)],
        "source" => "defn f(s), do: sum(dot(sin(iota({512, k}) * 0.013), sin(iota({k, n}) * 0.029 + 0.5) * s) * cos(iota({512, n}) * 0.007), axes: [0])",
        "tags" => ["dot", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
