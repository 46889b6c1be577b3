defmodule NxC.ThreadsTest do
  # Compiled code split across threads, on both paths: NxC.Loader (the JIT's;
  # one pool per VM, in priv/nxc_loader.so, handed to each library through
  # nxc_jit_pool.c) and NxC.AOT (a pool linked into each library), plus
  # runtime/nif/nxc_nif.c. Graphs are compiled with
  # --parallel-min-work=0 so that every parallel loop is split, even on the
  # small corpus inputs.
  #
  # Not async: thread counts are process-wide, and "threads really run" is
  # checked by counting the VM's OS threads (/proc/self/task), which only
  # this module may change while it runs. The pool starts its workers on the
  # first loop split with a count above the ones it has, and keeps them.
  use ExUnit.Case, async: false
  alias NxC.Test.CaseTensor

  @flags ["--parallel-min-work=0"]

  # Graphs with parallel loops of several kinds: matmul (mlp, matmul), scans
  # (cumulative sums), a while body, conv, pooling window, sort, gather.
  @cases ~w(model_mlp_forward composite_cumulative_sum model_rnn_while conv_2d_channels_last
            dot_batched gather_axes_window model_cross_entropy medium_matmul_256x256
            medium_cumsum_65536 medium_maxpool_1x8x128x128 medium_sort_65536
            medium_while_100_steps_256x256)

  defmodule Model do
    # threads: 3 applied when the library loads.
    use NxC.AOT,
      otp_app: :nxc,
      lib: "nxc_threads_test_model",
      threads: 3,
      nxc_flags: ["--parallel-min-work=0"],
      graphs: [
        mlp: Path.join(NxC.Test.CaseTensor.corpus_dir(), "model_mlp_forward.graph.json"),
        matmul: Path.join(NxC.Test.CaseTensor.corpus_dir(), "medium_matmul_256x256.graph.json"),
        cumsum: Path.join(NxC.Test.CaseTensor.corpus_dir(), "medium_cumsum_65536.graph.json")
      ]
  end

  defmodule Default do
    # No :threads option.
    use NxC.AOT,
      otp_app: :nxc,
      lib: "nxc_threads_test_default",
      graphs: [add_u8: Path.join(NxC.Test.CaseTensor.corpus_dir(), "binary_add_u8.graph.json")]
  end

  setup_all do
    # Single-threaded until asked.
    assert NxC.threads() == 1
    on_exit(fn -> NxC.set_threads(1) end)
    :ok
  end

  setup do
    NxC.set_threads(1)
    :ok
  end

  defp c_graph(name), do: CaseTensor.read_case(name).graph_path

  defp os_threads, do: length(File.ls!("/proc/self/task"))

  defp load(name) do
    %{case: c, graph_path: path} = CaseTensor.read_case(name)
    {NxC.load_graph!(File.read!(path), flags: @flags), c}
  end

  describe "NxC.Loader (JIT)" do
    test "set_threads/threads: 1 by default, positive integers or :auto" do
      assert NxC.threads() == 1
      assert NxC.set_threads(3) == 3
      assert NxC.threads() == 3
      assert NxC.Loader.threads() == 3
      assert NxC.set_threads(:auto) >= 1
      assert NxC.set_threads(1) == 1
      assert_raise ArgumentError, ~r/positive integer or :auto/, fn -> NxC.set_threads(0) end
      assert_raise ArgumentError, ~r/positive integer or :auto/, fn -> NxC.set_threads(:many) end
      assert NxC.threads() == 1
    end

    test "compiled libraries are handed the loader's pool; others run serially" do
      {fun, c} = load("model_mlp_forward")
      assert NxC.Loader.info(fun).parallel == true
      json = File.read!(CaseTensor.read_case("model_mlp_forward").graph_path)
      so = Path.join(NxC.Cache.cache_dir(), NxC.Cache.key(json, @flags) <> ".so")
      {syms, 0} = System.cmd("nm", ["-D", so])
      # nxc_parallel_for is bound inside the library (hidden), to the
      # forwarder that load/2 connects through nxc_jit_set_pool.
      assert syms =~ ~r/ T nxc_jit_set_pool$/m
      refute syms =~ "nxc_parallel_for"
      {loader, 0} = System.cmd("nm", ["-D", "--defined-only", NxC.Loader.nif_path() <> ".so"])
      assert loader =~ ~r/ T nxc_parallel_for$/m

      # The object alone: its weak nxc_parallel_for stays unresolved in a
      # library dlopened RTLD_LOCAL, so its loops run on the calling thread
      # whatever the count.
      tmp = Path.join(System.tmp_dir!(), "nxc-threads-#{System.unique_integer([:positive])}")
      File.mkdir_p!(tmp)
      on_exit(fn -> File.rm_rf(tmp) end)
      obj = Path.join(tmp, "mlp.o")
      NxC.Native.compile!(c_graph("model_mlp_forward"), obj, ["--name=mlp" | @flags])
      NxC.Native.link_shared!([obj], Path.join(tmp, "mlp.so"))
      {undef, 0} = System.cmd("nm", ["-D", "--undefined-only", Path.join(tmp, "mlp.so")])
      assert undef =~ ~r/ w nxc_parallel_for$/m
      {:ok, plain} = NxC.Loader.load(Path.join(tmp, "mlp.so"), "mlp")
      assert NxC.Loader.info(plain).parallel == false

      inputs = CaseTensor.binaries(c["inputs"])
      {:ok, ref} = NxC.Loader.call(fun, inputs)
      NxC.set_threads(16)
      before = os_threads()
      assert {:ok, ^ref} = NxC.Loader.call(plain, inputs)
      assert os_threads() == before
    end

    test "threads run when asked, and only then" do
      {fun, c} = load("model_mlp_forward")
      inputs = CaseTensor.binaries(c["inputs"])

      # One thread: the call stays on its scheduler thread.
      before = os_threads()
      assert {:ok, ref} = NxC.Loader.call(fun, inputs)
      assert os_threads() == before

      # 8 threads: the pool starts its 7 workers (minus any started earlier
      # by this module's 3-thread tests) on the first split loop.
      NxC.set_threads(8)
      assert {:ok, ^ref} = NxC.Loader.call(fun, inputs)
      assert (os_threads() - before) in 5..7
      assert {:ok, ^ref} = NxC.Loader.call_dirty(fun, inputs)
    end

    for name <- @cases do
      test "corpus #{name}: threads 3 gives exactly the outputs of threads 1" do
        name = unquote(name)
        {fun, c} = load(name)
        inputs = CaseTensor.binaries(c["inputs"])

        assert {:ok, serial} = NxC.Loader.call(fun, inputs)
        CaseTensor.assert_expected(name, serial, c)
        assert NxC.set_threads(3) == 3
        assert {:ok, ^serial} = NxC.Loader.call(fun, inputs)
        assert {:ok, ^serial} = NxC.Loader.call_dirty(fun, inputs)
      end
    end

    test "concurrent calls with 3 threads agree" do
      {fun, c} = load("medium_matmul_256x256")
      inputs = CaseTensor.binaries(c["inputs"])
      {:ok, ref} = NxC.Loader.call(fun, inputs)
      NxC.set_threads(3)

      results =
        1..12
        |> Task.async_stream(fn _ -> NxC.Loader.call_dirty(fun, inputs) end, max_concurrency: 12)
        |> Enum.map(fn {:ok, r} -> r end)

      assert Enum.all?(results, &(&1 == {:ok, ref}))
    end
  end

  defp check(fun, case_name) do
    %{case: c} = CaseTensor.read_case(case_name)
    result = apply(Model, fun, CaseTensor.binaries(c["inputs"]))
    outs = if is_tuple(result), do: Tuple.to_list(result), else: [result]
    CaseTensor.assert_expected(case_name, outs, c)
    outs
  end

  describe "NxC.AOT" do
    test "threads: applies at load; set_threads changes it; results do not depend on it" do
      on_exit(fn -> Model.set_threads(3) end)
      assert Model.threads() == 3

      three =
        Enum.map([mlp: "model_mlp_forward", cumsum: "medium_cumsum_65536"], fn {f, n} ->
          check(f, n)
        end)

      assert Model.set_threads(1) == 1
      assert Model.threads() == 1

      assert three ==
               Enum.map([mlp: "model_mlp_forward", cumsum: "medium_cumsum_65536"], fn {f, n} ->
                 check(f, n)
               end)

      assert_raise ArgumentError, fn -> Model.set_threads(0) end
      assert Model.set_threads(:auto) >= 1
    end

    test "the library has its own pool, apart from the loader's" do
      on_exit(fn -> Model.set_threads(3) end)
      Model.set_threads(3)
      NxC.set_threads(5)
      assert Model.threads() == 3
      assert NxC.threads() == 5
      Model.set_threads(2)
      assert NxC.threads() == 5

      lib = Model.__nxc__(:library)
      {syms, 0} = System.cmd("nm", ["-D", "--defined-only", lib])
      assert syms =~ ~r/ T nxc_parallel_for$/m
      {dyn, 0} = System.cmd("readelf", ["-d", lib])
      assert dyn =~ "SYMBOLIC"
      assert dyn =~ "NODELETE"
    end

    test "threads run when asked" do
      on_exit(fn -> Model.set_threads(3) end)
      Model.set_threads(1)
      %{case: c} = CaseTensor.read_case("medium_matmul_256x256")
      inputs = CaseTensor.binaries(c["inputs"])
      ref = apply(Model, :matmul, inputs)
      before = os_threads()
      assert apply(Model, :matmul, inputs) == ref
      assert os_threads() == before

      # Its own pool: its workers, up to 8 (at most 2 started before).
      Model.set_threads(8)
      assert apply(Model, :matmul, inputs) == ref
      assert (os_threads() - before) in 5..7
    end

    test "the default is one thread" do
      assert Default.threads() == 1

      check_default = fn ->
        %{case: c} = CaseTensor.read_case("binary_add_u8")

        CaseTensor.assert_expected(
          "binary_add_u8",
          [apply(Default, :add_u8, CaseTensor.binaries(c["inputs"]))],
          c
        )
      end

      check_default.()
      assert Default.set_threads(2) == 2
      check_default.()
    end

    test "bad :threads options and clashing names are compile-time errors" do
      quoted = fn opts ->
        quote do
          defmodule NxC.ThreadsTest.Bad do
            use NxC.AOT, unquote(opts)
          end
        end
      end

      graph = Path.join(CaseTensor.corpus_dir(), "unary_exp_f32.graph.json")

      for bad <- [0, -1, :many, "2"] do
        assert_raise ArgumentError, ~r/:threads must be a positive integer or :auto/, fn ->
          Code.eval_quoted(quoted.(otp_app: :nxc, threads: bad, graphs: [f: graph]))
        end
      end

      lib = "nxc_threads_clash_#{System.unique_integer([:positive])}"

      on_exit(fn ->
        for f <- Path.wildcard(Path.join(:code.priv_dir(:nxc), lib <> ".so*")), do: File.rm(f)
      end)

      # One parameter: set_threads/1.
      assert_raise ArgumentError, ~r/set_threads\/1 would clash/, fn ->
        Code.eval_quoted(quoted.(otp_app: :nxc, lib: lib, graphs: [set_threads: graph]))
      end
    end
  end

  describe "runtime/nif/nxc_nif.c" do
    test "set_threads/1 and threads/0 of the single-function NIF" do
      tmp = Path.join(System.tmp_dir!(), "nxc-nif-threads-#{System.unique_integer([:positive])}")
      File.mkdir_p!(tmp)
      on_exit(fn -> File.rm_rf(tmp) end)
      nif_dir = Path.expand("../../runtime/nif", __DIR__)
      %{case: c, graph_path: graph} = CaseTensor.read_case("medium_matmul_256x256")
      obj = Path.join(tmp, "x.o")
      NxC.Native.compile!(graph, obj, ["--name=matmul" | @flags])
      src = NxC.Native.c_src_dir()
      so = Path.join(tmp, "nxc_nif.so")

      NxC.Native.link_shared!(
        [
          Path.join(nif_dir, "nxc_nif.c"),
          obj,
          Path.join(src, "runtime.c"),
          Path.join(src, "parallel.c")
        ],
        so,
        include: [NxC.Native.erts_include(), NxC.Native.include_dir(), tmp],
        cflags: [
          ~s(-DNXC_HEADER="x.h"),
          "-DNXC_FN=matmul",
          "-DNXC_INFO=matmul_info",
          "-pthread",
          "-Wl,-z,nodelete"
        ]
      )

      {:ok, :nxc_nif, beam} =
        :compile.file(String.to_charlist(Path.join(nif_dir, "nxc_nif.erl")), [:binary])

      # Loaded at run time: called through apply/3.
      nif = &apply(:nxc_nif, &1, &2)
      {:module, :nxc_nif} = :code.load_binary(:nxc_nif, ~c"nxc_nif.erl", beam)

      on_exit(fn ->
        # Unloads the library: -z nodelete keeps it mapped for its pool.
        :code.delete(:nxc_nif)
        :code.purge(:nxc_nif)
      end)

      assert :ok == nif.(:load, [String.to_charlist(so)])

      inputs = CaseTensor.binaries(c["inputs"])
      assert nif.(:threads, []) == 1
      {:ok, serial} = nif.(:call, [inputs])
      CaseTensor.assert_expected("medium_matmul_256x256", serial, c)
      before = os_threads()
      assert nif.(:set_threads, [3]) == 3
      assert nif.(:threads, []) == 3
      assert {:ok, ^serial} = nif.(:call, [inputs])
      # A fresh pool of its own: its 2 workers; the loader's count unchanged.
      assert os_threads() - before == 2
      assert NxC.threads() == 1
      assert {:ok, ^serial} = nif.(:call_dirty, [inputs])
      assert nif.(:set_threads, [1]) == 1
    end
  end
end
