# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/dot_forms_cases.exs
# Writes test/edge/dotf_*: the forms of Nx.dot that real models use beyond
# [M, K] x [K, N]. NxToLinalg (DotProduct.cpp) transposes the operands to
# [batch, M..., K...] x [batch, K..., N...] where needed and folds them to
# one matmul or batch matmul: a dense layer on [batch, seq, features],
# attention over [batch, heads] (two batch dims, whose softmax
# nxc-fuse-elementwise collapses onto the batch matmul's shape), a
# contracting dim in the middle, two contracting dims, a transformer block
# with head reshapes and transposes; integer matmuls that wrap (s8, u8,
# s64) and s16. A vector times a matrix runs its contracting loop outermost. Sizes give full 8x32 register tiles and
# remainders. Expected values from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed, type -> CaseWriter.vals(shape, seed, type, 1000, 100) end

defmodule DotFormsDefn do
  import Nx.Defn

  defn dense_relu(x, w, b), do: Nx.max(Nx.dot(x, w) + b, 0)

  defn attention4(q, k, v) do
    s = Nx.dot(q, [3], [0, 1], k, [3], [0, 1]) / 4
    e = Nx.exp(s - stop_grad(Nx.reduce_max(s, axes: [-1], keep_axes: true)))
    p = e / Nx.sum(e, axes: [-1], keep_axes: true)
    Nx.dot(p, [3], [0, 1], v, [2], [0, 1])
  end

  # [batch, seq, 48] -> 3 heads of 16 -> attention -> back -> output dense.
  defn block(x, wq, wk, wv, wo) do
    heads = fn t ->
      t |> Nx.reshape({2, 24, 3, 16}) |> Nx.transpose(axes: [0, 2, 1, 3])
    end
    q = heads.(Nx.dot(x, wq))
    k = heads.(Nx.dot(x, wk))
    v = heads.(Nx.dot(x, wv))
    s = Nx.dot(q, [3], [0, 1], k, [3], [0, 1]) / 4
    e = Nx.exp(s - stop_grad(Nx.reduce_max(s, axes: [-1], keep_axes: true)))
    p = e / Nx.sum(e, axes: [-1], keep_axes: true)
    o = Nx.dot(p, [3], [0, 1], v, [2], [0, 1])
    o |> Nx.transpose(axes: [0, 2, 1, 3]) |> Nx.reshape({2, 24, 48}) |> Nx.dot(wo)
  end
end

cases = [
  {"dotf_dense_relu_3x20x48", &DotFormsDefn.dense_relu/3,
   [vals.({3, 20, 48}, 1, {:f, 32}), vals.({48, 40}, 2, {:f, 32}), vals.({40}, 3, {:f, 32})],
   "defn f(x, w, b), do: Nx.max(Nx.dot(x, w) + b, 0)"},
  {"dotf_dense_s32_2x9x16", &Nx.dot/2,
   [vals.({2, 9, 16}, 4, {:s, 32}), vals.({16, 33}, 5, {:s, 32})],
   "defn f(x, w), do: Nx.dot(x, w)"},
  {"dotf_dense_f64_2x3x5x12", &Nx.dot/2,
   [vals.({2, 3, 5, 12}, 6, {:f, 64}), vals.({12, 34}, 7, {:f, 64})],
   "defn f(x, w), do: Nx.dot(x, w)"},
  {"dotf_attention_2x3x24x16", &DotFormsDefn.attention4/3,
   [vals.({2, 3, 24, 16}, 8, {:f, 32}), vals.({2, 3, 24, 16}, 9, {:f, 32}),
    vals.({2, 3, 24, 16}, 10, {:f, 32})],
   "defn f(q, k, v): softmax(Nx.dot(q, [3], [0, 1], k, [3], [0, 1]) / 4) then Nx.dot(p, [3], [0, 1], v, [2], [0, 1])"},
  {"dotf_vecmat_70x53", &Nx.dot/2,
   [vals.({70}, 11, {:f, 32}), vals.({70, 53}, 12, {:f, 32})],
   "defn f(x, w), do: Nx.dot(x, w)"},
  {"dotf_middle_axis_4x30x10", fn x, w -> Nx.dot(x, [1], w, [0]) end,
   [vals.({4, 30, 10}, 13, {:f, 32}), vals.({30, 36}, 14, {:f, 32})],
   "defn f(x, w), do: Nx.dot(x, [1], w, [0])"},
  {"dotf_two_axes_12x5x8", fn a, b -> Nx.dot(a, [1, 2], b, [0, 1]) end,
   [vals.({12, 5, 8}, 15, {:f, 32}), vals.({5, 8, 40}, 16, {:f, 32})],
   "defn f(a, b), do: Nx.dot(a, [1, 2], b, [0, 1])"},
  {"dotf_batched_free_2x6x4x10", fn a, b -> Nx.dot(a, [3], [0], b, [1], [0]) end,
   [vals.({2, 6, 4, 10}, 17, {:f, 32}), vals.({2, 10, 35}, 18, {:f, 32})],
   "defn f(a, b), do: Nx.dot(a, [3], [0], b, [1], [0])"},
  # Integer matmuls get the float register tiles (integer products and
  # sums wrap the same in any order): s8, u8 and s64 that wrap, s16.
  {"dotf_int_s8_wrap_40x70x50", &Nx.dot/2,
   [vals.({40, 70}, 24, {:s, 8}), vals.({70, 50}, 25, {:s, 8})],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"dotf_int_u8_wrap_33x64x40", &Nx.dot/2,
   [Nx.abs(vals.({33, 64}, 26, {:s, 16})) |> Nx.as_type({:u, 8}),
    Nx.abs(vals.({64, 40}, 27, {:s, 16})) |> Nx.as_type({:u, 8})],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"dotf_int_s64_wrap_9x20x36", &Nx.dot/2,
   [Nx.multiply(vals.({9, 20}, 28, {:s, 64}), 70_000_000_000),
    Nx.multiply(vals.({20, 36}, 29, {:s, 64}), 90_000_000)],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"dotf_int_s16_17x30x64", &Nx.dot/2,
   [vals.({17, 30}, 30, {:s, 16}), vals.({30, 64}, 31, {:s, 16})],
   "defn f(a, b), do: Nx.dot(a, b)"},
  {"dotf_block_2x24x48", &DotFormsDefn.block/5,
   [vals.({2, 24, 48}, 19, {:f, 32}), vals.({48, 48}, 20, {:f, 32}), vals.({48, 48}, 21, {:f, 32}),
    vals.({48, 48}, 22, {:f, 32}), vals.({48, 48}, 23, {:f, 32})],
   "defn f(x, wq, wk, wv, wo): dense projections, 3 heads of 16 (reshape, transpose), attention, back, output dense"},
]

for {name, fun, args, src} <- cases do
  CaseWriter.write!(out, name, fun, args, src, ["dot_forms", "edge"])
end
