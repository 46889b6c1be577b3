# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/filter_conv_cases.exs
# Writes test/edge/vconvf_*: f32 convolutions whose output rows are not a
# whole number of vectors (7, 14, 9, 17, 30 wide: a ResNet's deep layers),
# which nxc-vectorize runs with vectors along the filters and broadcast
# input pixels: two and one filter vectors per block, blocks of pixels over
# the flattened spatial dims with a shorter last block, filter blocks
# outside the batch (kernel larger than the input, input padded whole) and
# inside it (each image padded alone), a single image split by filter
# blocks, stride and dilation, strides of 3, 4 and 16 (ConvNeXt's and ViT's
# patch stems; these take this path also with rows of whole vectors), input
# dilation, 1-D and 3-D, an unpadded input, 1x1 convolutions (a
# bottleneck's, at 7x7 and 3x3), and a bias and relu after. Graphs exported
# by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed -> CaseWriter.vals(shape, seed, {:f, 32}, 500) end
cases = [
  {"vconvf_2d_7x7_32f", "conv(x, k, padding: :same)",
   &Nx.conv(&1, &2, padding: :same),
   [vals.({2, 8, 7, 7}, 1), vals.({32, 8, 3, 3}, 2)]},
  {"vconvf_2d_14x14", "conv(x, k, padding: [{1, 1}, {1, 1}])",
   &Nx.conv(&1, &2, padding: [{1, 1}, {1, 1}]),
   [vals.({3, 4, 14, 14}, 3), vals.({16, 4, 3, 3}, 4)]},
  {"vconvf_2d_b1_5x5", "conv(x, k, padding: :same)",
   &Nx.conv(&1, &2, padding: :same),
   [vals.({1, 16, 5, 5}, 5), vals.({64, 16, 3, 3}, 6)]},
  {"vconvf_2d_s2_dil", "conv(x, k, strides: [2, 2], kernel_dilation: [2, 2], padding: :same)",
   &Nx.conv(&1, &2, strides: [2, 2], kernel_dilation: [2, 2], padding: :same),
   [vals.({2, 8, 15, 15}, 7), vals.({32, 8, 3, 3}, 8)]},
  {"vconvf_1d_w30", "conv(x, k, padding: [{2, 2}])",
   &Nx.conv(&1, &2, padding: [{2, 2}]),
   [vals.({2, 8, 30}, 9), vals.({32, 8, 5}, 10)]},
  {"vconvf_3d", "conv(x, k, padding: :same)",
   &Nx.conv(&1, &2, padding: :same),
   [vals.({1, 4, 3, 5, 6}, 11), vals.({16, 4, 2, 3, 3}, 12)]},
  {"vconvf_2d_bias_relu", "max(conv(x, k, padding: :same) + reshape(b, {1, 32, 1, 1}), 0)",
   fn x, k, b -> Nx.max(Nx.add(Nx.conv(x, k, padding: :same), Nx.reshape(b, {1, 32, 1, 1})), 0) end,
   [vals.({2, 16, 9, 9}, 13), vals.({32, 16, 3, 3}, 14), vals.({32}, 15)]},
  {"vconvf_2d_nopad_w17", "conv(x, k)",
   &Nx.conv(&1, &2),
   [vals.({1, 3, 10, 19}, 16), vals.({16, 3, 3, 3}, 17)]},
  {"vconvf_2d_1x1_7x7", "conv(x, k)",
   &Nx.conv(&1, &2),
   [vals.({2, 32, 7, 7}, 20), vals.({64, 32, 1, 1}, 21)]},
  {"vconvf_2d_1x1_filters_outer", "conv(x, k)",
   &Nx.conv(&1, &2),
   [vals.({1, 64, 3, 3}, 22), vals.({128, 64, 1, 1}, 23)]},
  {"vconvf_2d_stride3_w16", "conv(x, k, strides: [3, 3])",
   &Nx.conv(&1, &2, strides: [3, 3]),
   [vals.({1, 4, 10, 50}, 24), vals.({16, 4, 3, 3}, 25)]},
  {"vconvf_2d_patch4", "conv(x, k, strides: [4, 4])",
   &Nx.conv(&1, &2, strides: [4, 4]),
   [vals.({2, 3, 16, 64}, 26), vals.({16, 3, 4, 4}, 27)]},
  {"vconvf_2d_patch16", "conv(x, k, strides: [16, 16])",
   &Nx.conv(&1, &2, strides: [16, 16]),
   [vals.({1, 3, 32, 32}, 28), vals.({32, 3, 16, 16}, 29)]},
  {"vconvf_2d_input_dilation", "conv(x, k, input_dilation: [2, 2], padding: :same)",
   &Nx.conv(&1, &2, input_dilation: [2, 2], padding: :same),
   [vals.({1, 4, 5, 5}, 18), vals.({16, 4, 3, 3}, 19)]}
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(...), do: #{src}", ["conv", "vectorized", "edge"])
end
