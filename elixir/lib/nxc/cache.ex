defmodule NxC.Cache do
  @moduledoc """
  Compiles nx-graph JSON into loaded functions, cached by content.

  The key is the SHA-256 of the graph's JSON, the nxc flags, nxc's
  `--version` and the C source linked with the object (`nxc_jit_pool.c`,
  which lets `NxC.Loader` run the library's parallel loops on its thread
  pool). Two levels:

    * memory: `:persistent_term` (`{NxC.Cache, key}`), read without copying
      by every process; written once per compiled graph.
    * disk: `<dir>/<key>.so`, where dir is the `:cache_dir` option,
      `NXC_CACHE_DIR`, or `:filename.basedir(:user_cache, "nxc")`. Entries are
      written to a temporary name and renamed, so concurrent compilers of the
      same graph never see a partial file.

  The compiled symbol is always `nxc_main` (`--name`), so the graph's own
  `"name"` does not matter.
  """

  @symbol "nxc_main"

  @doc """
  Returns `{loaded_function, origin}` for a graph, `origin` being `:memory`,
  `:disk` or `:compiled`. Raises `NxC.CompileError` if nxc or the linker fails.

  Options: `:flags` (extra nxc flags, e.g. `["--cpu=x86-64-v3"]`), `:cache_dir`,
  `:nxc_path`, `:cc`.
  """
  def fetch!(graph_json, opts \\ []) do
    flags = opts[:flags] || []
    nxc = NxC.Native.nxc_path(opts)
    key = key(graph_json, flags, nxc)

    case :persistent_term.get({__MODULE__, key}, nil) do
      nil ->
        path = Path.join(cache_dir(opts), key <> ".so")

        origin =
          if File.regular?(path), do: :disk, else: compile_to!(graph_json, flags, path, opts)

        fun = load!(path)
        :persistent_term.put({__MODULE__, key}, fun)
        {fun, origin}

      fun ->
        {fun, :memory}
    end
  end

  @doc "The cache key of a graph (hex SHA-256)."
  def key(graph_json, flags, nxc \\ NxC.Native.nxc_path()) do
    :crypto.hash_init(:sha256)
    |> :crypto.hash_update(graph_json)
    |> :crypto.hash_update(<<0>>)
    |> :crypto.hash_update(Enum.join(flags, <<0>>))
    |> :crypto.hash_update(<<0>>)
    |> :crypto.hash_update(NxC.Native.nxc_version(nxc))
    |> :crypto.hash_update(<<0>>)
    |> :crypto.hash_update(File.read!(jit_pool_source()))
    |> :crypto.hash_final()
    |> Base.encode16(case: :lower)
  end

  @doc "The disk cache directory."
  def cache_dir(opts \\ []) do
    opts[:cache_dir] || System.get_env("NXC_CACHE_DIR") ||
      :filename.basedir(:user_cache, ~c"nxc") |> to_string()
  end

  @doc """
  Forgets every in-memory entry (the disk cache is kept); loaded functions
  still referenced elsewhere stay usable.
  """
  def clear_memory do
    for {{__MODULE__, _} = k, _} <- :persistent_term.get(), do: :persistent_term.erase(k)
    :ok
  end

  # Defines the object's nxc_parallel_for (hidden), forwarding to the pool
  # NxC.Loader hands it when it loads the library.
  defp jit_pool_source, do: Path.join(NxC.Native.c_src_dir(), "nxc_jit_pool.c")

  defp load!(path) do
    case NxC.Loader.load(path, @symbol) do
      {:ok, fun} ->
        fun

      {:error, reason} ->
        raise NxC.CompileError,
          message: "cannot load #{path}: #{inspect(reason)}",
          status: nil,
          command: nil
    end
  end

  defp compile_to!(graph_json, flags, path, opts) do
    dir = Path.dirname(path)
    File.mkdir_p!(dir)
    tmp = Path.join(dir, "tmp-#{System.unique_integer([:positive])}-#{:os.getpid()}")
    File.mkdir_p!(tmp)

    try do
      graph = Path.join(tmp, "graph.json")
      obj = Path.join(tmp, "graph.o")
      so = Path.join(tmp, "graph.so")
      File.write!(graph, graph_json)
      NxC.Native.compile!(graph, obj, ["--name=#{@symbol}" | flags], opts)
      NxC.Native.link_shared!([obj, jit_pool_source()], so, opts)
      File.rename!(so, path)
      :compiled
    after
      File.rm_rf(tmp)
    end
  end
end
