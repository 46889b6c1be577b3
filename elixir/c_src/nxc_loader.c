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
 * Both export: call(Fn, [binary()]), call_dirty(Fn, [binary()]), info(Fn).
 */
#include <erl_nif.h>
#include <nxc/runtime.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef NXC_AOT_TABLE
#include <dlfcn.h>
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
                                void *handle) {
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
  return nxc_nif_info_term(env, r->fn, r->dirty);
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
      return make_fn_res(env, nxc_aot_entries[i].info, NULL);
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
  return make_fn_res(env, fn, h);
}
#endif

static int nif_load(ErlNifEnv *env, void **priv_data, ERL_NIF_TERM load_info) {
  (void)priv_data;
  (void)load_info;
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
};

/* Expands NXC_NIF_MODULE before ERL_NIF_INIT stringifies it, so the module
 * may be an Elixir name with dots (Elixir.MyApp.Model.NIF). */
#define NXC_NIF_INIT(MOD)                                                      \
  ERL_NIF_INIT(MOD, nif_funcs, nif_load, NULL, nif_upgrade, NULL)
NXC_NIF_INIT(NXC_NIF_MODULE)
