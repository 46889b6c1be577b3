# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/outer_reduce_cases.exs
# Writes test/edge/vouter_*: reductions over trailing dims and outer dims
# with parallel dims between (batch-norm statistics over [N, H, W] of
# NCHW), which nxc-vectorize splits into partials over the trailing dims
# (split across lanes) and a combination over the outer dims
# (splitOuterReductions): f32 mean and variance over [0, 2, 3] (a training
# batch norm), a sum over [0, 2] with 37-wide rows (32 + 5), max over
# [0, 2, 3] with NaN and -inf, an s32 sum that wraps, an f64 sum, and a
# product. Expected values from Nx.BinaryBackend.
Code.require_file("case_writer.ex", __DIR__)
out = Path.expand("../test/edge", File.cwd!())
vals = fn shape, seed, type -> CaseWriter.vals(shape, seed, type, 500, 200) end
defmodule OuterReduceDefn do
  import Nx.Defn
  defn batch_norm_train(x) do
    m = Nx.mean(x, axes: [0, 2, 3], keep_axes: true)
    v = Nx.variance(x, axes: [0, 2, 3], keep_axes: true)
    (x - m) * Nx.rsqrt(v + 1.0e-5)
  end
end
nan_max =
  vals.({3, 4, 5, 8}, 3, {:f, 32})
  |> Nx.indexed_put(Nx.tensor([[1, 2, 3, 4], [0, 3, 0, 0]]),
                    Nx.tensor([:nan, :neg_infinity], type: :f32))
wrap = Nx.multiply(vals.({3, 2, 50}, 4, {:s, 32}), 5_000_000)
cases = [
  {"vouter_batch_norm_train", &OuterReduceDefn.batch_norm_train/1, [vals.({4, 6, 8, 8}, 1, {:f, 32})],
   "defn f(x): (x - mean(x, [0, 2, 3])) * rsqrt(variance(x, [0, 2, 3]) + 1.0e-5)"},
  {"vouter_sum_rows37", &Nx.sum(&1, axes: [0, 2]), [vals.({5, 3, 37}, 2, {:f, 32})],
   "defn f(x), do: Nx.sum(x, axes: [0, 2])"},
  {"vouter_max_nan", &Nx.reduce_max(&1, axes: [0, 2, 3]), [nan_max],
   "defn f(x), do: Nx.reduce_max(x, axes: [0, 2, 3])"},
  {"vouter_sum_s32_wrap", &Nx.sum(&1, axes: [0, 2]), [wrap],
   "defn f(x), do: Nx.sum(x, axes: [0, 2])"},
  {"vouter_sum_f64", &Nx.sum(&1, axes: [0, 2]), [vals.({3, 4, 40}, 5, {:f, 64})],
   "defn f(x), do: Nx.sum(x, axes: [0, 2])"},
  {"vouter_product", &Nx.product(&1, axes: [0, 2]),
   [Nx.add(Nx.divide(vals.({2, 3, 40}, 6, {:f, 32}), 20), 1.0)],
   "defn f(x), do: Nx.product(x, axes: [0, 2])"},
]
for {name, fun, args, src} <- cases do
  CaseWriter.write!(out, name, fun, args, src, ["reduce", "vectorized", "edge"])
end
