/* Stand-in for a header written by `nxc compile`: two hand-written "compiled"
 * functions that unit-test the runtime and c_api_test.c without the compiler.
 */
#ifndef MOCK_ADD_H
#define MOCK_ADD_H

#include <nxc/runtime.h>

#ifdef __cplusplus
extern "C" {
#endif

/* f32[2,3] a, f32[2,3] b -> f32[2,3] a + b; no workspace. */
int32_t mock_add(const void *const *args, void *const *results,
                 void *workspace);
extern const nxc_function_info mock_add_info;

/* f32[2,3] a, f32[2,3] b -> (f32[2,3] a + b, f64[] sum(a + b)); needs a
 * 24-byte workspace, so the NULL-workspace path can be tested. */
int32_t mock_add_ws(const void *const *args, void *const *results,
                    void *workspace);
extern const nxc_function_info mock_add_ws_info;

#ifdef __cplusplus
}
#endif

#endif /* MOCK_ADD_H */
