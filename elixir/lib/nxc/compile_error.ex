defmodule NxC.CompileError do
  @moduledoc """
  Raised when nxc (or the C compiler/linker) rejects a graph.

  `message` carries nxc's own diagnostic (`nxc: error: FILE: node ID (OP): ...`),
  `status` its exit status (1: invalid graph or failure, 2: a valid graph using
  something nxc does not compile yet), `command` the command line.
  """
  defexception [:message, :status, :command]
end
