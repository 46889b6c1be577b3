// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s

// The result leaves through a reshape: its destination is allocated in the
// returned shape and reshaped, so that after bufferization the op writes
// straight into the caller's output (no temporary, no copy).
// CHECK-LABEL: func.func @exp_reshaped
// CHECK: %[[E:.*]] = tensor.empty() : tensor<64x128xf32>
// CHECK: %[[X:.*]] = tensor.expand_shape %[[E]] {{\[}}[0, 1], [2]] output_shape [64, 1, 128] : tensor<64x128xf32> into tensor<64x1x128xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[X]])
// CHECK-NOT: tensor.empty() : tensor<64x1x128xf32>
// CHECK: tensor.collapse_shape
func.func @exp_reshaped(%a: tensor<64x1x128xf32>) -> tensor<64x128xf32> {
  %e = tensor.empty() : tensor<64x1x128xf32>
  %r = linalg.exp ins(%a : tensor<64x1x128xf32>) outs(%e : tensor<64x1x128xf32>) -> tensor<64x1x128xf32>
  %c = tensor.collapse_shape %r [[0, 1], [2]] : tensor<64x1x128xf32> into tensor<64x128xf32>
  return %c : tensor<64x128xf32>
}
