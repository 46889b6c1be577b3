/* Helpers of the nxc runtime ABI (include/nxc/runtime.h). Plain C99 so that
 * any C or C++ toolchain can link it next to generated objects. */
#include "nxc/runtime.h"

#include <stdlib.h>
#include <string.h>

#define NXC_WORKSPACE_ALIGN 64 /* a cache line, enough for any vector load */

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
    const size_t extra = NXC_WORKSPACE_ALIGN - 1 + sizeof(void *);
    if (fn->workspace_size > (uint64_t)(SIZE_MAX - extra)) {
      st = NXC_ERR_OUT_OF_MEMORY;
    } else {
      char *raw = (char *)malloc((size_t)fn->workspace_size + extra);
      if (!raw) {
        st = NXC_ERR_OUT_OF_MEMORY;
      } else {
        uintptr_t p = (uintptr_t)(raw + sizeof(void *));
        p = (p + NXC_WORKSPACE_ALIGN - 1) &
            ~(uintptr_t)(NXC_WORKSPACE_ALIGN - 1);
        ws = (void *)p;
        memcpy((char *)ws - sizeof(void *), &raw, sizeof(void *));
      }
    }
  }
  if (status)
    *status = st;
  return ws;
}

void nxc_workspace_free(void *workspace) {
  void *raw;
  if (!workspace)
    return;
  memcpy(&raw, (char *)workspace - sizeof(void *), sizeof(void *));
  free(raw);
}

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
