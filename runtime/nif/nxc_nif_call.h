/*
 * nxc_nif_call.h: the calling path shared by the Erlang NIFs over
 * nxc-compiled functions, header-only (static inline, C99):
 *
 *  - runtime/nif/nxc_nif.c: one function linked in, module nxc_nif;
 *  - elixir/c_src/nxc_loader.c: any number of functions as resources
 *    (NxC.Loader, and the NIF libraries of NxC.AOT).
 *
 * Each NIF decides where its `const nxc_function_info *` comes from (priv
 * data, a resource) and how it schedules; everything from a list of BEAM
 * binaries to `{ok, [binary()]}` / `{error, Reason}` is here:
 *
 *   nxc_nif_call(env, fn, list)      the call itself (see below)
 *   nxc_nif_wants_dirty(fn)          bytes touched > NXC_DIRTY_THRESHOLD_BYTES
 *   nxc_nif_info_term(env, fn, d)    #{name, abi_version, args, results,
 *                                      workspace_size, dirty => d}
 *   nxc_nif_set_threads / nxc_nif_threads
 *                                    NIFs over the runtime's thread count
 *   nxc_nif_atom / nxc_nif_error / nxc_nif_u64 / nxc_nif_string
 *                                    small term builders
 *
 * Include it after defining NXC_DIRTY_THRESHOLD_BYTES, if overriding it.
 * Found next to the including file: nxc_nif.c sits beside it, and the Elixir
 * package copies it next to nxc_loader.c (elixir/priv/c_src) when it builds.
 * See runtime/nif/README.md for the design (zero-copy inputs, results
 * written in place, a workspace kept per scheduler thread, dirty scheduling).
 */
#ifndef NXC_NIF_CALL_H
#define NXC_NIF_CALL_H

#include <erl_nif.h>
#include <nxc/runtime.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Calls touching more bytes than this (arguments + results + workspace) run
 * on a dirty CPU scheduler: a normal scheduler should not be blocked for more
 * than ~1 ms, and bytes are the only cost estimate the ABI gives us. */
#ifndef NXC_DIRTY_THRESHOLD_BYTES
#define NXC_DIRTY_THRESHOLD_BYTES (1u << 20)
#endif

static inline ERL_NIF_TERM nxc_nif_atom(ErlNifEnv *env, const char *name) {
  return enif_make_atom(env, name);
}

/* {error, Reason} */
static inline ERL_NIF_TERM nxc_nif_error(ErlNifEnv *env, ERL_NIF_TERM reason) {
  return enif_make_tuple2(env, nxc_nif_atom(env, "error"), reason);
}

static inline ERL_NIF_TERM nxc_nif_u64(ErlNifEnv *env, uint64_t v) {
  return enif_make_uint64(env, (ErlNifUInt64)v);
}

/* A NUL-terminated C string as a binary (not a charlist). */
static inline ERL_NIF_TERM nxc_nif_string(ErlNifEnv *env, const char *s) {
  ERL_NIF_TERM bin;
  size_t n = strlen(s);
  memcpy(enif_make_new_binary(env, n, &bin), s, n);
  return bin;
}

/* Whether calls to `fn` should run on a dirty CPU scheduler: the bytes they
 * touch (arguments + results + workspace, fixed per function) exceed
 * NXC_DIRTY_THRESHOLD_BYTES. Computed once, when the function is loaded. */
static inline int nxc_nif_wants_dirty(const nxc_function_info *fn) {
  uint64_t total = fn->workspace_size;
  for (uint32_t i = 0; i < fn->num_args; i++)
    total += fn->args[i].byte_size;
  for (uint32_t j = 0; j < fn->num_results; j++)
    total += fn->results[j].byte_size;
  return total > NXC_DIRTY_THRESHOLD_BYTES;
}

/* Stand-in pointer for zero-byte tensors, which the ABI still wants non-NULL.
 * The union gives it 16-byte alignment in C99. */
static inline void *nxc_nif_empty(void) {
  static union {
    long double ld;
    unsigned char bytes[16];
  } empty;
  return &empty;
}

/* ABI: tensors are aligned to at least their element size. BEAM binaries are
 * word-aligned at best, and sub-binaries can start at any byte. */
static inline size_t nxc_nif_required_alignment(const nxc_tensor_info *t) {
  size_t a = nxc_dtype_size(t->dtype);
  return a ? a : 1;
}

static inline int nxc_nif_is_aligned(const void *p, size_t a) {
  return ((uintptr_t)p & (a - 1)) == 0;
}

/* 16-byte aligned malloc that works on C99 (no aligned_alloc needed):
 * the original pointer is stored just before the returned one. */
static inline void *nxc_nif_aligned_malloc16(size_t n) {
  unsigned char *raw = malloc(n + 16 + sizeof(void *));
  if (!raw)
    return NULL;
  uintptr_t p = ((uintptr_t)raw + sizeof(void *) + 15) & ~(uintptr_t)15;
  ((void **)p)[-1] = raw;
  return (void *)p;
}

static inline void nxc_nif_aligned_free16(void *p) {
  if (p)
    free(((void **)p)[-1]);
}

/* The workspace of the calls on this scheduler thread, kept between calls
 * and grown when a call needs more: large temporaries then never hit fresh
 * pages per call (each first touch of a 4 KiB page costs ~12-15 us on a
 * VM). One per thread is safe: a NIF call runs to its end on the thread
 * that started it, and the calls it makes across the thread pool share its
 * workspace by design. Held for the thread's life (schedulers live as long
 * as the VM), so at most one workspace of the largest function per
 * scheduler thread that ran it: large calls go to dirty CPU schedulers, one
 * per core. `__thread`, not C11 `_Thread_local`: the NIFs build as C99. */
static __thread void *nxc_nif_ws;
static __thread uint64_t nxc_nif_ws_size;

static inline void *nxc_nif_workspace(const nxc_function_info *fn,
                                      int32_t *status) {
  *status = NXC_OK;
  if (nxc_nif_ws_size < fn->workspace_size) {
    nxc_workspace_free(nxc_nif_ws);
    nxc_nif_ws_size = 0;
    if (!(nxc_nif_ws = nxc_workspace_alloc(fn, status)))
      return NULL;
    nxc_nif_ws_size = fn->workspace_size;
  }
  return fn->workspace_size ? nxc_nif_ws : NULL;
}

/*
 * Calls `fn` on the binaries of `list` (one per argument, in info() order) on
 * the current thread; the caller picks the scheduler. Returns
 * {ok, [binary()]} or, never raising, {error, Reason} with Reason one of
 * not_a_list, {wrong_arg_count, Expected, Got}, {not_a_binary, I},
 * {wrong_byte_size, I, Expected, Got}, {nxc_status, Code, Message}, enomem.
 *
 * Inputs are read in place (copied once only when misaligned for their
 * element type); results are enif_alloc_binary'd and written directly by the
 * compiled code; the workspace is this thread's (nxc_nif_workspace).
 */
static inline ERL_NIF_TERM
nxc_nif_call(ErlNifEnv *env, const nxc_function_info *fn, ERL_NIF_TERM list) {
  const uint32_t na = fn->num_args, nr = fn->num_results;

  unsigned len;
  if (!enif_get_list_length(env, list, &len))
    return nxc_nif_error(env, nxc_nif_atom(env, "not_a_list"));
  if (len != na)
    return nxc_nif_error(
        env,
        enif_make_tuple3(env, nxc_nif_atom(env, "wrong_arg_count"),
                         enif_make_uint(env, na), enif_make_uint(env, len)));

  /* One block for the pointer arrays, the staging pointers (NULL unless a
   * misaligned tensor had to be copied) and the result binaries. */
  size_t nt = (size_t)na + nr;
  size_t block = nt * 2 * sizeof(void *) + nr * sizeof(ErlNifBinary);
  void **mem = enif_alloc(block ? block : 1);
  if (!mem)
    return nxc_nif_error(env, nxc_nif_atom(env, "enomem"));
  memset(mem, 0, block);
  const void **args = (const void **)mem;
  void **results = mem + na;
  void **staged = mem + nt; /* staged[i]: args first, then results */
  ErlNifBinary *out = (ErlNifBinary *)(mem + 2 * nt);
  uint32_t n_out = 0; /* result binaries allocated so far */
  void *workspace = NULL;
  ERL_NIF_TERM ret;

  ERL_NIF_TERM head;
  for (uint32_t i = 0; i < na; i++) {
    enif_get_list_cell(env, list, &head, &list);
    ErlNifBinary in;
    if (!enif_inspect_binary(env, head, &in)) {
      ret = nxc_nif_error(
          env, enif_make_tuple2(env, nxc_nif_atom(env, "not_a_binary"),
                                enif_make_uint(env, i)));
      goto done;
    }
    const nxc_tensor_info *t = &fn->args[i];
    if (in.size != t->byte_size) {
      ret = nxc_nif_error(
          env, enif_make_tuple4(env, nxc_nif_atom(env, "wrong_byte_size"),
                                enif_make_uint(env, i),
                                nxc_nif_u64(env, t->byte_size),
                                nxc_nif_u64(env, in.size)));
      goto done;
    }
    if (in.size == 0) {
      args[i] = nxc_nif_empty();
    } else if (nxc_nif_is_aligned(in.data, nxc_nif_required_alignment(t))) {
      args[i] = in.data; /* zero copy: the compiled code reads the binary */
    } else {
      if (!(staged[i] = nxc_nif_aligned_malloc16(in.size)))
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
      results[j] = nxc_nif_empty();
    } else if (nxc_nif_is_aligned(out[j].data, nxc_nif_required_alignment(t))) {
      results[j] = out[j].data; /* compiled code writes the binary directly */
    } else {
      if (!(staged[na + j] = nxc_nif_aligned_malloc16(t->byte_size)))
        goto oom;
      results[j] = staged[na + j];
    }
  }

  int32_t status = NXC_OK;
  workspace = nxc_nif_workspace(fn, &status);
  if (status == NXC_OK)
    status = nxc_call(fn, (const void *const *)args, (void *const *)results,
                      workspace);
  if (status != NXC_OK) {
    ret = nxc_nif_error(
        env, enif_make_tuple3(env, nxc_nif_atom(env, "nxc_status"),
                              enif_make_int(env, status),
                              nxc_nif_string(env, nxc_status_string(status))));
    goto done;
  }

  ERL_NIF_TERM tail = enif_make_list(env, 0);
  for (uint32_t j = nr; j-- > 0;) {
    if (staged[na + j])
      memcpy(out[j].data, staged[na + j], out[j].size);
    tail = enif_make_list_cell(env, enif_make_binary(env, &out[j]), tail);
  }
  n_out = 0; /* ownership moved to the terms */
  ret = enif_make_tuple2(env, nxc_nif_atom(env, "ok"), tail);
  goto done;

oom:
  ret = nxc_nif_error(env, nxc_nif_atom(env, "enomem"));
done:
  for (uint32_t j = 0; j < n_out; j++)
    enif_release_binary(&out[j]);
  for (size_t k = 0; k < nt; k++)
    nxc_nif_aligned_free16(staged[k]);
  enif_free(mem);
  return ret;
}

/* #{dtype => atom(), shape => tuple(), byte_size => integer()} */
static inline ERL_NIF_TERM nxc_nif_tensor_term(ErlNifEnv *env,
                                               const nxc_tensor_info *t) {
  ERL_NIF_TERM dims[t->rank > 0 ? t->rank : 1];
  for (int32_t d = 0; d < t->rank; d++)
    dims[d] = enif_make_int64(env, (ErlNifSInt64)t->shape[d]);
  ERL_NIF_TERM keys[] = {nxc_nif_atom(env, "dtype"), nxc_nif_atom(env, "shape"),
                         nxc_nif_atom(env, "byte_size")};
  ERL_NIF_TERM vals[] = {
      nxc_nif_atom(env, nxc_dtype_name(t->dtype)),
      enif_make_tuple_from_array(env, dims, (unsigned)t->rank),
      nxc_nif_u64(env, t->byte_size)};
  ERL_NIF_TERM map;
  enif_make_map_from_arrays(env, keys, vals, 3, &map);
  return map;
}

static inline ERL_NIF_TERM
nxc_nif_tensor_list(ErlNifEnv *env, const nxc_tensor_info *t, uint32_t n) {
  ERL_NIF_TERM list = enif_make_list(env, 0);
  for (uint32_t i = n; i-- > 0;)
    list = enif_make_list_cell(env, nxc_nif_tensor_term(env, &t[i]), list);
  return list;
}

/* The info() map of `fn`; `dirty`: whether call/N reschedules itself. */
static inline ERL_NIF_TERM
nxc_nif_info_term(ErlNifEnv *env, const nxc_function_info *fn, int dirty) {
  ERL_NIF_TERM keys[] = {
      nxc_nif_atom(env, "name"),           nxc_nif_atom(env, "abi_version"),
      nxc_nif_atom(env, "args"),           nxc_nif_atom(env, "results"),
      nxc_nif_atom(env, "workspace_size"), nxc_nif_atom(env, "dirty")};
  ERL_NIF_TERM vals[] = {nxc_nif_string(env, fn->name),
                         enif_make_uint(env, fn->abi_version),
                         nxc_nif_tensor_list(env, fn->args, fn->num_args),
                         nxc_nif_tensor_list(env, fn->results, fn->num_results),
                         nxc_nif_u64(env, fn->workspace_size),
                         nxc_nif_atom(env, dirty ? "true" : "false")};
  ERL_NIF_TERM map;
  enif_make_map_from_arrays(env, keys, vals, 6, &map);
  return map;
}

/* set_threads(N) and threads(): the thread count of the pool linked into
 * this library (runtime/src/parallel.c). */
static ERL_NIF_TERM nxc_nif_set_threads(ErlNifEnv *env, int argc,
                                        const ERL_NIF_TERM argv[]) {
  (void)argc;
  int n;
  if (!enif_get_int(env, argv[0], &n))
    return enif_make_badarg(env);
  return enif_make_int(env, nxc_set_num_threads(n));
}

static ERL_NIF_TERM nxc_nif_threads(ErlNifEnv *env, int argc,
                                    const ERL_NIF_TERM argv[]) {
  (void)argc;
  (void)argv;
  return enif_make_int(env, nxc_get_num_threads());
}

#endif /* NXC_NIF_CALL_H */
