/* Calls one nxc-compiled function through the C ABI (nxc/runtime.h), the way
 * an embedding program would, and checks the ABI's promises.
 *
 * Build: cc -std=c99 -I<runtime include> -I<dir of header>
 *           -DNXC_HEADER='"name.h"' -DNXC_FN=name -DNXC_INFO=name_info
 *           c_api_test.c name.o libnxc_runtime.a -lm
 * Run:   c_api_test OUT_PREFIX ARG0.bin ARG1.bin ...
 *   Each ARGi.bin holds the raw little-endian bytes of argument i. Result j is
 *   written to OUT_PREFIX<j>.bin, and described on stdout as
 *   "result <j> <dtype> <d0,d1,...> <bytes>" for run_c_api_test.py.
 * Define NXC_NO_DIRECT_ERROR_CHECKS to skip the error-path calls that go to
 * the entry point directly (bypassing nxc_call's checks). With
 * C_API_TEST_THREADS=N in the environment the calls may use N threads.
 * nxc_call writes results into 64-byte aligned buffers, the direct call into
 * buffers only as aligned as the ABI demands (the element size, as a NIF
 * binary may be): code that depends on alignment must agree in both.
 * Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or I/O. */
#include NXC_HEADER
#include <nxc/runtime.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(NXC_FN) || !defined(NXC_INFO)
#error "define NXC_FN (the function) and NXC_INFO (its _info symbol)"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

static int failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "c_api_test: FAIL (line %d): ", __LINE__);               \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static void die(const char *what, const char *detail) {
  fprintf(stderr, "c_api_test: error: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(2);
}

/* 64-byte aligned, never NULL (zero-sized tensors still need a pointer). */
static void *xalloc(uint64_t n) {
  void *p = NULL;
  nxc_function_info fake;
  int32_t st;
  memset(&fake, 0, sizeof fake);
  fake.workspace_size = n ? n : 1;
  p = nxc_workspace_alloc(&fake, &st);
  if (!p)
    die("out of memory", NULL);
  return p;
}

static void check_runtime_helpers(void) {
  static const struct {
    int32_t dtype;
    size_t size, bits;
    const char *name;
  } table[] = {{NXC_S8, 1, 8, "s8"},    {NXC_S16, 2, 16, "s16"},
               {NXC_S32, 4, 32, "s32"}, {NXC_S64, 8, 64, "s64"},
               {NXC_U8, 1, 8, "u8"},    {NXC_U16, 2, 16, "u16"},
               {NXC_U32, 4, 32, "u32"}, {NXC_U64, 8, 64, "u64"},
               {NXC_F16, 2, 16, "f16"}, {NXC_BF16, 2, 16, "bf16"},
               {NXC_F32, 4, 32, "f32"}, {NXC_F64, 8, 64, "f64"},
               {NXC_C64, 8, 64, "c64"}, {NXC_C128, 16, 128, "c128"},
               {NXC_S2, 0, 2, "s2"},    {NXC_S4, 0, 4, "s4"},
               {NXC_U2, 0, 2, "u2"},    {NXC_U4, 0, 4, "u4"},
               {NXC_F8, 1, 8, "f8"},    {NXC_F8_E4M3FN, 1, 8, "f8_e4m3fn"}};
  size_t i;
  int32_t st = -1;
  nxc_function_info fake;
  void *ws;

  for (i = 0; i < sizeof table / sizeof table[0]; ++i) {
    CHECK(nxc_dtype_size(table[i].dtype) == table[i].size, "nxc_dtype_size(%d)",
          (int)table[i].dtype);
    CHECK(nxc_dtype_bits(table[i].dtype) == table[i].bits, "nxc_dtype_bits(%d)",
          (int)table[i].dtype);
    CHECK(strcmp(nxc_dtype_name(table[i].dtype), table[i].name) == 0,
          "nxc_dtype_name(%d) = %s", (int)table[i].dtype,
          nxc_dtype_name(table[i].dtype));
  }
  CHECK(nxc_dtype_size(0) == 0 && nxc_dtype_size(21) == 0 &&
            nxc_dtype_bits(0) == 0 && nxc_dtype_bits(21) == 0,
        "unknown dtype size");
  CHECK(strcmp(nxc_dtype_name(99), "?") == 0, "unknown dtype name");
  for (st = NXC_OK; st <= NXC_ERR_OUT_OF_MEMORY; ++st)
    CHECK(nxc_status_string(st) && *nxc_status_string(st), "status %d",
          (int)st);
  CHECK(nxc_status_string(-7) && *nxc_status_string(-7), "unknown status");

  memset(&fake, 0, sizeof fake);
  st = -1;
  CHECK(nxc_workspace_alloc(&fake, &st) == NULL && st == NXC_OK,
        "zero-sized workspace must be NULL with NXC_OK");
  st = -1;
  CHECK(nxc_workspace_alloc(NULL, &st) == NULL && st == NXC_ERR_NULL_POINTER,
        "workspace for a NULL function");
  for (i = 1; i < 300; i += 37) {
    fake.workspace_size = i;
    ws = nxc_workspace_alloc(&fake, &st);
    CHECK(ws && st == NXC_OK && (uintptr_t)ws % 64 == 0,
          "workspace of %u bytes not 64-byte aligned", (unsigned)i);
    if (ws)
      memset(ws, 0xEE, i); /* must be writable to its end */
    nxc_workspace_free(ws);
  }
  fake.workspace_size = UINT64_MAX;
  st = -1;
  CHECK(nxc_workspace_alloc(&fake, &st) == NULL && st == NXC_ERR_OUT_OF_MEMORY,
        "impossible workspace must give NXC_ERR_OUT_OF_MEMORY");
  CHECK(nxc_workspace_alloc(&fake, NULL) == NULL, "NULL status pointer");
  nxc_workspace_free(NULL);
  /* From 2 MiB on: 2 MiB aligned (huge pages where the kernel gives them). */
  fake.workspace_size = (uint64_t)3 << 20;
  ws = nxc_workspace_alloc(&fake, &st);
  CHECK(ws && st == NXC_OK && (uintptr_t)ws % (2u << 20) == 0,
        "3 MiB workspace not 2 MiB aligned");
  if (ws)
    memset(ws, 0xEE, (size_t)3 << 20);
  nxc_workspace_free(ws);

  /* Tensor buffers: zeroed, aligned the same way, any size. */
  {
    static const size_t sizes[] = {
        0, 1, 63, 4096, (size_t)2 << 20, ((size_t)5 << 20) + 7};
    size_t k, b;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
      unsigned char *buf = (unsigned char *)nxc_buffer_alloc(sizes[k]);
      uintptr_t align = sizes[k] >= ((size_t)2 << 20) ? (2u << 20) : 64;
      int zero = 1;
      CHECK(buf && (uintptr_t)buf % align == 0,
            "buffer of %lu bytes missing or not %lu-byte aligned",
            (unsigned long)sizes[k], (unsigned long)align);
      if (!buf)
        continue;
      for (b = 0; b < sizes[k]; ++b)
        zero &= buf[b] == 0;
      CHECK(zero, "buffer of %lu bytes not zeroed", (unsigned long)sizes[k]);
      if (sizes[k])
        buf[sizes[k] - 1] = 1; /* writable to its end */
      nxc_buffer_free(buf);
    }
    CHECK(nxc_buffer_alloc(SIZE_MAX) == NULL, "impossible buffer not NULL");
    nxc_buffer_free(NULL);
  }
}

static uint64_t check_tensor_info(const char *kind, uint32_t i,
                                  const nxc_tensor_info *t) {
  uint64_t n = 1;
  int32_t d;
  size_t bits = nxc_dtype_bits(t->dtype);
  CHECK(bits > 0, "%s %u: unknown dtype %d", kind, i, (int)t->dtype);
  CHECK(t->rank >= 0, "%s %u: rank %d", kind, i, (int)t->rank);
  CHECK(t->rank == 0 || t->shape, "%s %u: NULL shape", kind, i);
  printf("%s %u %s ", kind, i, nxc_dtype_name(t->dtype));
  for (d = 0; d < t->rank && t->shape; ++d) {
    CHECK(t->shape[d] >= 0, "%s %u: dimension %d is negative", kind, i, (int)d);
    n *= (uint64_t)t->shape[d];
    printf("%s%lld", d ? "," : "", (long long)t->shape[d]);
  }
  printf(" %llu\n", (unsigned long long)t->byte_size);
  CHECK(t->byte_size == (n * bits + 7) / 8,
        "%s %u: byte_size %llu, shape says %llu", kind, i,
        (unsigned long long)t->byte_size,
        (unsigned long long)((n * bits + 7) / 8));
  return t->byte_size;
}

static void *read_file(const char *path, uint64_t expect) {
  FILE *f = fopen(path, "rb");
  void *buf;
  long size = -1;
  if (!f)
    die("cannot open", path);
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0)
    die("cannot size", path);
  if ((uint64_t)size != expect) {
    fprintf(stderr,
            "c_api_test: FAIL: %s has %ld bytes, the argument needs %llu\n",
            path, size, (unsigned long long)expect);
    exit(1);
  }
  buf = xalloc(expect);
  if (expect && fread(buf, 1, (size_t)expect, f) != (size_t)expect)
    die("cannot read", path);
  fclose(f);
  return buf;
}

static void write_file(const char *path, const void *data, uint64_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(data, 1, (size_t)n, f) != (size_t)n) || fclose(f) != 0)
    die("cannot write", path);
}

/* First differing byte, or -1. */
static long long first_diff(const void *a, const void *b, uint64_t n) {
  const unsigned char *x = (const unsigned char *)a,
                      *y = (const unsigned char *)b;
  uint64_t i;
  for (i = 0; i < n; ++i)
    if (x[i] != y[i])
      return (long long)i;
  return -1;
}

int main(int argc, char **argv) {
  const nxc_function_info *info = &NXC_INFO;
  uint32_t na, nr, i;
  const void **args, **args_copy, **args_null;
  void **res_a, **res_b, **res_b_base, **res_null;
  const char *threads = getenv("C_API_TEST_THREADS");
  void *ws;
  int32_t st;
  nxc_function_info bad;
  char *path;

  check_runtime_helpers();
  if (threads)
    nxc_set_num_threads(atoi(threads));

  CHECK(info->abi_version == NXC_ABI_VERSION, "abi_version %u, runtime has %d",
        (unsigned)info->abi_version, NXC_ABI_VERSION);
  CHECK(info->entry == &NXC_FN, "info.entry is not " STR(NXC_FN));
  CHECK(info->name && strcmp(info->name, STR(NXC_FN)) == 0,
        "info.name is \"%s\", symbol is " STR(NXC_FN),
        info->name ? info->name : "(null)");
  na = info->num_args;
  nr = info->num_results;
  CHECK(na == 0 || info->args, "NULL info.args");
  CHECK(nr == 0 || info->results, "NULL info.results");
  if (failures)
    return 1; /* the rest would read a broken info */
  printf("info %s args=%u results=%u workspace=%llu\n", info->name, na, nr,
         (unsigned long long)info->workspace_size);
  for (i = 0; i < na; ++i)
    check_tensor_info("arg", i, &info->args[i]);
  for (i = 0; i < nr; ++i)
    check_tensor_info("result", i, &info->results[i]);
  if (argc < 2 || (uint32_t)(argc - 2) != na) {
    fprintf(stderr, "usage: %s OUT_PREFIX ARG0.bin ... (%u arguments)\n",
            argv[0], na);
    return 2;
  }

  /* +1: arrays stay valid pointers for zero-argument functions. */
  args = (const void **)calloc(na + 1, sizeof *args);
  args_copy = (const void **)calloc(na + 1, sizeof *args);
  args_null = (const void **)calloc(na + 1, sizeof *args);
  res_a = (void **)calloc(nr + 1, sizeof *res_a);
  res_b = (void **)calloc(nr + 1, sizeof *res_b);
  res_b_base = (void **)calloc(nr + 1, sizeof *res_b);
  res_null = (void **)calloc(nr + 1, sizeof *res_null);
  path = (char *)malloc(strlen(argv[1]) + 32);
  if (!args || !args_copy || !args_null || !res_a || !res_b || !res_b_base ||
      !res_null || !path)
    die("out of memory", NULL);
  for (i = 0; i < na; ++i) {
    uint64_t n = info->args[i].byte_size;
    void *copy;
    args[i] = read_file(argv[2 + i], n);
    copy = xalloc(n);
    if (n)
      memcpy(copy, args[i], (size_t)n);
    args_copy[i] = copy;
    args_null[i] = args[i];
  }
  /* Different poison in each result set: identical results then also prove
   * that every byte was written. */
  for (i = 0; i < nr; ++i) {
    uint64_t n = info->results[i].byte_size;
    res_a[i] = xalloc(n);
    size_t skew = (nxc_dtype_bits(info->results[i].dtype) + 7) / 8;
    res_b_base[i] = xalloc(n + 64);
    res_b[i] = (unsigned char *)res_b_base[i] + (skew ? skew : 1);
    memset(res_a[i], 0xA5, (size_t)n);
    memset(res_b[i], 0x5A, (size_t)n);
    res_null[i] = res_a[i];
  }
  ws = nxc_workspace_alloc(info, &st);
  if (st != NXC_OK)
    die("nxc_workspace_alloc", nxc_status_string(st));
  CHECK((info->workspace_size == 0) == (ws == NULL), "workspace allocation");

  /* Garbage in the workspace: a function must not read scratch it did not
   * write. */
  if (ws)
    memset(ws, 0xCD, (size_t)info->workspace_size);
  st = nxc_call(info, args, (void *const *)res_a, ws);
  CHECK(st == NXC_OK, "nxc_call returned %d (%s)", (int)st,
        nxc_status_string(st));
  if (ws)
    memset(ws, 0x3C, (size_t)info->workspace_size);
  st = NXC_FN(args, (void *const *)res_b, ws);
  CHECK(st == NXC_OK, "direct call returned %d (%s)", (int)st,
        nxc_status_string(st));
  if (failures)
    return 1;

  for (i = 0; i < nr; ++i) {
    long long k = first_diff(res_a[i], res_b[i], info->results[i].byte_size);
    CHECK(
        k < 0,
        "result %u differs between nxc_call and the direct call at byte %lld "
        "(0x%02x vs 0x%02x; 0xa5/0x5a poison means the byte was never written)",
        i, k, k < 0 ? 0 : ((unsigned char *)res_a[i])[k],
        k < 0 ? 0 : ((unsigned char *)res_b[i])[k]);
    sprintf(path, "%s%u.bin", argv[1], i);
    write_file(path, res_a[i], info->results[i].byte_size);
  }
  for (i = 0; i < na; ++i)
    CHECK(first_diff(args[i], args_copy[i], info->args[i].byte_size) < 0,
          "argument %u was modified by the call", i);

  /* Error paths: none may write a result, so re-poison and check after. */
  for (i = 0; i < nr; ++i)
    memset(res_a[i], 0xA5, (size_t)info->results[i].byte_size);
  CHECK(nxc_call(NULL, args, (void *const *)res_a, ws) == NXC_ERR_NULL_POINTER,
        "nxc_call(NULL info)");
  bad = *info;
  bad.abi_version = NXC_ABI_VERSION + 1;
  CHECK(nxc_call(&bad, args, (void *const *)res_a, ws) == NXC_ERR_ABI_MISMATCH,
        "nxc_call with another abi_version");
  if (na > 0) {
    st = nxc_call(info, NULL, (void *const *)res_a, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "nxc_call(args=NULL) gave %d", (int)st);
    args_null[na - 1] = NULL;
    st = nxc_call(info, args_null, (void *const *)res_a, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "nxc_call(args[%u]=NULL) gave %d", na - 1,
          (int)st);
  } else {
    st = nxc_call(info, NULL, (void *const *)res_a, ws);
    CHECK(st == NXC_OK, "nxc_call(args=NULL) with no parameters gave %d (%s)",
          (int)st, nxc_status_string(st));
    for (i = 0; i < nr; ++i) /* that call was meant to succeed */
      memset(res_a[i], 0xA5, (size_t)info->results[i].byte_size);
  }
  if (nr > 0) {
    st = nxc_call(info, args, NULL, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "nxc_call(results=NULL) gave %d",
          (int)st);
    res_null[nr - 1] = NULL;
    st = nxc_call(info, args, (void *const *)res_null, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "nxc_call(results[%u]=NULL) gave %d",
          nr - 1, (int)st);
  }
  if (info->workspace_size > 0) {
    st = nxc_call(info, args, (void *const *)res_a, NULL);
    CHECK(st == NXC_ERR_WORKSPACE, "nxc_call(workspace=NULL) gave %d", (int)st);
  }
#ifndef NXC_NO_DIRECT_ERROR_CHECKS
  /* runtime.h: entry points return these codes themselves. */
  if (na > 0) {
    st = NXC_FN(NULL, (void *const *)res_a, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "direct call with args=NULL gave %d",
          (int)st);
  }
  if (nr > 0) {
    st = NXC_FN(args, NULL, ws);
    CHECK(st == NXC_ERR_NULL_POINTER, "direct call with results=NULL gave %d",
          (int)st);
  }
  if (info->workspace_size > 0) {
    st = NXC_FN(args, (void *const *)res_a, NULL);
    CHECK(st == NXC_ERR_WORKSPACE, "direct call with workspace=NULL gave %d",
          (int)st);
  }
#endif
  for (i = 0; i < nr; ++i) {
    memset(res_b[i], 0xA5, (size_t)info->results[i].byte_size);
    CHECK(first_diff(res_a[i], res_b[i], info->results[i].byte_size) < 0,
          "result %u was written by a call that failed its checks", i);
  }

  for (i = 0; i < na; ++i) {
    nxc_workspace_free((void *)args[i]);
    nxc_workspace_free((void *)args_copy[i]);
  }
  for (i = 0; i < nr; ++i) {
    nxc_workspace_free(res_a[i]);
    nxc_workspace_free(res_b_base[i]);
  }
  nxc_workspace_free(ws);
  free(args);
  free(args_copy);
  free(args_null);
  free(res_a);
  free(res_b);
  free(res_b_base);
  free(res_null);
  free(path);
  if (failures) {
    fprintf(stderr, "c_api_test: %d check(s) failed\n", failures);
    return 1;
  }
  printf("c_api_test: ok\n");
  return 0;
}
