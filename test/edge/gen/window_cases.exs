# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/window_cases.exs
# Writes test/edge/vwin_*: window reductions (pooling) that nxc-vectorize
# runs one vector of output columns at a time, the window's taps in order
# (vectorizeWindow): max pool 3x3 at stride 2 with padding over 70 columns
# (35 = 32 + 3) with NaN and infinities in the input, 2x2 at stride 2,
# NHWC max pool (the window slides over H and W, vectors along channels),
# average pool 3x3 at stride 1 with :same padding, window_min with
# dilation at stride 2, window_product, an s32 window_sum that wraps, an
# f64 window_sum, and a window_max on u8. Expected values from
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed, type -> CaseWriter.vals(shape, seed, type, 500, 40) end
special =
  vals.({1, 2, 6, 70}, 1, {:f, 32})
  |> Nx.indexed_put(Nx.tensor([[0, 0, 1, 5], [0, 1, 3, 66], [0, 0, 4, 40], [0, 1, 0, 0]]),
                    Nx.tensor([:nan, :infinity, :neg_infinity, :nan], type: :f32))
big = Nx.multiply(vals.({1, 2, 4, 40}, 9, {:s, 32}), 20_000_000)
u8 = Nx.remainder(Nx.abs(vals.({1, 3, 5, 33}, 10, {:s, 32})), 256) |> Nx.as_type({:u, 8})
cases = [
  {"vwin_maxpool_3x3_s2_w35", "window_max(x, {1, 1, 3, 3}, strides: [1, 1, 2, 2], padding: [{0, 0}, {0, 0}, {1, 1}, {1, 1}])",
   &Nx.window_max(&1, {1, 1, 3, 3}, strides: [1, 1, 2, 2], padding: [{0, 0}, {0, 0}, {1, 1}, {1, 1}]),
   [special]},
  {"vwin_maxpool_2x2_s2", "window_max(x, {1, 1, 2, 2}, strides: [1, 1, 2, 2])",
   &Nx.window_max(&1, {1, 1, 2, 2}, strides: [1, 1, 2, 2]), [vals.({2, 3, 8, 36}, 2, {:f, 32})]},
  {"vwin_maxpool_nhwc", "window_max(x, {1, 3, 3, 1}, strides: [1, 2, 2, 1], padding: :same)",
   &Nx.window_max(&1, {1, 3, 3, 1}, strides: [1, 2, 2, 1], padding: :same),
   [vals.({2, 7, 7, 20}, 3, {:f, 32})]},
  {"vwin_avgpool_3x3_same", "window_mean(x, {1, 1, 3, 3}, padding: :same)",
   &Nx.window_mean(&1, {1, 1, 3, 3}, padding: :same), [vals.({1, 4, 5, 37}, 4, {:f, 32})]},
  {"vwin_min_dilated_s2", "window_min(x, {1, 2, 3}, strides: [1, 1, 2], window_dilations: [1, 1, 2])",
   &Nx.window_min(&1, {1, 2, 3}, strides: [1, 1, 2], window_dilations: [1, 1, 2]),
   [vals.({2, 3, 45}, 5, {:f, 32})]},
  {"vwin_product", "window_product(x, {1, 2, 2})", &Nx.window_product(&1, {1, 2, 2}),
   [vals.({2, 3, 20}, 6, {:f, 32})]},
  {"vwin_sum_s32_wrap", "window_sum(x, {1, 1, 2, 3}, strides: [1, 1, 1, 2])",
   &Nx.window_sum(&1, {1, 1, 2, 3}, strides: [1, 1, 1, 2]), [big]},
  {"vwin_sum_f64", "window_sum(x, {1, 3}, padding: :same)",
   &Nx.window_sum(&1, {1, 3}, padding: :same), [vals.({3, 29}, 7, {:f, 64})]},
  {"vwin_max_u8", "window_max(x, {1, 1, 2, 2}, strides: [1, 1, 1, 2])",
   &Nx.window_max(&1, {1, 1, 2, 2}, strides: [1, 1, 1, 2]), [u8]},
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(x), do: #{src}", ["window", "vectorized", "edge"])
end
