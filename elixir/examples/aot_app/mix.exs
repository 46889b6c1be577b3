defmodule AotApp.MixProject do
  use Mix.Project

  def project do
    [
      app: :aot_app,
      version: "0.1.0",
      elixir: "~> 1.14",
      # Cross builds (NXC_TARGET=...) get their own build directory.
      build_path: if(t = System.get_env("NXC_TARGET"), do: "_build_#{t}", else: "_build"),
      deps: [
        # Only needed to build: the generated module calls its own NIF library.
        {:nxc, path: "../..", runtime: false}
      ],
      # What `mix nxc.compile` builds when given no --module.
      nxc: [modules: [AotApp.Model]]
    ]
  end

  def application, do: [extra_applications: [:logger]]
end
