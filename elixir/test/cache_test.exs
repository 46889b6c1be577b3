defmodule NxC.CacheTest do
  use ExUnit.Case, async: false
  alias NxC.Test.CaseTensor

  setup do
    dir = Path.join(System.tmp_dir!(), "nxc-cache-test-#{System.unique_integer([:positive])}")
    on_exit(fn -> File.rm_rf(dir) end)
    # The memory level is VM-wide and keyed by graph only: start from empty.
    NxC.Cache.clear_memory()
    %{dir: dir}
  end

  defp graph(name), do: File.read!(CaseTensor.read_case(name).graph_path)

  test "compiled, then memory, then disk after the memory is cleared", %{dir: dir} do
    json = graph("reduce_sum_f32")
    assert {fun1, :compiled} = NxC.Cache.fetch!(json, cache_dir: dir)
    assert {^fun1, :memory} = NxC.Cache.fetch!(json, cache_dir: dir)

    key = NxC.Cache.key(json, [])
    assert File.regular?(Path.join(dir, key <> ".so"))
    # Nothing but finished entries is left behind.
    assert File.ls!(dir) == [key <> ".so"]

    :ok = NxC.Cache.clear_memory()
    assert {fun2, :disk} = NxC.Cache.fetch!(json, cache_dir: dir)
    assert {^fun2, :memory} = NxC.Cache.fetch!(json, cache_dir: dir)

    # The function loaded before clearing still works.
    %{case: c} = CaseTensor.read_case("reduce_sum_f32")
    inputs = CaseTensor.binaries(c["inputs"])
    assert NxC.Loader.call(fun1, inputs) == NxC.Loader.call(fun2, inputs)
  end

  test "the key changes with the flags and the graph", %{dir: dir} do
    json = graph("reduce_sum_f32")
    refute NxC.Cache.key(json, []) == NxC.Cache.key(json, ["--cpu=x86-64-v2"])
    refute NxC.Cache.key(json, []) == NxC.Cache.key(json <> " ", [])
    assert NxC.Cache.key(json, ["--no-vectorize"]) == NxC.Cache.key(json, ["--no-vectorize"])

    {_, :compiled} = NxC.Cache.fetch!(json, cache_dir: dir)
    assert {fun, :compiled} = NxC.Cache.fetch!(json, cache_dir: dir, flags: ["--no-vectorize"])
    assert {^fun, :memory} = NxC.Cache.fetch!(json, cache_dir: dir, flags: ["--no-vectorize"])
    assert length(File.ls!(dir)) == 2
  end

  test "nxc errors become NxC.CompileError with nxc's message", %{dir: dir} do
    bad = graph("reduce_sum_f32") |> String.replace(~s("op":"sum"), ~s("op":"no_such_op"))

    error = assert_raise NxC.CompileError, fn -> NxC.Cache.fetch!(bad, cache_dir: dir) end
    assert error.message =~ "nxc: error:"
    assert error.message =~ "no_such_op"
    assert error.status in [1, 2]
    # A failed compile leaves no entry.
    assert File.ls!(dir) == []

    assert_raise NxC.CompileError, ~r/nxc not found/, fn ->
      NxC.Cache.fetch!(bad, cache_dir: dir, nxc_path: "/nonexistent/nxc")
    end
  end
end
