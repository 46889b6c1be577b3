%% nxc_nif: Erlang side of nxc_nif.c, a NIF over one nxc-compiled function.
%%
%% Tensors are plain binaries: dense, row-major, little-endian, exactly
%% byte_size bytes each (see info/0). The NIF is not loaded on module load:
%% call load/1 with the path of the shared library first.
-module(nxc_nif).
-export([load/1, call/1, call_dirty/1, info/0, set_threads/1, threads/0]).

-type tensor_info() :: #{dtype := atom(), shape := tuple(),
                         byte_size := non_neg_integer()}.
-type reason() :: not_a_list
                | {wrong_arg_count, Expected :: non_neg_integer(), Got :: non_neg_integer()}
                | {not_a_binary, Index :: non_neg_integer()}
                | {wrong_byte_size, Index :: non_neg_integer(),
                   Expected :: non_neg_integer(), Got :: non_neg_integer()}
                | {nxc_status, Code :: integer(), Message :: binary()}
                | enomem.
-export_type([tensor_info/0, reason/0]).

%% Loads the NIF library; Path may name the file with or without ".so".
-spec load(file:filename()) -> ok | {error, term()}.
load(Path) ->
    Base = case filename:extension(Path) of
               ".so" -> filename:rootname(Path);
               _ -> Path
           end,
    erlang:load_nif(Base, 0).

%% Calls the compiled function. Large calls (arguments + results + workspace
%% over ~1 MiB) move themselves to a dirty CPU scheduler. Indices in error
%% reasons are 0-based, as in info/0's args list.
-spec call([binary()]) -> {ok, [binary()]} | {error, reason()}.
call(_Args) ->
    erlang:nif_error(nif_not_loaded).

%% Same as call/1, but always on a dirty CPU scheduler.
-spec call_dirty([binary()]) -> {ok, [binary()]} | {error, reason()}.
call_dirty(_Args) ->
    erlang:nif_error(nif_not_loaded).

%% The compiled function's signature:
%% #{name => binary(), abi_version => integer(), args => [tensor_info()],
%%   results => [tensor_info()], workspace_size => integer(),
%%   dirty => boolean()}  (dirty: whether call/1 uses a dirty scheduler).
-spec info() -> map().
info() ->
    erlang:nif_error(nif_not_loaded).

%% Sets how many threads the compiled function may use, the calling thread
%% included (the runtime's pool, linked into the library: 1 until set;
%% N =< 0 means one per online CPU, at most 256). Applies to calls that start
%% afterwards; results do not depend on it. Returns the count set.
-spec set_threads(integer()) -> pos_integer().
set_threads(_N) ->
    erlang:nif_error(nif_not_loaded).

%% The current thread count.
-spec threads() -> pos_integer().
threads() ->
    erlang:nif_error(nif_not_loaded).
