/*
 * nxc_nif: an Erlang NIF over one nxc-compiled function, chosen at build time:
 *
 *   cc -shared -fPIC -pthread -I<erts>/include -I runtime/include \
 *      -I<dir of x.h> -DNXC_HEADER='"x.h"' -DNXC_FN=name -DNXC_INFO=name_info \
 *      nxc_nif.c x.o libnxc_runtime.a -lm -Wl,-z,nodelete -o nxc_nif.so
 *
 * set_threads/1 references the runtime's pool (parallel.c), so the link pulls
 * it in and the object's weak nxc_parallel_for binds to it; -z nodelete keeps
 * the library (whose pool threads run its code) mapped if the module is
 * purged.
 *
 * Everything below goes through one `const nxc_function_info *` kept as the
 * NIF's priv data; the calling path itself is nxc_nif_call.h (beside this
 * file), which the generic loader (elixir/c_src/nxc_loader.c) shares.
 *
 * Erlang API (module nxc_nif, see nxc_nif.erl and README.md):
 *   call([binary()])       -> {ok, [binary()]} | {error, Reason}
 *   call_dirty([binary()]) -> same, always on a dirty CPU scheduler
 *   info()                 -> #{name, abi_version, args, results,
 * workspace_size}
 *   set_threads(N)         -> the thread count set (nxc_set_num_threads;
 *                             N =< 0: one per online CPU), 1 until called
 *   threads()              -> the current thread count
 */
#include <erl_nif.h>
#include <nxc/runtime.h>

#ifndef NXC_HEADER
#error "define NXC_HEADER, e.g. -DNXC_HEADER='\"x.h\"'"
#endif
#ifndef NXC_INFO
#error "define NXC_INFO, e.g. -DNXC_INFO=name_info"
#endif
#include NXC_HEADER

/* The calling path (binaries in, binaries out, errors), shared with
 * elixir/c_src/nxc_loader.c. Also defines NXC_DIRTY_THRESHOLD_BYTES. */
#include "nxc_nif_call.h"

typedef struct nif_state {
  const nxc_function_info *fn;
  int dirty; /* call/1 reschedules itself onto a dirty scheduler */
} nif_state;

static nif_state g_state;

static ERL_NIF_TERM call_impl(ErlNifEnv *env, int argc,
                              const ERL_NIF_TERM argv[]) {
  const nif_state *st = enif_priv_data(env);
  (void)argc;
  return nxc_nif_call(env, st->fn, argv[0]);
}

static ERL_NIF_TERM call_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  const nif_state *st = enif_priv_data(env);
  if (st->dirty)
    return enif_schedule_nif(env, "call", ERL_NIF_DIRTY_JOB_CPU_BOUND,
                             call_impl, argc, argv);
  return call_impl(env, argc, argv);
}

static ERL_NIF_TERM info_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  const nif_state *st = enif_priv_data(env);
  (void)argc;
  (void)argv;
  return nxc_nif_info_term(env, st->fn, st->dirty);
}

static int load(ErlNifEnv *env, void **priv_data, ERL_NIF_TERM load_info) {
  (void)env;
  (void)load_info;
  const nxc_function_info *fn = &NXC_INFO;
  /* Refuse to load rather than call into an object built for another ABI. */
  if (fn->abi_version != NXC_ABI_VERSION)
    return 1;
#ifdef NXC_FN
  if (fn->entry != NXC_FN)
    return 2; /* header/object mismatch */
#endif
  g_state.fn = fn;
  g_state.dirty = nxc_nif_wants_dirty(fn);
  *priv_data = &g_state;
  return 0;
}

static ErlNifFunc nif_funcs[] = {
    {"call", 1, call_nif, 0},
    {"call_dirty", 1, call_impl, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"info", 0, info_nif, 0},
    {"set_threads", 1, nxc_nif_set_threads, 0},
    {"threads", 0, nxc_nif_threads, 0},
};

ERL_NIF_INIT(nxc_nif, nif_funcs, load, NULL, NULL, NULL)
