// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// A wide B (N >= 512): column panels outermost; each 64 x 32 panel of B is
// copied once into a contiguous buffer carried through the panel loop (one
// workspace slot after bufferization), then every 8-row tile runs the
// register-blocked k loop over the packed panel.
// CHECK-LABEL: func.func @matmul_packed
// CHECK: %[[BUF:.*]] = tensor.empty() : tensor<64x32xf32>
// CHECK: %[[PANELS:.*]]:2 = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[PB:.*]] = %[[BUF]]) -> (tensor<32x512xf32>, tensor<64x32xf32>)
// CHECK: %[[BCOLS:.*]] = tensor.extract_slice %arg1[0, %[[J]]] [64, 32] [1, 1] : tensor<64x512xf32> to tensor<64x32xf32>
// CHECK: %[[PACKED:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[PB]]) -> (tensor<64x32xf32>)
// CHECK: tensor.extract_slice %[[BCOLS]]
// CHECK: scf.for {{.*}} -> (tensor<32x32xf32>)
// CHECK: tensor.extract_slice %[[PACKED]]
// CHECK: vector.contract
// CHECK: scf.yield %{{.*}}, %[[PACKED]] : tensor<32x512xf32>, tensor<64x32xf32>
func.func @matmul_packed(%a: tensor<32x64xf32>, %b: tensor<64x512xf32>) -> tensor<32x512xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<32x512xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<32x512xf32>) -> tensor<32x512xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<32x64xf32>, tensor<64x512xf32>) outs(%1 : tensor<32x512xf32>) -> tensor<32x512xf32>
  return %2 : tensor<32x512xf32>
}

// -----

// linalg.batch_matmul: one batch entry at a time, each a register-blocked
// linalg.matmul on collapsed [M, K] x [K, N] slices.
// CHECK-LABEL: func.func @batch_matmul
// CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<3x16x32xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<1x16x8xf32> into tensor<16x8xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<1x8x32xf32> into tensor<8x32xf32>
// CHECK: vector.contract
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [1, 16, 32] : tensor<16x32xf32> into tensor<1x16x32xf32>
// CHECK-NOT: linalg.batch_matmul
func.func @batch_matmul(%a: tensor<3x16x8xf32>, %b: tensor<3x8x32xf32>, %c: tensor<3x16x32xf32>) -> tensor<3x16x32xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x16x8xf32>, tensor<3x8x32xf32>) outs(%c : tensor<3x16x32xf32>) -> tensor<3x16x32xf32>
  return %0 : tensor<3x16x32xf32>
}
