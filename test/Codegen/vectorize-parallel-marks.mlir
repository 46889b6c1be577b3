// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s

// nxc-vectorize marks the outermost tile loop over a parallel dim that every
// result is indexed by (`nxc.parallel` = the op's iteration count), for
// nxc-parallelize; never a loop inside a reduction loop.

// CHECK-LABEL: func.func @rows_exp
// CHECK: scf.for
// CHECK: vector.transfer_read
// CHECK: } {nxc.parallel = 8192 : i64}
func.func @rows_exp(%a: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %e = tensor.empty() : tensor<64x128xf32>
  %r = linalg.exp ins(%a : tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// A unit leading dim: the mark goes to the next one.
// CHECK-LABEL: func.func @unit_batch
// CHECK: } {nxc.parallel = 8192 : i64}
func.func @unit_batch(%a: tensor<1x64x128xf32>) -> tensor<1x64x128xf32> {
  %e = tensor.empty() : tensor<1x64x128xf32>
  %r = linalg.exp ins(%a : tensor<1x64x128xf32>) outs(%e : tensor<1x64x128xf32>) -> tensor<1x64x128xf32>
  return %r : tensor<1x64x128xf32>
}

// Sum over all elements: the only dim is a reduction, no mark.
// CHECK-LABEL: func.func @sum_all
// CHECK-NOT: nxc.parallel
// CHECK: return
func.func @sum_all(%a: tensor<4096xf32>) -> tensor<f32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = linalg.reduce ins(%a : tensor<4096xf32>) outs(%f : tensor<f32>) dimensions = [0]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<f32>
}

// Matmul: the loop over row tiles (8 rows each).
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8
// CHECK: } {nxc.parallel = 2097152 : i64}
func.func @matmul(%a: tensor<128x128xf32>, %b: tensor<128x128xf32>) -> tensor<128x128xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<128x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<128x128xf32>) -> tensor<128x128xf32>
  %r = linalg.matmul ins(%a, %b : tensor<128x128xf32>, tensor<128x128xf32>) outs(%f : tensor<128x128xf32>) -> tensor<128x128xf32>
  return %r : tensor<128x128xf32>
}
