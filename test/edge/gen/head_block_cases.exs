# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/head_block_cases.exs
# Writes test/edge/vattn_heads_128*: multi-head attention with 128-token
# sequences (BERT's), softmax(Q K^T / sqrt(d)) V with batch axes [0, 1],
# whose scores (4 x 8 heads x 128 x 128, 2 MiB) nxc-vectorize computes one
# head at a time, K's transpose, the softmax and both products fused per
# head; and the same with an additive mask broadcast over the heads. Graphs
# exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed -> CaseWriter.vals(shape, seed, {:f, 32}, 400) end
attn = fn q, k, v, mask ->
  s = Nx.divide(Nx.dot(q, [3], [0, 1], k, [3], [0, 1]), Nx.sqrt(8.0))
  s = if mask, do: Nx.add(s, mask), else: s
  e = Nx.exp(Nx.subtract(s, Nx.reduce_max(s, axes: [-1], keep_axes: true)))
  p = Nx.divide(e, Nx.sum(e, axes: [-1], keep_axes: true))
  Nx.dot(p, [3], [0, 1], v, [2], [0, 1])
end
qkv = [vals.({4, 8, 128, 8}, 1), vals.({4, 8, 128, 8}, 2), vals.({4, 8, 128, 8}, 3)]
mask = Nx.select(Nx.greater(Nx.iota({4, 1, 1, 128}, axis: 3), Nx.add(Nx.multiply(Nx.iota({4, 1, 1, 1}), 20), 60)), -1.0e9, 0.0)
cases = [
  {"vattn_heads_128", "softmax(dot(q, [3], [0, 1], k, [3], [0, 1]) / sqrt(8)) . v",
   fn q, k, v -> attn.(q, k, v, nil) end, qkv},
  {"vattn_heads_128_mask", "softmax(dot(q, [3], [0, 1], k, [3], [0, 1]) / sqrt(8) + mask) . v",
   fn q, k, v, m -> attn.(q, k, v, m) end, qkv ++ [Nx.as_type(mask, :f32)]}
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(...), do: #{src}", ["dot", "attention", "vectorized", "edge"])
end
