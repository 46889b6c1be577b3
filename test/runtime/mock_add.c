/* Hand-written stand-ins for nxc output (see mock_add.h). Their entry points
 * check pointers the way generated code does, so c_api_test.c's direct-call
 * error checks pass against them. */
#include "mock_add.h"

#include <string.h>

static const int64_t shape_2x3[2] = {2, 3};

static const nxc_tensor_info add_args[2] = {
    {NXC_F32, 2, shape_2x3, 24},
    {NXC_F32, 2, shape_2x3, 24},
};
static const nxc_tensor_info add_results[1] = {{NXC_F32, 2, shape_2x3, 24}};
static const nxc_tensor_info add_ws_results[2] = {
    {NXC_F32, 2, shape_2x3, 24},
    {NXC_F64, 0, NULL, 8},
};

const nxc_function_info mock_add_info = {
    NXC_ABI_VERSION, 2, 1, 0, "mock_add", add_args, add_results, 0, mock_add};

const nxc_function_info mock_add_ws_info = {
    NXC_ABI_VERSION, 2,  2,          0, "mock_add_ws", add_args,
    add_ws_results,  24, mock_add_ws};

int32_t mock_add(const void *const *args, void *const *results,
                 void *workspace) {
  const float *a, *b;
  float *out;
  int i;
  (void)workspace;
  if (!args || !args[0] || !args[1] || !results || !results[0])
    return NXC_ERR_NULL_POINTER;
  a = (const float *)args[0];
  b = (const float *)args[1];
  out = (float *)results[0];
  for (i = 0; i < 6; ++i)
    out[i] = a[i] + b[i];
  return NXC_OK;
}

int32_t mock_add_ws(const void *const *args, void *const *results,
                    void *workspace) {
  float tmp[6];
  double sum = 0.0;
  int i;
  if (!args || !args[0] || !args[1] || !results || !results[0] || !results[1])
    return NXC_ERR_NULL_POINTER;
  if (!workspace)
    return NXC_ERR_WORKSPACE;
  /* The workspace has no alignment guarantee: go through memcpy. */
  memcpy(workspace, args[0], 24);
  for (i = 0; i < 6; ++i) {
    float x, y;
    memcpy(&x, (const char *)workspace + 4 * i, 4);
    memcpy(&y, (const char *)args[1] + 4 * i, 4);
    tmp[i] = x + y;
    sum += tmp[i];
  }
  memcpy(results[0], tmp, sizeof tmp);
  memcpy(results[1], &sum, sizeof sum);
  return NXC_OK;
}
