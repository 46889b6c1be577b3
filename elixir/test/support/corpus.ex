if Code.ensure_loaded?(Nx.Defn.Expr) do
  defmodule NxC.Test.Corpus do
    @moduledoc """
    Exporter round trip over the corpus: compile a case's `source` (entry
    `f`), export it with the case inputs' types and shapes as templates,
    compile it with nxc, call it with the case inputs and compare with
    `expected`.
    """
    alias NxC.Test.CaseTensor

    @head Path.expand("../../../../shared/corpus-head", __DIR__)

    @doc """
    Whether Nx traces as Nx 0.12 and later do (`block` composites, s32
    defaults): the 0.7.2 corpus's sources then give other graphs and types,
    so the round trip runs over corpus-head, which current Nx exported.
    """
    def head? do
      _ = Application.load(:nx)
      vsn = Application.spec(:nx, :vsn)
      vsn != nil and Version.match?(to_string(vsn), ">= 0.12.0-dev")
    end

    def dir do
      if head?(), do: System.get_env("NXC_CORPUS_HEAD") || @head, else: CaseTensor.corpus_dir()
    end

    def names do
      dir()
      |> Path.join("*.case.json")
      |> Path.wildcard()
      |> Enum.map(&Path.basename(&1, ".case.json"))
      |> Enum.sort()
    end

    @doc "Returns :ok, {:skip, why} or {:error, why}."
    def roundtrip(name, opts \\ []) do
      %{case: c, graph_path: gpath} = CaseTensor.read_case(name, dir())
      inputs = c["inputs"]

      with {:ok, mod} <- compile_source(name, c["source"]),
           {:ok, arity} <- entry_arity(mod, length(inputs)) do
        _ = arity
        # Axis names are not in case inputs; the corpus graph's params have
        # them (except for vectorized cases, whose leading name is a
        # vectorized axis).
        params = NxC.JSON.read!(gpath)["params"]
        vectorized? = "vectorize" in (c["tags"] || [])

        templates =
          Enum.zip_with(inputs, params, fn input, param ->
            names = if vectorized?, do: nil, else: param["names"]
            template(input, names)
          end)

        json = NxC.Export.export(Function.capture(mod, :f, length(inputs)), templates, name: name)
        if path = opts[:write_to], do: File.write!(Path.join(path, name <> ".graph.json"), json)
        {fun, _} = NxC.Cache.fetch!(json, opts)
        {:ok, outs} = NxC.Loader.call(fun, CaseTensor.binaries(inputs))

        if length(outs) != length(c["expected"]) do
          {:error, "#{length(outs)} outputs, expected #{length(c["expected"])}"}
        else
          Enum.zip(outs, c["expected"])
          |> Enum.with_index()
          |> Enum.find_value(:ok, fn {{got, exp}, i} ->
            case CaseTensor.compare(exp["type"], got, Base.decode64!(exp["data"])) do
              :ok -> nil
              {:error, why} -> {:error, "output #{i}: #{why}"}
            end
          end)
          |> with_structure(json, gpath)
        end
      end
    rescue
      e -> {:error, Exception.format(:error, e, __STACKTRACE__) |> String.slice(0, 2000)}
    end

    defp with_structure(:ok, json, gpath) do
      mine = op_counts(NxC.JSON.decode!(json))
      theirs = op_counts(NxC.JSON.read!(gpath))
      if mine == theirs, do: :ok, else: {:ok_different_structure, diff(mine, theirs)}
    end

    defp with_structure(other, _, _), do: other

    defp diff(a, b) do
      keys = Enum.uniq(Map.keys(a) ++ Map.keys(b))

      for k <- keys,
          Map.get(a, k, 0) != Map.get(b, k, 0),
          into: %{},
          do: {k, {Map.get(a, k, 0), Map.get(b, k, 0)}}
    end

    @doc "Op name -> count over the whole graph, nested scopes included."
    def op_counts(%{"nodes" => nodes}) do
      Enum.reduce(nodes, %{}, fn node, acc ->
        acc = Map.update(acc, node["op"], 1, &(&1 + 1))
        scopes(node["args"]) |> Enum.reduce(acc, &merge(&2, op_counts(&1)))
      end)
    end

    defp merge(a, b), do: Map.merge(a, b, fn _, x, y -> x + y end)

    defp scopes(%{"scope" => s}), do: [s]
    defp scopes(%{} = m), do: m |> Map.values() |> Enum.flat_map(&scopes/1)
    defp scopes(l) when is_list(l), do: Enum.flat_map(l, &scopes/1)
    defp scopes(_), do: []

    defp template(%{"type" => type, "shape" => shape}, names) do
      names = names && Enum.map(names, &(&1 && String.to_atom(&1)))
      opts = if names, do: [names: names], else: []
      Nx.template(List.to_tuple(shape), Nx.Type.normalize!(String.to_atom(type)), opts)
    end

    @xfail Path.expand("../../../test/e2e/xfail.txt", __DIR__)

    @doc "Corpus cases nxc is known to fail (test/e2e/xfail.txt)."
    def xfail do
      case File.read(@xfail) do
        {:ok, text} ->
          for line <- String.split(text, "\n"),
              [name | _] <- [String.split(line)],
              not String.starts_with?(name, "#"),
              do: name

        _ ->
          []
      end
    end

    defp compile_source(name, source) do
      mod = Module.concat(NxC.Test.CorpusCase, Macro.camelize(name))

      if Code.ensure_loaded?(mod) do
        {:ok, mod}
      else
        code = "defmodule #{inspect(mod)} do\n  import Nx.Defn\n#{source}\nend\n"

        try do
          Code.compile_string(code)
          {:ok, mod}
        rescue
          e -> {:skip, "source does not compile: " <> Exception.message(e)}
        end
      end
    end

    defp entry_arity(mod, n) do
      if function_exported?(mod, :f, n),
        do: {:ok, n},
        else: {:skip, "f/#{n} not exported (container arguments)"}
    end
  end
end
