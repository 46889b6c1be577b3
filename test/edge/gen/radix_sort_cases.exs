# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/radix_sort_cases.exs
# Writes test/edge/vsort_*: sorts of rows of 64 or more, which nxc sorts by
# a least-significant-digit radix sort (Sort.cpp) on keys that order as the
# sort does: NaN (both signs) after +inf ascending and first descending,
# -0.0 and +0.0 equal (kept in input order: the sorted values' bits are
# checked through a bitcast), ties kept in input order by argsort, in both
# directions; s64 with negatives, u8 and s8 (high bytes all equal: passes
# skipped), f64, f16, bf16, sorting along axis 0, and top_k. Expected
# values from Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
Code.require_file("case_writer.ex", __DIR__)
vals = fn shape, seed, type -> CaseWriter.vals(shape, seed, type, 100, 10) end
# 3 x 80 f32 with few distinct values (ties), NaNs of both signs, infinities
# and zeros of both signs.
# -0.0 from its bits (a -0.0 literal is +0.0 on this OTP).
neg_zero = Nx.bitcast(Nx.tensor(-2_147_483_648, type: :s32), :f32)
nan = Nx.tensor(:nan, type: :f32)
neg_nan = Nx.from_binary(<<0xFFC00000::32-little>>, :f32) |> Nx.reshape({})
special =
  Nx.round(vals.({3, 80}, 1, {:f, 32}))
  |> Nx.indexed_put(
    Nx.tensor([[0, 3], [0, 40], [1, 7], [1, 8], [2, 0], [2, 79], [0, 10], [0, 11], [1, 50], [2, 33]]),
    Nx.concatenate([Nx.stack([nan, neg_nan, nan, neg_nan]),
                    Nx.tensor([:infinity, :neg_infinity, 0.0], type: :f32),
                    Nx.stack([neg_zero, neg_zero]), Nx.tensor([0.0], type: :f32)]))
zeros =
  Nx.tensor(Enum.map(0..99, fn i -> if rem(i * 7, 3) == 0, do: -2_147_483_648, else: 0 end),
            type: :s32)
  |> Nx.bitcast(:f32)
bits = fn f -> fn x -> Nx.bitcast(f.(x), :s32) end end
cases = [
  {"vsort_f32_special_asc", "Nx.sort(x, axis: 1)", &Nx.sort(&1, axis: 1), [special]},
  {"vsort_f32_special_desc", "Nx.sort(x, axis: 1, direction: :desc)",
   &Nx.sort(&1, axis: 1, direction: :desc), [special]},
  {"vsort_f32_argsort_asc", "Nx.argsort(x, axis: 1)", &Nx.argsort(&1, axis: 1), [special]},
  {"vsort_f32_argsort_desc", "Nx.argsort(x, axis: 1, direction: :desc)",
   &Nx.argsort(&1, axis: 1, direction: :desc), [special]},
  {"vsort_f32_zeros_bits", "Nx.bitcast(Nx.sort(x), :s32)", bits.(&Nx.sort/1), [zeros]},
  {"vsort_f32_zeros_argsort", "Nx.argsort(x)", &Nx.argsort/1, [zeros]},
  {"vsort_s64", "Nx.argsort(x, axis: 1)",
   &Nx.argsort(&1, axis: 1), [Nx.multiply(vals.({2, 70}, 2, {:s, 64}), 3_000_000_000)]},
  {"vsort_s64_values_desc", "Nx.sort(x, axis: 1, direction: :desc)",
   &Nx.sort(&1, axis: 1, direction: :desc), [Nx.multiply(vals.({2, 70}, 3, {:s, 64}), 3_000_000_000)]},
  {"vsort_u8", "Nx.argsort(x)", &Nx.argsort/1,
   [Nx.remainder(Nx.abs(vals.({300}, 4, {:s, 32})), 256) |> Nx.as_type({:u, 8})]},
  {"vsort_s8_desc", "Nx.sort(x, direction: :desc)", &Nx.sort(&1, direction: :desc),
   [Nx.remainder(vals.({129}, 5, {:s, 32}), 128) |> Nx.as_type({:s, 8})]},
  {"vsort_f64", "Nx.argsort(x, axis: 1)", &Nx.argsort(&1, axis: 1), [vals.({2, 65}, 6, {:f, 64})]},
  {"vsort_f16", "Nx.sort(x, axis: 1)", &Nx.sort(&1, axis: 1), [vals.({2, 90}, 7, {:f, 16})]},
  {"vsort_bf16_desc", "Nx.argsort(x, axis: 1, direction: :desc)",
   &Nx.argsort(&1, axis: 1, direction: :desc), [Nx.round(vals.({2, 90}, 8, {:bf, 16}))]},
  {"vsort_axis0", "Nx.sort(x, axis: 0)", &Nx.sort(&1, axis: 0), [vals.({100, 3}, 9, {:f, 32})]},
  {"vsort_top_k", "Nx.top_k(x, k: 5)", fn x -> Nx.top_k(x, k: 5) end, [vals.({3, 500}, 10, {:f, 32})]},
]
for {name, src, fun, args} <- cases do
  CaseWriter.write!(out, name, fun, args, "defn f(x), do: #{src}", ["sort", "edge"])
end
