// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// A wide B (N >= 512) read by 512 rows: its 64 x 32 column panels are first
// packed into one contiguous [16, 64, 32] tensor (a transpose of B viewed as
// [64, 16, 32], in a loop marked parallel; one workspace slot after
// bufferization). Then the panel loop, outermost and marked parallel (panels
// are independent), runs every 8-row tile's register-blocked k loop over its
// packed panel.
// CHECK-LABEL: func.func @matmul_packed
// CHECK: %[[B3:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1, 2]] output_shape [64, 16, 32] : tensor<64x512xf32> into tensor<64x16x32xf32>
// CHECK: %[[BUF:.*]] = tensor.empty() : tensor<16x64x32xf32>
// CHECK: %[[PACKED:.*]] = scf.for %[[P:.*]] = %c0 to %c16 step %c1 iter_args(%{{.*}} = %[[BUF]]) -> (tensor<16x64x32xf32>)
// CHECK: tensor.extract_slice %[[B3]][%{{.*}}, %[[P]], %{{.*}}] [1, 1, 16]
// CHECK: } {nxc.parallel = 32768 : i64}
// CHECK: scf.for %[[J:.*]] = %c0 to %c512 step %c32 iter_args
// CHECK: %[[PI:.*]] = arith.divui %[[J]], %c32 : index
// CHECK: %[[PANEL:.*]] = tensor.extract_slice %[[PACKED]][%[[PI]], 0, 0] [1, 64, 32] [1, 1, 1] : tensor<16x64x32xf32> to tensor<64x32xf32>
// CHECK: scf.for {{.*}} step %c8 {{.*}} -> (tensor<512x32xf32>)
// CHECK: tensor.extract_slice %[[PANEL]]
// CHECK: vector.contract
// CHECK: } {nxc.parallel = 16777216 : i64}
func.func @matmul_packed(%a: tensor<512x64xf32>, %b: tensor<64x512xf32>) -> tensor<512x512xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<512x512xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<512x512xf32>) -> tensor<512x512xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<512x64xf32>, tensor<64x512xf32>) outs(%1 : tensor<512x512xf32>) -> tensor<512x512xf32>
  return %2 : tensor<512x512xf32>
}

// -----

// Fewer rows (256: 32 row tiles per panel) read B in place: copying the
// panels costs more than reading them from L2.
// CHECK-LABEL: func.func @matmul_unpacked
// CHECK-NOT: arith.divui
// CHECK-NOT: tensor<16x64x32xf32>
// CHECK: scf.for {{.*}} step %c8
// CHECK: vector.contract
// CHECK: return
func.func @matmul_unpacked(%a: tensor<256x64xf32>, %b: tensor<64x512xf32>) -> tensor<256x512xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<256x512xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<256x512xf32>) -> tensor<256x512xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<256x64xf32>, tensor<64x512xf32>) outs(%1 : tensor<256x512xf32>) -> tensor<256x512xf32>
  return %2 : tensor<256x512xf32>
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

// -----

// A constant B is packed at compile time (packPanels): its panels are a new
// constant and no copy runs per call, so even 32 rows read packed panels.
// (A splat's panels fold to one 1 x 32 row; test/edge/vmatmul_const_*
// checks the layout of a real one against Nx.)
// CHECK-LABEL: func.func @matmul_const_b
// CHECK-NOT: linalg.transpose
// CHECK: arith.constant dense<5.000000e-01> : tensor<1x32xf32>
// CHECK-NOT: linalg.transpose
// CHECK: scf.for %{{.*}} = %c0 to %c512 step %c32
// CHECK: vector.contract
// CHECK: return
func.func @matmul_const_b(%a: tensor<32x64xf32>) -> tensor<32x512xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %b = arith.constant dense<0.5> : tensor<64x512xf32>
  %0 = tensor.empty() : tensor<32x512xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<32x512xf32>) -> tensor<32x512xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<32x64xf32>, tensor<64x512xf32>) outs(%1 : tensor<32x512xf32>) -> tensor<32x512xf32>
  return %2 : tensor<32x512xf32>
}

// -----

// 16 row tiles (128 rows) of a B of 4 MiB (512 x 2048): B is read in place
// (no packing copy), but panel by panel, the panel loop outermost and
// marked parallel, so a panel comes from L2 for every row tile after the
// first, where rows outermost read all of B once per row tile.
// CHECK-LABEL: func.func @matmul_panels_in_place
// CHECK-NOT: tensor<64x512x32xf32>
// CHECK: scf.for %[[J:.*]] = %c0 to %c2048 step %c32 iter_args
// CHECK-NOT: arith.divui
// CHECK: tensor.extract_slice %arg1[0, %[[J]]] [512, 32] [1, 1] : tensor<512x2048xf32> to tensor<512x32xf32>
// CHECK: scf.for {{.*}} = %c0 to %c128 step %c8 {{.*}} -> (tensor<128x32xf32>)
// CHECK: vector.contract
// CHECK: } {nxc.parallel = 134217728 : i64}
func.func @matmul_panels_in_place(%a: tensor<128x512xf32>, %b: tensor<512x2048xf32>) -> tensor<128x2048xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<128x2048xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<128x2048xf32>) -> tensor<128x2048xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<128x512xf32>, tensor<512x2048xf32>) outs(%1 : tensor<128x2048xf32>) -> tensor<128x2048xf32>
  return %2 : tensor<128x2048xf32>
}
