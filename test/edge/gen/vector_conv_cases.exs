# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/vector_conv_cases.exs
# Writes test/edge/vconv_*: f32 convolutions whose innermost output dim nxc
# vectorizes (register blocks of filters x output columns): padding, strides
# on outer dims, dilations, feature and batch groups, permuted layouts, 1-D
# and 3-D, output widths of 16, 8 and 12. Graphs exported by NxC.Export,
# expected values from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
vals = fn shape, seed ->
  n = Tuple.product(shape)
  {l, _} = Enum.map_reduce(1..n, seed, fn _, s ->
    s = rem(s * 1_103_515_245 + 12_345, 2_147_483_648)
    {(rem(s, 2001) - 1000) / 500, s}
  end)
  Nx.tensor(l, type: :f32) |> Nx.reshape(shape)
end
cases = [
  {"vconv_2d_pad1_16", "conv(x, k, padding: :same)", &Nx.conv(&1, &2, padding: :same),
   [vals.({2, 3, 6, 16}, 1), vals.({8, 3, 3, 3}, 2)]},
  {"vconv_2d_stride_h2_w8", "conv(x, k, strides: [2, 1], padding: [{1, 1}, {0, 0}])",
   &Nx.conv(&1, &2, strides: [2, 1], padding: [{1, 1}, {0, 0}]),
   [vals.({1, 4, 7, 10}, 3), vals.({12, 4, 3, 3}, 4)]},
  {"vconv_2d_kernel_dilation_w12", "conv(x, k, kernel_dilation: [1, 2], padding: :same)",
   &Nx.conv(&1, &2, kernel_dilation: [1, 2], padding: :same),
   [vals.({1, 2, 5, 12}, 5), vals.({4, 2, 3, 3}, 6)]},
  {"vconv_2d_input_dilation", "conv(x, k, input_dilation: [1, 2])",
   &Nx.conv(&1, &2, input_dilation: [1, 2]),
   [vals.({1, 2, 4, 9}, 7), vals.({2, 2, 2, 2}, 8)]},
  {"vconv_2d_feature_groups", "conv(x, k, feature_group_size: 2, padding: :same)",
   &Nx.conv(&1, &2, feature_group_size: 2, padding: :same),
   [vals.({2, 4, 4, 8}, 9), vals.({6, 2, 3, 3}, 10)]},
  {"vconv_2d_batch_groups", "conv(x, k, batch_group_size: 2)",
   &Nx.conv(&1, &2, batch_group_size: 2),
   [vals.({4, 2, 3, 10}, 11), vals.({4, 2, 2, 3}, 12)]},
  {"vconv_2d_nhwc_permuted", "conv(x, k, input_permutation: [0, 3, 1, 2], output_permutation: [0, 3, 1, 2], padding: :same)",
   &Nx.conv(&1, &2, input_permutation: [0, 3, 1, 2], output_permutation: [0, 3, 1, 2], padding: :same),
   [vals.({2, 4, 16, 3}, 13), vals.({8, 3, 3, 3}, 14)]},
  {"vconv_1d_w32", "conv(x, k, padding: :same)", &Nx.conv(&1, &2, padding: :same),
   [vals.({2, 5, 32}, 15), vals.({16, 5, 5}, 16)]},
  {"vconv_3d_w8", "conv(x, k, padding: :same)", &Nx.conv(&1, &2, padding: :same),
   [vals.({1, 2, 3, 4, 8}, 17), vals.({4, 2, 3, 3, 3}, 18)]}
]
for {name, src, fun, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => [t.(y)],
        "source" => "defn f(x, k), do: #{src}", "tags" => ["conv", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
