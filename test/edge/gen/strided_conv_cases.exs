# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/strided_conv_cases.exs
# Writes test/edge/vconvs_*: f32 convolutions with a stride of 2 along the
# innermost spatial dim (a CNN's downsampling: 3x3 and 1x1 at stride 2, a
# ResNet stem's 7x7), which nxc-vectorize now runs in register blocks like
# stride 1, reading every other input column as two vector loads and one
# deinterleaving shuffle; with output widths of 9 (one short vector),
# 35 (32 + 3) and 20 (16 + 4), feature groups (depthwise), a dilated 1-D
# conv, NHWC permutations; and a stride of 3, which stays loops. Graphs
# exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed -> CaseWriter.vals(shape, seed, {:f, 32}, 500) end
cases = [
  {"vconvs_2d_3x3_w9", "conv(x, k, strides: [2, 2], padding: [{1, 1}, {1, 1}])",
   &Nx.conv(&1, &2, strides: [2, 2], padding: [{1, 1}, {1, 1}]),
   [vals.({2, 8, 18, 18}, 1), vals.({16, 8, 3, 3}, 2)]},
  {"vconvs_2d_3x3_w35", "conv(x, k, strides: [2, 2], padding: :same)",
   &Nx.conv(&1, &2, strides: [2, 2], padding: :same),
   [vals.({1, 4, 6, 70}, 3), vals.({16, 4, 3, 3}, 4)]},
  {"vconvs_2d_1x1_w20", "conv(x, k, strides: [2, 2])",
   &Nx.conv(&1, &2, strides: [2, 2]),
   [vals.({2, 8, 6, 40}, 5), vals.({16, 8, 1, 1}, 6)]},
  {"vconvs_2d_7x7_stem", "conv(x, k, strides: [2, 2], padding: [{3, 3}, {3, 3}])",
   &Nx.conv(&1, &2, strides: [2, 2], padding: [{3, 3}, {3, 3}]),
   [vals.({1, 3, 12, 40}, 7), vals.({16, 3, 7, 7}, 8)]},
  {"vconvs_2d_depthwise", "conv(x, k, strides: [2, 2], padding: :same, feature_group_size: 8)",
   &Nx.conv(&1, &2, strides: [2, 2], padding: :same, feature_group_size: 8),
   [vals.({1, 8, 10, 34}, 9), vals.({8, 1, 3, 3}, 10)]},
  {"vconvs_1d_dilated", "conv(x, k, strides: [2], kernel_dilation: [2])",
   &Nx.conv(&1, &2, strides: [2], kernel_dilation: [2]),
   [vals.({2, 4, 100}, 11), vals.({8, 4, 5}, 12)]},
  {"vconvs_2d_nhwc", "conv(x, k, strides: [2, 2], padding: :same, input_permutation: [0, 3, 1, 2], output_permutation: [0, 3, 1, 2])",
   &Nx.conv(&1, &2, strides: [2, 2], padding: :same, input_permutation: [0, 3, 1, 2], output_permutation: [0, 3, 1, 2]),
   [vals.({2, 8, 36, 3}, 13), vals.({16, 3, 3, 3}, 14)]},
  {"vconvs_2d_stride3", "conv(x, k, strides: [3, 3])",
   &Nx.conv(&1, &2, strides: [3, 3]),
   [vals.({1, 2, 20, 20}, 15), vals.({4, 2, 3, 3}, 16)]}
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(x, k), do: #{src}", ["conv", "vectorized", "edge"])
end
