# Nx is optional. Without Hex (and without network), point the project at local
# checkouts:
#
#   NXC_NX_PATH=/path/to/nx/nx    Nx becomes a path dependency
#   NXC_DEPS_PATH=/path/to/deps   Nx's own Hex deps (complex, telemetry) resolve
#                                 to NXC_DEPS_PATH/<app>, see NxC.MixProject.LocalSCM
#   NXC_NX_HEX=1                  use {:nx, "~> 0.7"} from Hex instead
#
# With none of them, the package builds without Nx: the loader, the cache and
# AOT modules built from nx-graph JSON files still work.

defmodule NxC.MixProject.LocalSCM do
  # Nx's mix.exs declares Hex deps ({:complex, "~> 0.5"}); without Hex, Mix has
  # no SCM for them. This SCM accepts a dep with no :path/:git and resolves it
  # to NXC_DEPS_PATH/<app>, delegating everything else to Mix.SCM.Path.
  @moduledoc false
  @behaviour Mix.SCM

  defdelegate fetchable?, to: Mix.SCM.Path
  defdelegate format(opts), to: Mix.SCM.Path
  defdelegate format_lock(opts), to: Mix.SCM.Path
  defdelegate checked_out?(opts), to: Mix.SCM.Path
  defdelegate lock_status(opts), to: Mix.SCM.Path
  defdelegate equal?(a, b), to: Mix.SCM.Path
  defdelegate managers(opts), to: Mix.SCM.Path
  defdelegate checkout(opts), to: Mix.SCM.Path
  defdelegate update(opts), to: Mix.SCM.Path

  def accepts_options(app, opts) do
    root = System.get_env("NXC_DEPS_PATH")

    # Accepted even when the directory is missing: deps of other envs (Nx's
    # {:ex_doc, only: :docs}) need an SCM too but are never compiled.
    if root && !(opts[:path] || opts[:git] || opts[:github]) do
      Mix.SCM.Path.accepts_options(app, Keyword.put(opts, :path, Path.join(root, to_string(app))))
    end
  end
end

if System.get_env("NXC_DEPS_PATH") && NxC.MixProject.LocalSCM not in Mix.SCM.available() do
  Mix.SCM.append(NxC.MixProject.LocalSCM)
end

defmodule Mix.Tasks.Compile.NxcNif do
  # Builds priv/nxc_loader.so (the generic NIF loader, with the runtime's
  # thread pool) and copies the C sources that NxC.AOT links into application
  # libraries (the loader, the calling path it shares with
  # runtime/nif/nxc_nif.c, the runtime and its pool) and the one NxC.Cache
  # links into each compiled graph (nxc_jit_pool.c) to priv/c_src, so that a
  # dependent project finds them through :code.priv_dir(:nxc).
  @moduledoc false
  use Mix.Task.Compiler

  @libraries ~w(nxc_loader.so)

  @impl true
  def run(_args) do
    root = Path.expand(".", __DIR__)
    runtime = Path.expand("../runtime", root)
    priv = Path.join(root, "priv")

    sources = %{
      Path.join(root, "c_src/nxc_loader.c") => "c_src/nxc_loader.c",
      Path.join(root, "c_src/nxc_jit_pool.c") => "c_src/nxc_jit_pool.c",
      # Included by nxc_loader.c as "nxc_nif_call.h": found next to it.
      Path.join(runtime, "nif/nxc_nif_call.h") => "c_src/nxc_nif_call.h",
      Path.join(runtime, "src/runtime.c") => "c_src/runtime.c",
      Path.join(runtime, "src/parallel.c") => "c_src/parallel.c",
      Path.join(runtime, "include/nxc/runtime.h") => "include/nxc/runtime.h"
    }

    for {src, _} <- sources, not File.regular?(src) do
      Mix.raise("nxc: missing #{src} (the nxc runtime sources sit next to elixir/ in the repo)")
    end

    copies = for {src, rel} <- sources, do: {src, Path.join(priv, rel)}
    targets = Enum.map(@libraries, &Path.join(priv, &1)) ++ Enum.map(copies, &elem(&1, 1))

    if Mix.Utils.stale?(Map.keys(sources), targets) do
      for {src, dst} <- copies do
        File.mkdir_p!(Path.dirname(dst))
        File.cp!(src, dst)
      end

      c = &Path.join(priv, "c_src/" <> &1)

      # The pool (parallel.c) is the one of every function the loader loads
      # (see nxc_loader.c): bound inside (-Bsymbolic), never unmapped while
      # its threads live (-z nodelete).
      cc!(priv, "nxc_loader.so", [
        "-I",
        Path.join([:code.root_dir(), "erts-#{:erlang.system_info(:version)}", "include"]),
        c.("nxc_loader.c"),
        c.("runtime.c"),
        c.("parallel.c"),
        "-pthread",
        "-Wl,-Bsymbolic",
        "-Wl,-z,nodelete",
        "-lm",
        "-ldl"
      ])

      {:ok, []}
    else
      {:noop, []}
    end
  end

  defp cc!(priv, name, args) do
    cc = System.get_env("CC") || System.find_executable("clang-22") || "cc"
    so = Path.join(priv, name)

    args =
      ~w(-std=c99 -O2 -fPIC -shared -Wall -Wextra) ++
        ["-I", Path.join(priv, "include")] ++ args ++ ["-o", so <> ".tmp"]

    case System.cmd(cc, args, stderr_to_stdout: true) do
      {out, 0} ->
        File.rename!(so <> ".tmp", so)
        if out != "", do: Mix.shell().info(out)
        Mix.shell().info("Compiled priv/#{name}")

      {out, status} ->
        Mix.raise("nxc: #{cc} failed (exit #{status}):\n#{out}")
    end
  end

  @impl true
  def clean do
    for lib <- @libraries, do: File.rm(Path.expand("priv/" <> lib, __DIR__))
    :ok
  end
end

defmodule NxC.MixProject do
  use Mix.Project

  def project do
    [
      app: :nxc,
      version: "0.1.0",
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      compilers: [:nxc_nif | Mix.compilers()],
      elixirc_paths: elixirc_paths(Mix.env()),
      deps: deps(),
      # Builds with and without Nx differ (NxC.Export exists only with Nx):
      # separate build directories, so switching never reuses stale code.
      build_path: if(nx?(), do: "_build_nx", else: "_build")
    ]
  end

  defp nx?, do: System.get_env("NXC_NX_PATH") != nil or System.get_env("NXC_NX_HEX") != nil

  def application do
    [extra_applications: [:logger, :crypto]]
  end

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]

  defp deps do
    cond do
      path = System.get_env("NXC_NX_PATH") -> [{:nx, path: path, optional: true}]
      System.get_env("NXC_NX_HEX") -> [{:nx, "~> 0.7", optional: true}]
      true -> []
    end
  end
end
