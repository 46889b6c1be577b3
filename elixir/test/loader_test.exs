defmodule NxC.LoaderTest do
  use ExUnit.Case, async: true
  alias NxC.Test.CaseTensor

  # A representative set: an MLP, a reduction, u8, c64, bf16, several
  # outputs, while loops, cond branches, a composite.
  @cases ~w(model_mlp_forward reduce_sum_keep_axes_rank3 binary_add_u8 binary_multiply_c64
            reduce_sum_c64 unary_exp_bf16 output_container_map composite_cumulative_sum
            while_counter model_rnn_while cond_shared_nodes)

  defp load_case(name) do
    %{case: c, graph_path: path} = CaseTensor.read_case(name)
    {NxC.load_graph!(File.read!(path)), c}
  end

  for name <- @cases do
    test "corpus #{name}: compiled, loaded and called gives the expected outputs" do
      name = unquote(name)
      {fun, c} = load_case(name)
      info = NxC.Loader.info(fun)
      assert info.abi_version == 1

      assert Enum.map(info.args, &{Atom.to_string(&1.dtype), Tuple.to_list(&1.shape)}) ==
               Enum.map(c["inputs"], &{&1["type"], &1["shape"]})

      assert Enum.map(info.results, &{Atom.to_string(&1.dtype), Tuple.to_list(&1.shape)}) ==
               Enum.map(c["expected"], &{&1["type"], &1["shape"]})

      inputs = CaseTensor.binaries(c["inputs"])
      assert {:ok, outs} = NxC.Loader.call(fun, inputs)
      CaseTensor.assert_expected(name, outs, c)
      assert {:ok, ^outs} = NxC.Loader.call_dirty(fun, inputs)
    end
  end

  test "misaligned sub-binary inputs are copied, not misread" do
    {fun, c} = load_case("binary_multiply_c64")
    inputs = CaseTensor.binaries(c["inputs"])
    # <<_, rest>> makes a sub-binary starting at an odd address.
    shifted =
      Enum.map(inputs, fn b ->
        <<_, rest::binary>> = <<0>> <> b
        rest
      end)

    assert {:ok, outs} = NxC.Loader.call(fun, shifted)
    CaseTensor.assert_expected("binary_multiply_c64", outs, c)
  end

  test "concurrent calls from many processes agree" do
    {fun, c} = load_case("model_mlp_forward")
    inputs = CaseTensor.binaries(c["inputs"])
    {:ok, ref} = NxC.Loader.call(fun, inputs)

    results =
      1..16
      |> Task.async_stream(fn _ -> NxC.Loader.call(fun, inputs) end, max_concurrency: 16)
      |> Enum.map(fn {:ok, r} -> r end)

    assert Enum.all?(results, &(&1 == {:ok, ref}))
  end

  test "large calls are flagged for dirty schedulers" do
    {fun, _} = load_case("medium_softmax_256x1024")
    assert NxC.Loader.info(fun).dirty == true
    {small, _} = load_case("binary_add_u8")
    assert NxC.Loader.info(small).dirty == false
  end

  test "errors: arity, byte size, non-binaries, non-lists, wrong resources" do
    {fun, c} = load_case("model_mlp_forward")
    [x | rest] = CaseTensor.binaries(c["inputs"])

    assert {:error, {:wrong_arg_count, 5, 1}} = NxC.Loader.call(fun, [x])
    assert {:error, {:wrong_arg_count, 5, 6}} = NxC.Loader.call(fun, [x, x | rest])

    assert {:error, {:wrong_byte_size, 0, 80, 79}} =
             NxC.Loader.call(fun, [binary_part(x, 0, 79) | rest])

    assert {:error, {:not_a_binary, 1}} = NxC.Loader.call(fun, [x, :foo | tl(rest)])
    assert {:error, :not_a_list} = NxC.Loader.call(fun, x)
    assert_raise ArgumentError, fn -> NxC.Loader.call(make_ref(), [x | rest]) end
    assert_raise ArgumentError, fn -> NxC.Loader.info(:not_a_function) end
  end

  test "load errors: missing library, missing symbol" do
    assert {:error, {:dlopen, msg}} = NxC.Loader.load("/nonexistent/lib.so", "f")
    assert msg =~ "/nonexistent/lib.so"

    # The loader's own library exists but holds no nxc function.
    assert {:error, {:dlsym, "nope_info"}} =
             NxC.Loader.load(NxC.Loader.nif_path() <> ".so", "nope")
  end
end
