# Generates test/edge/*.graph.json + *.case.json (see ../README.md).
# Not run by the build or the tests. Needs a local Nx 0.7.2 (not part of this
# repo): from a Mix project that depends on {:nx, "0.7.2"} run
#   mix run <repo>/test/edge/gen/gen_edge.exs <repo>/test/edge [case_name ...]
# Each case's graph is exported from Nx.Defn.debug_expr of its defn source and
# its expected outputs are Nx.Defn.Evaluator on Nx.BinaryBackend, unless the
# case gives them (opts[:xla], tagged "xla-semantics"). Cases are in cases.exs.
Code.require_file("export.ex", __DIR__)
Code.require_file("harness.ex", __DIR__)
[outdir | rest] = System.argv()
only = case rest do [] -> nil; l -> MapSet.new(l) end
File.mkdir_p!(outdir)
{cases, _} = Code.eval_file(Path.join(__DIR__, "cases.exs"))
names = Enum.map(cases, &elem(&1, 0))
dups = names -- Enum.uniq(names)
if dups != [], do: raise("duplicate names #{inspect(dups)}")
logs =
  for c <- cases, only == nil or MapSet.member?(only, elem(c, 0)) do
    try do
      EdgeHarness.run(outdir, c)
    rescue
      e -> IO.puts("ERROR #{elem(c, 0)}: #{Exception.message(e)}"); nil
    end
  end
IO.puts("#{length(Enum.reject(logs, &is_nil/1))} cases written")
for l <- logs, l, l.xla do
  IO.puts("XLA #{l.name}\n   BinaryBackend: #{EdgeHarness.show(l.bb)}\n   used:          #{EdgeHarness.show(l.xla)}\n   why:           #{l.why}")
end
