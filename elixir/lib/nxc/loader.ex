defmodule NxC.Loader do
  @moduledoc """
  The generic NIF loader: calls any function compiled by nxc.

  A compiled function is a shared library built from an nxc object
  (`clang -shared f.o -lm -o f.so`) exporting `<name>` and `<name>_info`
  (docs/abi.md). `load/2` opens it and returns a resource; any number of
  functions can be loaded at once, each library stays open as long as its
  resource is referenced.

      {:ok, fun} = NxC.Loader.load("/tmp/mlp.so", "model_mlp_forward")
      NxC.Loader.info(fun)
      #=> %{name: "model_mlp_forward", abi_version: 1, workspace_size: 0,
      #     dirty: false, parallel: true, args: [%{dtype: :f32, shape: {5, 4}, byte_size: 80}, ...],
      #     results: [...]}
      {:ok, [out]} = NxC.Loader.call(fun, [x, w1, b1, w2, b2])

  Tensors are binaries of exactly `byte_size` bytes, dense, row-major and
  little-endian (the layout of `Nx.to_binary/1`). Inputs are read in place
  (copied only when misaligned for their type); results are fresh binaries.

  `call/2` runs on a normal scheduler unless the call touches more than
  1 MiB (arguments + results + workspace), then on a dirty CPU scheduler;
  `call_dirty/2` always uses a dirty CPU scheduler (a long `while` over small
  data, say).

  Errors are returned, not raised (indices are 0-based):
  `{:error, :not_a_list}`, `{:error, {:wrong_arg_count, expected, got}}`,
  `{:error, {:not_a_binary, i}}`, `{:error, {:wrong_byte_size, i, expected, got}}`,
  `{:error, {:nxc_status, code, message}}`, `{:error, :enomem}`; from `load/2`:
  `{:error, {:dlopen, message}}`, `{:error, {:dlsym, symbol}}`,
  `{:error, {:abi_version, expected, got}}`. A resource of the wrong kind
  raises `ArgumentError`.

  ## Threads

  Compiled functions split their large parallel loops (`nxc compile
  --parallel-min-work`, docs/cli.md) across the threads of the nxc runtime's
  pool, which is linked into the loader: one pool and one thread count for
  all the functions loaded here, **1 by default** (every call runs on the
  calling scheduler thread). `set_threads/1` changes it for the calls that
  start afterwards; results do not depend on it. While one call's loop holds
  the pool, loops of concurrent calls run on their own scheduler thread.
  `NxC.set_threads/1` is the checked front end.

  A library reaches the pool through `nxc_jit_set_pool`, defined by
  `priv/c_src/nxc_jit_pool.c`, which `NxC.Cache` links into every library it
  builds (`clang -shared f.o nxc_jit_pool.c -lm -o f.so` by hand); `load/2`
  calls it, and `info/1` then says `parallel: true`. A library without it
  (`parallel: false`) runs its loops on the calling thread, or on a pool of
  its own if it links one (`libnxc_runtime.a` and its own
  `nxc_set_num_threads` call).
  """

  @typedoc "A loaded compiled function (a NIF resource)."
  @type fun :: reference()

  # The NIF library is loaded on first use, not with @on_load, so that a
  # missing or broken priv/nxc_loader.so is a clear error at the call site
  # rather than a module that silently fails to load.

  @doc "Loads `<name>_info` from the shared library at `path`."
  @spec load(Path.t(), String.t()) :: {:ok, fun} | {:error, term}
  def load(path, name) do
    ensure_nif!()
    __MODULE__.load(IO.chardata_to_string(path), IO.chardata_to_string(name))
  end

  @doc "Calls `fun` with a list of binaries, one per argument."
  @spec call(fun, [binary]) :: {:ok, [binary]} | {:error, term}
  def call(fun, args) do
    ensure_nif!()
    __MODULE__.call(fun, args)
  end

  @doc "Like `call/2`, always on a dirty CPU scheduler."
  @spec call_dirty(fun, [binary]) :: {:ok, [binary]} | {:error, term}
  def call_dirty(fun, args) do
    ensure_nif!()
    __MODULE__.call_dirty(fun, args)
  end

  @doc "The signature of `fun`: name, arguments and results (dtype, shape, byte_size)."
  @spec info(fun) :: map
  def info(fun) do
    ensure_nif!()
    __MODULE__.info(fun)
  end

  @doc """
  Sets the thread count of the pool shared by every loaded function (`<= 0`:
  one per online CPU, at most 256) and returns the count set.
  """
  @spec set_threads(integer) :: pos_integer
  def set_threads(threads) when is_integer(threads) do
    ensure_nif!()
    __MODULE__.set_threads(threads)
  end

  @doc "The pool's thread count (1 unless `set_threads/1` changed it)."
  @spec threads() :: pos_integer
  def threads do
    ensure_nif!()
    __MODULE__.threads()
  end

  @doc "Path of the loader's NIF library (without `.so`)."
  def nif_path, do: Path.join(:code.priv_dir(:nxc), "nxc_loader")

  defp ensure_nif! do
    case :erlang.load_nif(String.to_charlist(nif_path()), 0) do
      :ok ->
        :ok

      # Another process loaded it between our stub call and this one.
      {:error, {:reload, _}} ->
        :ok

      {:error, {reason, text}} ->
        raise "nxc: cannot load the NIF #{nif_path()}.so (#{reason}): #{text}"
    end
  end
end
