defmodule NxC do
  @moduledoc """
  Elixir integration of nxc, the ahead-of-time compiler for Nx `defn` graphs.

    * `NxC.Loader` - the generic NIF loader for nxc-compiled functions;
    * `NxC.Cache` - nx-graph JSON to a loaded function, cached in memory
      and on disk;
    * `NxC.AOT` - build-time compilation into an application's NIF library;
    * with Nx: `NxC.Export` (defn to nx-graph JSON) and `NxC` itself as an
      `Nx.Defn.Compiler`:

          Nx.Defn.jit(&MyDefn.softmax/1, compiler: NxC).(tensor)
          Nx.Defn.default_options(compiler: NxC)

  Compiler options (given to `jit/2`, `compile/3` or `default_options/1`):

    * `:nxc_path` - the nxc binary (else `NXC_BIN`, `nxc` on PATH, the
      repository's `build/bin/nxc`);
    * `:nxc_flags` - extra `nxc compile` flags, e.g. `["--cpu=x86-64-v3"]`
      (part of the cache key);
    * `:cache_dir` - the disk cache (else `NXC_CACHE_DIR`, else the user
      cache directory);
    * `:dirty` - `true` to always call on a dirty CPU scheduler (otherwise only
      calls touching more than 1 MiB do);
    * `:threads` - a positive integer or `:auto` (one per online CPU): sets
      the thread count (`set_threads/1`) before each call. Without it calls
      run with the current count, 1 unless changed.

  Threads: compiled code splits its large parallel loops (nxc's
  `--parallel-min-work`, 131072 element-iterations by default) across the
  threads of one pool per VM, shared by every function loaded through
  `NxC.Loader` (JIT and `load_graph!/2`). Its thread count is process-wide,
  **1 by default**: calls stay on the scheduler thread that makes them unless
  asked (`set_threads/1`, the `:threads` option). Results do not depend on
  it. Concurrent calls never wait for each other: while one call's loop
  holds the pool, the others run theirs on their own scheduler thread.
  Modules built with `NxC.AOT` have their own pool and count (`threads:`
  option, `MyModule.set_threads/1`).

  Hooks (`hook/3`, `print_value/2`) are not run: the exported graph keeps the
  hooked values but drops the side effects. `Nx.Defn.stream/3` is not supported.
  """

  @doc """
  Compiles nx-graph JSON (cached) and returns the loaded function, to be used
  with `NxC.Loader.call/2`. Works without Nx. Options as `NxC.Cache.fetch!/2`.
  """
  def load_graph!(graph_json, opts \\ []) do
    {fun, _origin} = NxC.Cache.fetch!(graph_json, opts)
    fun
  end

  @doc """
  Sets how many threads functions loaded through `NxC.Loader` (the JIT,
  `load_graph!/2`) may use, the calling thread included: a positive integer,
  or `:auto` for one per online CPU (capped at 256). Process-wide, 1 until
  set; applies to calls that start afterwards. Returns the count set.
  """
  @spec set_threads(pos_integer | :auto) :: pos_integer
  def set_threads(threads), do: threads |> threads_arg!() |> NxC.Loader.set_threads()

  @doc "The thread count of functions loaded through `NxC.Loader` (1 by default)."
  @spec threads() :: pos_integer
  def threads, do: NxC.Loader.threads()

  @doc false
  # A thread count option as nxc_set_num_threads takes it (0: one per CPU).
  def threads_arg!(:auto), do: 0
  def threads_arg!(n) when is_integer(n) and n > 0, do: n

  def threads_arg!(other) do
    raise ArgumentError, "threads: expected a positive integer or :auto, got: #{inspect(other)}"
  end

  if Code.ensure_loaded?(Nx.Defn.Expr) do
    @behaviour Nx.Defn.Compiler

    @impl true
    def __jit__(key, vars, fun, args_list, opts) do
      __compile__(key, vars, fun, opts).(args_list)
    end

    @impl true
    def __compile__(key, vars, fun, opts) do
      {loaded, output} = compiled(key, vars, fun, opts)
      call = if opts[:dirty], do: &NxC.Loader.call_dirty/2, else: &NxC.Loader.call/2

      call =
        case opts[:threads] do
          nil ->
            call

          threads ->
            # Resolved once (:auto reads the CPU count), then set per call.
            threads = NxC.Loader.set_threads(threads_arg!(threads))

            fn loaded, binaries ->
              # Process-wide: a concurrent call with another :threads may
              # run with either count (same results).
              NxC.Loader.set_threads(threads)
              call.(loaded, binaries)
            end
        end

      fn args_list ->
        Enum.map(args_list, fn args -> run(loaded, call, args, output) end)
      end
    end

    # A callback up to Nx 0.12; Nx 0.13 dropped streams.
    @impl {:__stream__, 7} in Nx.Defn.Compiler.behaviour_info(:callbacks)
    def __stream__(_key, _input, _acc, _vars, _fun, _args_list, _opts) do
      raise ArgumentError, "NxC does not support Nx.Defn.stream/3"
    end

    @impl true
    def __partitions_options__(opts), do: [opts]

    @impl true
    def __to_backend__(_opts), do: Nx.default_backend()

    # Exporting costs a graph traversal per call, so the (function, argument
    # templates, flags) -> loaded function mapping is memoized too; the graph
    # itself is still the key of NxC.Cache. Only for functions without a
    # captured environment: a closure's environment can hold a built
    # expression (Nx.Defn.Graph.run jits `fn _ -> expr end`), which hashing
    # and copying into :persistent_term walk as a tree, exponential in a DAG
    # (a chain of 24 `x + x` took 18 s), and closures made per call would
    # pile up there. Those re-export per call and hit NxC.Cache.
    defp compiled(key, vars, fun, opts) do
      cache_opts = [
        flags: opts[:nxc_flags] || [],
        nxc_path: opts[:nxc_path],
        cache_dir: opts[:cache_dir]
      ]

      signature =
        vars
        |> Nx.Defn.Composite.flatten_list()
        |> Enum.map(&{&1.type, &1.shape, &1.names, &1.vectorized_axes})

      jit_key = {__MODULE__, :jit, key, length(vars), signature, cache_opts}
      memo? = not is_function(key) or :erlang.fun_info(key, :env) == {:env, []}

      case memo? and :persistent_term.get(jit_key, nil) do
        hit when is_tuple(hit) ->
          hit

        _ ->
          {json, output} = NxC.Export.from_vars(vars, fun, name: "nxc_main")
          {loaded, _origin} = NxC.Cache.fetch!(json, cache_opts)
          if memo?, do: :persistent_term.put(jit_key, {loaded, output})
          {loaded, output}
      end
    end

    defp run(loaded, call, args, output) do
      binaries =
        args
        |> Enum.with_index()
        |> Enum.map(fn {arg, i} -> input_binary(arg.(), i) end)

      case call.(loaded, binaries) do
        {:ok, results} ->
          {container, []} =
            Nx.Defn.Composite.traverse(output, results, fn t, [bin | rest] ->
              {to_tensor(t, bin), rest}
            end)

          container

        {:error, reason} ->
          raise RuntimeError, "nxc: call failed: #{inspect(reason)}"
      end
    end

    # The compiled function reads every input's bytes; a backend that cannot
    # give them (no to_binary/2) gets an error naming the argument, not an
    # UndefinedFunctionError from inside Nx.
    defp input_binary(%Nx.Tensor{data: %backend{}} = t, i) do
      if backend == Nx.BinaryBackend or
           (Code.ensure_loaded?(backend) and function_exported?(backend, :to_binary, 2)) do
        t |> Nx.devectorize(keep_names: false) |> Nx.to_binary()
      else
        raise ArgumentError,
              "NxC: argument #{i} is on #{inspect(backend)}, which does not implement " <>
                "to_binary/2, and compiled code reads the input's bytes; transfer it " <>
                "first (for example Nx.backend_transfer(t, Nx.BinaryBackend))"
      end
    end

    defp to_tensor(%Nx.Tensor{vectorized_axes: vaxes} = t, bin) do
      shape = List.to_tuple(Enum.map(vaxes, &elem(&1, 1)) ++ Tuple.to_list(t.shape))
      names = List.duplicate(nil, length(vaxes)) ++ t.names
      tensor = bin |> Nx.from_binary(t.type) |> Nx.reshape(shape, names: names)
      if vaxes == [], do: tensor, else: Nx.vectorize(tensor, vaxes)
    end
  end
end
