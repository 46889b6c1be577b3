defmodule Mix.Tasks.Nxc.Compile do
  @shortdoc "Builds the NIF libraries of NxC.AOT modules (host or cross) into priv/"

  @moduledoc """
  Compiles the functions of `NxC.AOT` modules (nx-graph files, or `defn`
  functions with argument templates) with nxc into each module's NIF
  library, for the host or for another target, and prints what it built.

      mix nxc.compile                                   # the modules of the project config
      mix nxc.compile --module MyApp.Model              # or named ones
      mix nxc.compile --module MyApp.Model --target aarch64-linux-gnu
      mix nxc.compile --out /tmp/libs --force

  The modules are those that `use NxC.AOT` (which generates the functions
  calling the library, see `NxC.AOT`); the task compiles the project first,
  then builds each module's library from the same options with the same code
  as `use NxC.AOT` does at compile time. Without `--module`, the modules come
  from the project config:

      def project do
        [..., nxc: [modules: [MyApp.Model], target: "aarch64-linux-gnu"]]
      end

  Options (each overrides the config key of the same name):

    * `--module MOD` - a module to build (may be repeated);
    * `--target TRIPLE` - e.g. `aarch64-linux-gnu`: a cross library,
      `priv/<lib>.<triple>.so`. A module compiled for the host loads it when
      it runs on that architecture (e.g. beams built on x86-64, deployed to an
      ARM board). Default: the module's `:target`, `NXC_TARGET`, else the host;
    * `--out DIR` - where the libraries go (default: the project's `priv/`);
    * `--nxc PATH` - the nxc binary (default: as `NxC.Native.nxc_path/1`);
    * `--force` - rebuild even when the graphs, flags, target and nxc are
      unchanged.

  The deployed application then needs neither nxc, LLVM nor a C compiler.
  """
  use Mix.Task

  @switches [module: :keep, target: :string, out: :string, nxc: :string, force: :boolean]

  @impl true
  def run(args) do
    {opts, rest, invalid} = OptionParser.parse(args, strict: @switches)

    case {rest, invalid} do
      {[], []} -> :ok
      {[arg | _], _} -> Mix.raise("mix nxc.compile: unexpected argument #{inspect(arg)}")
      {_, [{opt, _} | _]} -> Mix.raise("mix nxc.compile: invalid option #{opt}")
    end

    config = (Mix.Project.get() && Mix.Project.config()[:nxc]) || []

    modules =
      case Keyword.get_values(opts, :module) do
        [] -> config[:modules] || []
        names -> Enum.map(names, &Module.concat([&1]))
      end

    if modules == [] do
      Mix.raise(
        "mix nxc.compile: no modules to build: pass --module MyApp.Model or set " <>
          "nxc: [modules: [MyApp.Model]] in the project config (mix.exs)"
      )
    end

    if Mix.Project.get(), do: Mix.Task.run("compile", [])

    build_opts =
      [root: File.cwd!(), force: opts[:force] || false] ++
        for(
          {key, value} <- [
            target: opts[:target] || config[:target],
            out: opts[:out] || config[:out],
            nxc_path: opts[:nxc] || config[:nxc_path]
          ],
          value != nil,
          do: {key, value}
        )

    for module <- modules, do: build_module(module, build_opts)
  end

  defp build_module(module, build_opts) do
    options = module_options!(module)

    built =
      try do
        NxC.AOT.build!(module, options, build_opts)
      rescue
        e in [NxC.CompileError, ArgumentError, File.Error] ->
          Mix.raise("mix nxc.compile: #{inspect(module)}: #{Exception.message(e)}")
      end

    target = built.target || "#{NxC.Native.host_triple()} (host)"
    size = File.stat!(built.library).size
    funs = Enum.map_join(built.signatures, ", ", fn {n, s} -> "#{n}/#{length(s.params)}" end)

    Mix.shell().info(
      "#{status(built.status)} #{Path.relative_to_cwd(built.library)} " <>
        "for #{inspect(module)}: #{funs} (#{target}, #{size} bytes)"
    )

    built
  end

  defp status(:built), do: "Built"
  defp status(:unchanged), do: "Unchanged"

  defp module_options!(module) do
    cond do
      not Code.ensure_loaded?(module) ->
        Mix.raise(
          "mix nxc.compile: unknown module #{inspect(module)} " <>
            "(not defined in this project or its dependencies)"
        )

      not function_exported?(module, :__nxc__, 1) ->
        Mix.raise("mix nxc.compile: #{inspect(module)} does not `use NxC.AOT`")

      true ->
        module.__nxc__(:options) ||
          Mix.raise(
            "mix nxc.compile: #{inspect(module)}'s NxC.AOT options cannot be rebuilt " <>
              "outside its compilation (use captures &Mod.fun/arity, not anonymous functions)"
          )
    end
  end
end
