/*
 * nxc runtime ABI: shared by objects that nxc generates and the programs that
 * call them. Plain C99, no dependencies. See docs/abi.md.
 *
 * Every compiled graph `<name>` exports two symbols:
 *
 *   int32_t <name>(const void *const *args, void *const *results,
 *                  void *workspace);
 *   extern const nxc_function_info <name>_info;
 *
 * `args[i]` points to the i-th parameter, `results[j]` to caller-owned memory
 * for the j-th result, both dense row-major, little-endian, aligned to at least
 * the element size. Results must not overlap arguments or each other.
 * `workspace` is caller-owned scratch memory of `<name>_info.workspace_size`
 * bytes (any alignment; NULL allowed when the size is 0). The function keeps no
 * global mutable state: concurrent calls are safe as long as each call has its
 * own results and workspace.
 */
#ifndef NXC_RUNTIME_H
#define NXC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NXC_ABI_VERSION 1

/* Status codes returned by compiled entry points and runtime helpers. */
typedef enum nxc_status {
  NXC_OK = 0,
  NXC_ERR_NULL_POINTER = 1, /* args, results or one of their entries is NULL */
  NXC_ERR_WORKSPACE = 2,    /* workspace is NULL but workspace_size > 0 */
  NXC_ERR_ABI_MISMATCH = 3, /* object built for another NXC_ABI_VERSION */
  NXC_ERR_OUT_OF_MEMORY = 4 /* a runtime helper could not allocate */
} nxc_status;

/* Element types. Values are part of the ABI: never renumber. */
typedef enum nxc_dtype {
  NXC_S8 = 1,
  NXC_S16 = 2,
  NXC_S32 = 3,
  NXC_S64 = 4,
  NXC_U8 = 5,
  NXC_U16 = 6,
  NXC_U32 = 7,
  NXC_U64 = 8,
  NXC_F16 = 9,
  NXC_BF16 = 10,
  NXC_F32 = 11,
  NXC_F64 = 12,
  NXC_C64 = 13,
  NXC_C128 = 14,
  /* Newer Nx. s2/s4/u2/u4 are packed: 8/bits elements per byte, the first in
   * the most significant bits, a partial last byte padded with zero bits.
   * NXC_F8 is Nx's {:f, 8} (E5M2), NXC_F8_E4M3FN its {:f8_e4m3fn, 8}. */
  NXC_S2 = 15,
  NXC_S4 = 16,
  NXC_U2 = 17,
  NXC_U4 = 18,
  NXC_F8 = 19,
  NXC_F8_E4M3FN = 20
} nxc_dtype;

/* One argument or result. */
typedef struct nxc_tensor_info {
  int32_t dtype;        /* an nxc_dtype */
  int32_t rank;         /* number of dimensions, 0 for a scalar */
  const int64_t *shape; /* `rank` dimensions */
  uint64_t byte_size;   /* ceil(product(shape) * bits / 8) */
} nxc_tensor_info;

typedef int32_t (*nxc_entry_fn)(const void *const *args, void *const *results,
                                void *workspace);

/* Signature of a compiled function: `<name>_info` in the object. */
typedef struct nxc_function_info {
  uint32_t abi_version; /* NXC_ABI_VERSION of the compiler */
  uint32_t num_args;
  uint32_t num_results;
  uint32_t reserved;
  const char *name;
  const nxc_tensor_info *args;
  const nxc_tensor_info *results;
  uint64_t workspace_size; /* bytes of scratch memory a call needs */
  nxc_entry_fn entry;
} nxc_function_info;

/* Helpers (runtime/src/runtime.c, libnxc_runtime.a). */

/* Bytes per element of a dtype, 0 for an unknown value and for the packed
 * sub-byte types (use nxc_dtype_bits, or nxc_tensor_info.byte_size). */
size_t nxc_dtype_size(int32_t dtype);
/* Bits per element of a dtype (2 for s2, 128 for c128), 0 for an unknown value.
 */
size_t nxc_dtype_bits(int32_t dtype);
/* Nx's name for a dtype ("f32", "u8", ...), "?" for an unknown value. */
const char *nxc_dtype_name(int32_t dtype);
/* A short English description of a status code. */
const char *nxc_status_string(int32_t status);

/* Allocates workspace for `fn`, 64-byte aligned, and from 2 MiB on 2 MiB
 * aligned with transparent huge pages asked for (Linux madvise) (NULL with
 * *status = NXC_OK when none is needed; `status` may be NULL). Free it with
 * nxc_workspace_free.
 * One workspace may be reused across calls, but not by two calls at the same
 * time. */
void *nxc_workspace_alloc(const nxc_function_info *fn, int32_t *status);
void nxc_workspace_free(void *workspace);

/* A zeroed buffer for tensor data, aligned like a workspace (64 bytes; 2 MiB
 * and huge pages from 2 MiB on): large arguments and results streamed from
 * huge pages take fewer TLB misses. NULL when out of memory. Free it with
 * nxc_buffer_free. */
void *nxc_buffer_alloc(size_t bytes);
void nxc_buffer_free(void *buffer);

/* Checks the ABI version and the pointers, then calls fn->entry. */
int32_t nxc_call(const nxc_function_info *fn, const void *const *args,
                 void *const *results, void *workspace);

/* Threads (runtime/src/parallel.c). Compiled objects split their large
 * parallel loops through nxc_parallel_for, which they reference weakly: a
 * program that does not link it runs them on the calling thread. */

/* Sets how many threads compiled functions may use, the caller included
 * (default 1; <= 0 means one per online CPU, capped at 256). Returns the
 * count set. Applies to calls that start after it returns. */
int nxc_set_num_threads(int threads);
int nxc_get_num_threads(void);

/* fn(ctx, begin, end) over a partition of [0, n) into contiguous chunks, one
 * per thread, the calling thread running one; returns when all are done. Runs
 * fn(ctx, 0, n) on the caller when one thread is set, from inside another
 * nxc_parallel_for, or while another thread's loop holds the pool. */
typedef void (*nxc_task_fn)(void *ctx, int64_t begin, int64_t end);
void nxc_parallel_for(nxc_task_fn fn, void *ctx, int64_t n);

#ifdef __cplusplus
}
#endif

#endif /* NXC_RUNTIME_H */
