/*
 * nxc_jit_pool.c: linked into every library that NxC.Cache builds from an nxc
 * object, so that its parallel loops can run on the thread pool of the NIF
 * that loads it (nxc_loader.c, generic build).
 *
 * The object calls nxc_parallel_for through a weak reference. BEAM loads NIF
 * libraries RTLD_LOCAL, so a library that the loader dlopens cannot bind that
 * reference to the loader's pool by name, and making a pool global would
 * interpose it on every other library of the VM that defines one. Instead,
 * this file defines nxc_parallel_for, hidden (the reference binds here when
 * the library is linked, and nothing outside sees it), forwarding to the
 * function that nxc_jit_set_pool received: serial (fn(ctx, 0, n)) until
 * then, so the library still works with any other caller.
 */
#include <stdint.h>

/* As in nxc/runtime.h, which this file does without (it builds with no
 * include path). */
typedef void (*nxc_task_fn)(void *ctx, int64_t begin, int64_t end);
typedef void (*nxc_jit_parallel_for_fn)(nxc_task_fn fn, void *ctx, int64_t n);

static nxc_jit_parallel_for_fn pool;

__attribute__((visibility("hidden"))) void
nxc_parallel_for(nxc_task_fn fn, void *ctx, int64_t n);
void nxc_jit_set_pool(nxc_jit_parallel_for_fn parallel_for);

void nxc_parallel_for(nxc_task_fn fn, void *ctx, int64_t n) {
  nxc_jit_parallel_for_fn p = __atomic_load_n(&pool, __ATOMIC_ACQUIRE);
  if (p)
    p(fn, ctx, n);
  else if (n > 0)
    fn(ctx, 0, n);
}

/* Called by the loader right after dlopen, with its nxc_parallel_for. */
void nxc_jit_set_pool(nxc_jit_parallel_for_fn parallel_for) {
  __atomic_store_n(&pool, parallel_for, __ATOMIC_RELEASE);
}
