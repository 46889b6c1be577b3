# Runs Nx's own test files with NxC as the global default defn compiler, the
# way EXLA runs them with EXLA (exla/test/test_helper.exs).
#
#   cd elixir
#   NXC_NX_PATH=/path/to/nx/nx NXC_DEPS_PATH=/path/to/deps \
#     MIX_ENV=test mix run --no-start scripts/nx_defn_tests.exs [TEST_FILE...]
#
# TEST_FILEs are relative to Nx's test/ directory; the default set is every
# test file that exercises defn. NXC_CACHE_DIR makes reruns fast.

nx_path = System.get_env("NXC_NX_PATH") || raise "set NXC_NX_PATH to Nx's nx/ directory"
Code.ensure_loaded?(NxC.Export) || raise "Nx is not compiled in: set NXC_NX_PATH/NXC_DEPS_PATH"
test_dir = Path.join(nx_path, "test")

files =
  case System.argv() do
    [] ->
      ~w(nx/defn_test.exs nx/defn/composite_test.exs nx/defn/grad_test.exs
         nx/defn/kernel_test.exs nx/defn/expr_test.exs nx/defn/token_test.exs
         nx/lin_alg_test.exs nx/vectorize_test.exs nx/optional_test.exs nx/random_test.exs)

    given ->
      given
  end

{:ok, _} = Application.ensure_all_started(:nx)
Nx.Defn.global_default_options(compiler: NxC)

# Nx's test support modules (Nx.Helpers, test containers and backends).
Kernel.ParallelCompiler.compile(Path.wildcard(Path.join(test_dir, "support/*.ex")))

ExUnit.start(autorun: false, exclude: [:distributed], assert_receive_timeout: 1000)
Kernel.ParallelCompiler.require(Enum.map(files, &Path.join(test_dir, &1)))
%{total: total, failures: failures, excluded: excluded, skipped: skipped} = ExUnit.run()
passed = total - failures - excluded - skipped

IO.puts(
  "\nNx tests with compiler NxC: #{passed}/#{total - excluded - skipped} passed " <>
    "(#{failures} failed, #{excluded} excluded, #{skipped} skipped) in #{Enum.join(files, " ")}"
)
