# Run from elixir/ with current Nx (0.13; it needs Elixir >= 1.17, see
# elixir/README.md, "Current Nx"):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run --no-start ../test/edge/gen/regress_head_cases.exs
# Writes test/edge/regress_head_*: graphs from Nx 0.13's own test suite that
# broke nxc, exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend (which runs `block` composites' default scopes).
{:ok, _} = Application.ensure_all_started(:nx)
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end

defmodule RegressHeadDefn do
  import Nx.Defn

  # grad_test "works with window min, same padding, large kernel": the
  # operand is padded with the init value (0), which wins three windows; their
  # source values are dropped.
  defn grad_window_min_same(t) do
    grad(t, &Nx.sum(Nx.window_min(&1, {1, 3, 3, 1}, padding: :same, strides: [1, 2, 2, 1])))
  end
end

cases = [
  # lin_alg_test "computes eigenvalues and eigenvectors": the default scope
  # (Jacobi sweeps on a 5x5 padded to 6x6) takes diagonals of 3x3 views of
  # 6x6 buffers, vector gathers that MLIR 22 addressed as if contiguous.
  {"regress_head_eigh_5x5_s32", "Nx.LinAlg.eigh(a) on an s32 5x5", &Nx.LinAlg.eigh/1,
   [Nx.tensor([[5, -1, 0, 1, 2], [-1, 5, 0, 5, 3], [0, 0, 4, 7, 2], [1, 5, 7, 0, 9], [2, 3, 2, 9, 2]])]},
  {"regress_head_window_scatter_min_same", "grad(sum(window_min(t, {1,3,3,1}, padding: :same, strides: [1,2,2,1])))",
   &RegressHeadDefn.grad_window_min_same/1, [Nx.iota({1, 4, 4, 1}, type: :f32)]},
  {"regress_head_window_scatter_max_pad", "window_scatter_max with negative operands and explicit padding",
   &Nx.window_scatter_max(&1, &2, 0, {2, 3}, padding: [{1, 0}, {1, 1}], strides: [2, 2]),
   [Nx.tensor([[-3.0, -1.5, -2.0, -4.0], [-0.5, -6.0, 1.0, -2.5], [-1.0, -1.0, -3.5, -0.25]]),
    Nx.tensor([[1.0, 2.0], [3.0, 4.0]])]},
  # lin_alg_test triangular_solve doctest: transform_a: :conjugate (Nx 0.13).
  {"regress_head_triangular_solve_conjugate", "triangular_solve(a, b, transform_a: :conjugate), c64 and f32",
   fn a, b, ar, br ->
     {Nx.LinAlg.triangular_solve(a, b, transform_a: :conjugate),
      Nx.LinAlg.triangular_solve(ar, br, transform_a: :conjugate, lower: false)}
   end,
   [Nx.tensor([[Complex.new(1, 1), 0, 0], [Complex.new(0, 2), 2, 0], [1, Complex.new(1, -1), Complex.new(3, 0.5)]], type: :c64),
    Nx.tensor([Complex.new(1, 0), Complex.new(2, 1), Complex.new(-1, 3)], type: :c64),
    Nx.tensor([[2.0, 1.0, -1.0], [0.0, 3.0, 0.5], [0.0, 0.0, -4.0]]), Nx.tensor([1.0, 2.0, 3.0])]},
  # Nx 0.13's cumulative_sum/product on floats: the default scope's scan
  # order (Nx.BinaryBackend has no own cumulative ops any more); exact bits.
  {"regress_head_cumulative_f32_bits", "bits of cumulative_sum/product along axis 0 of f32[48, 4]",
   fn x ->
     {Nx.bitcast(Nx.cumulative_sum(x, axis: 0), :s32),
      Nx.bitcast(Nx.cumulative_product(Nx.add(Nx.multiply(x, 0.01), 1), axis: 0), :s32),
      Nx.cumulative_max(x, axis: 0)}
   end,
   [Nx.tensor(for(i <- 0..191, do: :math.sin(i * 0.7) * 10 + i / 7), type: :f32) |> Nx.reshape({48, 4})]}
]

for {name, src, fun, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(fun, args, name: name))
  r = apply(Nx.Defn.jit(fun, compiler: Nx.Defn.Evaluator), args)
  rs = if is_tuple(r), do: Tuple.to_list(r), else: [r]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t), "expected" => Enum.map(rs, t),
        "source" => "defn f(...), do: #{src}", "tags" => ["regression", "nx-0.13"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
  IO.puts("wrote #{name}")
end
