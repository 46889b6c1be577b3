// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s

// A sum of 2^20 floats: 64 contiguous chunks, 4 of them reduced side by side
// (a vector<4x1x64xf32> accumulator: 4 memory streams, its loop marked
// reassociated for nxc-contract-reductions), the loop over chunk groups
// marked parallel, then the 64 lanes and the 64 chunks combined.
// CHECK-LABEL: func.func @sum_all
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [64, 256, 64]
// CHECK: scf.for %[[C:.*]] = %c0 to %c64 step %c4
// CHECK: scf.for %[[K:.*]] = %c0 to %c256 step %c1
// CHECK: tensor.extract_slice %[[X]][%[[C]], %[[K]], 0] [4, 1, 64]
// CHECK: vector.transfer_read {{.*}} : tensor<4x1x64xf32>, vector<4x1x64xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4x64xf32>
// CHECK: } {nxc.reassociated}
// CHECK: } {nxc.parallel = 1048576 : i64}
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [0] : vector<16xf32> to f32
// CHECK: return
func.func @sum_all(%a: tensor<1048576xf32>) -> tensor<f32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = linalg.reduce ins(%a : tensor<1048576xf32>) outs(%f : tensor<f32>) dimensions = [0]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<f32>
}
