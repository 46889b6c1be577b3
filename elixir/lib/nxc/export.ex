if Code.ensure_loaded?(Nx.Defn.Expr) do
  defmodule NxC.Export do
    @moduledoc """
    Exports a `defn` function as an nx-graph v1 file (`shared/spec/nx-graph-v1.md`).

        json = NxC.Export.export(&MyDefn.softmax/1, [Nx.template({2, 3}, :f32)], name: "softmax")
        NxC.Export.write!(&MyDefn.softmax/1, [Nx.template({2, 3}, :f32)], "softmax.graph.json")

    What it does, following the spec:

      * every node's `type`/`shape`/`names` is its devectorized tensor;
      * ids are dense integers in text order (a node, then its nested scopes);
      * parameter scopes (root, `while` cond/body, `fun`, composite default)
        are closed: a node used by several of them is written once in each;
      * inside one parameter scope, a node lives in the innermost common
        ancestor of the `cond` branches that use it, and clause predicates
        in the scope of their `cond`;
      * `optional` (Nx 0.7) and `block` (Nx 0.12+) become `composite` with
        their default scope, named after the call (`block`: the struct's
        last module segment, `Nx.Block.LinAlg.QR` -> `"qr"`), its options
        the struct's fields;
      * `attach_token` (Nx 0.7) and `io_call` (Nx 0.13) refs become refs to
        the wrapped value; `token` nodes and hook expressions are dropped;
      * constants are deduplicated by (type, shape, value bits);
      * literal tensors are `{"tensor": ...}`, floats are shortest round-trip,
        non-finite values are `"infinity"`, `"neg_infinity"`, `"nan"`;
      * `metadata` is kept, its tensors written as templates and closures as
        `opaque`.
    """

    alias Nx.Defn.{Composite, Expr}
    alias Nx.Tensor, as: T

    @exporter "nxc NxC.Export v1"

    defmodule Capture do
      # A defn compiler that only builds the expression and hands it back.
      @moduledoc false
      @behaviour Nx.Defn.Compiler

      @impl true
      def __jit__(key, vars, fun, _args_list, opts), do: __compile__(key, vars, fun, opts)

      @impl true
      def __compile__(_key, vars, fun, opts) do
        throw({__MODULE__, NxC.Export.from_vars(vars, fun, opts[:nxc_export] || [])})
      end

      @impl {:__stream__, 7} in Nx.Defn.Compiler.behaviour_info(:callbacks)
      def __stream__(_, _, _, _, _, _, _), do: raise(ArgumentError, "not supported")

      @impl true
      def __partitions_options__(opts), do: [opts]

      @impl true
      def __to_backend__(_opts), do: Nx.default_backend()
    end

    @doc """
    Returns the nx-graph JSON (a binary) of `fun` called with `templates`
    (tensors or `Nx.template/2` values, one per argument; containers allowed).

    Options: `:name` (the graph's `"name"`, a C identifier, default `"nxc_fn"`).
    """
    def export(fun, templates, opts \\ []) do
      {json, _outputs} = export_with_outputs(fun, templates, opts)
      json
    end

    @doc "Like `export/3`, also returning the output container of templates."
    def export_with_outputs(fun, templates, opts \\ []) do
      try do
        Nx.Defn.compile(fun, templates, compiler: Capture, nxc_export: opts)
        raise "unreachable"
      catch
        {Capture, result} -> result
      end
    end

    @doc "Exports to a file."
    def write!(fun, templates, path, opts \\ []) do
      File.write!(path, export(fun, templates, opts))
    end

    @doc """
    The compiler-facing entry point: `vars` and `fun` as given to
    `c:Nx.Defn.Compiler.__jit__/5`. Returns `{json_binary, output_container}`,
    the container holding the (vectorized) output expressions in
    `Nx.Defn.Composite` order.
    """
    def from_vars(vars, fun, opts \\ []) do
      output = fun.(vars)

      params =
        vars
        |> Composite.flatten_list()
        |> Enum.sort_by(fn %T{data: %Expr{op: :parameter, args: [i]}} -> i end)

      outputs = Composite.flatten_list([output])
      {body, _counter} = param_scope(params, outputs, 0, 0)
      name = opts[:name] || "nxc_fn"

      json = [
        ~s({"format":"nx-graph","version":1,"name":),
        NxC.JSON.encode(name),
        ~s(,"producer":),
        NxC.JSON.encode(%{"nx" => nx_version(), "exporter" => @exporter}),
        ",",
        body,
        "}\n"
      ]

      {IO.iodata_to_binary(json), output}
    end

    defp nx_version do
      case Application.spec(:nx, :vsn) do
        nil -> "unknown"
        vsn -> to_string(vsn)
      end
    end

    ## Parameter scopes

    # Returns {iodata of `"params":[..],"nodes":[..],"outputs":[..]`, counter}.
    defp param_scope(params, outputs, counter, depth) do
      {out_keys, g} = collect_all(outputs)
      placement = place(g, out_keys)

      st = %{
        nodes: g.nodes,
        children: g.children,
        placement: placement,
        ids: %{},
        counter: counter,
        depth: depth
      }

      {nodes, st} = emit_scope([], out_keys, st)
      params_json = Enum.map(params, &template_json/1)

      body = [
        ~s("params":),
        NxC.JSON.encode(params_json),
        ~s(,"nodes":),
        nodes_array(nodes, depth),
        ~s(,"outputs":),
        NxC.JSON.encode(Enum.map(out_keys, &ref_json(&1, st)))
      ]

      {body, st.counter}
    end

    defp nodes_array([], _depth), do: "[]"

    defp nodes_array(lines, depth) do
      pad = String.duplicate(" ", depth + 1)

      [
        "[\n",
        Enum.map_intersperse(lines, ",\n", &[pad, &1]),
        "\n",
        String.duplicate(" ", depth),
        "]"
      ]
    end

    ## Collecting one parameter scope: nodes by key, child edges, and a
    ## reverse topological order (users before what they use).

    defp collect_all(outputs) do
      g = %{nodes: %{}, children: %{}, order: []}
      Enum.map_reduce(outputs, g, &collect/2)
    end

    defp collect(t, g) do
      t = resolve(t)
      key = key(t)

      if Map.has_key?(g.nodes, key) do
        {key, g}
      else
        g = %{g | nodes: Map.put(g.nodes, key, t)}

        {kids, g} =
          Enum.map_reduce(child_specs(t, key), g, fn {c, rel}, g ->
            {ck, g} = collect(c, g)
            {{ck, rel}, g}
          end)

        {key, %{g | children: Map.put(g.children, key, kids), order: [key | g.order]}}
      end
    end

    # Hook values: a ref to attach_token is a ref to what it wraps.
    defp resolve(%T{data: %Expr{op: :attach_token, args: [_token, expr]}}), do: resolve(expr)

    # Nx 0.13's io_call: a tensor template makes the node itself the value, a
    # container one makes `elem(io_call, i)` its i-th leaf.
    defp resolve(%T{data: %Expr{op: :io_call, args: [expr, _callback, %T{}, _ref]}}),
      do: resolve(expr)

    defp resolve(%T{data: %Expr{op: :elem, args: [%T{data: %Expr{op: :io_call} = io}, i]}}),
      do: io.args |> hd() |> flat() |> Enum.at(i) |> resolve()

    defp resolve(%T{data: %Expr{}} = t), do: t

    defp resolve(other) do
      raise ArgumentError, "nxc export: expected a tensor expression, got: #{inspect(other)}"
    end

    # Constants are keyed by value bits, type and shape (so -0.0 != 0.0).
    defp key(%T{data: %Expr{op: :constant, args: [v]}, type: type, shape: shape} = t) do
      {:constant, type, shape, t.vectorized_axes, const_bits(v)}
    end

    defp key(%T{data: %Expr{id: id}}), do: id

    defp const_bits(v) when is_float(v), do: {:float, <<v::float-64>>}
    defp const_bits(%Complex{re: re, im: im}), do: {:complex, const_bits(re), const_bits(im)}
    defp const_bits(v), do: v

    # {child tensor, scope path relative to the node}: [] is the node's own
    # scope, [{key, i}] the i-th branch of a cond.
    defp child_specs(%T{data: %Expr{op: op, args: args}}, key) do
      case {op, args} do
        {:cond, [clauses, last]} ->
          n = length(clauses)

          clause_specs =
            clauses
            |> Enum.with_index()
            |> Enum.flat_map(fn {{pred, branch}, i} ->
              [{pred, []} | Enum.map(flat(branch), &{&1, [{key, i}]})]
            end)

          clause_specs ++ Enum.map(flat(last), &{&1, [{key, n}]})

        {:while, [initial | _]} ->
          Enum.map(flat(initial), &{&1, []})

        {:fun, _} ->
          []

        {:optional, [call, _default, _callback]} ->
          call |> call_operands() |> Enum.filter(&expr?/1) |> Enum.map(&{&1, []})

        {:block, [_struct, in_args, _default, _fun]} ->
          in_args |> block_operands() |> Enum.filter(&expr?/1) |> Enum.map(&{&1, []})

        {:metadata, [expr, _meta]} ->
          Enum.map(flat(expr), &{&1, []})

        {:token, _} ->
          raise ArgumentError, "nxc export: a hook token is used as a value"

        {op, _} when op in [:parameter, :constant, :tensor] ->
          []

        _ ->
          args |> exprs_in([]) |> Enum.reverse() |> Enum.map(&{&1, []})
      end
    end

    defp flat(container), do: Composite.flatten_list([container])

    defp expr?(%T{data: %Expr{}}), do: true
    defp expr?(_), do: false

    defp exprs_in(%T{data: %Expr{}} = t, acc), do: [t | acc]
    defp exprs_in(list, acc) when is_list(list), do: Enum.reduce(list, acc, &exprs_in/2)

    defp exprs_in(tuple, acc) when is_tuple(tuple),
      do: tuple |> Tuple.to_list() |> Enum.reduce(acc, &exprs_in/2)

    defp exprs_in(_, acc), do: acc

    # Operands of an `optional` call: its args up to the first list (options).
    defp call_operands(%T{data: %Expr{args: in_args}}), do: block_operands(in_args)

    defp call_opts(%T{data: %Expr{args: in_args}}), do: block_opts(in_args)

    # A block's in_args: its operands, then option lists (Nx.Defn.Expr.block/4).
    defp block_operands(in_args), do: Enum.take_while(in_args, &(not is_list(&1)))

    defp block_opts(in_args) do
      case Enum.drop_while(in_args, &(not is_list(&1))) do
        [] -> []
        lists -> Enum.concat(lists)
      end
    end

    ## Placement: the innermost common ancestor of the scopes using a node.

    defp place(g, out_keys) do
      uses = Map.new(out_keys, &{&1, []})

      {_uses, placement} =
        Enum.reduce(g.order, {uses, %{}}, fn key, {uses, placement} ->
          p = Map.fetch!(uses, key)

          uses =
            Enum.reduce(Map.fetch!(g.children, key), uses, fn {c, rel}, uses ->
              path = p ++ rel
              Map.update(uses, c, path, &common_prefix(&1, path))
            end)

          {uses, Map.put(placement, key, p)}
        end)

      placement
    end

    defp common_prefix([x | a], [x | b]), do: [x | common_prefix(a, b)]
    defp common_prefix(_, _), do: []

    ## Emission: post-order from the scope's outputs; a node is written when
    ## its scope is the one being written. Ids follow text order.

    defp emit_scope(path, out_keys, st) do
      {lines, st, _seen} =
        Enum.reduce(out_keys, {[], st, %{}}, fn k, acc -> visit(k, path, acc) end)

      {Enum.reverse(lines), st}
    end

    defp visit(key, path, {lines, st, seen} = acc) do
      if Map.has_key?(st.ids, key) or Map.has_key?(seen, key) do
        acc
      else
        seen = Map.put(seen, key, true)

        {lines, st, seen} =
          Enum.reduce(Map.fetch!(st.children, key), {lines, st, seen}, fn {c, _}, acc ->
            visit(c, path, acc)
          end)

        if Map.fetch!(st.placement, key) == path do
          id = st.counter
          st = %{st | ids: Map.put(st.ids, key, id), counter: id + 1}
          {line, st} = node_json(Map.fetch!(st.nodes, key), key, id, path, st)
          {[line | lines], st, seen}
        else
          {lines, st, seen}
        end
      end
    end

    defp node_json(%T{data: %Expr{op: op, args: args}} = t, key, id, path, st) do
      {op_name, args_json, st} = node_args(op, args, t, key, path, st)
      {type, shape, names} = devectorized(t)

      results =
        case t.type do
          {:tuple, _} -> [{"results", Enum.map(tuple_results(t), &template_json/1)}]
          _ -> []
        end

      obj =
        {:object,
         [
           {"id", id},
           {"op", op_name},
           {"type", type},
           {"shape", shape},
           {"names", names}
         ] ++ results ++ [{"args", {:raw, args_json}}]}

      {NxC.JSON.encode(obj), st}
    end

    # Element templates of a tuple-typed node.
    defp tuple_results(%T{data: %Expr{op: op, args: args}}) do
      case {op, args} do
        {:while, [_initial, arg, _cond, _body]} -> flat(arg)
        {:cond, [_clauses, last]} -> flat(last)
        {:optional, [_call, default, _cb]} -> flat(default)
        {:block, [_struct, _in_args, default, _fun]} -> flat(default)
        {:metadata, [expr, _]} -> flat(expr)
        {_, [first | _]} when is_tuple(first) -> Tuple.to_list(first)
        {op, _} -> raise ArgumentError, "nxc export: unknown tuple-typed op #{inspect(op)}"
      end
    end

    defp node_args(:cond, [clauses, last], _t, key, path, st) do
      n = length(clauses)

      {clauses_json, st} =
        clauses
        |> Enum.with_index()
        |> Enum.map_reduce(st, fn {{pred, branch}, i}, st ->
          {scope, st} = branch_scope(path ++ [{key, i}], branch, st)
          {["{\"tuple\":[", ref_term(pred, st), ",", scope, "]}"], st}
        end)

      {last_json, st} = branch_scope(path ++ [{key, n}], last, st)
      {"cond", ["[[", Enum.intersperse(clauses_json, ","), "],", last_json, "]"], st}
    end

    defp node_args(:while, [initial, arg, condition, body], t, _key, _path, st) do
      initial_json =
        case t.type do
          {:tuple, _} ->
            [
              "{\"tuple\":[",
              initial |> flat() |> Enum.map_intersperse(",", &ref_term(&1, st)),
              "]}"
            ]

          _ ->
            ref_term(initial, st)
        end

      params = flat(arg)
      {cond_scope, counter} = param_scope(params, [condition], st.counter, st.depth + 1)
      {body_scope, counter} = param_scope(params, flat(body), counter, st.depth + 1)
      st = %{st | counter: counter}

      {"while",
       ["[", initial_json, ",{\"scope\":{", cond_scope, "}},{\"scope\":{", body_scope, "}}]"], st}
    end

    defp node_args(:fun, [params, expr, {mod, name, arity}], _t, _key, _path, st) do
      {scope, counter} = param_scope(params, [expr], st.counter, st.depth + 1)
      mfa = NxC.JSON.encode(%{"opaque" => "#{inspect(mod)}.#{name}/#{arity}"})
      {"fun", ["[{\"scope\":{", scope, "}},", mfa, "]"], %{st | counter: counter}}
    end

    defp node_args(:optional, [call, default, _callback], _t, _key, _path, st) do
      composite(Atom.to_string(call.data.op), call_operands(call), call_opts(call), default, st)
    end

    defp node_args(:block, [%mod{} = struct, in_args, default, _fun], _t, _key, _path, st) do
      name = mod |> Module.split() |> List.last() |> Macro.underscore()
      opts = Enum.to_list(Map.from_struct(struct)) ++ block_opts(in_args)
      composite(name, block_operands(in_args), opts, default, st)
    end

    defp node_args(:metadata, [expr, meta], _t, _key, _path, st) do
      value =
        case expr do
          %T{} -> term(expr, st, :ref)
          _ -> %{"tuple" => Enum.map(flat(expr), &term(&1, st, :ref))}
        end

      opts =
        meta |> Enum.sort() |> Enum.map(fn {k, v} -> {to_string(k), term(v, st, :template)} end)

      {"metadata", NxC.JSON.encode([value, %{"opts" => {:object, opts}}]), st}
    end

    defp node_args(:tensor, [literal], _t, _key, _path, st) do
      {"tensor", NxC.JSON.encode([literal_json(literal)]), st}
    end

    defp node_args(op, args, _t, _key, _path, st) do
      {Atom.to_string(op), NxC.JSON.encode(Enum.map(args, &term(&1, st, :ref))), st}
    end

    defp composite(name, operands, opts, default, st) do
      params = Enum.filter(operands, &expr?/1)
      {scope, counter} = param_scope(params, flat(default), st.counter, st.depth + 1)
      opts = opts |> Enum.sort() |> Enum.map(fn {k, v} -> {k, term(v, st, :template)} end)

      json = [
        "[",
        NxC.JSON.encode(name),
        ",",
        NxC.JSON.encode(Enum.map(operands, &term(&1, st, :ref))),
        ",",
        NxC.JSON.encode(%{"opts" => {:object, opts}}),
        ",{\"scope\":{",
        scope,
        "}}]"
      ]

      {"composite", json, %{st | counter: counter}}
    end

    defp branch_scope(path, branch, st) do
      {keys, st} = Enum.map_reduce(flat(branch), st, fn t, st -> {key(resolve(t)), st} end)

      depth = st.depth + length(path)
      {lines, st} = emit_scope(path, keys, st)

      json = [
        "{\"scope\":{\"params\":[],\"nodes\":",
        nodes_array(lines, depth),
        ",\"outputs\":",
        NxC.JSON.encode(Enum.map(keys, &ref_json(&1, st))),
        "}}"
      ]

      {json, st}
    end

    ## Terms

    defp ref_term(t, st), do: NxC.JSON.encode(term(t, st, :ref))

    defp ref_json(key, st) do
      case st.ids do
        %{^key => id} -> %{"ref" => id}
        %{} -> raise "nxc export: internal error, node #{inspect(key)} was not written before use"
      end
    end

    # `mode` is :ref for op arguments and :template inside metadata, where
    # tensors must not create dependencies.
    defp term(%T{data: %Expr{}} = t, st, :ref), do: ref_json(key(resolve(t)), st)
    defp term(%T{} = t, _st, _mode), do: %{"template" => template_map(t)}
    defp term(nil, _st, _), do: nil
    defp term(b, _st, _) when is_boolean(b), do: b
    defp term(a, _st, _) when is_atom(a), do: Atom.to_string(a)
    defp term(n, _st, _) when is_integer(n), do: n
    defp term(f, _st, _) when is_float(f), do: f

    defp term(%Complex{re: re, im: im}, st, mode),
      do: %{"complex" => [term(re, st, mode), term(im, st, mode)]}

    defp term([{k, _} | _] = kw, st, mode) when is_atom(k) do
      if Keyword.keyword?(kw) do
        %{
          "opts" =>
            {:object,
             kw |> Enum.sort_by(&elem(&1, 0)) |> Enum.map(fn {k, v} -> {k, term(v, st, mode)} end)}
        }
      else
        Enum.map(kw, &term(&1, st, mode))
      end
    end

    defp term(list, st, mode) when is_list(list), do: Enum.map(list, &term(&1, st, mode))

    defp term(tuple, st, mode) when is_tuple(tuple),
      do: %{"tuple" => tuple |> Tuple.to_list() |> Enum.map(&term(&1, st, mode))}

    defp term(%_{} = struct, _st, _), do: %{"opaque" => inspect(struct)}

    defp term(%{} = map, st, mode) do
      %{
        "map" =>
          map |> Enum.sort() |> Enum.map(fn {k, v} -> [term(k, st, mode), term(v, st, mode)] end)
      }
    end

    defp term(other, _st, _), do: %{"opaque" => inspect(other)}

    defp literal_json(%T{} = t) do
      t = Nx.devectorize(t)

      %{
        "tensor" => %{
          "type" => type_name(t.type),
          "shape" => Tuple.to_list(t.shape),
          "data" => Base.encode64(Nx.to_binary(t))
        }
      }
    end

    defp template_map(t) do
      {type, shape, _names} = devectorized(t)
      %{"type" => type, "shape" => shape}
    end

    defp template_json(t) do
      {type, shape, names} = devectorized(t)
      {:object, [{"type", type}, {"shape", shape}, {"names", names}]}
    end

    # Vectorized axes become leading dimensions (the graph is devectorized).
    defp devectorized(%T{type: type, shape: shape, names: names, vectorized_axes: vaxes}) do
      {type_name(type), Enum.map(vaxes, &elem(&1, 1)) ++ Tuple.to_list(shape),
       Enum.map(Enum.map(vaxes, &elem(&1, 0)) ++ names, &(&1 && Atom.to_string(&1)))}
    end

    @doc false
    def type_name({:tuple, _}), do: "tuple"
    def type_name({:bf, 16}), do: "bf16"
    # Nx 0.13's {:f8_e4m3fn, 8}: the kind already names the width.
    def type_name({:f8_e4m3fn, 8}), do: "f8_e4m3fn"
    def type_name({k, b}), do: "#{k}#{b}"
  end
end
