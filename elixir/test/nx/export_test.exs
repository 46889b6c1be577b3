defmodule NxC.ExportTest do
  use ExUnit.Case, async: true
  import NxC.Test.NxCase

  # Sources of the corpus (corpus-head with Nx 0.12+) exported by
  # NxC.Export, compiled with nxc and compared with Nx's expected values; the
  # op counts are also compared with the corpus graph (same structure as the
  # reference exporter).
  @subset ~w(model_mlp_forward cond_shared_nodes cond_nested cond_inside_while while_counter
             while_nested while_token_hook_inside reduce_fun_f32_max_abs window_reduce_fun
             composite_cumulative_sum composite_all_close linalg_qr_reduced linalg_lu_4x4
             hook_named_token metadata_custom_grad metadata_stop_grad literal_constants_special
             literal_tensor_in_defn literal_complex_constant literal_u64_constant map_s32
             output_param_and_constant shape_transpose_names unused_parameter top_k
             slice_dynamic_clamped put_slice_dynamic_clamped grad_mlp_loss random_split_fold_in
             binary_multiply_c64 unary_exp_bf16 convert_f32_to_f16_overflow)

  # Nx 0.12+: every corpus-head case (see NxC.Test.Corpus.head?/0).
  @head Code.ensure_loaded?(NxC.Test.Corpus) and apply(NxC.Test.Corpus, :head?, [])
  @subset if @head, do: apply(NxC.Test.Corpus, :names, []), else: @subset

  for name <- @subset do
    nx_test "export round trip: #{name}" do
      assert NxC.Test.Corpus.roundtrip(unquote(name)) == :ok
    end
  end

  @tag :corpus
  @tag timeout: :infinity
  nx_test "export round trip over the whole corpus" do
    results =
      NxC.Test.Corpus.names()
      |> Task.async_stream(&{&1, NxC.Test.Corpus.roundtrip(&1)},
        max_concurrency: System.schedulers_online(),
        timeout: :infinity
      )
      |> Enum.map(fn {:ok, r} -> r end)

    counts =
      Enum.frequencies_by(results, fn {_, r} -> if is_tuple(r), do: elem(r, 0), else: r end)

    xfail = NxC.Test.Corpus.xfail()

    failed =
      for {n, {:error, why}} <- results, n not in xfail, do: "#{n}: #{String.slice(why, 0, 300)}"

    IO.puts(
      "\nexporter round trip: #{inspect(counts)} of #{length(results)}\n" <>
        Enum.join(failed, "\n")
    )

    assert failed == []
  end

  nx_test "graphs are valid JSON with dense ids in text order" do
    json =
      NxC.Export.export(&NxC.Test.Defns.branches/2, [Nx.template({}, :u8), Nx.template({3}, :f32)])

    g = NxC.JSON.decode!(json)
    assert g["format"] == "nx-graph" and g["version"] == 1
    ids = Regex.scan(~r/"id":(\d+)/, json) |> Enum.map(fn [_, i] -> String.to_integer(i) end)
    assert ids == Enum.to_list(0..(length(ids) - 1))
  end

  nx_test "vectorized arguments are devectorized into the graph" do
    x = Nx.iota({3, 2}, type: :f32) |> Nx.vectorize(:batch)
    json = NxC.Export.export(&NxC.Test.Defns.scale/1, [x])
    g = NxC.JSON.decode!(json)
    assert [%{"shape" => [3, 2], "names" => ["batch", nil]}] = g["params"]
  end
end
