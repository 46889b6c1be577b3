if Code.ensure_loaded?(Nx) do
  defmodule NxC.AOTNxTest.Model do
    # defn functions exported and compiled at build time.
    use NxC.AOT,
      otp_app: :nxc,
      lib: "nxc_aot_nx_test_model",
      functions: [
        softmax: {&NxC.Test.Defns.softmax/1, [Nx.template({2, 3}, :f32)]},
        pair: {&NxC.Test.Defns.pair/2, [Nx.template({3}, :s32), Nx.template({3}, :s32)]}
      ]
  end
end

defmodule NxC.AOTNxTest do
  use ExUnit.Case, async: true
  import NxC.Test.NxCase

  nx_test "AOT functions from defn, called with tensors" do
    t = Nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    got = NxC.AOTNxTest.Model.softmax_nx(t)
    want = NxC.Test.Defns.softmax(t)
    assert Nx.all_close(got, want) |> Nx.to_number() == 1
    assert is_binary(NxC.AOTNxTest.Model.softmax(t))

    {s, d, p} =
      NxC.AOTNxTest.Model.pair_nx(
        Nx.tensor([1, 2, 3], type: :s32),
        Nx.tensor([10, 20, 30], type: :s32)
      )

    # Flat outputs in Composite order: sum, then the map by sorted key (diff, prod).
    assert Nx.to_flat_list(s) == [11, 22, 33]
    assert Nx.to_flat_list(d) == [-9, -18, -27]
    assert Nx.to_flat_list(p) == [10, 40, 90]
  end

  nx_test "mix nxc.compile exports the defn functions again, from the stored options" do
    tmp = Path.join(System.tmp_dir!(), "nxc-compile-nx-#{System.unique_integer([:positive])}")
    on_exit(fn -> File.rm_rf(tmp) end)

    built =
      ExUnit.CaptureIO.capture_io(fn ->
        Mix.Tasks.Nxc.Compile.run(["--module", inspect(NxC.AOTNxTest.Model), "--out", tmp])
      end)

    assert built =~
             ~r/^Built .*nxc_aot_nx_test_model\.so for NxC.AOTNxTest.Model: softmax\/1, pair\/2/

    assert File.regular?(Path.join(tmp, "nxc_aot_nx_test_model.so"))
  end
end
