defmodule NxC.Native do
  @moduledoc """
  Drives the native tools: `nxc compile` and the C compiler/linker.

  The nxc binary is, in order: the `:nxc_path` option, `NXC_BIN`, `nxc` on
  `PATH`, then `build/bin/nxc` of the repository this package sits in. The C
  compiler: the `:cc` option, `CC`, `clang-22`, `clang`, `cc`.
  """

  # elixir/ at compile time: the repository's build/bin/nxc is the last resort.
  @repo_root Path.expand("../../..", __DIR__)

  @doc "The nxc executable to use."
  def nxc_path(opts \\ []) do
    path =
      opts[:nxc_path] || System.get_env("NXC_BIN") || System.find_executable("nxc") ||
        Path.join(@repo_root, "build/bin/nxc")

    if File.regular?(path) do
      path
    else
      raise NxC.CompileError,
        message:
          "nxc not found (tried #{inspect(path)}): pass :nxc_path, set NXC_BIN or put nxc on PATH",
        status: nil,
        command: nil
    end
  end

  @doc "The C compiler used to link shared libraries."
  def cc(opts \\ []) do
    opts[:cc] || System.get_env("CC") ||
      Enum.find_value(~w(clang-22 clang cc), &System.find_executable/1) ||
      raise NxC.CompileError, message: "no C compiler found: set CC", status: nil, command: nil
  end

  @doc """
  `nxc --version` plus the binary's size and mtime, memoized per binary: it
  goes into cache keys so that a rebuilt nxc (even with an unchanged version
  string) does not reuse objects of an older one.
  """
  def nxc_version(nxc) do
    %File.Stat{size: size, mtime: mtime} = File.stat!(nxc, time: :posix)
    key = {__MODULE__, :version, nxc, size, mtime}

    case :persistent_term.get(key, nil) do
      nil ->
        {out, _} = System.cmd(nxc, ["--version"], stderr_to_stdout: true)
        v = "#{String.trim(out)} (#{size} bytes, mtime #{mtime})"
        :persistent_term.put(key, v)
        v

      v ->
        v
    end
  end

  @doc """
  Runs `nxc compile GRAPHS -o OUT [flags]`. Raises `NxC.CompileError` with
  nxc's stderr when it fails.
  """
  def compile!(graphs, out, flags, opts \\ []) do
    nxc = nxc_path(opts)
    args = ["compile" | List.wrap(graphs)] ++ ["-o", out | flags]
    run!(nxc, args)
  end

  @doc """
  Links `inputs` (objects, archives, C files) into a shared library.
  `target: triple` cross-links with clang and lld.
  """
  def link_shared!(inputs, out, opts \\ []) do
    cc = cc(opts)
    target = opts[:target]

    target_args =
      if target && target != host_triple(),
        do: ["--target=#{target}", "-fuse-ld=lld"] ++ sysroot_args(target),
        else: []

    args =
      target_args ++
        ~w(-shared -fPIC -O2 -std=c99) ++
        Enum.flat_map(opts[:include] || [], &["-I", &1]) ++
        (opts[:cflags] || []) ++ inputs ++ ["-lm", "-o", out]

    run!(cc, args)
  end

  @doc "The host's target triple as nxc names it (x86_64-linux-gnu, aarch64-linux-gnu)."
  def host_triple do
    arch = :erlang.system_info(:system_architecture) |> to_string() |> String.split("-") |> hd()
    "#{arch}-linux-gnu"
  end

  # Debian's cross libc (libc6-dev-<arch>-cross) lives in /usr/<triple>. With a
  # cross gcc installed (gcc-<triple>, as scripts/setup.sh does) clang finds it,
  # crtbeginS.o and libgcc by itself; without one, we link against the bare
  # libc with -nostdlib (libgcc helpers are then resolved when the NIF loads).
  defp sysroot_args(target) do
    dir = "/usr/#{target}"

    cond do
      not File.regular?(Path.join(dir, "include/stdlib.h")) ->
        raise NxC.CompileError,
          message:
            "no C library for #{target}: #{dir}/include/stdlib.h is missing " <>
              "(on Debian: apt-get install libc6-dev-#{debian_arch(target)}-cross " <>
              "gcc-#{target})",
          status: nil,
          command: nil

      File.dir?("/usr/lib/gcc-cross/#{target}") ->
        []

      true ->
        ["--sysroot=#{dir}", "-nostdlib", "-lc"]
    end
  end

  defp debian_arch("aarch64" <> _), do: "arm64"
  defp debian_arch("arm" <> _), do: "armhf"
  defp debian_arch("x86_64" <> _), do: "amd64"
  defp debian_arch(t), do: t |> String.split("-") |> hd()

  @doc "Include directory of the Erlang NIF headers of this VM."
  def erts_include do
    Path.join([:code.root_dir(), "erts-#{:erlang.system_info(:version)}", "include"])
  end

  @doc "Where the loader and runtime C sources are (copied to priv/ at build time)."
  def c_src_dir, do: Path.join(:code.priv_dir(:nxc), "c_src")
  def include_dir, do: Path.join(:code.priv_dir(:nxc), "include")

  defp run!(cmd, args) do
    case System.cmd(cmd, args, stderr_to_stdout: true) do
      {_out, 0} ->
        :ok

      {out, status} ->
        raise NxC.CompileError,
          message: String.trim(out),
          status: status,
          command: Enum.join([cmd | args], " ")
    end
  end
end
