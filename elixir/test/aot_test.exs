defmodule NxC.AOTTest do
  use ExUnit.Case, async: true
  alias NxC.Test.CaseTensor

  @corpus CaseTensor.corpus_dir()

  defmodule Model do
    # Built when this test file compiles: three corpus graphs in one library.
    use NxC.AOT,
      otp_app: :nxc,
      lib: "nxc_aot_test_model",
      graphs: [
        mlp: Path.join(NxC.Test.CaseTensor.corpus_dir(), "model_mlp_forward.graph.json"),
        cumsum:
          Path.join(NxC.Test.CaseTensor.corpus_dir(), "composite_cumulative_sum.graph.json"),
        add_u8: Path.join(NxC.Test.CaseTensor.corpus_dir(), "binary_add_u8.graph.json")
      ]
  end

  defp check(fun, case_name) do
    %{case: c} = CaseTensor.read_case(case_name)
    result = apply(Model, fun, CaseTensor.binaries(c["inputs"]))
    outs = if is_tuple(result), do: Tuple.to_list(result), else: [result]

    for {got, exp} <- Enum.zip(outs, c["expected"]) do
      assert :ok == CaseTensor.compare(exp["type"], got, Base.decode64!(exp["data"]))
    end

    assert length(outs) == length(c["expected"])
  end

  test "one library holds every function, called through the generated module" do
    assert File.regular?(Model.__nxc__(:library))
    check(:mlp, "model_mlp_forward")
    check(:cumsum, "composite_cumulative_sum")
    check(:add_u8, "binary_add_u8")
  end

  test "generated signatures and docs" do
    sigs = Model.__nxc__(:signatures)

    assert %{
             params: [%{type: "f32", shape: [5, 4]} | _],
             outputs: [%{type: "f32", shape: [5, 3]}]
           } = sigs["mlp"]

    assert length(sigs["cumsum"].outputs) == 2
    assert function_exported?(Model, :mlp, 5)
    assert function_exported?(Model, :cumsum, 1)
  end

  test "the library is a NIF of its own: no dlopen, no nxc at run time" do
    {out, 0} = System.cmd("nm", ["-D", "--defined-only", Model.__nxc__(:library)])
    assert out =~ "mlp_info"
    assert out =~ "nif_init"
    {undef, 0} = System.cmd("nm", ["-D", "--undefined-only", Model.__nxc__(:library)])
    refute undef =~ "dlopen"
  end

  test "bad arguments raise ArgumentError" do
    assert_raise ArgumentError, ~r/wrong_byte_size/, fn -> Model.add_u8(<<1>>, <<2>>) end
    assert_raise ArgumentError, ~r/expected a binary/, fn -> Model.add_u8(1, 2) end
  end

  test "an unchanged build is not redone" do
    lib = Model.__nxc__(:library)
    %{mtime: before} = File.stat!(lib)

    graphs =
      for n <- ~w(model_mlp_forward),
          do: {"mlp", File.read!(Path.join(@corpus, n <> ".graph.json")), nil}

    out = Path.join(System.tmp_dir!(), "nxc-aot-stamp-#{System.unique_integer([:positive])}.so")

    on_exit(fn ->
      File.rm(out)
      File.rm(out <> ".sha256")
    end)

    :ok = NxC.AOT.build_library!(Model, graphs, out, nil)
    %{mtime: first} = File.stat!(out)
    :ok = NxC.AOT.build_library!(Model, graphs, out, nil)
    assert File.stat!(out).mtime == first
    assert File.stat!(lib).mtime == before
  end
end
