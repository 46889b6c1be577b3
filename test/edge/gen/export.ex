# nx-graph v1 exporter for simple (single-scope) Nx 0.7.2 defn graphs, and
# case writer. Needs a local Nx 0.7.2 (run from a Mix project that depends on it).
defmodule EdgeExport do
  alias Nx.Defn.Expr
  alias Nx.Tensor, as: T

  def type_name({:bf, 16}), do: "bf16"
  def type_name({k, b}), do: "#{k}#{b}"

  # ---------- JSON ----------
  def j(nil), do: "null"
  def j(true), do: "true"
  def j(false), do: "false"
  def j(i) when is_integer(i), do: Integer.to_string(i)
  def j(f) when is_float(f) do
    s = :erlang.float_to_binary(f, [:short])
    if String.contains?(s, ".") or String.contains?(s, "e"), do: fix_float(s), else: s <> ".0"
  end
  def j(s) when is_binary(s), do: "\"" <> esc(s) <> "\""
  def j(a) when is_atom(a), do: j(Atom.to_string(a))
  def j(l) when is_list(l), do: "[" <> Enum.map_join(l, ",", &j/1) <> "]"
  def j({:obj, kvs}), do: "{" <> Enum.map_join(kvs, ",", fn {k, v} -> j(to_string(k)) <> ":" <> j(v) end) <> "}"
  def j({:raw, s}), do: s
  defp esc(s) do
    for <<c::utf8 <- s>>, into: "" do
      case c do
        ?" -> "\\\""
        ?\\ -> "\\\\"
        ?\n -> "\\n"
        ?\t -> "\\t"
        c when c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
        c -> <<c::utf8>>
      end
    end
  end
  defp fix_float(s) do
    if String.contains?(s, "."), do: s, else: String.replace(s, "e", ".0e")
  end

  def sorted_obj(kvs), do: {:obj, Enum.sort_by(kvs, fn {k, _} -> to_string(k) end)}

  # ---------- graph ----------
  def export(name, exprs, params) do
    outs = Nx.Defn.Composite.flatten_list([exprs])
    {out_terms, st} = Enum.map_reduce(outs, %{ids: %{}, nodes: [], next: 0}, &visit/2)
    params_json = Enum.map(params, fn p -> param_obj(p) end)
    nodes = Enum.reverse(st.nodes)
    head = j({:obj, [format: "nx-graph", version: 1, name: name,
                     producer: sorted_obj(exporter: "nxc test/edge gen_edge.exs (nx_graph_export.ex v1 conventions)", nx: "0.7.2"),
                     params: params_json]})
    head = String.slice(head, 0..-2//1)
    head <> ",\"nodes\":[\n" <> Enum.map_join(nodes, ",\n", &(" " <> &1)) <>
      "\n],\"outputs\":" <> j(Enum.map(out_terms, &{:obj, [ref: &1]})) <> "}\n"
  end

  defp param_obj(%T{type: t, shape: s, names: n}),
    do: {:obj, [type: type_name(t), shape: Tuple.to_list(s), names: n]}

  defp key(%T{data: %Expr{op: :constant, args: [c]}, type: t, shape: s}) do
    bits = if is_float(c), do: <<c::float-64>>, else: c
    {:const, bits, t, s}
  end
  defp key(%T{data: %Expr{id: id}}), do: id

  defp visit(%T{data: %Expr{op: op, args: args}} = t, st) do
    k = key(t)
    case st.ids do
      %{^k => id} -> {id, st}
      _ ->
        if op in [:fun, :while, :cond, :optional, :token, :attach_token],
          do: raise("unsupported op in edge exporter: #{op}")
        {aj, st} = arg_terms(op, args, st)
        id = st.next
        node = j({:obj, [id: id, op: op, type: type_name(t.type), shape: Tuple.to_list(t.shape),
                         names: t.names, args: {:raw, aj}]})
        {id, %{st | ids: Map.put(st.ids, k, id), nodes: [node | st.nodes], next: id + 1}}
    end
  end

  defp arg_terms(:parameter, [i], st), do: {j([i]), st}
  defp arg_terms(:constant, [c], st), do: {"[" <> num(c) <> "]", st}
  defp arg_terms(:tensor, [t], st), do: {"[" <> lit(t) <> "]", st}
  defp arg_terms(_op, args, st) do
    {parts, st} = Enum.map_reduce(args, st, &term/2)
    {"[" <> Enum.join(parts, ",") <> "]", st}
  end

  defp num(:nan), do: ~s("nan")
  defp num(:infinity), do: ~s("infinity")
  defp num(:neg_infinity), do: ~s("neg_infinity")
  defp num(%Complex{}), do: raise("complex")
  defp num(n), do: j(n)

  defp lit(%T{} = t) do
    j({:obj, [tensor: sorted_obj(type: type_name(t.type), shape: Tuple.to_list(t.shape),
                                 data: Base.encode64(Nx.to_binary(t)))]})
  end

  defp term(%T{data: %Expr{}} = t, st) do
    {id, st} = visit(t, st)
    {j({:obj, [ref: id]}), st}
  end
  defp term(l, st) when is_list(l) and l != [] do
    if Keyword.keyword?(l) do
      {kvs, st} = Enum.map_reduce(Enum.sort_by(l, &to_string(elem(&1, 0))), st, fn {k, v}, st ->
        {vj, st} = term(v, st)
        {j(to_string(k)) <> ":" <> vj, st}
      end)
      {~s({"opts":{) <> Enum.join(kvs, ",") <> "}}", st}
    else
      {parts, st} = Enum.map_reduce(l, st, &term/2)
      {"[" <> Enum.join(parts, ",") <> "]", st}
    end
  end
  defp term(t, st) when is_tuple(t) do
    {parts, st} = Enum.map_reduce(Tuple.to_list(t), st, &term/2)
    {~s({"tuple":[) <> Enum.join(parts, ",") <> "]}", st}
  end
  defp term(x, st) when is_atom(x) and x not in [nil, true, false], do: {j(Atom.to_string(x)), st}
  defp term(x, st), do: {j(x), st}

  # ---------- values ----------
  def tensor_json(%T{} = t) do
    j({:obj, [type: type_name(t.type), shape: Tuple.to_list(t.shape), data: Base.encode64(Nx.to_binary(t))]})
  end

  def case_json(name, inputs, expected, source, tags) do
    j({:obj, [graph: name <> ".graph.json",
              inputs: Enum.map(inputs, &{:raw, tensor_json(&1)}),
              expected: Enum.map(expected, &{:raw, tensor_json(&1)}),
              source: source, tags: tags]}) <> "\n"
  end
end
