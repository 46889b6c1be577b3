/*
 * Runs one nxc-compiled function on raw tensors from files: the object-mode
 * harness of run_corpus.py (cross targets under qemu, valgrind, sanitizers).
 *
 *   case_main IN_0.bin ... IN_{n-1}.bin OUT_0.bin ... OUT_{m-1}.bin
 *
 * Built with -DNXC_INFO=<name>_info and linked with the object and the
 * runtime. Every argument, result and the workspace gets a heap block of
 * exactly its byte size, so a memory checker flags any access past the end.
 * Prints one line per result, "result J DTYPE D0,D1,...", so the caller checks
 * the signature and not only the bytes. Inputs are const in the ABI: a call
 * that changes one fails. Exit 0 on success, 1 on any error.
 */
#include "nxc/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NXC_INFO
#error "build with -DNXC_INFO=<name>_info"
#endif
extern const nxc_function_info NXC_INFO;

/* malloc(0) may return NULL, which the ABI rejects: keep a 1-byte block. */
static void *alloc_exact(uint64_t n) { return malloc(n ? (size_t)n : 1); }

static int read_file(const char *path, void *buf, uint64_t n) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "case_main: cannot open %s\n", path);
    return 1;
  }
  size_t got = n ? fread(buf, 1, (size_t)n, f) : 0;
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (got != n || extra) {
    fprintf(stderr, "case_main: %s: expected exactly %llu bytes\n", path,
            (unsigned long long)n);
    return 1;
  }
  return 0;
}

static int write_file(const char *path, const void *buf, uint64_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "case_main: cannot create %s\n", path);
    return 1;
  }
  size_t put = n ? fwrite(buf, 1, (size_t)n, f) : 0;
  int bad = fclose(f) != 0 || put != n;
  if (bad)
    fprintf(stderr, "case_main: cannot write %s\n", path);
  return bad;
}

int main(int argc, char **argv) {
  const nxc_function_info *fn = &NXC_INFO;
  uint32_t n = fn->num_args, m = fn->num_results;
  if ((uint64_t)argc != 1u + n + m) {
    fprintf(stderr, "usage: %s <%u input files> <%u output files>\n", argv[0],
            n, m);
    return 1;
  }
  void **args = calloc(n + 1, sizeof(void *));
  void **copies = calloc(n + 1, sizeof(void *));
  void **results = calloc(m + 1, sizeof(void *));
  if (!args || !copies || !results)
    return 1;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t size = fn->args[i].byte_size;
    args[i] = alloc_exact(size);
    copies[i] = alloc_exact(size);
    if (!args[i] || !copies[i] || read_file(argv[1 + i], args[i], size))
      return 1;
    if (size)
      memcpy(copies[i], args[i], (size_t)size);
  }
  for (uint32_t j = 0; j < m; ++j) {
    results[j] = alloc_exact(fn->results[j].byte_size);
    if (!results[j])
      return 1;
  }
  void *ws = NULL;
  if (fn->workspace_size) {
    ws = alloc_exact(fn->workspace_size);
    if (!ws)
      return 1;
  }
  int32_t st = nxc_call(fn, (const void *const *)args, results, ws);
  if (st != NXC_OK) {
    fprintf(stderr, "case_main: %s returned %d (%s)\n", fn->name, st,
            nxc_status_string(st));
    return 1;
  }
  for (uint32_t i = 0; i < n; ++i)
    if (fn->args[i].byte_size &&
        memcmp(args[i], copies[i], (size_t)fn->args[i].byte_size)) {
      fprintf(stderr, "case_main: %s wrote into input %u\n", fn->name, i);
      return 1;
    }
  for (uint32_t j = 0; j < m; ++j) {
    const nxc_tensor_info *r = &fn->results[j];
    printf("result %u %s ", j, nxc_dtype_name(r->dtype));
    for (int32_t d = 0; d < r->rank; ++d)
      printf("%s%lld", d ? "," : "", (long long)r->shape[d]);
    printf("\n");
    if (write_file(argv[1 + n + j], results[j], r->byte_size))
      return 1;
  }
  for (uint32_t i = 0; i < n; ++i) {
    free(args[i]);
    free(copies[i]);
  }
  for (uint32_t j = 0; j < m; ++j)
    free(results[j]);
  free(ws);
  free(args);
  free(copies);
  free(results);
  return 0;
}
