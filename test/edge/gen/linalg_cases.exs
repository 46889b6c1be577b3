# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/linalg_cases.exs
# Writes test/edge/linalg_*: batched triangular_solve / lu (and what builds on
# them) and lu's pivot and eps rules. Graphs exported by NxC.Export, expected
# values from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end

cases = [
  {"linalg_lu_negative_pivot", "defn f(a), do: Nx.LinAlg.lu(a)",
   fn a -> Nx.LinAlg.lu(a) end, [Nx.tensor([[-4.0, 1.0], [2.0, 3.0]])]},
  {"linalg_lu_singular_eps", "defn f(a), do: Nx.LinAlg.lu(a, eps: 1.0e-3)",
   fn a -> Nx.LinAlg.lu(a, eps: 1.0e-3) end,
   [Nx.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0004, 1.0]])]},
  {"linalg_lu_batched", "defn f(a), do: Nx.LinAlg.lu(a)",
   fn a -> Nx.LinAlg.lu(a) end,
   [Nx.tensor([[[4.0, 3.0], [6.0, 3.0]], [[-1.0, 2.0], [3.0, 5.0]], [[0.5, 0.0], [0.0, 2.0]]])]},
  {"linalg_triangular_solve_batched_left", "defn f(a, b), do: Nx.LinAlg.triangular_solve(a, b)",
   fn a, b -> Nx.LinAlg.triangular_solve(a, b) end,
   [Nx.tensor([[[2.0, 0.0], [1.0, 4.0]], [[1.0, 0.0], [-3.0, 0.5]]]),
    Nx.tensor([[[2.0, 4.0], [3.0, -1.0]], [[1.0, 0.0], [0.0, 1.0]]])]},
  {"linalg_triangular_solve_batched_vector",
   "defn f(a, b), do: Nx.LinAlg.triangular_solve(a, b, lower: false)",
   fn a, b -> Nx.LinAlg.triangular_solve(a, b, lower: false) end,
   [Nx.tensor([[[2.0, 1.0, -1.0], [0.0, 4.0, 2.0], [0.0, 0.0, 0.5]],
               [[1.0, 2.0, 3.0], [0.0, 1.0, 2.0], [0.0, 0.0, 1.0]]]),
    Nx.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])]},
  {"linalg_triangular_solve_batched_right",
   "defn f(a, b), do: Nx.LinAlg.triangular_solve(a, b, left_side: false, transform_a: :transpose)",
   fn a, b -> Nx.LinAlg.triangular_solve(a, b, left_side: false, transform_a: :transpose) end,
   [Nx.tensor([[[[2.0, 0.0], [1.0, 4.0]]], [[[1.0, 0.0], [-3.0, 0.5]]]]),
    Nx.tensor([[[[2.0, 4.0], [3.0, -1.0], [1.0, 1.0]]], [[[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]]]])]},
  {"linalg_invert_batched", "defn f(a), do: Nx.LinAlg.invert(a)",
   fn a -> Nx.LinAlg.invert(a) end,
   [Nx.tensor([[[4.0, 7.0], [2.0, 6.0]], [[1.0, 2.0], [3.0, 4.0]]])]},
  {"linalg_determinant_batched", "defn f(a), do: Nx.LinAlg.determinant(a)",
   fn a -> Nx.LinAlg.determinant(a) end,
   [Nx.tensor([[[1.0, 2.0, 3.0], [0.0, 1.0, 4.0], [5.0, 6.0, 0.0]],
               [[2.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 4.0]]])]}
]

for {name, source, f, args} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(f, args, name: name))
  y = apply(Nx.Defn.jit(f, compiler: Nx.Defn.Evaluator), args)
  outs = if is_tuple(y), do: Tuple.to_list(y), else: [y]
  c = %{"graph" => name <> ".graph.json", "inputs" => Enum.map(args, t),
        "expected" => Enum.map(outs, t), "source" => source, "tags" => ["linalg", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
end
