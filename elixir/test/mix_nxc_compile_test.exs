defmodule NxC.MixCompileTaskTest do
  # mix nxc.compile on a corpus graph, without Nx. Not async: it swaps the Mix
  # shell and puts a library into priv/ that the module below would load.
  use ExUnit.Case, async: false
  alias NxC.Test.CaseTensor

  defmodule Model do
    use NxC.AOT,
      otp_app: :nxc,
      lib: "nxc_compile_task_test_model",
      graphs: [add_u8: Path.join(NxC.Test.CaseTensor.corpus_dir(), "binary_add_u8.graph.json")]
  end

  setup do
    tmp = Path.join(System.tmp_dir!(), "nxc-compile-task-#{System.unique_integer([:positive])}")
    Mix.shell(Mix.Shell.Process)

    on_exit(fn ->
      Mix.shell(Mix.Shell.IO)
      File.rm_rf(tmp)
    end)

    %{tmp: tmp}
  end

  defp run_task(args) do
    Mix.Tasks.Nxc.Compile.run(args)
    assert_received {:mix_shell, :info, [msg]}
    msg
  end

  # e_machine of an ELF file (62 x86-64, 183 AArch64).
  defp elf_machine(path) do
    <<0x7F, "ELF", _::binary-size(14), machine::little-16, _::binary>> = File.read!(path)
    machine
  end

  test "builds the module's library for the host, then reports it unchanged", %{tmp: tmp} do
    msg = run_task(["--module", inspect(Model), "--out", tmp])
    lib = Path.join(tmp, "nxc_compile_task_test_model.so")
    assert msg =~ ~r/^Built .*nxc_compile_task_test_model\.so for #{inspect(Model)}: add_u8\/2/
    assert msg =~ "(#{NxC.Native.host_triple()} (host), "
    assert elf_machine(lib) == 62
    {syms, 0} = System.cmd("nm", ["-D", "--defined-only", lib])
    assert syms =~ "add_u8_info"
    assert syms =~ "nif_init"

    assert run_task(["--module", inspect(Model), "--out", tmp]) =~ ~r/^Unchanged /
    assert run_task(["--module", inspect(Model), "--out", tmp, "--force"]) =~ ~r/^Built /
  end

  test "the generated functions call the library (the one in priv/)" do
    %{case: c} = CaseTensor.read_case("binary_add_u8")
    [exp] = c["expected"]
    got = apply(Model, :add_u8, CaseTensor.binaries(c["inputs"]))
    assert :ok == CaseTensor.compare(exp["type"], got, Base.decode64!(exp["data"]))
  end

  test "--target aarch64-linux-gnu builds a cross library", %{tmp: tmp} do
    args = ["--module", inspect(Model), "--out", tmp, "--target", "aarch64-linux-gnu"]

    if File.regular?("/usr/aarch64-linux-gnu/include/stdlib.h") do
      msg = run_task(args)
      assert msg =~ "nxc_compile_task_test_model.aarch64-linux-gnu.so"
      assert msg =~ "(aarch64-linux-gnu, "

      assert elf_machine(Path.join(tmp, "nxc_compile_task_test_model.aarch64-linux-gnu.so")) ==
               183
    else
      assert_raise Mix.Error, ~r/no C library for aarch64-linux-gnu/, fn -> run_task(args) end
    end
  end

  test "a host-built module loads the library built for the machine it runs on" do
    priv = :code.priv_dir(:nxc)
    arch = :erlang.system_info(:system_architecture) |> to_string() |> String.split("-") |> hd()
    cross = Path.join(priv, "nxc_compile_task_test_model.#{arch}-linux-gnu.so")
    on_exit(fn -> File.rm(cross) end)

    assert Model.__nxc__(:library) == Path.join(priv, "nxc_compile_task_test_model.so")
    File.cp!(Model.__nxc__(:library), cross)
    assert Model.__nxc__(:library) == cross
  end

  test "clear errors", %{tmp: tmp} do
    assert_raise Mix.Error, ~r/unknown module NoSuch\.Module/, fn ->
      Mix.Tasks.Nxc.Compile.run(["--module", "NoSuch.Module"])
    end

    assert_raise Mix.Error, ~r/String does not `use NxC.AOT`/, fn ->
      Mix.Tasks.Nxc.Compile.run(["--module", "String"])
    end

    # The nxc project itself configures no modules.
    assert_raise Mix.Error, ~r/no modules to build: pass --module/, fn ->
      Mix.Tasks.Nxc.Compile.run([])
    end

    assert_raise Mix.Error, ~r/nxc not found \(tried "\/nonexistent\/nxc"\)/, fn ->
      Mix.Tasks.Nxc.Compile.run([
        "--module",
        inspect(Model),
        "--out",
        tmp,
        "--nxc",
        "/nonexistent/nxc"
      ])
    end

    assert_raise Mix.Error, ~r/invalid option --bogus/, fn ->
      Mix.Tasks.Nxc.Compile.run(["--bogus"])
    end

    assert_raise ArgumentError, ~r/no functions: give :graphs and\/or :functions/, fn ->
      NxC.AOT.build!(Model, [otp_app: :nxc], out: tmp)
    end
  end
end
