defmodule NxC.Test.CaseTensor do
  @moduledoc """
  Tensor values of corpus case files (spec section 6) and their comparison
  with the corpus tolerances, without Nx. A tensor is
  `%{"type" => "f32", "shape" => [2, 3], "data" => base64}`.
  """

  import Bitwise

  @corpus Path.expand("../../../../shared/corpus", __DIR__)

  def corpus_dir, do: System.get_env("NXC_CORPUS") || @corpus

  def read_case(name, dir \\ corpus_dir()) do
    %{
      case: NxC.JSON.read!(Path.join(dir, name <> ".case.json")),
      graph_path: Path.join(dir, name <> ".graph.json")
    }
  end

  def binaries(tensors), do: Enum.map(tensors, &Base.decode64!(&1["data"]))

  @doc "Asserts that the output binaries `outs` match case `c`'s expected ones."
  def assert_expected(name, outs, c) do
    import ExUnit.Assertions
    assert length(outs) == length(c["expected"])

    for {{got, exp}, i} <- Enum.with_index(Enum.zip(outs, c["expected"])) do
      assert :ok == compare(exp["type"], got, Base.decode64!(exp["data"])),
             "#{name}: output #{i}"
    end
  end

  # atol, rtol per real part type (corpus README).
  @tol %{
    "f16" => {1.0e-2, 1.0e-2},
    "bf16" => {1.0e-2, 1.0e-2},
    "f32" => {1.0e-5, 1.0e-4},
    "c64" => {1.0e-5, 1.0e-4},
    "f64" => {1.0e-12, 1.0e-10},
    "c128" => {1.0e-12, 1.0e-10}
  }

  @doc """
  Compares a result binary with an expected tensor. Returns :ok or
  {:error, text} naming the first differing element.
  """
  def compare(type, got, expected) when is_binary(got) and is_binary(expected) do
    cond do
      byte_size(got) != byte_size(expected) ->
        {:error, "byte size #{byte_size(got)}, expected #{byte_size(expected)}"}

      true ->
        # 8-bit floats have no corpus tolerance: compared as codes (f8_close?).
        {a, b, same?} =
          if type in ["f8", "f8_e4m3fn"],
            do:
              {:binary.bin_to_list(got), :binary.bin_to_list(expected), &f8_close?(type, &1, &2)},
            else: {decode(type, got), decode(type, expected), &close?(&1, &2, @tol[type])}

        Enum.zip(a, b)
        |> Enum.with_index()
        |> Enum.find_value(:ok, fn {{x, y}, i} ->
          if same?.(x, y),
            do: nil,
            else: {:error, "element #{i}: got #{inspect(x)}, expected #{inspect(y)} (#{type})"}
        end)
    end
  end

  # f8 codes: the same NaN-ness, or at most one apart in value order (one f8
  # ulp of rounding, across zero too); infinities only equal.
  defp f8_close?(type, x, y) do
    case {f8_nan?(type, x), f8_nan?(type, y)} do
      {false, false} ->
        x == y or
          (not f8_inf?(type, x) and not f8_inf?(type, y) and abs(f8_order(x) - f8_order(y)) <= 1)

      {nx, ny} ->
        nx and ny
    end
  end

  # E5M2: exponent all ones with a mantissa; E4M3FN: only S.1111.111.
  defp f8_nan?("f8", c), do: (c &&& 0x7C) == 0x7C and (c &&& 0x03) != 0
  defp f8_nan?("f8_e4m3fn", c), do: (c &&& 0x7F) == 0x7F

  defp f8_inf?("f8", c), do: (c &&& 0x7F) == 0x7C
  defp f8_inf?("f8_e4m3fn", _c), do: false

  defp f8_order(c), do: if(c >>> 7 == 1, do: -(c &&& 0x7F), else: c &&& 0x7F)

  defp close?(x, y, nil), do: x == y
  defp close?(x, y, _) when is_atom(x) or is_atom(y), do: x == y
  defp close?(x, y, {atol, rtol}), do: abs(x - y) <= atol + rtol * abs(y)

  @doc "Flat element list of a binary: integers, floats, :nan/:infinity/:neg_infinity; complex as two parts."
  def decode(type, bin) do
    {kind, bits} = parse(type)

    case kind do
      :s -> for <<x::signed-little-size(bits) <- bin>>, do: x
      :u -> for <<x::unsigned-little-size(bits) <- bin>>, do: x
      :f -> for <<x::bitstring-size(bits) <- bin>>, do: float_elem(x, bits)
      :bf -> for <<x::bitstring-size(16) <- bin>>, do: bf16(x)
      :c -> for <<x::bitstring-size(div(bits, 2)) <- bin>>, do: float_elem(x, div(bits, 2))
    end
  end

  defp parse("bf16"), do: {:bf, 16}
  defp parse("c" <> n), do: {:c, String.to_integer(n)}
  defp parse(<<k, n::binary>>), do: {List.to_existing_atom([k]), String.to_integer(n)}

  defp bf16(<<x::little-16>>), do: float_elem(<<x <<< 16::little-32>>, 32)

  # Exponent all ones: infinity or NaN, which Erlang float matching rejects.
  defp float_elem(bin, bits) do
    {ebits, mbits} = %{16 => {5, 10}, 32 => {8, 23}, 64 => {11, 52}}[bits]
    <<raw::little-size(bits)>> = bin
    exp = raw >>> mbits &&& (1 <<< ebits) - 1
    mant = raw &&& (1 <<< mbits) - 1
    sign = raw >>> (bits - 1)

    cond do
      exp == (1 <<< ebits) - 1 and mant != 0 ->
        :nan

      exp == (1 <<< ebits) - 1 ->
        if sign == 1, do: :neg_infinity, else: :infinity

      true ->
        <<f::float-little-size(bits)>> = bin
        f
    end
  end
end
