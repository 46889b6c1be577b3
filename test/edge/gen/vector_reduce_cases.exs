# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/vector_reduce_cases.exs
# Writes test/edge/vreduce_*: reductions and argmax/argmin along the contiguous
# axis, long enough (>= 32 elements) that nxc vectorizes them across lanes
# (split reductions, lane-wise argmax scans), with ties, NaN, infinities and
# integer wrap placed in different lanes. Graphs exported by NxC.Export,
# expected values from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
# Deterministic values without Nx.Random: a small LCG.
lcg = fn n, seed, f ->
  {vals, _} = Enum.map_reduce(1..n, seed, fn _, s ->
    s = rem(s * 1_103_515_245 + 12_345, 2_147_483_648)
    {f.(s), s}
  end)
  vals
end
put = fn list, pairs -> Enum.reduce(pairs, list, fn {i, v}, l -> List.replace_at(l, i, v) end) end
f = fn s -> (rem(s, 2001) - 1000) / 64 end
row0 = lcg.(256, 1, f) |> put.([{17, 99.0}, {200, 99.0}, {31, -99.0}, {255, -99.0}])
row1 = lcg.(256, 2, f) |> put.([{0, :nan}, {5, :nan}, {100, :infinity}, {101, :nan}, {150, :infinity}, {7, :neg_infinity}])
row2 = List.duplicate(:neg_infinity, 256) |> put.([{3, :nan}, {64, :nan}])
row3 = List.duplicate(:nan, 256) |> put.([{77, :neg_infinity}, {78, :infinity}])
arg_f32 = Nx.tensor([row0, row1, row2, row3], type: :f32)
arg_u8 = Nx.tensor([lcg.(64, 3, &rem(&1, 256)) |> put.([{9, 255}, {40, 255}, {10, 0}, {63, 0}]),
                    List.duplicate(7, 64)], type: :u8)
arg_s32 = Nx.tensor([lcg.(96, 4, &(&1 - 1_073_741_824)) |> put.([{1, -2_147_483_648}, {95, 2_147_483_647}, {50, 2_147_483_647}]),
                     List.duplicate(-2_147_483_648, 96)], type: :s32)
sum_f32 = Nx.tensor(Enum.chunk_every(lcg.(16 * 256, 5, f), 256), type: :f32)
max_f32 = Nx.tensor([lcg.(128, 6, f) |> put.([{100, :nan}]),
                     lcg.(128, 7, f) |> put.([{3, :infinity}]),
                     lcg.(128, 8, f) |> put.([{127, :neg_infinity}]),
                     List.duplicate(:neg_infinity, 128)], type: :f32)
wrap_s32 = Nx.tensor(Enum.chunk_every(lcg.(4 * 128, 9, &(&1 - 1_000)), 128), type: :s32)
wrap_u8 = Nx.tensor(Enum.chunk_every(lcg.(64 * 64, 10, &rem(&1, 256)), 64), type: :u8)
prod_f32 = Nx.tensor(Enum.chunk_every(lcg.(4 * 128, 11, &(1.0 + (rem(&1, 201) - 100) / 4000)), 128), type: :f32)
mat = Nx.tensor(Enum.chunk_every(lcg.(64 * 128, 12, f), 128), type: :f32)
vec = Nx.tensor(lcg.(128, 13, f), type: :f32)
all_f32 = Nx.tensor(Enum.chunk_every(lcg.(64 * 64, 14, f), 64), type: :f32)
s8 = Nx.tensor(Enum.chunk_every(lcg.(8 * 32, 15, &(rem(&1, 256) - 128)), 32), type: :s8)

cases = [
  {"vreduce_argmax_argmin_f32_ties_nan",
   "{argmax(x, axis: 1), argmax(x, axis: 1, tie_break: :high), argmin(x, axis: 1), argmin(x, axis: 1, tie_break: :high)}",
   &{Nx.argmax(&1, axis: 1), Nx.argmax(&1, axis: 1, tie_break: :high),
     Nx.argmin(&1, axis: 1), Nx.argmin(&1, axis: 1, tie_break: :high)}, [arg_f32]},
  {"vreduce_argmax_argmin_u8", "{argmax(x, axis: 1), argmin(x, axis: 1, tie_break: :high)}",
   &{Nx.argmax(&1, axis: 1), Nx.argmin(&1, axis: 1, tie_break: :high)}, [arg_u8]},
  {"vreduce_argmax_argmin_s32", "{argmax(x, axis: 1, tie_break: :high), argmin(x, axis: 1)}",
   &{Nx.argmax(&1, axis: 1, tie_break: :high), Nx.argmin(&1, axis: 1)}, [arg_s32]},
  {"vreduce_argmax_flat_f32", "argmax(x)", &Nx.argmax(&1), [all_f32]},
  {"vreduce_sum_rows_f32", "sum(x, axes: [1])", &Nx.sum(&1, axes: [1]), [sum_f32]},
  {"vreduce_sum_all_f32", "sum(x)", &Nx.sum(&1), [all_f32]},
  {"vreduce_max_min_rows_f32_special", "{reduce_max(x, axes: [1]), reduce_min(x[0..2], axes: [1])}",
   &{Nx.reduce_max(&1, axes: [1]), Nx.reduce_min(&1[0..2], axes: [1])}, [max_f32]},
  {"vreduce_sum_rows_s32_wrap", "sum(x * 1_000_003, axes: [1])", &Nx.sum(Nx.multiply(&1, 1_000_003), axes: [1]), [wrap_s32]},
  {"vreduce_sum_all_u8_wrap", "sum(x) as u8", &Nx.sum(&1) |> Nx.as_type(:u8), [wrap_u8]},
  {"vreduce_product_rows_f32", "product(x, axes: [1])", &Nx.product(&1, axes: [1]), [prod_f32]},
  {"vreduce_max_min_rows_s8", "{reduce_max(x, axes: [1]), reduce_min(x, axes: [1])}",
   &{Nx.reduce_max(&1, axes: [1]), Nx.reduce_min(&1, axes: [1])}, [s8]},
  {"vreduce_matvec_f32", "dot(a, v)", &Nx.dot/2, [mat, vec]},
  {"vreduce_sum_squares_rows_f32", "sum(x * x, axes: [1])", &Nx.sum(Nx.multiply(&1, &1), axes: [1]), [sum_f32]}
]
for {name, src, fun, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  ys = if is_tuple(y), do: Tuple.to_list(y), else: [y]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => Enum.map(ys, t),
        "source" => "defn f(...), do: #{src}", "tags" => ["reduction", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
