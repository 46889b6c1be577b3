defmodule AotApp do
  @moduledoc "Calls the ahead-of-time compiled functions with plain binaries."

  def f32(list), do: for(x <- list, into: <<>>, do: <<x::float-32-little>>)
  def floats(bin), do: for(<<x::float-32-little <- bin>>, do: Float.round(x, 5))

  def demo do
    # mlp: x {2,4}, w1 {4,8}, b1 {8}, w2 {8,3}, b2 {3} -> {2,3}
    x = f32(for i <- 1..8, do: i / 8)
    w1 = f32(for i <- 1..32, do: :math.sin(i))
    b1 = f32(List.duplicate(0.1, 8))
    w2 = f32(for i <- 1..24, do: :math.cos(i))
    b2 = f32([0.0, 0.5, -0.5])
    out = AotApp.Model.mlp(x, w1, b1, w2, b2)
    IO.puts("mlp(x) = #{inspect(floats(out))}")

    %{params: [%{shape: shape}]} = AotApp.Model.__nxc__(:signatures)["softmax"]
    n = Enum.product(shape)
    probs = AotApp.Model.softmax(f32(for i <- 1..n, do: i * 1.0))
    IO.puts("softmax(1..#{n}) = #{inspect(floats(probs))}")
    IO.puts("library: #{AotApp.Model.__nxc__(:library)}")
  end
end
