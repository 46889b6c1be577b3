defmodule NxC.Test.NxCase do
  @moduledoc """
  `nx_test "name" do ... end`: a test that needs Nx. Without Nx its body is
  not compiled (it references Nx) and the test is only declared, tagged
  `:nx`, so ExUnit reports it as excluded and counts it.
  """
  defmacro nx_test(name, context \\ quote(do: _), do: body) do
    if Code.ensure_loaded?(Nx) do
      quote do
        @tag :nx
        test(unquote(name), unquote(context), do: unquote(body))
      end
    else
      quote do
        @tag :nx
        test unquote(name), do: :ok
      end
    end
  end
end
