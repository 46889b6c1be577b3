/* Helpers of the nxc runtime ABI (include/nxc/runtime.h). Plain C99 so that
 * any C or C++ toolchain can link it next to generated objects. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE under -std=c99 */
#endif
#include "nxc/runtime.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define NXC_WORKSPACE_ALIGN 64 /* a cache line, enough for any vector load */
/* Buffers of at least this many bytes start on a 2 MiB boundary and ask for
 * transparent huge pages: streaming a 64 MiB tensor through 4 KiB pages
 * costs a TLB miss every 4 KiB (one Zen 4 core reads ~35 GB/s that way,
 * ~43 GB/s from huge pages). */
#define NXC_HUGE_PAGE ((size_t)2 << 20)

/* `bytes` (> 0) aligned as above, or NULL; the malloc'd pointer is kept
 * just below the returned one (nxc_aligned_free). */
static void *nxc_aligned_alloc(uint64_t bytes) {
  const size_t align =
      bytes >= NXC_HUGE_PAGE ? NXC_HUGE_PAGE : NXC_WORKSPACE_ALIGN;
  const size_t extra = align - 1 + sizeof(void *);
  char *raw;
  uintptr_t p;
  if (bytes > (uint64_t)(SIZE_MAX - extra))
    return NULL;
  raw = (char *)malloc((size_t)bytes + extra);
  if (!raw)
    return NULL;
  p = (uintptr_t)(raw + sizeof(void *));
  p = (p + align - 1) & ~(uintptr_t)(align - 1);
  memcpy((char *)p - sizeof(void *), &raw, sizeof(void *));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  /* Advice only: without THP (or with it off) the pages stay 4 KiB. */
  if (align == NXC_HUGE_PAGE)
    (void)madvise((void *)p, (size_t)bytes, MADV_HUGEPAGE);
#endif
  return (void *)p;
}

static void nxc_aligned_free(void *p) {
  void *raw;
  if (!p)
    return;
  memcpy(&raw, (char *)p - sizeof(void *), sizeof(void *));
  free(raw);
}

void *nxc_buffer_alloc(size_t bytes) {
  void *p = nxc_aligned_alloc(bytes > 0 ? bytes : 1);
  if (p)
    memset(p, 0, bytes);
  return p;
}

void nxc_buffer_free(void *buffer) { nxc_aligned_free(buffer); }

size_t nxc_dtype_bits(int32_t dtype) {
  switch (dtype) {
  case NXC_S2:
  case NXC_U2:
    return 2;
  case NXC_S4:
  case NXC_U4:
    return 4;
  default:
    return 8 * nxc_dtype_size(dtype);
  }
}

size_t nxc_dtype_size(int32_t dtype) {
  switch (dtype) {
  case NXC_S8:
  case NXC_U8:
  case NXC_F8:
  case NXC_F8_E4M3FN:
    return 1;
  case NXC_S16:
  case NXC_U16:
  case NXC_F16:
  case NXC_BF16:
    return 2;
  case NXC_S32:
  case NXC_U32:
  case NXC_F32:
    return 4;
  case NXC_S64:
  case NXC_U64:
  case NXC_F64:
  case NXC_C64:
    return 8;
  case NXC_C128:
    return 16;
  default:
    return 0;
  }
}

const char *nxc_dtype_name(int32_t dtype) {
  switch (dtype) {
  case NXC_S2:
    return "s2";
  case NXC_S4:
    return "s4";
  case NXC_U2:
    return "u2";
  case NXC_U4:
    return "u4";
  case NXC_F8:
    return "f8";
  case NXC_F8_E4M3FN:
    return "f8_e4m3fn";
  case NXC_S8:
    return "s8";
  case NXC_S16:
    return "s16";
  case NXC_S32:
    return "s32";
  case NXC_S64:
    return "s64";
  case NXC_U8:
    return "u8";
  case NXC_U16:
    return "u16";
  case NXC_U32:
    return "u32";
  case NXC_U64:
    return "u64";
  case NXC_F16:
    return "f16";
  case NXC_BF16:
    return "bf16";
  case NXC_F32:
    return "f32";
  case NXC_F64:
    return "f64";
  case NXC_C64:
    return "c64";
  case NXC_C128:
    return "c128";
  default:
    return "?";
  }
}

const char *nxc_status_string(int32_t status) {
  switch (status) {
  case NXC_OK:
    return "ok";
  case NXC_ERR_NULL_POINTER:
    return "null argument or result pointer";
  case NXC_ERR_WORKSPACE:
    return "workspace is NULL but the function needs one";
  case NXC_ERR_ABI_MISMATCH:
    return "object built for another nxc ABI version";
  case NXC_ERR_OUT_OF_MEMORY:
    return "out of memory";
  default:
    return "unknown nxc status";
  }
}

/* aligned_alloc is C11 and posix_memalign is POSIX, so over-allocate with
 * malloc and keep the original pointer just below the aligned block. */
void *nxc_workspace_alloc(const nxc_function_info *fn, int32_t *status) {
  int32_t st = NXC_OK;
  void *ws = NULL;
  if (!fn) {
    st = NXC_ERR_NULL_POINTER;
  } else if (fn->workspace_size > 0) {
    ws = nxc_aligned_alloc(fn->workspace_size);
    if (!ws)
      st = NXC_ERR_OUT_OF_MEMORY;
  }
  if (status)
    *status = st;
  return ws;
}

void nxc_workspace_free(void *workspace) { nxc_aligned_free(workspace); }

int32_t nxc_call(const nxc_function_info *fn, const void *const *args,
                 void *const *results, void *workspace) {
  uint32_t i;
  if (!fn)
    return NXC_ERR_NULL_POINTER;
  /* abi_version is the first field in every version, so it is safe to read
   * before trusting the rest of the layout. */
  if (fn->abi_version != NXC_ABI_VERSION)
    return NXC_ERR_ABI_MISMATCH;
  if (!fn->entry)
    return NXC_ERR_NULL_POINTER;
  if (fn->num_args > 0) {
    if (!args)
      return NXC_ERR_NULL_POINTER;
    for (i = 0; i < fn->num_args; ++i)
      if (!args[i])
        return NXC_ERR_NULL_POINTER;
  }
  if (fn->num_results > 0) {
    if (!results)
      return NXC_ERR_NULL_POINTER;
    for (i = 0; i < fn->num_results; ++i)
      if (!results[i])
        return NXC_ERR_NULL_POINTER;
  }
  if (fn->workspace_size > 0 && !workspace)
    return NXC_ERR_WORKSPACE;
  return fn->entry(args, results, workspace);
}
