# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/cumulative_cases.exs
# Writes test/edge/cumulative_*: the cumulative_* composites along outer axes,
# which nxc lowers natively (nx.cumulative), for every kind and several types.
# Graphs exported by NxC.Export, expected values from Nx.Defn.Evaluator on
# Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
f32 = Nx.tensor([[[1.5, -2.0], [0.25, 3.0], [:nan, 1.0]],
                 [[-0.5, 4.0], [2.0, -1.0], [7.0, :infinity]],
                 [[3.0, 0.5], [-6.0, 2.0], [1.0, -3.0]],
                 [[0.0, -1.5], [1.0, 1.0], [-2.0, 0.5]]], type: :f32)
s32 = Nx.tensor([[3, -2, 7], [5, 4, -1], [-2, 3, 2], [2, -5, 3]], type: :s32)
u8 = Nx.tensor([[200, 100, 7], [100, 200, 250], [3, 1, 255]], type: :u8)
c64 = Nx.tensor([[Complex.new(1.0, 2.0), Complex.new(-0.5, 0.0)],
                 [Complex.new(0.25, -1.0), Complex.new(3.0, 3.0)],
                 [Complex.new(-2.0, 0.5), Complex.new(1.0, -1.0)]], type: :c64)
cases = [
  {"cumulative_sum_f32_axis0", "Nx.cumulative_sum(x, axis: 0)", &Nx.cumulative_sum(&1, axis: 0), f32},
  {"cumulative_sum_f32_axis1_reverse", "Nx.cumulative_sum(x, axis: 1, reverse: true)", &Nx.cumulative_sum(&1, axis: 1, reverse: true), f32},
  {"cumulative_max_f32_axis0_nan", "Nx.cumulative_max(x, axis: 0)", &Nx.cumulative_max(&1, axis: 0), f32},
  {"cumulative_min_f32_axis1_reverse", "Nx.cumulative_min(x, axis: 1, reverse: true)", &Nx.cumulative_min(&1, axis: 1, reverse: true), f32},
  {"cumulative_product_s32_axis0_reverse", "Nx.cumulative_product(x, axis: 0, reverse: true)", &Nx.cumulative_product(&1, axis: 0, reverse: true), s32},
  {"cumulative_sum_u8_axis0_wrap", "Nx.cumulative_sum(x, axis: 0)", &Nx.cumulative_sum(&1, axis: 0), u8},
  {"cumulative_sum_c64_axis0", "Nx.cumulative_sum(x, axis: 0)", &Nx.cumulative_sum(&1, axis: 0), c64},
  {"cumulative_product_c64_axis0", "Nx.cumulative_product(x, axis: 0)", &Nx.cumulative_product(&1, axis: 0), c64}
]
for {name, src, f, x} <- cases do
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(f, [x], name: name))
  y = Nx.Defn.jit(f, compiler: Nx.Defn.Evaluator).(x)
  c = %{"graph" => name <> ".graph.json", "inputs" => [t.(x)], "expected" => [t.(y)],
        "source" => "defn f(x), do: #{src}", "tags" => ["composite", "cumulative", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
end
