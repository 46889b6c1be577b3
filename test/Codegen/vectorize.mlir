// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// nxc-vectorize (defaults: vector-width=16 mr=8 nr=32), on tensors.

// Matmul: 8 x 32 register tiles, k by 1; the accumulator tile is read once,
// carried through the k loop as a vector iter_arg, and written once.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %[[C8]] iter_args
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %[[C32]] iter_args
// CHECK: %[[ACC0:.*]] = vector.transfer_read %{{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK: %[[K:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %[[C32]] step %[[C1]] iter_args(%{{.*}} = %{{.*}}, %[[ACC:.*]] = %[[ACC0]]) -> (tensor<8x32xf32>, vector<8x32xf32>) {
// CHECK: %[[LHS:.*]] = vector.transfer_read %{{.*}} : tensor<8x1xf32>, vector<8x1xf32>
// CHECK: %[[RHS:.*]] = vector.transfer_read %{{.*}} : tensor<1x32xf32>, vector<1x32xf32>
// CHECK: %[[R:.*]] = vector.contract {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %[[LHS]], %[[RHS]], %[[ACC]] : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: scf.yield %{{.*}}, %[[R]] : tensor<8x32xf32>, vector<8x32xf32>
// CHECK: vector.transfer_write %[[K]]#1, %[[K]]#0
// CHECK: tensor.insert_slice
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>) -> tensor<16x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<16x64xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<16x64xf32>) -> tensor<16x64xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%1 : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %2 : tensor<16x64xf32>
}

// -----

// Odd sizes: the tile is the largest divisor (5 x 7 here), no masks.
// CHECK-LABEL: func.func @matmul_odd
// CHECK: scf.for {{.*}} -> (tensor<5x7xf32>, vector<5x7xf32>)
// CHECK: vector.contract {{.*}} : vector<5x1xf32>, vector<1x7xf32> into vector<5x7xf32>
func.func @matmul_odd(%a: tensor<5x3xf32>, %b: tensor<3x7xf32>) -> tensor<5x7xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<5x7xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<5x3xf32>, tensor<3x7xf32>) outs(%1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  return %2 : tensor<5x7xf32>
}

// -----

// Integer matmuls are register-blocked as floats are: an s32 256^3 product
// took 17.6 ms as scalar loops, 0.35 ms so.
// CHECK-LABEL: func.func @matmul_int
// CHECK-NOT: linalg.matmul
// CHECK: vector.contract {{.*}} : vector<8x1xi32>, vector<1x32xi32> into vector<8x32xi32>
func.func @matmul_int(%a: tensor<8x4xi32>, %b: tensor<4x32xi32>) -> tensor<8x32xi32> {
  %c = arith.constant 0 : i32
  %0 = tensor.empty() : tensor<8x32xi32>
  %1 = linalg.fill ins(%c : i32) outs(%0 : tensor<8x32xi32>) -> tensor<8x32xi32>
  %2 = linalg.matmul ins(%a, %b : tensor<8x4xi32>, tensor<4x32xi32>) outs(%1 : tensor<8x32xi32>) -> tensor<8x32xi32>
  return %2 : tensor<8x32xi32>
}

// -----

// Elementwise: transfer_read each operand, the body on vector<16xf32>,
// transfer_write.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<16xf32>, %[[Y:.*]]: tensor<16xf32>)
// CHECK: %[[VX:.*]] = vector.transfer_read %[[X]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
// CHECK: %[[VY:.*]] = vector.transfer_read %[[Y]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
// CHECK: %[[S:.*]] = arith.addf %[[VX]], %[[VY]] : vector<16xf32>
// CHECK: %[[E:.*]] = math.exp %[[S]] : vector<16xf32>
// CHECK: vector.transfer_write %[[E]], %{{.*}}[%{{.*}}] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
// CHECK-NOT: linalg.generic
#map = affine_map<(d0) -> (d0)>
func.func @elementwise(%a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<16xf32> {
  %0 = tensor.empty() : tensor<16xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]} ins(%a, %b : tensor<16xf32>, tensor<16xf32>) outs(%0 : tensor<16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    %3 = math.exp %2 : f32
    linalg.yield %3 : f32
  } -> tensor<16xf32>
  return %1 : tensor<16xf32>
}

// -----

// Shorter than a vector: one vector of the exact size.
// CHECK-LABEL: func.func @elementwise_short
// CHECK: vector.transfer_read {{.*}} : tensor<9xi32>, vector<9xi32>
// CHECK: arith.muli %{{.*}}, %{{.*}} : vector<9xi32>
func.func @elementwise_short(%a: tensor<9xi32>) -> tensor<9xi32> {
  %0 = tensor.empty() : tensor<9xi32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%a : tensor<9xi32>) outs(%0 : tensor<9xi32>) {
  ^bb0(%x: i32, %o: i32):
    %2 = arith.muli %x, %x : i32
    linalg.yield %2 : i32
  } -> tensor<9xi32>
  return %1 : tensor<9xi32>
}

// -----

// A reduction into a scalar: vector.multi_reduction.
// CHECK-LABEL: func.func @reduction
// CHECK: %[[V:.*]] = vector.transfer_read %{{.*}} : tensor<16xf32>, vector<16xf32>
// CHECK: vector.multi_reduction <add>, %[[V]], %{{.*}} [0] : vector<16xf32> to f32
func.func @reduction(%a: tensor<16xf32>) -> tensor<f32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<f32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<f32>) -> tensor<f32>
  %r = linalg.reduce { arith.addf } ins(%a : tensor<16xf32>) outs(%1 : tensor<f32>) dimensions = [0]
  return %r : tensor<f32>
}

// -----

// Index-dependent bodies and non-projected maps (reverse) are left alone.
// CHECK-LABEL: func.func @reverse_untouched
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @reverse_untouched(%a: tensor<16xf32>) -> tensor<16xf32> {
  %0 = tensor.empty() : tensor<16xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (-d0 + 15)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%a : tensor<16xf32>) outs(%0 : tensor<16xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<16xf32>
  return %1 : tensor<16xf32>
}
