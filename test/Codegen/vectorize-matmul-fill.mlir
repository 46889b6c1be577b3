// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}),canonicalize)' | FileCheck %s

// C = fill(0) then accumulated: no pass filling C, no read of C; each 8x32
// register tile starts from the constant.
// CHECK-LABEL: func.func @dot
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK-NOT: linalg.fill
// CHECK-NOT: vector.transfer_read {{.*}} vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (vector<8x32xf32>)
// CHECK: vector.contract
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<8x32xf32>
func.func @dot(%a: tensor<64x16xf32>, %b: tensor<16x64xf32>) -> tensor<64x64xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x64xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x16xf32>, tensor<16x64xf32>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// Integers get the same register tiles (integer products and sums wrap
// the same in any order), started from the fill's value.
// CHECK-LABEL: func.func @int_dot
// CHECK-NOT: linalg.matmul
// CHECK: scf.for {{.*}} -> (vector<8x8xi32>)
// CHECK: vector.contract {{.*}} : vector<8x1xi32>, vector<1x8xi32> into vector<8x8xi32>
func.func @int_dot(%a: tensor<8x4xi32>, %b: tensor<4x8xi32>) -> tensor<8x8xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<8x8xi32>) -> tensor<8x8xi32>
  %r = linalg.matmul ins(%a, %b : tensor<8x4xi32>, tensor<4x8xi32>) outs(%f : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %r : tensor<8x8xi32>
}
