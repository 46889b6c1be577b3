%% Test driver for nxc_nif, run by run_nif_test.py:
%%   erl -noshell -pa DIR -eval 'nxc_nif_driver:main(["DIR/nxc_nif.so", "DIR"])'
%% Reads DIR/in<i>.bin (one per info() arg), calls the NIF, writes
%% DIR/out<j>.bin and DIR/info.txt, and checks the error paths. The numeric
%% comparison against the expected values is done by the Python side.
%% Halts with 0 on success, 1 on any failure.
-module(nxc_nif_driver).
-export([main/1]).

main([So, Dir]) ->
    try run(So, Dir) of
        ok -> halt(0)
    catch
        Class:Reason:Stack ->
            io:format("FAIL: ~p:~p~n~p~n", [Class, Reason, Stack]),
            halt(1)
    end.

run(So, Dir) ->
    ok = expect(load, ok, nxc_nif:load(So)),
    Info = nxc_nif:info(),
    io:format("info: ~p~n", [Info]),
    #{name := Name, args := ArgInfo, results := ResInfo,
      workspace_size := Ws} = Info,
    write_info(filename:join(Dir, "info.txt"), Name, Ws, ArgInfo, ResInfo),
    Ins = [begin
               {ok, B} = file:read_file(filename:join(Dir, io_lib:format("in~b.bin", [I]))),
               B
           end || I <- lists:seq(0, length(ArgInfo) - 1)],
    {ok, Outs} = expect(call, ok, nxc_nif:call(Ins)),
    lists:foreach(
      fun({J, B}) ->
              ok = file:write_file(filename:join(Dir, io_lib:format("out~b.bin", [J])), B)
      end, lists:zip(lists:seq(0, length(Outs) - 1), Outs)),
    [byte_size(B) =:= maps:get(byte_size, R) orelse error({result_size, R, byte_size(B)})
     || {B, R} <- lists:zip(Outs, ResInfo)],

    %% Same results on a dirty scheduler, and with inputs that are sub-binaries
    %% at an odd offset (misaligned: exercises the NIF's staging copy).
    {ok, Outs} = expect(call_dirty, ok, nxc_nif:call_dirty(Ins)),
    Odd = [begin <<_:8, R/binary>> = <<0, B/binary>>, R end || B <- Ins],
    {ok, Outs} = expect(call_misaligned, ok, nxc_nif:call(Odd)),

    %% Concurrent calls on several schedulers must not interfere.
    Self = self(),
    Pids = [spawn_link(fun() ->
                               R = [nxc_nif:call(Ins) || _ <- lists:seq(1, 50)],
                               Self ! {self(), lists:usort(R)}
                       end) || _ <- lists:seq(1, 8)],
    [receive {P, [{ok, Outs}]} -> ok after 60000 -> error(concurrent_timeout) end
     || P <- Pids],

    %% Error paths: a clear {error, _}, never a crash.
    NA = length(ArgInfo),
    {error, {wrong_arg_count, NA, _}} = expect(too_many_args, error, nxc_nif:call(Ins ++ [<<>>])),
    {error, not_a_list} = expect(not_a_list, error, nxc_nif:call(not_a_list)),
    case Ins of
        [First | Rest] ->
            Short = binary:part(First, 0, max(byte_size(First) - 1, 0)),
            Long = <<First/binary, 0>>,
            ShortRes = nxc_nif:call([Short | Rest]),
            byte_size(First) > 0 andalso
                ({error, {wrong_byte_size, 0, _, _}} = expect(short_binary, error, ShortRes)),
            {error, {wrong_byte_size, 0, _, _}} = expect(long_binary, error, nxc_nif:call([Long | Rest])),
            {error, {not_a_binary, 0}} = expect(not_a_binary, error, nxc_nif:call([42 | Rest])),
            {error, {wrong_arg_count, NA, _}} = expect(too_few_args, error, nxc_nif:call(Rest)),
            {error, {wrong_byte_size, 0, _, _}} = expect(dirty_wrong_size, error, nxc_nif:call_dirty([Long | Rest]));
        [] -> ok
    end,
    io:format("driver: ok (~b results)~n", [length(Outs)]),
    ok.

expect(What, Tag, Result) ->
    case Result of
        {Tag, _} -> io:format("~s: ~P~n", [What, Result, 12]), Result;
        ok when Tag =:= ok -> Result;
        _ -> error({What, expected, Tag, got, Result})
    end.

write_info(Path, Name, Ws, ArgInfo, ResInfo) ->
    Line = fun(Kind, I, #{dtype := D, shape := S, byte_size := B}) ->
                   Dims = lists:join(",", [integer_to_list(X) || X <- tuple_to_list(S)]),
                   io_lib:format("~s ~b ~s ~s ~b~n", [Kind, I, D, [$[, Dims, $]], B])
           end,
    Lines = [io_lib:format("name ~s~nworkspace_size ~b~n", [Name, Ws])]
        ++ [Line("arg", I, T) || {I, T} <- lists:zip(lists:seq(0, length(ArgInfo) - 1), ArgInfo)]
        ++ [Line("result", I, T) || {I, T} <- lists:zip(lists:seq(0, length(ResInfo) - 1), ResInfo)],
    ok = file:write_file(Path, Lines).
