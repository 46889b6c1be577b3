if Code.ensure_loaded?(Nx.Defn) do
  defmodule NxC.Test.Defns do
    @moduledoc false
    import Nx.Defn

    defn branches(p, x) do
      shared = Nx.exp(x)
      if p, do: shared + Nx.sin(x), else: shared * 2
    end

    defn(scale(x), do: x * 2 + 1)

    defn(softmax(t), do: Nx.exp(t) / Nx.sum(Nx.exp(t)))

    defn(pair(a, b), do: {a + b, %{prod: a * b, diff: a - b}})

    defn count_up(x) do
      {_, y} = while({i = 0, y = x}, i < 3, do: {i + 1, y * 2})
      y
    end

    defn(hooked(x), do: hook(x * 3, :seen) + 1)

    # A while loop updating its parameter in place: compiled code must work
    # on a copy, never on the caller's binary.
    defn overwrite(x) do
      {_, y} = while({i = 0, y = x}, i < 3, do: {i + 1, Nx.put_slice(y, [i], Nx.tensor([-1]))})
      y
    end
  end
end
