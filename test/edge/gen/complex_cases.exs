# Run from elixir/ with a local Nx 0.7.2 (see elixir/README.md):
#   NXC_NX_PATH=... NXC_DEPS_PATH=... mix run ../test/edge/gen/complex_cases.exs
# Writes test/edge/complex_* and regress_norm_inf_s64: graphs exported by
# NxC.Export, expected values from Nx.Defn.Evaluator on Nx.BinaryBackend.
out = Path.expand("../test/edge", File.cwd!())
x = Nx.tensor([Complex.new(0.5, 0.25), Complex.new(-1.5, 2.0), Complex.new(0.0, -0.75),
               Complex.new(2.0, 0.0), Complex.new(-0.3, -0.4), Complex.new(1.25, -3.0)], type: :c64)
t = fn t -> %{"type" => Nx.Type.to_string(Nx.type(t)), "shape" => Tuple.to_list(Nx.shape(t)),
              "data" => Base.encode64(Nx.to_binary(t))} end
for op <- [:sigmoid, :cosh, :sinh, :asin, :acos, :atan, :asinh, :acosh, :atanh, :cbrt] do
  name = "complex_unary_#{op}_c64"
  f = fn x -> apply(Nx, op, [x]) end
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(f, [x], name: name))
  y = Nx.Defn.jit(f, compiler: Nx.Defn.Evaluator).(x)
  c = %{"graph" => name <> ".graph.json", "inputs" => [t.(x)], "expected" => [t.(y)],
        "source" => "defn f(x), do: Nx.#{op}(x)", "tags" => ["unary", "complex"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
end

# Complex.sqrt's branch cut (-0.0 imaginary with a negative real part) and its
# non-finite clauses, through sqrt and rsqrt.
z = Nx.tensor([Complex.new(-4.0, -0.0), Complex.new(-4.0, 0.0), Complex.new(-4.0, -1.0e-3),
               Complex.new(0.0, 0.0), Complex.new(9.0, -0.0), Complex.new(:infinity, 1.0),
               Complex.new(1.0, :infinity), Complex.new(:nan, 1.0)], type: :c64)
for op <- [:sqrt, :rsqrt] do
  name = "complex_#{op}_branch_c64"
  f = fn x -> apply(Nx, op, [x]) end
  File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(f, [z], name: name))
  y = Nx.Defn.jit(f, compiler: Nx.Defn.Evaluator).(z)
  IO.inspect(y, label: name)
  c = %{"graph" => name <> ".graph.json", "inputs" => [t.(z)], "expected" => [t.(y)],
        "source" => "defn f(x), do: Nx.#{op}(x)", "tags" => ["unary", "complex", "edge"]}
  File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
end

# Regression: abs of s64 feeding a 2-D reduction (math.absi on an n-D vector
# did not lower).
f = fn x -> Nx.LinAlg.norm(x, ord: :inf) end
x = Nx.tensor([[3, -4], [-7, -1], [2, 2]], type: :s64)
name = "regress_norm_inf_s64"
File.write!(Path.join(out, name <> ".graph.json"), NxC.Export.export(f, [x], name: name))
y = Nx.Defn.jit(f, compiler: Nx.Defn.Evaluator).(x)
c = %{"graph" => name <> ".graph.json", "inputs" => [t.(x)], "expected" => [t.(y)],
      "source" => "defn f(x), do: Nx.LinAlg.norm(x, ord: :inf)", "tags" => ["regression", "abs"]}
File.write!(Path.join(out, name <> ".case.json"), NxC.JSON.encode!(c))
