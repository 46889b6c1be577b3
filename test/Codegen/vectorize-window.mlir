// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize),canonicalize)' | FileCheck %s

// A window reduction (NxToLinalg's buildWindowReduction: loops (out...,
// window...), a read-free operand shaping the window) with stride 1 or 2
// along the innermost output dim: one vector of output columns per step,
// the accumulator started from the fill's value (the fill is not written)
// and kept in a register through the window loops, in their order; at
// stride 2 each tap reads two vectors 15 apart and deinterleaves them.
// 17 output columns: one 16-wide vector, then one of 1.
// CHECK-LABEL: func.func @maxpool_s2
// CHECK-DAG: %[[NINF16:.*]] = arith.constant dense<0xFF800000> : vector<16xf32>
// CHECK-DAG: %[[NINF1:.*]] = arith.constant dense<0xFF800000> : vector<1xf32>
// CHECK-NOT: linalg.fill
// CHECK-NOT: linalg.generic
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[NINF16]]) -> (vector<16xf32>)
// CHECK: scf.for {{.*}} -> (vector<16xf32>)
// CHECK: %[[A:.*]] = vector.transfer_read %{{.*}} : tensor<1x2x9x35xf32>, vector<16xf32>
// CHECK: %[[B:.*]] = vector.transfer_read %{{.*}} : tensor<1x2x9x35xf32>, vector<16xf32>
// CHECK: %[[X:.*]] = vector.shuffle %[[A]], %[[B]] [0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: arith.maximumf %{{.*}}, %[[X]] : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x2x4x17xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[NINF1]]) -> (vector<1xf32>)
// CHECK: arith.maximumf %{{.*}} : vector<1xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<1xf32>, tensor<1x2x4x17xf32>
func.func @maxpool_s2(%x: tensor<1x2x9x35xf32>) -> tensor<1x2x4x17xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %w = tensor.empty() : tensor<1x1x3x3xf32>
  %e = tensor.empty() : tensor<1x2x4x17xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x2x4x17xf32>) -> tensor<1x2x4x17xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0 + d4, d1 + d5, d2 * 2 + d6, d3 * 2 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x2x9x35xf32>, tensor<1x1x3x3xf32>) outs(%f : tensor<1x2x4x17xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x17xf32>
  return %r : tensor<1x2x4x17xf32>
}

// -----

// Stride 3 along the innermost output dim: left to the loops.
// CHECK-LABEL: func.func @sum_s3
// CHECK: linalg.generic
// CHECK-NOT: vector.transfer_read
func.func @sum_s3(%x: tensor<2x30xf32>) -> tensor<2x10xf32> {
  %zero = arith.constant 0.0 : f32
  %w = tensor.empty() : tensor<1x3xf32>
  %e = tensor.empty() : tensor<2x10xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x10xf32>) -> tensor<2x10xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0 + d2, d1 * 3 + d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<2x30xf32>, tensor<1x3xf32>) outs(%f : tensor<2x10xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<2x10xf32>
  return %r : tensor<2x10xf32>
}

// -----

// A padded input (the input inserted into a -inf fill) is padded one plane
// (the last two dims) at a time inside the loops over batch and channels:
// the border strips, filled once, and the plane's interior inserted into a
// fresh 11x37 plane per iteration (a tensor the loop inserts into is not
// hoisted: each iteration would insert into a copy of it), instead of a
// fill and copy of the whole padded tensor.
// CHECK-LABEL: func.func @maxpool_padded
// CHECK-NOT: tensor<2x3x11x37xf32>
// CHECK: scf.for
// CHECK: linalg.fill {{.*}} -> tensor<1x1x1x37xf32>
// CHECK: scf.for
// CHECK: %[[PLANE:.*]] = tensor.empty() : tensor<1x1x11x37xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[PLANE]][0, 0, 0, 0] [1, 1, 1, 37]
// CHECK: %[[SRC:.*]] = tensor.extract_slice %{{.*}} : tensor<2x3x9x35xf32> to tensor<1x1x9x35xf32>
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[SRC]] into %{{.*}}[0, 0, 1, 1] [1, 1, 9, 35]
// CHECK: vector.transfer_read %[[PADDED]]{{.*}} : tensor<1x1x11x37xf32>, vector<16xf32>
func.func @maxpool_padded(%x: tensor<2x3x9x35xf32>) -> tensor<2x3x5x18xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %pe = tensor.empty() : tensor<2x3x11x37xf32>
  %pf = linalg.fill ins(%ninf : f32) outs(%pe : tensor<2x3x11x37xf32>) -> tensor<2x3x11x37xf32>
  %p = tensor.insert_slice %x into %pf[0, 0, 1, 1] [2, 3, 9, 35] [1, 1, 1, 1] : tensor<2x3x9x35xf32> into tensor<2x3x11x37xf32>
  %w = tensor.empty() : tensor<1x1x3x3xf32>
  %e = tensor.empty() : tensor<2x3x5x18xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x3x5x18xf32>) -> tensor<2x3x5x18xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0 + d4, d1 + d5, d2 * 2 + d6, d3 * 2 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%p, %w : tensor<2x3x11x37xf32>, tensor<1x1x3x3xf32>) outs(%f : tensor<2x3x5x18xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<2x3x5x18xf32>
  return %r : tensor<2x3x5x18xf32>
}
