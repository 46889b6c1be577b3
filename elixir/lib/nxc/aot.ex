defmodule NxC.AOT do
  @moduledoc """
  Ahead-of-time compilation into an application's own NIF library.

      defmodule MyApp.Model do
        use NxC.AOT,
          otp_app: :my_app,
          # nx-graph files (no Nx needed), paths relative to the project root:
          graphs: [mlp: "graphs/mlp.graph.json"],
          # defn functions with argument templates (needs Nx at build time):
          functions: [softmax: {&MyApp.Defns.softmax/1, [Nx.template({2, 3}, :f32)]}]
      end

      MyApp.Model.mlp(x, w1, b1, w2, b2)     #=> binary, or a tuple of binaries
      MyApp.Model.softmax_nx(t)              #=> Nx tensor(s) (when built with Nx)

  At compile time every graph goes through `nxc compile --name=<name>`; the
  objects, the loader (`c_src/nxc_loader.c`, its AOT build) and the nxc
  runtime are linked into one library, `priv/<lib>.so` (host) or
  `priv/<lib>.<target>.so` (cross), whose NIF module is `<Module>.NIF`.
  At run time the module needs neither nxc, a C compiler, LLVM nor the `:nxc`
  application (depend on it with `runtime: false`).

  Generated functions, for each `name`:

    * `name(arg1, ..., argN)` - arguments are binaries (`Nx.to_binary/1`
      layout) or Nx tensors; returns the result binary, or a tuple of them
      when the graph has several outputs. Raises `ArgumentError` on a wrong
      argument (size, count).
    * `name_nx(arg1, ..., argN)` - same, returning Nx tensors (only when Nx
      was available when the module was compiled).
    * `set_threads(n)` - sets how many threads the library's functions may
      use, the calling thread included (a positive integer, or `:auto` for
      one per online CPU, capped at 256); returns the count set. Applies to
      calls that start afterwards, from any process;
    * `threads()` - the current count;
    * `__nxc__(:signatures)` - the signatures, `__nxc__(:library)` - the
      library path.

  Threads: nxc splits the large parallel loops of compiled code
  (`--parallel-min-work`, see docs/cli.md; pass it in `:nxc_flags`) across
  a thread pool, the nxc runtime's, linked into the library: one pool and
  one count per library, shared by all its functions and callers, **1 by
  default** (a call runs on the scheduler thread that makes it). Results do
  not depend on the count. Concurrent calls never wait for each other: while
  one call's loop holds the pool, the others run theirs on their own
  scheduler thread.

  Options:

    * `:otp_app` (required) - the application whose `priv/` gets the library;
    * `:graphs`, `:functions` - as above (names must be distinct);
    * `:lib` - the library's base name (default: the module name, underscored);
    * `:target` - a target triple, e.g. `"aarch64-linux-gnu"` (default:
      `NXC_TARGET`, else the host). Cross-linking uses `clang --target` with
      lld and Debian's cross libc (`libc6-dev-arm64-cross`);
    * `:nxc_flags` - extra `nxc compile` flags (e.g. `["--cpu=cortex-a72"]`);
    * `:nxc_path`, `:cc` - the tools (see `NxC.Native`);
    * `:threads` - the thread count set when the library loads: a positive
      integer or `:auto` (default 1). `set_threads/1` changes it at run time.

  The library is rebuilt only when the graphs, flags, target or nxc change.
  `mix nxc.compile` builds it again from the options the module keeps, e.g.
  for another target (see `Mix.Tasks.Nxc.Compile`); a module compiled for
  the host loads `priv/<lib>.<arch>-linux-gnu.so` when it runs on that
  architecture and the file exists.
  """

  # The C sources linked into every library (priv/c_src), in the stamp too.
  @c_sources ~w(nxc_loader.c nxc_nif_call.h runtime.c parallel.c)

  defmacro __using__(opts) do
    {opts, _binding} = Code.eval_quoted(opts, [], __CALLER__)
    module = __CALLER__.module
    otp_app = opts[:otp_app] || raise ArgumentError, "use NxC.AOT needs :otp_app"

    threads = threads_option!(opts[:threads])
    built = build!(module, opts, root: File.cwd!())
    check_names!(built.signatures)
    # Mix links _build/.../priv to priv/ only if priv/ existed when the build
    # started; make sure it does now.
    if Mix.Project.get(), do: Mix.Project.build_structure()

    quote do
      unquote(nif_module(module))

      for path <- unquote(built.externals), do: @external_resource(path)

      @nxc_otp_app unquote(otp_app)
      @nxc_threads unquote(threads)
      @nxc_signatures unquote(Macro.escape(Map.new(built.signatures)))

      @doc false
      def __nxc__(:signatures), do: @nxc_signatures
      def __nxc__(:library), do: Path.join(:code.priv_dir(@nxc_otp_app), __nxc_file__() <> ".so")
      # For mix nxc.compile: the options, to build the library again (e.g. for
      # another target); nil when they cannot be kept (anonymous functions).
      def __nxc__(:options), do: unquote(stored_options(opts, built.externals))

      defp __nxc_file__, do: unquote(library_file(built))

      # Loads the library (once: later load_nif calls answer :reload), its
      # thread count set to the :threads option.
      defp __nxc_load__ do
        path = Path.join(:code.priv_dir(@nxc_otp_app), __nxc_file__())

        case __MODULE__.NIF.__load__(String.to_charlist(path), %{threads: @nxc_threads}) do
          :ok -> :ok
          {:error, {:reload, _}} -> :ok
          {:error, {reason, text}} -> raise "cannot load #{path}.so (#{reason}): #{text}"
        end
      end

      @doc """
      Sets how many threads the functions of this module's library may use,
      the calling thread included: a positive integer, or `:auto` for one per
      online CPU (capped at 256). Applies to calls that start afterwards.
      Returns the count set.
      """
      def set_threads(threads) do
        n =
          case threads do
            :auto ->
              0

            n when is_integer(n) and n > 0 ->
              n

            other ->
              raise ArgumentError, "expected a positive integer or :auto, got: #{inspect(other)}"
          end

        __nxc_load__()
        __MODULE__.NIF.set_threads(n)
      end

      @doc "How many threads the functions of this module's library may use."
      def threads do
        __nxc_load__()
        __MODULE__.NIF.threads()
      end

      @doc false
      def __nxc_fun__(name) do
        case :persistent_term.get({__MODULE__, name}, nil) do
          nil ->
            __nxc_load__()
            {:ok, fun} = __MODULE__.NIF.lookup(name)
            :persistent_term.put({__MODULE__, name}, fun)
            fun

          fun ->
            fun
        end
      end

      defp __nxc_bin__(%{__struct__: Nx.Tensor} = t), do: apply(Nx, :to_binary, [t])
      defp __nxc_bin__(b) when is_binary(b), do: b

      defp __nxc_bin__(other),
        do: raise(ArgumentError, "expected a binary or an Nx tensor, got: #{inspect(other)}")

      defp __nxc_call__(name, args) do
        case __MODULE__.NIF.call(__nxc_fun__(name), Enum.map(args, &__nxc_bin__/1)) do
          {:ok, [one]} -> one
          {:ok, many} -> List.to_tuple(many)
          {:error, reason} -> raise ArgumentError, "#{name}: #{inspect(reason)}"
        end
      end

      unquote_splicing(Enum.map(built.signatures, &function_defs/1))
    end
  end

  # :threads as nxc_set_num_threads takes it (0: one per online CPU).
  defp threads_option!(nil), do: 1
  defp threads_option!(:auto), do: 0
  defp threads_option!(n) when is_integer(n) and n > 0, do: n

  defp threads_option!(other) do
    raise ArgumentError,
          "use NxC.AOT: :threads must be a positive integer or :auto, got: #{inspect(other)}"
  end

  # Graph functions must not clash with the generated set_threads/1, threads/0.
  defp check_names!(signatures) do
    for {name, %{params: params}} <- signatures,
        {name, length(params)} in [{"set_threads", 1}, {"threads", 0}] do
      raise ArgumentError,
            "use NxC.AOT: a function #{name}/#{length(params)} would clash with the " <>
              "generated one (thread count): rename the graph"
    end
  end

  # The library's base name in priv/: the one built with the module (for its
  # target); for a host build running on another architecture, the library
  # that `mix nxc.compile --target <arch>-linux-gnu` built for it, if present.
  defp library_file(%{target: nil, lib: lib}) do
    quote do
      arch = :erlang.system_info(:system_architecture) |> to_string() |> String.split("-")
      cross = "#{unquote(lib)}.#{hd(arch)}-linux-gnu"

      if File.regular?(Path.join(:code.priv_dir(@nxc_otp_app), cross <> ".so")),
        do: cross,
        else: unquote(lib)
    end
  end

  defp library_file(%{file: file}), do: file

  # The options as quoted code, with graph paths absolute. Function captures
  # (&Mod.fun/n) and Nx templates can be escaped; anonymous functions cannot.
  defp stored_options(opts, externals) do
    graphs = Enum.zip_with(opts[:graphs] || [], externals, fn {name, _}, path -> {name, path} end)
    opts = if opts[:graphs], do: Keyword.put(opts, :graphs, graphs), else: opts
    Macro.escape(opts)
  rescue
    ArgumentError -> nil
  end

  @doc """
  Builds the NIF library of `module` from its `use NxC.AOT` options `opts`
  (the work `use NxC.AOT` does at compile time, and `mix nxc.compile`).

  `build_opts`: `:root` (graph paths are relative to it; default: the current
  directory), `:out` (the directory for the library; default `root/priv`),
  `:target` (overrides `opts[:target]`/`NXC_TARGET`), `:nxc_path`, `:force`
  (rebuild even when unchanged). Returns a map: `:library` (path), `:lib`,
  `:file` (the library's base name), `:target` (`nil` for the host),
  `:signatures` (`[{name, %{params, outputs}}]`), `:externals` (the graph
  files read) and `:status` (`:built` or `:unchanged`).
  """
  def build!(module, opts, build_opts \\ []) do
    root = build_opts[:root] || File.cwd!()
    graphs = graphs!(opts, root)

    target =
      Keyword.get_lazy(build_opts, :target, fn ->
        opts[:target] || System.get_env("NXC_TARGET")
      end)

    target = if target in [nil, "", "host", NxC.Native.host_triple()], do: nil, else: target
    lib = opts[:lib] || module |> inspect() |> String.replace(".", "") |> Macro.underscore()
    file = if target, do: "#{lib}.#{target}", else: lib
    out = Path.join(build_opts[:out] || Path.join(root, "priv"), file <> ".so")
    lib_opts = Keyword.merge(opts, Keyword.take(build_opts, [:nxc_path, :force]))

    %{
      library: out,
      lib: lib,
      file: file,
      target: target,
      status: build_library(module, graphs, out, target, lib_opts),
      signatures: Enum.map(graphs, fn {name, json, _} -> {name, signature(json)} end),
      externals: for({_, _, path} when path != nil <- graphs, do: path)
    }
  end

  # [{name, json, path | nil}] from :graphs (files) and :functions (exported).
  defp graphs!(opts, root) do
    file_graphs =
      for {name, path} <- opts[:graphs] || [] do
        path = Path.expand(path, root)
        {Atom.to_string(name), File.read!(path), path}
      end

    fun_graphs =
      for {name, {fun, templates}} <- opts[:functions] || [] do
        unless Code.ensure_loaded?(NxC.Export) do
          raise ArgumentError, "use NxC.AOT: :functions needs Nx (set NXC_NX_PATH or add :nx)"
        end

        json = apply(NxC.Export, :export, [fun, templates, [name: Atom.to_string(name)]])
        {Atom.to_string(name), json, nil}
      end

    graphs = file_graphs ++ fun_graphs
    names = Enum.map(graphs, &elem(&1, 0))

    if names == [] do
      raise ArgumentError, "use NxC.AOT: no functions: give :graphs and/or :functions"
    end

    if length(Enum.uniq(names)) != length(names) do
      raise ArgumentError, "use NxC.AOT: duplicate function names in #{inspect(names)}"
    end

    graphs
  end

  # The NIF module: its functions are replaced by the library's on load_nif.
  defp nif_module(module) do
    quote do
      defmodule unquote(Module.concat(module, NIF)) do
        @moduledoc false
        def __load__(path, load_info), do: :erlang.load_nif(path, load_info)
        def lookup(_name), do: :erlang.nif_error(:nxc_library_not_loaded)
        def call(_fun, _args), do: :erlang.nif_error(:nxc_library_not_loaded)
        def call_dirty(_fun, _args), do: :erlang.nif_error(:nxc_library_not_loaded)
        def info(_fun), do: :erlang.nif_error(:nxc_library_not_loaded)
        def set_threads(_threads), do: :erlang.nif_error(:nxc_library_not_loaded)
        def threads, do: :erlang.nif_error(:nxc_library_not_loaded)
      end
    end
  end

  defp function_defs({name, %{params: params, outputs: outputs}}) do
    args = Macro.generate_arguments(length(params), __MODULE__)
    fun = String.to_atom(name)
    doc = "`#{name}`: #{describe(params)} -> #{describe(outputs)}"

    binary_def =
      quote do
        @doc unquote(doc)
        def unquote(fun)(unquote_splicing(args)), do: __nxc_call__(unquote(name), unquote(args))
      end

    if Code.ensure_loaded?(Nx) do
      nx_fun = String.to_atom(name <> "_nx")
      # Nx types as tuples ({:f, 32}); apply/3 keeps the Nx-less build warning-free.
      templates =
        Enum.map(outputs, fn o ->
          {apply(Nx.Type, :normalize!, [String.to_atom(o.type)]), List.to_tuple(o.shape)}
        end)

      quote do
        unquote(binary_def)

        @doc unquote(doc <> " (Nx tensors)")
        def unquote(nx_fun)(unquote_splicing(args)) do
          results =
            case __nxc_call__(unquote(name), unquote(args)) do
              t when is_tuple(t) -> Tuple.to_list(t)
              b -> [b]
            end

          tensors =
            Enum.zip_with(results, unquote(Macro.escape(templates)), fn bin, {type, shape} ->
              bin |> Nx.from_binary(type) |> Nx.reshape(shape)
            end)

          case tensors do
            [one] -> one
            many -> List.to_tuple(many)
          end
        end
      end
    else
      binary_def
    end
  end

  defp describe(ts), do: Enum.map_join(ts, ", ", &"#{&1.type}#{inspect(&1.shape)}")

  @doc false
  # Params and outputs (type, shape) of an nx-graph, from the JSON alone.
  def signature(json) do
    g = NxC.JSON.decode!(json)
    nodes = Map.new(g["nodes"], &{&1["id"], &1})
    t = fn m -> %{type: m["type"], shape: m["shape"]} end

    %{
      params: Enum.map(g["params"], t),
      outputs: Enum.map(g["outputs"], fn %{"ref" => id} -> t.(Map.fetch!(nodes, id)) end)
    }
  end

  @doc """
  Builds the NIF library `out` for `module` from `graphs` (`{name, json, path}`).
  Skipped when `out` was built from the same inputs (a `.sha256` stamp beside it).
  """
  def build_library!(module, graphs, out, target, opts \\ []) do
    build_library(module, graphs, out, target, opts)
    :ok
  end

  defp build_library(module, graphs, out, target, opts) do
    flags = (opts[:nxc_flags] || []) ++ if(target, do: ["--target=#{target}"], else: [])
    nxc = NxC.Native.nxc_path(opts)

    stamp =
      :crypto.hash(:sha256, [
        inspect(module),
        Enum.map(graphs, fn {n, j, _} -> [n, 0, j, 0] end),
        Enum.join(flags, " "),
        NxC.Native.nxc_version(nxc),
        Enum.map(@c_sources, &File.read!(Path.join(NxC.Native.c_src_dir(), &1)))
      ])
      |> Base.encode16(case: :lower)

    stamp_file = out <> ".sha256"

    if !opts[:force] and File.regular?(out) and File.read(stamp_file) == {:ok, stamp} do
      :unchanged
    else
      do_build!(module, graphs, out, target, flags, opts)
      File.write!(stamp_file, stamp)
      :built
    end
  end

  defp do_build!(module, graphs, out, target, flags, opts) do
    tmp = Path.join(System.tmp_dir!(), "nxc-aot-#{System.unique_integer([:positive])}")
    File.mkdir_p!(tmp)

    try do
      objects =
        for {name, json, _} <- graphs do
          unless name =~ ~r/^[A-Za-z_][A-Za-z0-9_]*$/ do
            raise ArgumentError, "NxC.AOT: #{inspect(name)} is not a C identifier"
          end

          graph = Path.join(tmp, name <> ".graph.json")
          obj = Path.join(tmp, name <> ".o")
          File.write!(graph, json)
          NxC.Native.compile!(graph, obj, ["--name=#{name}" | flags], opts)
          obj
        end

      table = Path.join(tmp, "nxc_aot_table.h")
      File.write!(table, table_header(Enum.map(graphs, &elem(&1, 0))))
      src = NxC.Native.c_src_dir()
      File.mkdir_p!(Path.dirname(out))

      NxC.Native.link_shared!(
        Enum.map(~w(nxc_loader.c runtime.c parallel.c), &Path.join(src, &1)) ++ objects,
        out <> ".tmp",
        Keyword.merge(opts,
          target: target,
          include: [NxC.Native.erts_include(), NxC.Native.include_dir()],
          cflags: [
            ~s(-DNXC_AOT_TABLE="#{table}"),
            # Atom.to_string gives "Elixir.MyApp.Model"; the loader's C
            # macro turns it into the NIF module name, dots included.
            "-DNXC_NIF_MODULE=#{Atom.to_string(module)}.NIF",
            # The pool (parallel.c) defines the objects' weak nxc_parallel_for.
            "-pthread",
            # Calls to the runtime and the pool bind inside the library, even
            # if another library of the VM made such symbols global.
            "-Wl,-Bsymbolic",
            # Never unmapped (a purged module unloads its NIF library): the
            # pool's threads live as long as the VM.
            "-Wl,-z,nodelete"
          ]
        )
      )

      File.rename!(out <> ".tmp", out)
    after
      File.rm_rf(tmp)
    end
  end

  defp table_header(names) do
    decls = Enum.map(names, &"extern const nxc_function_info #{&1}_info;\n")
    entries = Enum.map(names, &~s(  {"#{&1}", &#{&1}_info},\n))

    [
      "/* Generated by NxC.AOT. */\n",
      decls,
      "static const struct { const char *name; const nxc_function_info *info; } nxc_aot_entries[] = {\n",
      entries,
      "};\n#define NXC_AOT_COUNT #{length(names)}\n"
    ]
  end
end
