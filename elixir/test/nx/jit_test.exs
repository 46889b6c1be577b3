defmodule NxC.JitTest do
  use ExUnit.Case, async: true
  import NxC.Test.NxCase

  nx_test "jit with NxC returns Nx tensors equal to the evaluator's" do
    t = Nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    got = Nx.Defn.jit(&NxC.Test.Defns.softmax/1, compiler: NxC).(t)
    want = Nx.Defn.jit(&NxC.Test.Defns.softmax/1, compiler: Nx.Defn.Evaluator).(t)
    assert got.shape == {2, 3} and got.type == {:f, 32}
    assert Nx.all_close(got, want) |> Nx.to_number() == 1
  end

  nx_test "containers, while loops and hooks" do
    a = Nx.tensor([1, 2, 3])
    b = Nx.tensor([10, 20, 30])
    assert {s, %{prod: p, diff: d}} = Nx.Defn.jit(&NxC.Test.Defns.pair/2, compiler: NxC).(a, b)
    assert Nx.to_flat_list(s) == [11, 22, 33]
    assert Nx.to_flat_list(p) == [10, 40, 90]
    assert Nx.to_flat_list(d) == [-9, -18, -27]

    assert Nx.to_flat_list(Nx.Defn.jit(&NxC.Test.Defns.count_up/1, compiler: NxC).(a)) == [
             8,
             16,
             24
           ]

    # The hook is dropped, its value kept.
    assert Nx.to_flat_list(Nx.Defn.jit(&NxC.Test.Defns.hooked/1, compiler: NxC).(a)) == [4, 7, 10]
  end

  nx_test "vectorized inputs come back vectorized" do
    x = Nx.iota({3, 2}, type: :f32) |> Nx.vectorize(:batch)
    got = Nx.Defn.jit(&NxC.Test.Defns.scale/1, compiler: NxC).(x)
    assert got.vectorized_axes == [batch: 3]
    assert Nx.devectorize(got) |> Nx.to_flat_list() == [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]
  end

  nx_test "compile/3 with NxC and the cache" do
    fun = Nx.Defn.compile(&NxC.Test.Defns.scale/1, [Nx.template({4}, :s32)], compiler: NxC)
    assert Nx.to_flat_list(fun.(Nx.tensor([1, 2, 3, 4], type: :s32))) == [3, 5, 7, 9]
    assert Nx.to_flat_list(fun.(Nx.tensor([0, 0, 0, 0], type: :s32))) == [1, 1, 1, 1]
  end

  nx_test "threads: sets the loader's thread count; the results do not change" do
    # --parallel-min-work=0 splits every parallel loop, even on small inputs.
    opts = [compiler: NxC, nxc_flags: ["--parallel-min-work=0"]]
    t = Nx.iota({64, 96}, type: :f32) |> Nx.divide(1000)
    on_exit(fn -> NxC.set_threads(1) end)

    serial = Nx.Defn.jit(&NxC.Test.Defns.softmax/1, opts ++ [threads: 1]).(t)
    assert NxC.threads() == 1
    threaded = Nx.Defn.jit(&NxC.Test.Defns.softmax/1, opts ++ [threads: 3]).(t)
    assert NxC.threads() == 3
    assert Nx.to_binary(threaded) == Nx.to_binary(serial)

    assert_raise ArgumentError, ~r/positive integer or :auto/, fn ->
      Nx.Defn.jit(&NxC.Test.Defns.softmax/1, opts ++ [threads: 0]).(t)
    end
  end

  nx_test "inputs are not written, even by a loop updating a parameter" do
    x = Nx.tensor([1, 2, 3, 4, 5])
    before = Nx.to_binary(x)
    got = Nx.Defn.jit(&NxC.Test.Defns.overwrite/1, compiler: NxC).(x)
    assert Nx.to_flat_list(got) == [-1, -1, -1, 4, 5]
    assert Nx.to_binary(x) == before
    assert Nx.to_flat_list(x) == [1, 2, 3, 4, 5]
  end

  defmodule NoBytesBackend do
    # A backend that keeps its data elsewhere and cannot hand over bytes.
    defstruct [:state]
    def init(opts), do: opts
    def from_binary(t, data, _opts), do: %{t | data: %__MODULE__{state: data}}
  end

  nx_test "an input whose backend cannot give its bytes is a clear error" do
    x = Nx.tensor([1.0, 2.0], backend: NoBytesBackend)

    assert_raise ArgumentError, ~r/argument 0 .*NoBytesBackend.* to_binary/, fn ->
      Nx.Defn.jit(&NxC.Test.Defns.scale/1, compiler: NxC).(x)
    end
  end

  nx_test "nxc errors are NxC.CompileError" do
    assert_raise NxC.CompileError, ~r/nxc not found/, fn ->
      Nx.Defn.jit(&NxC.Test.Defns.scale/1, compiler: NxC, nxc_path: "/nonexistent/nxc").(
        Nx.tensor([1.0, 2.0, 3.0, 5.0])
      )
    end
  end

  # Nx.Defn.Graph.run jits `fn _ -> expr end`: the closure holds a built
  # expression, here a chain of 40 `acc + acc` (2^40 paths as a tree), which
  # must not be hashed or copied as a memo key.
  @tag timeout: 30_000
  nx_test "a closure holding a deep expression DAG compiles in linear time" do
    x = Nx.tensor([1.0, 2.0])
    fun = fn x -> Enum.reduce(1..40, x, fn _, acc -> Nx.add(acc, acc) end) end
    expr = Nx.Defn.debug_expr(fun).(x)
    got = Nx.Defn.jit_apply(fn _ -> expr end, [x], compiler: NxC)
    assert Nx.to_flat_list(got) == [:math.pow(2, 40), :math.pow(2, 41)]
  end
end
