defmodule NxC.JSON do
  @moduledoc """
  A small JSON encoder and decoder (OTP 25 has no `:json`, and the package
  must build without Hex).

  Encoding: maps (keys sorted), `{:object, [{key, value}]}` (keys kept in the
  given order), lists, strings, integers of any size, floats in shortest
  round-trip form (always with a `.` or an exponent), `true`, `false`, `nil`.
  `{:raw, iodata}` is written verbatim.

  Decoding gives maps with string keys, lists, strings, integers (arbitrary
  precision), floats, booleans and `nil`.
  """

  ## Encoding

  @doc "Encodes `term` as iodata."
  def encode(term), do: enc(term)

  @doc "Encodes `term` as a binary."
  def encode!(term), do: IO.iodata_to_binary(enc(term))

  defp enc(nil), do: "null"
  defp enc(true), do: "true"
  defp enc(false), do: "false"
  defp enc(i) when is_integer(i), do: Integer.to_string(i)
  defp enc(f) when is_float(f), do: float(f)
  defp enc(s) when is_binary(s), do: string(s)
  defp enc(a) when is_atom(a), do: string(Atom.to_string(a))
  defp enc({:raw, iodata}), do: iodata
  defp enc({:object, kvs}) when is_list(kvs), do: object(kvs)

  defp enc(list) when is_list(list),
    do: ["[", list |> Enum.map(&enc/1) |> Enum.intersperse(","), "]"]

  defp enc(%{} = map) when not is_struct(map), do: map |> Enum.sort() |> object()

  defp object(kvs) do
    body = Enum.map(kvs, fn {k, v} -> [string(to_string(k)), ":", enc(v)] end)
    ["{", Enum.intersperse(body, ","), "}"]
  end

  @doc "Shortest round-trip text of a finite float, with a `.` or an exponent."
  def float(f) do
    s = :erlang.float_to_binary(f, [:short])

    cond do
      String.contains?(s, ".") -> s
      String.contains?(s, "e") -> String.replace(s, "e", ".0e", global: false)
      true -> s <> ".0"
    end
  end

  defp string(s) do
    [?", escape(s, 0, s, []), ?"]
  end

  # Escapes in chunks: runs of plain bytes are sliced, not copied byte by byte.
  defp escape(<<c, rest::binary>>, len, orig, acc) when c in [?", ?\\] or c < 0x20 do
    chunk = binary_part(orig, byte_size(orig) - byte_size(rest) - 1 - len, len)
    escape(rest, 0, orig, [acc, chunk | esc(c)])
  end

  defp escape(<<_, rest::binary>>, len, orig, acc), do: escape(rest, len + 1, orig, acc)

  defp escape(<<>>, len, orig, acc),
    do: [acc, binary_part(orig, byte_size(orig) - len, len)]

  defp esc(?"), do: "\\\""
  defp esc(?\\), do: "\\\\"
  defp esc(?\n), do: "\\n"
  defp esc(?\t), do: "\\t"
  defp esc(?\r), do: "\\r"
  defp esc(c), do: "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")

  ## Decoding

  @doc "Decodes a JSON text. Raises `ArgumentError` on malformed input."
  def decode!(bin) when is_binary(bin) do
    {value, rest} = value(skip(bin))

    case skip(rest) do
      "" -> value
      other -> err(other)
    end
  end

  @doc "Reads and decodes a JSON file."
  def read!(path), do: path |> File.read!() |> decode!()

  defp skip(<<c, rest::binary>>) when c in [?\s, ?\t, ?\n, ?\r], do: skip(rest)
  defp skip(bin), do: bin

  defp value(<<?{, rest::binary>>), do: obj(skip(rest), %{})
  defp value(<<?[, rest::binary>>), do: arr(skip(rest), [])
  defp value(<<?", rest::binary>>), do: str(rest, [])
  defp value(<<"true", rest::binary>>), do: {true, rest}
  defp value(<<"false", rest::binary>>), do: {false, rest}
  defp value(<<"null", rest::binary>>), do: {nil, rest}
  defp value(<<c, _::binary>> = bin) when c == ?- or c in ?0..?9, do: number(bin)
  defp value(bin), do: err(bin)

  defp obj(<<?}, rest::binary>>, acc), do: {acc, rest}

  defp obj(<<?", rest::binary>>, acc) do
    {key, rest} = str(rest, [])
    <<?:, rest::binary>> = skip(rest) |> expect(?:)
    {val, rest} = value(skip(rest))
    acc = Map.put(acc, key, val)

    case skip(rest) do
      <<?,, rest::binary>> -> obj(skip(rest), acc)
      <<?}, rest::binary>> -> {acc, rest}
      other -> err(other)
    end
  end

  defp obj(bin, _), do: err(bin)

  defp arr(<<?], rest::binary>>, acc), do: {Enum.reverse(acc), rest}

  defp arr(bin, acc) do
    {val, rest} = value(bin)

    case skip(rest) do
      <<?,, rest::binary>> -> arr(skip(rest), [val | acc])
      <<?], rest::binary>> -> {Enum.reverse([val | acc]), rest}
      other -> err(other)
    end
  end

  defp expect(<<c, _::binary>> = bin, c), do: bin
  defp expect(bin, _), do: err(bin)

  defp str(<<?", rest::binary>>, acc), do: {IO.iodata_to_binary(Enum.reverse(acc)), rest}

  defp str(<<?\\, c, rest::binary>>, acc) when c in [?", ?\\, ?/],
    do: str(rest, [<<c>> | acc])

  defp str(<<?\\, ?b, rest::binary>>, acc), do: str(rest, ["\b" | acc])
  defp str(<<?\\, ?f, rest::binary>>, acc), do: str(rest, ["\f" | acc])
  defp str(<<?\\, ?n, rest::binary>>, acc), do: str(rest, ["\n" | acc])
  defp str(<<?\\, ?r, rest::binary>>, acc), do: str(rest, ["\r" | acc])
  defp str(<<?\\, ?t, rest::binary>>, acc), do: str(rest, ["\t" | acc])

  defp str(<<?\\, ?u, a::binary-4, ?\\, ?u, b::binary-4, rest::binary>>, acc)
       when binary_part(a, 0, 1) in ["d", "D"] do
    hi = String.to_integer(a, 16)
    lo = String.to_integer(b, 16)
    cp = 0x10000 + (hi - 0xD800) * 0x400 + (lo - 0xDC00)
    str(rest, [<<cp::utf8>> | acc])
  end

  defp str(<<?\\, ?u, a::binary-4, rest::binary>>, acc),
    do: str(rest, [<<String.to_integer(a, 16)::utf8>> | acc])

  defp str(<<c, _::binary>> = bin, acc) when c != ?\\ do
    # Take the whole run up to the next quote or backslash at once.
    n = run_length(bin, 0)
    <<chunk::binary-size(n), rest::binary>> = bin
    str(rest, [chunk | acc])
  end

  defp str(bin, _), do: err(bin)

  defp run_length(<<c, rest::binary>>, n) when c != ?" and c != ?\\, do: run_length(rest, n + 1)
  defp run_length(_, n), do: n

  defp number(bin) do
    {int, rest} = digits(bin, if(match?(<<?-, _::binary>>, bin), do: 1, else: 0))
    {frac, rest} = frac(rest)
    {exp, rest} = exp(rest)
    text = int <> frac <> exp

    if frac == "" and exp == "" do
      {String.to_integer(text), rest}
    else
      # Erlang wants a fraction before the exponent: 1e5 -> 1.0e5.
      text = if frac == "", do: int <> ".0" <> exp, else: text
      {String.to_float(text), rest}
    end
  end

  defp digits(bin, start) do
    n = count_digits(binary_part(bin, start, byte_size(bin) - start), 0) + start
    <<d::binary-size(n), rest::binary>> = bin
    {d, rest}
  end

  defp count_digits(<<c, rest::binary>>, n) when c in ?0..?9, do: count_digits(rest, n + 1)
  defp count_digits(_, n), do: n

  defp frac(<<?., rest::binary>>) do
    {d, rest} = digits(rest, 0)
    {"." <> d, rest}
  end

  defp frac(rest), do: {"", rest}

  defp exp(<<e, sign, rest::binary>>) when e in [?e, ?E] and sign in [?+, ?-] do
    {d, rest} = digits(rest, 0)
    {"e" <> <<sign>> <> d, rest}
  end

  defp exp(<<e, rest::binary>>) when e in [?e, ?E] do
    {d, rest} = digits(rest, 0)
    {"e" <> d, rest}
  end

  defp exp(rest), do: {"", rest}

  defp err(bin) do
    raise ArgumentError,
          "invalid JSON at: #{inspect(binary_part(bin, 0, min(byte_size(bin), 40)))}"
  end
end
