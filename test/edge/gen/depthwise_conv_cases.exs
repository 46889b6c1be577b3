# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/depthwise_conv_cases.exs
# Writes test/edge/vconvdw_*: f32 convolutions with one filter per group
# (depthwise, MobileNet's), which nxc-vectorize runs in blocks of up to 8
# output rows of one filter (one accumulator per row, where one row per
# block was a chain of dependent FMAs): 28 wide with padding (blocks of 6
# rows of 12), stride 2 (7 rows), a channel multiplier of 2, 11 rows (no
# divisor from 2 to 8: one row per block), a 3-D depthwise conv, and
# feature groups of 4 channels. Graphs exported by NxC.Export, expected
# values from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed -> CaseWriter.vals(shape, seed, {:f, 32}, 500) end
cases = [
  {"vconvdw_2d_28", "conv(x, k, padding: :same, feature_group_size: 16)",
   &Nx.conv(&1, &2, padding: :same, feature_group_size: 16),
   [vals.({1, 16, 12, 28}, 1), vals.({16, 1, 3, 3}, 2)]},
  {"vconvdw_2d_s2", "conv(x, k, strides: [2, 2], padding: :same, feature_group_size: 8)",
   &Nx.conv(&1, &2, strides: [2, 2], padding: :same, feature_group_size: 8),
   [vals.({2, 8, 14, 14}, 3), vals.({8, 1, 3, 3}, 4)]},
  {"vconvdw_2d_mult2", "conv(x, k, padding: :same, feature_group_size: 8)",
   &Nx.conv(&1, &2, padding: :same, feature_group_size: 8),
   [vals.({2, 8, 8, 20}, 5), vals.({16, 1, 3, 3}, 6)]},
  {"vconvdw_2d_11rows", "conv(x, k, padding: :same, feature_group_size: 4)",
   &Nx.conv(&1, &2, padding: :same, feature_group_size: 4),
   [vals.({1, 4, 11, 18}, 7), vals.({4, 1, 3, 3}, 8)]},
  {"vconvdw_3d", "conv(x, k, padding: :same, feature_group_size: 4)",
   &Nx.conv(&1, &2, padding: :same, feature_group_size: 4),
   [vals.({1, 4, 3, 6, 10}, 9), vals.({4, 1, 3, 3, 3}, 10)]},
  {"vconvdw_2d_groups4", "conv(x, k, padding: [{1, 1}, {2, 2}], feature_group_size: 2)",
   &Nx.conv(&1, &2, padding: [{1, 1}, {2, 2}], feature_group_size: 2),
   [vals.({2, 8, 6, 9}, 11), vals.({6, 4, 3, 5}, 12)]}
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(x, k), do: #{src}", ["conv", "vectorized", "edge"])
end
