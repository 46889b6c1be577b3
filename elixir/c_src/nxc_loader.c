/*
 * nxc_loader: one Erlang NIF for any number of nxc-compiled functions.
 *
 * Same calling design as runtime/nif/nxc_nif.c (zero-copy aligned inputs,
 * results written into enif_alloc_binary, a workspace per call, dirty
 * scheduling above a byte threshold), but each function is a resource
 * holding its own `const nxc_function_info *`, so a VM can hold many.
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

/* Calls touching more bytes than this (arguments + results + workspace) run
 * on a dirty CPU scheduler: a normal scheduler should not be blocked for more
 * than ~1 ms, and bytes are the only cost estimate the ABI gives us. */
#ifndef NXC_DIRTY_THRESHOLD_BYTES
#define NXC_DIRTY_THRESHOLD_BYTES (1u << 20)
#endif

#ifndef NXC_NIF_MODULE
#define NXC_NIF_MODULE Elixir.NxC.Loader
#endif

typedef struct nxc_fn_res {
  const nxc_function_info *fn;
  void *handle; /* dlopen handle (generic build), closed with the resource */
  int dirty;    /* call/2 reschedules itself onto a dirty scheduler */
} nxc_fn_res;

static ErlNifResourceType *g_fn_type;

/* Stand-in pointer for zero-byte tensors, which the ABI still wants non-NULL.
 * The union gives it 16-byte alignment in C99. */
static union {
  long double ld;
  unsigned char bytes[16];
} g_empty_u;
#define g_empty ((void *)&g_empty_u)

static ERL_NIF_TERM atom(ErlNifEnv *env, const char *name) {
  return enif_make_atom(env, name);
}

static ERL_NIF_TERM error2(ErlNifEnv *env, ERL_NIF_TERM reason) {
  return enif_make_tuple2(env, atom(env, "error"), reason);
}

static ERL_NIF_TERM u64_term(ErlNifEnv *env, uint64_t v) {
  return enif_make_uint64(env, (ErlNifUInt64)v);
}

static ERL_NIF_TERM string_bin(ErlNifEnv *env, const char *s) {
  ERL_NIF_TERM bin;
  size_t n = strlen(s);
  memcpy(enif_make_new_binary(env, n, &bin), s, n);
  return bin;
}

/* ABI: tensors are aligned to at least their element size. BEAM binaries are
 * word-aligned at best, and sub-binaries can start at any byte. */
static size_t required_alignment(const nxc_tensor_info *t) {
  size_t a = nxc_dtype_size(t->dtype);
  return a ? a : 1;
}

static int is_aligned(const void *p, size_t a) {
  return ((uintptr_t)p & (a - 1)) == 0;
}

/* 16-byte aligned malloc that works on C99 (no aligned_alloc needed):
 * the original pointer is stored just before the returned one. */
static void *aligned_malloc16(size_t n) {
  unsigned char *raw = malloc(n + 16 + sizeof(void *));
  if (!raw)
    return NULL;
  uintptr_t p = ((uintptr_t)raw + sizeof(void *) + 15) & ~(uintptr_t)15;
  ((void **)p)[-1] = raw;
  return (void *)p;
}

static void aligned_free16(void *p) {
  if (p)
    free(((void **)p)[-1]);
}

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
    return error2(env, enif_make_tuple3(env, atom(env, "abi_version"),
                                        enif_make_uint(env, NXC_ABI_VERSION),
                                        enif_make_uint(env, fn->abi_version)));
  }
  nxc_fn_res *r = enif_alloc_resource(g_fn_type, sizeof(nxc_fn_res));
  if (!r) {
#ifndef NXC_AOT_TABLE
    if (handle)
      dlclose(handle);
#endif
    return error2(env, atom(env, "enomem"));
  }
  uint64_t total = fn->workspace_size;
  for (uint32_t i = 0; i < fn->num_args; i++)
    total += fn->args[i].byte_size;
  for (uint32_t j = 0; j < fn->num_results; j++)
    total += fn->results[j].byte_size;
  r->fn = fn;
  r->handle = handle;
  r->dirty = total > NXC_DIRTY_THRESHOLD_BYTES;
  ERL_NIF_TERM term = enif_make_resource(env, r);
  enif_release_resource(r); /* the term owns it now */
  return enif_make_tuple2(env, atom(env, "ok"), term);
}

static ERL_NIF_TERM call_impl(ErlNifEnv *env, int argc,
                              const ERL_NIF_TERM argv[]) {
  (void)argc;
  nxc_fn_res *r;
  if (!enif_get_resource(env, argv[0], g_fn_type, (void **)&r))
    return enif_make_badarg(env);
  const nxc_function_info *fn = r->fn;
  const uint32_t na = fn->num_args, nr = fn->num_results;

  unsigned len;
  if (!enif_get_list_length(env, argv[1], &len))
    return error2(env, atom(env, "not_a_list"));
  if (len != na)
    return error2(env, enif_make_tuple3(env, atom(env, "wrong_arg_count"),
                                        enif_make_uint(env, na),
                                        enif_make_uint(env, len)));

  /* One block for the pointer arrays, the staging pointers (NULL unless a
   * misaligned tensor had to be copied) and the result binaries. */
  size_t nt = (size_t)na + nr;
  size_t block = nt * 2 * sizeof(void *) + nr * sizeof(ErlNifBinary);
  void **mem = enif_alloc(block ? block : 1);
  if (!mem)
    return error2(env, atom(env, "enomem"));
  memset(mem, 0, block);
  const void **args = (const void **)mem;
  void **results = mem + na;
  void **staged = mem + nt; /* staged[i]: args first, then results */
  ErlNifBinary *out = (ErlNifBinary *)(mem + 2 * nt);
  uint32_t n_out = 0; /* result binaries allocated so far */
  void *workspace = NULL;
  ERL_NIF_TERM ret;

  ERL_NIF_TERM list = argv[1], head;
  for (uint32_t i = 0; i < na; i++) {
    enif_get_list_cell(env, list, &head, &list);
    ErlNifBinary in;
    if (!enif_inspect_binary(env, head, &in)) {
      ret = error2(env, enif_make_tuple2(env, atom(env, "not_a_binary"),
                                         enif_make_uint(env, i)));
      goto done;
    }
    const nxc_tensor_info *t = &fn->args[i];
    if (in.size != t->byte_size) {
      ret = error2(env, enif_make_tuple4(env, atom(env, "wrong_byte_size"),
                                         enif_make_uint(env, i),
                                         u64_term(env, t->byte_size),
                                         u64_term(env, in.size)));
      goto done;
    }
    if (in.size == 0) {
      args[i] = g_empty;
    } else if (is_aligned(in.data, required_alignment(t))) {
      args[i] = in.data; /* zero copy: the compiled code reads the binary */
    } else {
      if (!(staged[i] = aligned_malloc16(in.size)))
        goto oom;
      memcpy(staged[i], in.data, in.size);
      args[i] = staged[i];
    }
  }

  for (uint32_t j = 0; j < nr; j++) {
    const nxc_tensor_info *t = &fn->results[j];
    if (!enif_alloc_binary((size_t)t->byte_size, &out[j]))
      goto oom;
    n_out++;
    if (t->byte_size == 0) {
      results[j] = g_empty;
    } else if (is_aligned(out[j].data, required_alignment(t))) {
      results[j] = out[j].data; /* compiled code writes the binary directly */
    } else {
      if (!(staged[na + j] = aligned_malloc16(t->byte_size)))
        goto oom;
      results[j] = staged[na + j];
    }
  }

  /* Per call, not cached: calls may run concurrently on any normal or dirty
   * scheduler thread, and a malloc is small next to a call worth compiling. */
  int32_t status = NXC_OK;
  workspace = nxc_workspace_alloc(fn, &status);
  if (status == NXC_OK)
    status = nxc_call(fn, (const void *const *)args, (void *const *)results,
                      workspace);
  if (status != NXC_OK) {
    ret = error2(env,
                 enif_make_tuple3(env, atom(env, "nxc_status"),
                                  enif_make_int(env, status),
                                  string_bin(env, nxc_status_string(status))));
    goto done;
  }

  ERL_NIF_TERM tail = enif_make_list(env, 0);
  for (uint32_t j = nr; j-- > 0;) {
    if (staged[na + j])
      memcpy(out[j].data, staged[na + j], out[j].size);
    tail = enif_make_list_cell(env, enif_make_binary(env, &out[j]), tail);
  }
  n_out = 0; /* ownership moved to the terms */
  ret = enif_make_tuple2(env, atom(env, "ok"), tail);
  goto done;

oom:
  ret = error2(env, atom(env, "enomem"));
done:
  for (uint32_t j = 0; j < n_out; j++)
    enif_release_binary(&out[j]);
  for (size_t k = 0; k < nt; k++)
    aligned_free16(staged[k]);
  nxc_workspace_free(workspace);
  enif_free(mem);
  return ret;
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

static ERL_NIF_TERM tensor_info_term(ErlNifEnv *env, const nxc_tensor_info *t) {
  ERL_NIF_TERM dims[t->rank > 0 ? t->rank : 1];
  for (int32_t d = 0; d < t->rank; d++)
    dims[d] = enif_make_int64(env, (ErlNifSInt64)t->shape[d]);
  ERL_NIF_TERM keys[] = {atom(env, "dtype"), atom(env, "shape"),
                         atom(env, "byte_size")};
  ERL_NIF_TERM vals[] = {
      atom(env, nxc_dtype_name(t->dtype)),
      enif_make_tuple_from_array(env, dims, (unsigned)t->rank),
      u64_term(env, t->byte_size)};
  ERL_NIF_TERM map;
  enif_make_map_from_arrays(env, keys, vals, 3, &map);
  return map;
}

static ERL_NIF_TERM tensor_list_term(ErlNifEnv *env, const nxc_tensor_info *t,
                                     uint32_t n) {
  ERL_NIF_TERM list = enif_make_list(env, 0);
  for (uint32_t i = n; i-- > 0;)
    list = enif_make_list_cell(env, tensor_info_term(env, &t[i]), list);
  return list;
}

static ERL_NIF_TERM info_nif(ErlNifEnv *env, int argc,
                             const ERL_NIF_TERM argv[]) {
  (void)argc;
  nxc_fn_res *r;
  if (!enif_get_resource(env, argv[0], g_fn_type, (void **)&r))
    return enif_make_badarg(env);
  const nxc_function_info *fn = r->fn;
  ERL_NIF_TERM keys[] = {atom(env, "name"),           atom(env, "abi_version"),
                         atom(env, "args"),           atom(env, "results"),
                         atom(env, "workspace_size"), atom(env, "dirty")};
  ERL_NIF_TERM vals[] = {string_bin(env, fn->name),
                         enif_make_uint(env, fn->abi_version),
                         tensor_list_term(env, fn->args, fn->num_args),
                         tensor_list_term(env, fn->results, fn->num_results),
                         u64_term(env, fn->workspace_size),
                         atom(env, r->dirty ? "true" : "false")};
  ERL_NIF_TERM map;
  enif_make_map_from_arrays(env, keys, vals, 6, &map);
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
      return make_fn_res(env, nxc_aot_entries[i].info, NULL);
  return error2(env, enif_make_tuple2(env, atom(env, "not_found"), argv[0]));
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
    return error2(env, enif_make_tuple2(env, atom(env, "dlopen"),
                                        string_bin(env, dlerror())));
  const nxc_function_info *fn = dlsym(h, sym);
  if (!fn) {
    dlclose(h);
    return error2(
        env, enif_make_tuple2(env, atom(env, "dlsym"), string_bin(env, sym)));
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
