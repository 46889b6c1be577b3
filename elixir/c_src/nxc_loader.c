/*
 * nxc_loader: one Erlang NIF for any number of nxc-compiled functions.
 *
 * Same calling path as runtime/nif/nxc_nif.c, shared through
 * runtime/nif/nxc_nif_call.h (zero-copy aligned inputs, results written into
 * enif_alloc_binary, a workspace per call, dirty scheduling above a byte
 * threshold), but each function is a resource holding its own
 * `const nxc_function_info *`, so a VM can hold many.
 *
 * Two builds of this file:
 *
 *  - generic (default), NIF module Elixir.NxC.Loader:
 *      load(Path, Name) dlopens a shared library built from an nxc object
 *      and dlsyms `<Name>_info`.
 *
 *  - ahead of time (-DNXC_AOT_TABLE='"table.h"' -DNXC_NIF_MODULE=Elixir.Mod):
 *      linked together with the objects; table.h declares the `_info`
 *      symbols and defines NXC_AOT_ENTRIES. lookup(Name) finds one by name.
 *      Needs neither dlopen nor a compiler on the deployed machine.
 *
 * Both export: call(Fn, [binary()]), call_dirty(Fn, [binary()]), info(Fn),
 * set_threads(N) and threads(): the thread count of the runtime's pool
 * (nxc_set_num_threads, docs/abi.md), 1 until set; N =< 0 means one per
 * online CPU. set_threads returns the count set.
 *
 * Threads. Compiled code splits its parallel loops through nxc_parallel_for,
 * a weak reference that binds when its library is linked or loaded. The pool
 * (runtime/src/parallel.c) is linked into this library, -Bsymbolic so that a
 * pool another library made global never takes its place, and -z nodelete
 * because pool threads must never outlive the code they run (a purged module
 * unloads its NIF library).
 *
 *  - generic: BEAM opens NIF libraries RTLD_LOCAL, so a library dlopened
 *    here cannot see this pool by name. NxC.Cache links nxc_jit_pool.c into
 *    every library it builds: a hidden nxc_parallel_for, serial until
 *    nxc_jit_set_pool(fn) hands it this library's; load() does so. One pool,
 *    one thread count for all the functions loaded through this NIF, without
 *    exporting anything to the rest of the VM. info() says `parallel: true`
 *    for a function connected to it (false: a library without
 *    nxc_jit_set_pool, whose loops run serially or on a pool of its own).
 *  - ahead of time: the objects are linked with the pool; load_info
 *    #{threads => N} sets the initial count.
 */
#include <erl_nif.h>
#include <nxc/runtime.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef NXC_AOT_TABLE
#include <dlfcn.h>

/* nxc_jit_set_pool's argument (nxc_jit_pool.c). */
typedef void (*nxc_jit_parallel_for_fn)(nxc_task_fn fn, void *ctx, int64_t n);
#endif

/* The calling path (binaries in, binaries out, errors), shared with
 * runtime/nif/nxc_nif.c. Also defines NXC_DIRTY_THRESHOLD_BYTES. It lives in
 * runtime/nif/ and is copied next to this file (priv/c_src) by mix compile. */
#include "nxc_nif_call.h"

#ifndef NXC_NIF_MODULE
#define NXC_NIF_MODULE Elixir.NxC.Loader
#endif

typedef struct nxc_fn_res {
  const nxc_function_info *fn;
  void *handle; /* dlopen handle (generic build), closed with the resource */
  int dirty;    /* call/2 reschedules itself onto a dirty scheduler */
  int parallel; /* its parallel loops run on this library's pool */
} nxc_fn_res;

static ErlNifResourceType *g_fn_type;

static void fn_res_dtor(ErlNifEnv *env, void *obj) {
  (void)env;
#ifndef NXC_AOT_TABLE
  nxc_fn_res *r = obj;
  if (r->handle)
    dlclose(r->handle);
#else
  (void)obj;
#endif
}

/* Validates `fn` and wraps it in a resource term (or an {error, _} term). */
static ERL_NIF_TERM make_fn_res(ErlNifEnv *env, const nxc_function_info *fn,
                                void *handle, int parallel) {
  /* Refuse rather than call into an object built for another ABI. */
  if (fn->abi_version != NXC_ABI_VERSION) {
    if (handle) {
#ifndef NXC_AOT_TABLE
      dlclose(handle);
#endif
    }
    return nxc_nif_error(
        env, enif_make_tuple3(env, nxc_nif_atom(env, "abi_version"),
                              enif_make_uint(env, NXC_ABI_VERSION),
                              enif_make_uint(env, fn->abi_version)));
  }
  nxc_fn_res *r = enif_alloc_resource(g_fn_type, sizeof(nxc_fn_res));
  if (!r) {
#ifndef NXC_AOT_TABLE
    if (handle)
      dlclose(handle);
#endif
    return nxc_nif_error(env, nxc_nif_atom(env, "enomem"));
  }
  r->fn = fn;
  r->handle = handle;
  r->dirty = nxc_nif_wants_dirty(fn);
  r->parallel = parallel;
  ERL_NIF_TERM term = enif_make_resource(env, r);
  enif_release_resource(r); /* the term owns it now */
  return enif_make_tuple2(env, nxc_nif_atom(env, "ok"), term);
}

static ERL_NIF_TERM call_impl(ErlNifEnv *env, int argc,
                              const ERL_NIF_TERM argv[]) {
  (void)argc;
  nxc_fn_res *r;
  if (!enif_get_resource(env, argv[0], g_fn_type, (void **)&r))
    return enif_make_badarg(env);
  return nxc_nif_call(env, r->fn, argv[1]);
}

static ERL_NIF_TERM call_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  nxc_fn_res *r;
  if (!enif_get_resource(env, argv[0], g_fn_type, (void **)&r))
    return enif_make_badarg(env);
  if (r->dirty)
    return enif_schedule_nif(env, "call", ERL_NIF_DIRTY_JOB_CPU_BOUND,
                             call_impl, argc, argv);
  return call_impl(env, argc, argv);
}

static ERL_NIF_TERM info_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  (void)argc;
  nxc_fn_res *r;
  if (!enif_get_resource(env, argv[0], g_fn_type, (void **)&r))
    return enif_make_badarg(env);
  ERL_NIF_TERM map = nxc_nif_info_term(env, r->fn, r->dirty);
  enif_make_map_put(env, map, nxc_nif_atom(env, "parallel"),
                    nxc_nif_atom(env, r->parallel ? "true" : "false"), &map);
  return map;
}

/* Copies an iolist/binary name into a NUL-terminated buffer of `cap` bytes. */
static int get_cstring(ErlNifEnv *env, ERL_NIF_TERM term, char *buf,
                       size_t cap) {
  ErlNifBinary bin;
  if (!enif_inspect_iolist_as_binary(env, term, &bin) || bin.size + 1 > cap ||
      memchr(bin.data, 0, bin.size))
    return 0;
  memcpy(buf, bin.data, bin.size);
  buf[bin.size] = 0;
  return 1;
}

#ifdef NXC_AOT_TABLE
#include NXC_AOT_TABLE
/* table.h defines: static const struct {const char *name;
 * const nxc_function_info *info;} nxc_aot_entries[] and NXC_AOT_COUNT. */

static ERL_NIF_TERM lookup_nif(ErlNifEnv *env, int argc,
                               const ERL_NIF_TERM argv[]) {
  (void)argc;
  char name[256];
  if (!get_cstring(env, argv[0], name, sizeof name))
    return enif_make_badarg(env);
  for (size_t i = 0; i < NXC_AOT_COUNT; i++)
    if (strcmp(nxc_aot_entries[i].name, name) == 0)
      return make_fn_res(env, nxc_aot_entries[i].info, NULL, 1);
  return nxc_nif_error(
      env, enif_make_tuple2(env, nxc_nif_atom(env, "not_found"), argv[0]));
}
#else
static ERL_NIF_TERM load_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  (void)argc;
  char path[4096], sym[300];
  size_t nl;
  if (!get_cstring(env, argv[0], path, sizeof path) ||
      !get_cstring(env, argv[1], sym, sizeof sym - 5))
    return enif_make_badarg(env);
  nl = strlen(sym);
  memcpy(sym + nl, "_info", 6);
  /* RTLD_LOCAL: every compiled library keeps its symbols to itself, so two
   * libraries may export the same function name. */
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return nxc_nif_error(env, enif_make_tuple2(env, nxc_nif_atom(env, "dlopen"),
                                               nxc_nif_string(env, dlerror())));
  const nxc_function_info *fn = dlsym(h, sym);
  if (!fn) {
    dlclose(h);
    return nxc_nif_error(env, enif_make_tuple2(env, nxc_nif_atom(env, "dlsym"),
                                               nxc_nif_string(env, sym)));
  }
  /* Hands its loops this library's pool (nxc_jit_pool.c). The pointer stays
   * valid: this library is never unmapped (-z nodelete). */
  void (*set_pool)(nxc_jit_parallel_for_fn);
  *(void **)&set_pool = dlsym(h, "nxc_jit_set_pool");
  if (set_pool)
    set_pool(nxc_parallel_for);
  return make_fn_res(env, fn, h, set_pool != NULL);
}
#endif

/* load_info: #{threads => N}, the initial thread count (ahead of time). */
static void apply_load_info(ErlNifEnv *env, ERL_NIF_TERM load_info) {
  ERL_NIF_TERM value;
  int n;
  if (enif_is_map(env, load_info) &&
      enif_get_map_value(env, load_info, nxc_nif_atom(env, "threads"),
                         &value) &&
      enif_get_int(env, value, &n))
    nxc_set_num_threads(n);
}

static int nif_load(ErlNifEnv *env, void **priv_data, ERL_NIF_TERM load_info) {
  (void)priv_data;
  apply_load_info(env, load_info);
  g_fn_type =
      enif_open_resource_type(env, NULL, "nxc_function", fn_res_dtor,
                              ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER, NULL);
  return g_fn_type ? 0 : 1;
}

static int nif_upgrade(ErlNifEnv *env, void **priv_data, void **old_priv,
                       ERL_NIF_TERM load_info) {
  (void)old_priv;
  return nif_load(env, priv_data, load_info);
}

static ErlNifFunc nif_funcs[] = {
#ifdef NXC_AOT_TABLE
    {"lookup", 1, lookup_nif, 0},
#else
    /* dlopen may touch the disk: keep it off normal schedulers. */
    {"load", 2, load_nif, ERL_NIF_DIRTY_JOB_IO_BOUND},
#endif
    {"call", 2, call_nif, 0},
    {"call_dirty", 2, call_impl, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"info", 1, info_nif, 0},
    {"set_threads", 1, nxc_nif_set_threads, 0},
    {"threads", 0, nxc_nif_threads, 0},
};

/* Expands NXC_NIF_MODULE before ERL_NIF_INIT stringifies it, so the module
 * may be an Elixir name with dots (Elixir.MyApp.Model.NIF). */
#define NXC_NIF_INIT(MOD)                                                      \
  ERL_NIF_INIT(MOD, nif_funcs, nif_load, NULL, nif_upgrade, NULL)
NXC_NIF_INIT(NXC_NIF_MODULE)
