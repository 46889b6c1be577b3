# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/block_fusion_cases.exs
# Writes test/edge/vblocks_*: attention whose scores (2 x 256 x 2048 f32,
# 4 MiB; 2 x 300 x 1000, 2.4 MB) are big enough that nxc runs the chain a
# block of 128 (100) query rows at a time (FuseBlocks.cpp): the first batch matmul, the max, exp, sum and
# division per block, each block's scores in cache. K and V come from iota
# inside the graph so that the case file stays small. With two batch entries,
# `edge_threads` (3 threads) runs the block loop in parallel: a buffer shared
# by the threads (a temporary hoisted out of it) gives wrong numbers.
# Expected values from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end

defmodule BlockFusionDefn do
  import Nx.Defn

  defn attention(q, opts \\ []) do
    opts = keyword!(opts, [:n])
    n = opts[:n]
    k = Nx.sin(Nx.iota({2, n, 16}, type: :f32) * 0.37)
    v = Nx.cos(Nx.iota({2, n, 16}, type: :f32) * 0.11)
    s = Nx.dot(q, [2], [0], k, [2], [0]) / 4
    e = Nx.exp(s - stop_grad(Nx.reduce_max(s, axes: [2], keep_axes: true)))
    p = e / Nx.sum(e, axes: [2], keep_axes: true)
    Nx.dot(p, [2], [0], v, [1], [0])
  end
end

# {query rows, keys}: 256 rows in blocks of 128; 300 rows (no multiple of 8
# from 64 to 128 divides it) in blocks of 100, 2.4 MB of scores.
for {m, n} <- [{256, 2048}, {300, 1000}] do
  q = Nx.tensor(for(i <- 0..(2 * m * 16 - 1), do: :math.sin(i * 0.013) * 3 + :math.cos(i * 0.7)),
                type: :f32)
      |> Nx.reshape({2, m, 16})
  name = "vblocks_attention_2x#{m}x#{n}x16"
  fun = &BlockFusionDefn.attention(&1, n: n)
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, [q], name: name))
  y = Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator).(q)
  c = %{"graph" => name <> ".graph.json", "inputs" => [t.(q)], "expected" => [t.(y)],
        "source" => "defn attention(q): softmax(q . sin(iota * 0.37)^T / 4) . cos(iota * 0.11)",
        "tags" => ["dot", "softmax", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
