// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// Reductions along the contiguous axis are split: a [rows, 64] accumulator
// (4 vectors of 16) takes one vector add per 64 inputs, carried in registers
// through the loop; one horizontal reduction per row follows.
// CHECK-LABEL: func.func @sum_rows
// CHECK: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [8, 4, 64] : tensor<8x256xf32> into tensor<8x4x64xf32>
// CHECK: scf.for
// CHECK: %[[ACC0:.*]] = vector.transfer_read %{{.*}} : tensor<1x64xf32>, vector<1x64xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}, %[[ACC:.*]] = %[[ACC0]])
// CHECK: %[[X:.*]] = vector.transfer_read %{{.*}} : tensor<1x1x64xf32>, vector<1x1x64xf32>
// CHECK: %[[X2:.*]] = vector.shape_cast %[[X]] : vector<1x1x64xf32> to vector<1x64xf32>
// CHECK: arith.addf %[[ACC]], %[[X2]] : vector<1x64xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
func.func @sum_rows(%a: tensor<8x256xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce { arith.addf } ins(%a : tensor<8x256xf32>) outs(%1 : tensor<8xf32>) dimensions = [1]
  return %r : tensor<8xf32>
}

// -----

// Over all axes: the contiguous dims fold into one first.
// CHECK-LABEL: func.func @max_all
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<16x32xi32> into tensor<512xi32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [8, 64] : tensor<512xi32> into tensor<8x64xi32>
// CHECK: scf.for
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : vector<64xi32>
// CHECK: vector.multi_reduction <maxsi>, %{{.*}}, %{{.*}} [0] : vector<64xi32> to i32
func.func @max_all(%a: tensor<16x32xi32>) -> tensor<i32> {
  %cst = arith.constant -2147483648 : i32
  %0 = tensor.empty() : tensor<i32>
  %1 = linalg.fill ins(%cst : i32) outs(%0 : tensor<i32>) -> tensor<i32>
  %r = linalg.reduce { arith.maxsi } ins(%a : tensor<16x32xi32>) outs(%1 : tensor<i32>) dimensions = [0, 1]
  return %r : tensor<i32>
}

// -----

// A body that reads linalg.index is not split (the split would not remap it).
// CHECK-LABEL: func.func @indexed_sum
// CHECK-NOT: tensor.expand_shape
// CHECK: vector.multi_reduction
func.func @indexed_sum(%a: tensor<4x128xf32>) -> tensor<4xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<4xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%a : tensor<4x128xf32>) outs(%1 : tensor<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f32
    %m = arith.mulf %x, %f : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// A transpose is tiled 16 x 16: each tile is 16 contiguous row reads,
// transposed in registers (transfer_read with a permutation map).
// CHECK-DAG: #[[T:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func @transpose
// CHECK: tensor.extract_slice %{{.*}} [16, 16] [1, 1] : tensor<32x64xf32> to tensor<16x16xf32>
// CHECK: vector.transfer_read %{{.*}} {in_bounds = [true, true], permutation_map = #[[T]]} : tensor<16x16xf32>, vector<16x16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16x16xf32>, tensor<16x16xf32>
func.func @transpose(%a: tensor<32x64xf32>) -> tensor<64x32xf32> {
  %0 = tensor.empty() : tensor<64x32xf32>
  %t = linalg.transpose ins(%a : tensor<32x64xf32>) outs(%0 : tensor<64x32xf32>) permutation = [1, 0]
  return %t : tensor<64x32xf32>
}

// -----

// argmax along rows (the scan Reduce.cpp tags nxc.arg_reduce): 16 lanes each
// scan a strided slice with the op's own compare, in two interleaved streams
// (vectors k and k + 16: two independent compare/select chains), indices
// within the row in i32; then the best value over the lanes of both streams
// and the lowest index among the lanes that hold it (ueq: NaN in every lane
// only when the first element was NaN), widened to i64.
// CHECK-LABEL: func.func @argmax_rows
// CHECK-NOT: linalg.generic
// CHECK-DAG: %[[IOTA:.*]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : vector<16xi32>
// CHECK-DAG: %[[NONE:.*]] = arith.constant dense<2147483647> : vector<16xi32>
// CHECK: scf.for
// CHECK: scf.for %[[K:.*]] = %c0 to %c64 step %c32 iter_args(%[[V0:.*]] = %{{.*}}, %[[I0:.*]] = %{{.*}}, %[[V1:.*]] = %{{.*}}, %[[I1:.*]] = %{{.*}})
// CHECK: %[[X:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %[[K]]]{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<16xf32>
// CHECK: %[[B:.*]] = arith.cmpf ogt, %[[X]], %[[V0]] : vector<16xf32>
// CHECK: arith.addi %{{.*}}, %[[IOTA]] : vector<16xi32>
// CHECK: arith.select %[[B]], %[[X]], %[[V0]] : vector<16xi1>, vector<16xf32>
// CHECK: %[[K1:.*]] = arith.addi %[[K]], %c16 : index
// CHECK: %[[Y:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %[[K1]]]
// CHECK: arith.cmpf ogt, %[[Y]], %[[V1]] : vector<16xf32>
// CHECK: scf.yield
// CHECK: %[[M0:.*]] = vector.reduction <maximumf>, %{{.*}}#0 : vector<16xf32> into f32
// CHECK: %[[M1:.*]] = vector.reduction <maximumf>, %{{.*}}#2 : vector<16xf32> into f32
// CHECK: %[[M:.*]] = arith.maximumf %[[M0]], %[[M1]] : f32
// CHECK: %[[MV:.*]] = vector.broadcast %[[M]] : f32 to vector<16xf32>
// CHECK: %[[HOLD:.*]] = arith.cmpf ueq, %{{.*}}#0, %[[MV]] : vector<16xf32>
// CHECK: %[[C0:.*]] = arith.select %[[HOLD]], %{{.*}}#1, %[[NONE]] : vector<16xi1>, vector<16xi32>
// CHECK: %[[HOLD1:.*]] = arith.cmpf ueq, %{{.*}}#2, %[[MV]] : vector<16xf32>
// CHECK: %[[C1:.*]] = arith.select %[[HOLD1]], %{{.*}}#3, %[[NONE]] : vector<16xi1>, vector<16xi32>
// CHECK: %[[CAND:.*]] = arith.minsi %[[C0]], %[[C1]] : vector<16xi32>
// CHECK: %[[I:.*]] = vector.reduction <minsi>, %[[CAND]] : vector<16xi32> into i32
// CHECK: arith.extsi %[[I]] : i32 to i64
func.func @argmax_rows(%a: tensor<4x64xf32>, %v0: tensor<4xf32>) -> tensor<4xi64> {
  %c0 = arith.constant 0 : i64
  %0 = tensor.empty() : tensor<4xi64>
  %1 = linalg.fill ins(%c0 : i64) outs(%0 : tensor<4xi64>) -> tensor<4xi64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%a : tensor<4x64xf32>) outs(%v0, %1 : tensor<4xf32>, tensor<4xi64>) attrs = {nxc.arg_reduce} {
  ^bb0(%x: f32, %best: f32, %bi: i64):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i64
    %b = arith.cmpf ogt, %x, %best : f32
    %v = arith.select %b, %x, %best : f32
    %n = arith.select %b, %ii, %bi : i64
    linalg.yield %v, %n : f32, i64
  } -> (tensor<4xf32>, tensor<4xi64>)
  return %r#1 : tensor<4xi64>
}

// -----

// Rows of 37 (no multiple of 16): the lanes scan the first 32 elements (two
// streams, one step), then the op continues over the last 5 from their
// result, its linalg.index offset by 32 (it stays a generic, lowered to
// loops later).
// CHECK-DAG: #[[PLUS32:.*]] = affine_map<()[s0] -> (s0 + 32)>
// CHECK-LABEL: func.func @argmax_rows_odd
// CHECK: %[[HEAD:.*]] = tensor.extract_slice %arg0[0, 0] [4, 32] [1, 1] : tensor<4x37xf32> to tensor<4x32xf32>
// CHECK: %[[R:.*]]:2 = scf.for {{.*}} -> (tensor<4xf32>, tensor<4xi64>)
// CHECK: vector.transfer_read %[[HEAD]]
// CHECK: vector.transfer_read %[[HEAD]]
// CHECK: %[[REST:.*]] = tensor.extract_slice %arg0[0, 32] [4, 5] [1, 1] : tensor<4x37xf32> to tensor<4x5xf32>
// CHECK: linalg.generic {{.*}} ins(%[[REST]] : tensor<4x5xf32>) outs(%[[R]]#0, %[[R]]#1 : tensor<4xf32>, tensor<4xi64>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: affine.apply #[[PLUS32]]()[%[[I]]]
func.func @argmax_rows_odd(%a: tensor<4x37xf32>, %v0: tensor<4xf32>) -> tensor<4xi64> {
  %c0 = arith.constant 0 : i64
  %0 = tensor.empty() : tensor<4xi64>
  %1 = linalg.fill ins(%c0 : i64) outs(%0 : tensor<4xi64>) -> tensor<4xi64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%a : tensor<4x37xf32>) outs(%v0, %1 : tensor<4xf32>, tensor<4xi64>) attrs = {nxc.arg_reduce} {
  ^bb0(%x: f32, %best: f32, %bi: i64):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i64
    %b = arith.cmpf ogt, %x, %best : f32
    %v = arith.select %b, %x, %best : f32
    %n = arith.select %b, %ii, %bi : i64
    linalg.yield %v, %n : f32, i64
  } -> (tensor<4xf32>, tensor<4xi64>)
  return %r#1 : tensor<4xi64>
}

// -----

// An input that does not walk the reduced dim (a per-row mean, broadcast
// along the row) does not block the split: it is read once per row and
// broadcast (hoisted out of the loop along the row), while x is read 64 lanes
// at a time.
// CHECK-LABEL: func.func @sum_sq_dev
// CHECK-SAME: (%{{.*}}: tensor<8x256xf32>, %[[M:.*]]: tensor<8xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [8, 4, 64] : tensor<8x256xf32> into tensor<8x4x64xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[MS:.*]] = tensor.extract_slice %[[M]]
// CHECK: %[[MB:.*]] = vector.transfer_read %[[MS]]{{.*}} : tensor<1xf32>, vector<1x1x64xf32>
// CHECK: scf.for
// CHECK: %[[X:.*]] = vector.transfer_read %{{.*}} : tensor<1x1x64xf32>, vector<1x1x64xf32>
// CHECK: %[[D:.*]] = arith.subf %[[X]], %[[MB]] : vector<1x1x64xf32>
// CHECK: arith.mulf %[[D]], %[[D]] : vector<1x1x64xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1x64xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row2 = affine_map<(d0, d1) -> (d0)>
func.func @sum_sq_dev(%a: tensor<8x256xf32>, %m: tensor<8xf32>) -> tensor<8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.generic {indexing_maps = [#id2, #row2, #row2], iterator_types = ["parallel", "reduction"]}
      ins(%a, %m : tensor<8x256xf32>, tensor<8xf32>) outs(%f : tensor<8xf32>) {
    ^bb0(%x: f32, %mean: f32, %acc: f32):
      %d = arith.subf %x, %mean : f32
      %s = arith.mulf %d, %d : f32
      %t = arith.addf %acc, %s : f32
      linalg.yield %t : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// A sum over trailing dims and an outer dim, with a parallel dim between
// (batch-norm statistics over [N, H, W] of NCHW): as written, a serial
// chain of horizontal reductions of a few elements. Split in two: partials
// over the trailing [2, 32] (folded to 64, split across lanes) into a
// [4, 8] tensor started from the neutral element, then their sum over the
// outer dim into the original init, one vector<8xf32> carried over 4 rows.
// CHECK-LABEL: func.func @sum_outer_axes
// CHECK: linalg.fill {{.*}} outs(%{{.*}} : tensor<4x8xf32>)
// CHECK: scf.for {{.*}} -> (tensor<4x8x32xf32>, tensor<1x1x32xf32>, vector<1x1x32xf32>)
// CHECK: } {nxc.reassociated}
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [2] : vector<1x1x32xf32> to vector<1x1xf32>
// CHECK: %[[SUM:.*]]:2 = scf.for {{.*}} -> (tensor<8xf32>, vector<8xf32>)
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: } {nxc.reassociated}
func.func @sum_outer_axes(%x: tensor<4x8x2x32xf32>) -> tensor<8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce { arith.addf } ins(%x : tensor<4x8x2x32xf32>) outs(%f : tensor<8xf32>) dimensions = [0, 2, 3]
  return %r : tensor<8xf32>
}
