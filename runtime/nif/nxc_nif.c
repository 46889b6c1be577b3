/*
 * nxc_nif: an Erlang NIF over one nxc-compiled function, chosen at build time:
 *
 *   cc -shared -fPIC -I<erts>/include -I runtime/include -I<dir of x.h> \
 *      -DNXC_HEADER='"x.h"' -DNXC_FN=name -DNXC_INFO=name_info \
 *      nxc_nif.c x.o libnxc_runtime.a -lm -o nxc_nif.so
 *
 * Everything below goes through one `const nxc_function_info *` kept as the
 * NIF's priv data, so that a generic loader (dlopen + dlsym of `<name>_info`)
 * can reuse this file unchanged except for where that pointer comes from.
 *
 * Erlang API (module nxc_nif, see nxc_nif.erl and README.md):
 *   call([binary()])       -> {ok, [binary()]} | {error, Reason}
 *   call_dirty([binary()]) -> same, always on a dirty CPU scheduler
 *   info()                 -> #{name, abi_version, args, results,
 * workspace_size}
 */
#include <erl_nif.h>
#include <nxc/runtime.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef NXC_HEADER
#error "define NXC_HEADER, e.g. -DNXC_HEADER='\"x.h\"'"
#endif
#ifndef NXC_INFO
#error "define NXC_INFO, e.g. -DNXC_INFO=name_info"
#endif
#include NXC_HEADER

/* Calls touching more bytes than this (arguments + results + workspace) run
 * on a dirty CPU scheduler: a normal scheduler should not be blocked for more
 * than ~1 ms, and bytes are the only cost estimate the ABI gives us. */
#ifndef NXC_DIRTY_THRESHOLD_BYTES
#define NXC_DIRTY_THRESHOLD_BYTES (1u << 20)
#endif

typedef struct nif_state {
  const nxc_function_info *fn;
  int dirty; /* call/1 reschedules itself onto a dirty scheduler */
} nif_state;

static nif_state g_state;

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

static ERL_NIF_TERM call_impl(ErlNifEnv *env, int argc,
                              const ERL_NIF_TERM argv[]) {
  const nif_state *st = enif_priv_data(env);
  const nxc_function_info *fn = st->fn;
  const uint32_t na = fn->num_args, nr = fn->num_results;
  (void)argc;

  unsigned len;
  if (!enif_get_list_length(env, argv[0], &len))
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

  ERL_NIF_TERM list = argv[0], head;
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
    const char *msg = nxc_status_string(status);
    ERL_NIF_TERM bin;
    size_t ml = strlen(msg);
    memcpy(enif_make_new_binary(env, ml, &bin), msg, ml);
    ret = error2(env, enif_make_tuple3(env, atom(env, "nxc_status"),
                                       enif_make_int(env, status), bin));
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
  const nif_state *st = enif_priv_data(env);
  if (st->dirty)
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
  const nif_state *st = enif_priv_data(env);
  const nxc_function_info *fn = st->fn;
  (void)argc;
  (void)argv;
  size_t nl = strlen(fn->name);
  ERL_NIF_TERM name;
  memcpy(enif_make_new_binary(env, nl, &name), fn->name, nl);
  ERL_NIF_TERM keys[] = {atom(env, "name"),           atom(env, "abi_version"),
                         atom(env, "args"),           atom(env, "results"),
                         atom(env, "workspace_size"), atom(env, "dirty")};
  ERL_NIF_TERM vals[] = {name,
                         enif_make_uint(env, fn->abi_version),
                         tensor_list_term(env, fn->args, fn->num_args),
                         tensor_list_term(env, fn->results, fn->num_results),
                         u64_term(env, fn->workspace_size),
                         atom(env, st->dirty ? "true" : "false")};
  ERL_NIF_TERM map;
  enif_make_map_from_arrays(env, keys, vals, 6, &map);
  return map;
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
  uint64_t total = fn->workspace_size;
  for (uint32_t i = 0; i < fn->num_args; i++)
    total += fn->args[i].byte_size;
  for (uint32_t j = 0; j < fn->num_results; j++)
    total += fn->results[j].byte_size;
  g_state.fn = fn;
  g_state.dirty = total > NXC_DIRTY_THRESHOLD_BYTES;
  *priv_data = &g_state;
  return 0;
}

static ErlNifFunc nif_funcs[] = {
    {"call", 1, call_nif, 0},
    {"call_dirty", 1, call_impl, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"info", 0, info_nif, 0},
};

ERL_NIF_INIT(nxc_nif, nif_funcs, load, NULL, NULL, NULL)
