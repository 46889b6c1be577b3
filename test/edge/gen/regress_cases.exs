# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/regress_cases.exs
# Writes test/edge/regress_*: graphs found to break nxc by Nx's own test
# suite, exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
x = Nx.tensor(Enum.to_list(-9..10), type: :s64)
y = Nx.tensor(for(i <- 0..63, do: i / 8 - 4), type: :f32) |> Nx.reshape({4, 16})

defmodule RegressDefn do
  import Nx.Defn

  # grad_test "take computes gradient": an indexed_add with six updates to
  # one index, which Nx sums in double before adding.
  defn grad_take(t, i) do
    grad(t, fn t -> t |> Nx.cos() |> Nx.take(i, axis: 1) |> Nx.pow(2) |> Nx.log() |> Nx.sum() end)
  end

  defn custom_grad_meta(t) do
    cos = grad(t, &Nx.cos/1)
    custom_cos = grad(t, fn t -> custom_grad(Nx.cos(t), [t], fn g -> [g * -Nx.sin(t)] end) end)
    {cos, custom_cos}
  end
end
e = Nx.tensor(for(i <- 1..199, do: -1 + i / 100) ++ [-0.9999999, 0.9999999, 1.0e-7, -1.0e-30, 0.0],
              type: :f32)
h = Nx.tensor(for(i <- 0..63, do: i / 7 - 4), type: :bf16)

cases = [
  # grad_test "metadata computes custom grad": both outputs are one value
  # once CSE has run (buffer-results-to-out-params crashed on it).
  {"regress_outputs_same_value", "{grad(x, &Nx.cos/1), grad(x, custom_grad(cos))}",
   &RegressDefn.custom_grad_meta/1, [x]},
  {"regress_outputs_param_and_value_twice", "{x, sin(x), x, sin(x)}",
   fn y -> {y, Nx.sin(y), y, Nx.sin(y)} end, [y]},
  # random_test's normal/multivariate_normal doctests: f32 erf_inv on a few
  # elements must round as Nx's double evaluation does (exact bits).
  {"regress_erf_inv_f32_bits", "Nx.bitcast(Nx.erf_inv(x), :s32)",
   &Nx.bitcast(Nx.erf_inv(&1), :s32), [e]},
  # random_test "types multivariate_normal" (bf16): bf16 numbers in a graph
  # are truncated from their f32, as Nx writes them (1.99 -> 1.984375).
  {"regress_bf16_constants", "x * 1.99 - 0.995 (bf16, exact bits)",
   &Nx.bitcast(Nx.subtract(Nx.multiply(&1, 1.99), 0.995), :u16), [h]},
  {"regress_bf16_uniform", "Nx.Random.uniform_split(key, -0.99, 1, type: :bf16, shape: {64})",
   &Nx.bitcast(Nx.Random.uniform_split(&1, -0.99, 1, type: :bf16, shape: {64}), :u16), [Nx.Random.key(12)]},
  # f16 with an integer beyond f16's range and the f32 number 0.1: each is
  # read in its own type, only the result is rounded to f16.
  {"regress_f16_mixed_operands", "{x / 100000, x * 0.1} (f16, exact bits)",
   &{Nx.bitcast(Nx.divide(&1, 100000), :u16), Nx.bitcast(Nx.multiply(&1, 0.1), :u16)},
   [Nx.as_type(h, :f16)]},
  # lin_alg_test's determinant/cholesky doctests: Nx.BinaryBackend factors
  # and solves in double and rounds once (exact bits).
  {"regress_determinant_f32_bits", "Nx.bitcast(Nx.LinAlg.determinant(x), :s32)",
   &Nx.bitcast(Nx.LinAlg.determinant(&1), :s32),
   [Nx.tensor([[[1, 0, 0, 0], [0, 1, 2, 3], [0, 1, -2, 3], [0, 7, 8, 9.0]],
               [[2, 4, 6, 7], [5, 1, 8, 8], [1, 7, 3, 1], [3, 9, 2, 4]]], type: :f32)]},
  {"regress_determinant_s64_bits", "Nx.bitcast(Nx.LinAlg.determinant(x), :s32) on s64",
   &Nx.bitcast(Nx.LinAlg.determinant(&1), :s32),
   [Nx.tensor([[[2, 4, 6, 7], [5, 1, 8, 8], [1, 7, 3, 1], [3, 9, 2, 4]],
               [[2, 5, 1, 3], [4, 1, 7, 9], [6, 8, 3, 2], [7, 8, 1, 4]]])]},
  {"regress_lu_triangular_solve_f32_bits", "lu(a) and triangular_solve(l, b), bitcast to s32",
   fn a, bb ->
     {p, l, u} = Nx.LinAlg.lu(a)
     x = Nx.LinAlg.triangular_solve(l, bb, lower: true)
     {Nx.bitcast(p, :s32), Nx.bitcast(l, :s32), Nx.bitcast(u, :s32), Nx.bitcast(x, :s32)}
   end,
   [Nx.tensor([[0.3, 1.7, -2.2, 0.9, 4.1], [2.5, -0.4, 1.1, 3.3, -1.9], [-1.2, 2.8, 0.6, -0.7, 1.4],
               [4.4, 0.2, -3.1, 1.6, 0.8], [0.9, -2.6, 1.9, 2.2, -0.5]], type: :f32),
    Nx.tensor([[1.1, -0.3], [0.7, 2.9], [-1.6, 0.4], [3.3, -2.2], [0.25, 1.75]], type: :f32)]},
  {"regress_grad_take_indexed_add_bits", "bitcast of grad(t, cos |> take(i, axis: 1) |> pow(2) |> log |> sum)",
   &Nx.bitcast(RegressDefn.grad_take(&1, &2), :s32),
   [Nx.tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]), Nx.tensor([[0, 1, 2, 2, 2], [0, 1, 2, 2, 2]])]},
  # lin_alg_test's svd tests and the doctests built on svd/eigh: Nx's
  # evaluator runs Nx.BinaryBackend's own eigh (in doubles), whose
  # eigenvectors can differ in sign from the defn default's; nxc follows it
  # for n <= 16 (exact bits).
  {"regress_eigh_f32_bits", "eigh of a 3x3, a batch of 4x4 and a repeated-eigenvalue 3x3",
   fn a, b, c ->
     {v1, e1} = Nx.LinAlg.eigh(a)
     {v2, e2} = Nx.LinAlg.eigh(b)
     {v3, e3} = Nx.LinAlg.eigh(c)
     {Nx.bitcast(v1, :s32), Nx.bitcast(e1, :s32), Nx.bitcast(v2, :s32), Nx.bitcast(e2, :s32),
      Nx.bitcast(v3, :s32), Nx.bitcast(e3, :s32)}
   end,
   [Nx.tensor([[5.0, 1.0, 2.0], [1.0, 4.0, 0.5], [2.0, 0.5, 3.0]]),
    Nx.tensor([[[4.0, 1.0, -2.0, 2.0], [1.0, 2.0, 0.0, 1.0], [-2.0, 0.0, 3.0, -2.0], [2.0, 1.0, -2.0, -1.0]],
               [[2.0, -1.0, 0.0, 0.0], [-1.0, 2.0, -1.0, 0.0], [0.0, -1.0, 2.0, -1.0], [0.0, 0.0, -1.0, 2.0]]]),
    Nx.tensor([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]])]},
  {"regress_eigh_s64", "eigh of an s64 matrix", &Nx.LinAlg.eigh/1,
   [Nx.tensor([[6, 2, 1], [2, 3, 1], [1, 1, 1]])]},
  {"regress_svd_tall_f32", "svd of lin_alg_test's tall 4x3 matrix (max_iter: 1000)",
   &Nx.LinAlg.svd(&1, max_iter: 1000),
   [Nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]])]},
  # grad_test "concatenate computes grad for powers of a {2, 2}-tensor":
  # complex pow as the complex package computes it (exact bits of both parts).
  {"regress_complex_pow_c64_bits", "real/imag bits of pow(x, y) for c64 x and y",
   fn x, y ->
     z = Nx.pow(x, y)
     {Nx.bitcast(Nx.real(z), :s32), Nx.bitcast(Nx.imag(z), :s32)}
   end,
   [Nx.tensor(for(re <- [0.0, 1.0, -2.5, 0.5], im <- [0.0, 1.0, -0.75], do: Complex.new(re, im)), type: :c64),
    Nx.tensor([Complex.new(2.0, 0.0), Complex.new(1.0, 0.0), Complex.new(-1.0, 0.0), Complex.new(0.0, 0.0),
               Complex.new(3.0, 0.0), Complex.new(0.5, 0.0), Complex.new(0.5, 1.5), Complex.new(-2.0, 0.0),
               Complex.new(1.0, 0.0), Complex.new(0.0, 1.0), Complex.new(2.0, 0.0), Complex.new(-1.0, 0.0)],
              type: :c64)]},
  # lin_alg_test's complex determinant doctest and grad_test's complex lu:
  # Nx.BinaryBackend's lu on c64, in doubles (parts as exact bits).
  {"regress_lu_c64_bits", "real/imag bits of lu(a) and determinant(a) for c64 a",
   fn a ->
     {p, l, u} = Nx.LinAlg.lu(a)
     d = Nx.LinAlg.determinant(a)
     bits = &{Nx.bitcast(Nx.real(&1), :s32), Nx.bitcast(Nx.imag(&1), :s32)}
     List.to_tuple(Enum.flat_map([p, l, u, d], &Tuple.to_list(bits.(&1))))
   end,
   [Nx.tensor([[Complex.new(1, 1), 2, Complex.new(0, -3), 1], [4, Complex.new(2, 2), 0, Complex.new(1, -1)],
               [Complex.new(0, 5), 1, 3, 2], [2, Complex.new(-1, 0.5), 1, Complex.new(0, 2)]], type: :c64)]},
  # f32 math on small tensors: Nx evaluates :math in double and rounds once
  # (sigmoid and rsqrt as one formula each); bits of each result.
  {"regress_f32_math_bits", "bits of exp sigmoid tanh log rsqrt sin cbrt erf pow expm1 atan2 on 200 f32",
   fn x ->
     a = Nx.abs(x)
     [Nx.exp(x), Nx.sigmoid(x), Nx.tanh(x), Nx.log(a), Nx.rsqrt(a), Nx.sin(x), Nx.cbrt(x),
      Nx.erf(x), Nx.pow(a, 0.7), Nx.expm1(x), Nx.atan2(x, Nx.add(a, 0.5))]
     |> Enum.map(&Nx.bitcast(&1, :s32))
     |> List.to_tuple()
   end,
   [Nx.tensor(for(i <- 1..200, do: i / 37 - 2.7), type: :f32)]},
  {"regress_outputs_constant_twice", "{iota({2, 3}), iota({2, 3}), x + 1}",
   fn y -> {Nx.iota({2, 3}), Nx.iota({2, 3}), Nx.add(y, 1)} end, [y]}
]
for {name, src, fun, args} <- cases do
  IO.puts("#{name}...")
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  r = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  rs = if is_tuple(r), do: Tuple.to_list(r), else: [r]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => Enum.map(rs, t),
        "source" => "defn f(x), do: #{src}", "tags" => ["regression"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
