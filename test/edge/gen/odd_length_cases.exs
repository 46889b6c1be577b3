# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/odd_length_cases.exs
# Writes test/edge/vtail_*: elementwise maps whose innermost dim is longer
# than one step and not a multiple of the vector width. nxc-vectorize splits
# each in two ops (Vectorize.cpp, scheduleGeneric): whole steps over the
# largest multiple of the step, then one short vector for the rest (992 + 9
# for exp over 1001 with two 16-wide chains; 128 + 2 for tanh over 130 with
# four on AVX-512; 48 + 2 per row of 50). Expected values from
# Nx.BinaryBackend.
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
   "defn f(a, b), do: Nx.sigmoid(a + b), b broadcast over rows"}
]

for {name, fun, args, src} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  y = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => [t.(y)],
        "source" => src, "tags" => ["elementwise", "vectorized", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
