# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/odd_length_cases.exs
# Writes test/edge/vtail_*: elementwise maps and reductions whose innermost
# dim is longer than one step and not a multiple of the vector width.
# nxc-vectorize splits each in two ops (Vectorize.cpp, scheduleGeneric and
# peelReductionTail): whole steps over the largest multiple of the step, then
# one short vector for the rest (992 + 9 for exp over 1001 with two 16-wide
# chains; 128 + 2 for tanh over 130 with four on AVX-512; 48 + 2 per row of
# 50); a reduction's second op continues from the first's result (rows of
# 1001: 992 reduced across lanes, then 9); matmuls split into full register
# tiles and the rest. Expected values from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
vals = fn shape, seed, type ->
  n = Tuple.product(shape)
  {l, _} = Enum.map_reduce(1..n, seed, fn _, s ->
    s = rem(s * 1_103_515_245 + 12_345, 2_147_483_648)
    {(rem(s, 2001) - 1000) / 250, s}
  end)
  l = if Nx.Type.integer?(type), do: Enum.map(l, &round(&1 * 1000)), else: l
  Nx.tensor(l, type: type) |> Nx.reshape(shape)
end

pos = fn shape, seed -> Nx.abs(vals.(shape, seed, {:f, 32})) end

# Rows of 37 (32 + 5 on AVX-512): row 0 ties only; row 1 a NaN in the rest;
# row 2 a NaN in the vector part; row 3 its maximum in the rest.
nan_ties =
  Nx.round(vals.({4, 37}, 24, {:f, 32}))
  |> Nx.indexed_put(Nx.tensor([[1, 35], [2, 3], [3, 34]]), Nx.tensor([:nan, :nan, 99.0], type: :f32))

defmodule OddLengthDefn do
  import Nx.Defn

  defn softmax(t) do
    e = Nx.exp(t - stop_grad(Nx.reduce_max(t, axes: [-1], keep_axes: true)))
    e / Nx.sum(e, axes: [-1], keep_axes: true)
  end

  # 520 rows: B's panels are packed (from 512 rows); 1000 columns = 31
  # panels of 32 and 8. Column sums weighted by a cosine keep the file small.
  defn weighted_product(s) do
    a = Nx.sin(Nx.iota({520, 64}, type: :f32) * 0.013)
    b = Nx.sin(Nx.iota({64, 1000}, type: :f32) * 0.029 + 0.5) * s
    w = Nx.cos(Nx.iota({520, 1000}, type: :f32) * 0.007)
    Nx.sum(Nx.dot(a, b) * w, axes: [0])
  end

  defn layer_norm(x) do
    mean = Nx.mean(x, axes: [-1], keep_axes: true)
    var = Nx.mean((x - mean) ** 2, axes: [-1], keep_axes: true)
    (x - mean) * Nx.rsqrt(var + 1.0e-5)
  end
end

cases = [
  {"vtail_exp_1001", &Nx.exp/1, [vals.({1001}, 1, {:f, 32})], "defn f(x), do: Nx.exp(x)"},
  {"vtail_tanh_130", &Nx.tanh/1, [vals.({130}, 2, {:f, 32})], "defn f(x), do: Nx.tanh(x)"},
  {"vtail_add_3x50", &Nx.add/2, [vals.({3, 50}, 3, {:f, 32}), vals.({3, 50}, 4, {:f, 32})],
   "defn f(a, b), do: a + b"},
  {"vtail_transpose_mul_41x37", fn a, b -> Nx.multiply(Nx.transpose(a), b) end,
   [vals.({37, 41}, 5, {:f, 32}), vals.({41, 37}, 6, {:f, 32})],
   "defn f(a, b), do: Nx.transpose(a) * b"},
  {"vtail_s32_wrap_2x1000", fn a, b -> Nx.add(Nx.multiply(a, 1_000_003), b) end,
   [vals.({2, 1000}, 7, {:s, 32}), vals.({2, 1000}, 8, {:s, 32})],
   "defn f(a, b), do: a * 1_000_003 + b (wraps)"},
  {"vtail_sigmoid_bcast_5x33", fn a, b -> Nx.sigmoid(Nx.add(a, b)) end,
   [vals.({5, 33}, 9, {:f, 32}), vals.({33}, 10, {:f, 32})],
   "defn f(a, b), do: Nx.sigmoid(a + b), b broadcast over rows"},
  # Same-shape maps over rows of 3 (NHWC channels) or 10: computed flat.
  {"vtail_image_normalize_2x5x5x3", fn x -> Nx.divide(Nx.as_type(x, :f32), 255.0) end,
   [Nx.iota({2, 5, 5, 3}, type: :u8) |> Nx.multiply(7)],
   "defn f(x), do: Nx.as_type(x, :f32) / 255.0, x u8 NHWC"},
  {"vtail_exp_sub_37x10", fn a, b -> Nx.exp(Nx.subtract(a, b)) end,
   [vals.({37, 10}, 31, {:f, 32}), vals.({37, 10}, 32, {:f, 32})],
   "defn f(a, b), do: Nx.exp(a - b)"},
  # Reductions along rows no vector width divides: 1001 = 62 * 16 + 9.
  {"vtail_softmax_3x1001", &OddLengthDefn.softmax/1, [vals.({3, 1001}, 11, {:f, 32})],
   "defn f(t), do: (e = Nx.exp(t - Nx.reduce_max(t, axes: [-1], keep_axes: true))); e / Nx.sum(e, axes: [-1], keep_axes: true)"},
  {"vtail_layer_norm_4x1001", &OddLengthDefn.layer_norm/1, [vals.({4, 1001}, 12, {:f, 32})],
   "defn f(x), do: (x - mean) * rsqrt(mean((x - mean) ** 2) + 1.0e-5), over rows"},
  {"vtail_reduce_max_5x37", &Nx.reduce_max(&1, axes: [1]), [vals.({5, 37}, 13, {:f, 32})],
   "defn f(x), do: Nx.reduce_max(x, axes: [1])"},
  {"vtail_sum_10007", &Nx.sum/1, [vals.({10007}, 14, {:f, 32})], "defn f(x), do: Nx.sum(x)"},
  {"vtail_sum_s32_wrap_2x999", fn a -> Nx.sum(Nx.multiply(a, 1_000_003), axes: [1]) end,
   [vals.({2, 999}, 15, {:s, 32})], "defn f(a), do: Nx.sum(a * 1_000_003, axes: [1]) (wraps)"},
  # argmax/argmin along rows no vector divides: lanes scan the first
  # len / w * w elements, a scalar loop continues over the rest. Ties
  # (values rounded to integers), NaNs in the vector part and in the rest,
  # the maximum in the rest.
  {"vtail_argmax_4x37_nan_ties", &Nx.argmax(&1, axis: 1), [nan_ties],
   "defn f(x), do: Nx.argmax(x, axis: 1)"},
  {"vtail_argmax_high_4x37_nan_ties", &Nx.argmax(&1, axis: 1, tie_break: :high), [nan_ties],
   "defn f(x), do: Nx.argmax(x, axis: 1, tie_break: :high)"},
  {"vtail_argmin_high_3x1001", &Nx.argmin(&1, axis: 1, tie_break: :high),
   [Nx.round(vals.({3, 1001}, 22, {:f, 32}))],
   "defn f(x), do: Nx.argmin(x, axis: 1, tie_break: :high)"},
  {"vtail_argmax_s32_2x50", &Nx.argmax(&1, axis: 1), [vals.({2, 50}, 23, {:s, 32})],
   "defn f(x), do: Nx.argmax(x, axis: 1)"},
  # Convolutions whose output rows are a full vector and a ragged rest
  # (23 = 16 + 7): one vector<7> segment after the full ones (vectorizeConv).
  {"vtail_conv_2x3x10x25_k3", &Nx.conv(&1, &2),
   [vals.({2, 3, 10, 25}, 27, {:f, 32}), vals.({4, 3, 3, 3}, 28, {:f, 32})],
   "defn f(x, k), do: Nx.conv(x, k)"},
  {"vtail_conv_pad1_2x3x9x23_k3", &Nx.conv(&1, &2, padding: [{1, 1}, {1, 1}]),
   [vals.({2, 3, 9, 23}, 29, {:f, 32}), vals.({5, 3, 3, 3}, 30, {:f, 32})],
   "defn f(x, k), do: Nx.conv(x, k, padding: [{1, 1}, {1, 1}])"},
  # 1x1 convolutions: a batch matmul of the kernel and each image's pixels
  # (pointwiseConv). With the output starting from a fill, and a 1-D one.
  {"vtail_conv1x1_2x16x5x7", &Nx.conv(&1, &2),
   [vals.({2, 16, 5, 7}, 37, {:f, 32}), vals.({24, 16, 1, 1}, 38, {:f, 32})],
   "defn f(x, k), do: Nx.conv(x, k) (1x1 kernel)"},
  {"vtail_conv1x1_1d_3x5x41", &Nx.conv(&1, &2),
   [vals.({3, 5, 41}, 39, {:f, 32}), vals.({6, 5, 1}, 40, {:f, 32})],
   "defn f(x, k), do: Nx.conv(x, k) (1-D, width-1 kernel)"},
  # Matmuls whose rows or columns no register tile (8 x 32 on AVX-512, 6 x 16
  # on AVX2) divides: split into full tiles and the rest (scheduleMatmul).
  # Nonnegative operands: no cancellation, so the summation order (FMA or
  # not, x86-64-v2) stays within the tolerance.
  {"vtail_dot_37x70x45", &Nx.dot/2, [pos.({37, 70}, 16), pos.({70, 45}, 17)],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"vtail_dot_9x64x1000", &Nx.dot/2, [pos.({9, 64}, 18), pos.({64, 1000}, 19)],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"vtail_dot_20x16x60", &Nx.dot/2, [pos.({20, 16}, 25), pos.({16, 60}, 26)],
   "defn f(a, b), do: Nx.dot(a, b) (60 columns = 32 + 16 + 12)"},
  # A^T B (a gradient's x^T dy): A transposed once, then a matmul.
  {"vtail_dot_at_b_45x37x50", &Nx.dot(&1, [0], &2, [0]), [pos.({45, 37}, 33), pos.({45, 50}, 34)],
   "defn f(a, b), do: Nx.dot(a, [0], b, [0])"},
  {"vtail_batch_dot_at_b_2x33x19x21", &Nx.dot(&1, [1], [0], &2, [1], [0]),
   [pos.({2, 33, 19}, 35), pos.({2, 33, 21}, 36)],
   "defn f(a, b), do: Nx.dot(a, [1], [0], b, [1], [0])"},
  {"vtail_batch_dot_2x19x33x35", &Nx.dot(&1, [2], [0], &2, [1], [0]),
   [pos.({2, 19, 33}, 20), pos.({2, 33, 35}, 21)],
   "defn f(a, b), do: Nx.dot(a, [2], [0], b, [1], [0])"},
  {"vtail_dot_packed_520x64x1000", &OddLengthDefn.weighted_product/1, [Nx.tensor(1.5, type: :f32)],
   "defn f(s), do: sum(dot(sin(iota({520, 64}) * 0.013), sin(iota({64, 1000}) * 0.029 + 0.5) * s) * cos(iota({520, 1000}) * 0.007), axes: [0])"}
]

for {name, fun, args, src} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => [t.(y)],
        "source" => src, "tags" => ["odd_length", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
