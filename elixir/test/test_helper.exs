# A fresh disk cache per run unless one is given, so that the tests really
# compile with the current nxc.
unless System.get_env("NXC_CACHE_DIR") do
  dir = Path.join(System.tmp_dir!(), "nxc-test-cache-#{System.os_time()}")
  System.put_env("NXC_CACHE_DIR", dir)
  System.at_exit(fn _ -> File.rm_rf(dir) end)
end

# The exporter round trip over the whole corpus (minutes): mix test --include corpus
if Code.ensure_loaded?(Nx) do
  ExUnit.start(exclude: [:corpus])
else
  IO.puts("""
  Nx is not available: tests tagged :nx are excluded.
  Run them with NXC_NX_PATH=/path/to/nx/nx NXC_DEPS_PATH=/path/to/deps mix test.
  """)

  ExUnit.after_suite(fn result ->
    IO.puts("\nNx is not available: #{result.excluded} Nx test(s) excluded (tag :nx).")
  end)

  ExUnit.start(exclude: [:nx, :corpus])
end
