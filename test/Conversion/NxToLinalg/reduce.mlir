// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// Reductions become linalg.reduce over a filled accumulator (then a reshape
// for keep_axes); argmax/argmin one linalg.generic with two outputs.

// CHECK-LABEL: func.func @sum_f32
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<3xf32>) -> tensor<3xf32>
// Axes are sorted.
// CHECK: %[[R:.*]] = linalg.reduce { arith.addf } ins(%[[A]] : tensor<2x3x4xf32>) outs(%[[F]] : tensor<3xf32>) dimensions = [0, 2]
// CHECK: return %[[R]]
func.func @sum_f32(%a: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = nx.sum %a, axes = [2, 0], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Integer sum accumulates in the (wider) result type: converted first.
// CHECK-LABEL: func.func @sum_s32_to_s64
// CHECK: %[[W:.*]] = linalg.generic
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[Z:.*]] = arith.constant 0 : i64
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : i64)
// CHECK: linalg.reduce { arith.addi {{.*}} } ins(%[[W]] : tensor<2x3xi64>) outs(%[[F]] : tensor<2xi64>) dimensions = [1]
func.func @sum_s32_to_s64(%i: tensor<2x3xsi32>) -> tensor<2xsi64> {
  %0 = nx.sum %i, axes = [1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2xsi64>
  return %0 : tensor<2xsi64>
}

// -----

// keep_axes: reduce, then reshape back to the kept rank.
// CHECK-LABEL: func.func @product_keep_axes
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[F:.*]] = linalg.fill ins(%[[ONE]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[R:.*]] = linalg.reduce { arith.mulf } ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[F]] : tensor<2x4xf32>) dimensions = [1]
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[R]]
// CHECK: %[[X:.*]] = tensor.expand_shape %[[C]] {{.*}} : tensor<8xf32> into tensor<2x1x4xf32>
// CHECK: return %[[X]]
func.func @product_keep_axes(%a: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = nx.product %a, axes = [1], keep_axes = true : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// reduce_max/min start from -inf/+inf (floats) or the type's bounds (ints).
// CHECK-LABEL: func.func @max_min
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.reduce { arith.maximumf } ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0, 1, 2]
// CHECK: %[[SMAX:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[SMAX]] : i32)
// CHECK: linalg.reduce { arith.minsi } ins(%{{.*}} : tensor<2x3xi32>) outs(%{{.*}} : tensor<2xi32>) dimensions = [1]
// CHECK: %[[UMIN:.*]] = arith.constant 0 : i16
// CHECK: linalg.fill ins(%[[UMIN]] : i16)
// CHECK: linalg.reduce { arith.maxui } ins(%{{.*}} : tensor<2x3xi16>)
// CHECK: %[[UMAX:.*]] = arith.constant -1 : i8
// CHECK: linalg.fill ins(%[[UMAX]] : i8)
// CHECK: linalg.reduce { arith.minui } ins(%{{.*}} : tensor<2x3xi8>)
// CHECK: %[[PINF:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK: linalg.fill ins(%[[PINF]] : f64)
// CHECK: linalg.reduce { arith.minimumf }
func.func @max_min(%a: tensor<2x3x4xf32>, %i: tensor<2x3xsi32>, %u: tensor<2x3xui16>, %b: tensor<2x3xui8>, %d: tensor<5xf64>)
    -> (tensor<f32>, tensor<2xsi32>, tensor<3xui16>, tensor<2xui8>, tensor<f64>) {
  %0 = nx.reduce_max %a, axes = [0, 1, 2], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<f32>
  %1 = nx.reduce_min %i, axes = [1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2xsi32>
  %2 = nx.reduce_max %u, axes = [0], keep_axes = false : (tensor<2x3xui16>) -> tensor<3xui16>
  %3 = nx.reduce_min %b, axes = [1], keep_axes = false : (tensor<2x3xui8>) -> tensor<2xui8>
  %4 = nx.reduce_min %d, axes = [0], keep_axes = false : (tensor<5xf64>) -> tensor<f64>
  return %0, %1, %2, %3, %4 : tensor<f32>, tensor<2xsi32>, tensor<3xui16>, tensor<2xui8>, tensor<f64>
}

// -----

// all/any test each element against zero in the operand's type and
// accumulate a u8 with and/or.
// CHECK-LABEL: func.func @all_any
// CHECK: %[[ONE:.*]] = arith.constant 1 : i8
// CHECK: %[[F:.*]] = linalg.fill ins(%[[ONE]] : i8) outs(%{{.*}} : tensor<3xi8>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x3xi32>) outs(%[[F]] : tensor<3xi8>) dimensions = [0]
// CHECK-NEXT: (%[[IN:.*]]: i32, %[[ACC:.*]]: i8) {
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[IN]], %{{.*}} : i32
// CHECK: %[[B:.*]] = arith.extui %[[NZ]] : i1 to i8
// CHECK: %[[R:.*]] = arith.andi %[[ACC]], %[[B]] : i8
// CHECK: linalg.yield %[[R]] : i8
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: linalg.fill ins(%[[ZERO]] : i8) outs(%{{.*}} : tensor<i8>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x3xf32>)
// NaN counts as true.
// CHECK: arith.cmpf une
// CHECK: arith.ori
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<i8> into tensor<1x1xi8>
func.func @all_any(%i: tensor<2x3xsi32>, %f: tensor<2x3xf32>) -> (tensor<3xui8>, tensor<1x1xui8>) {
  %0 = nx.all %i, axes = [0], keep_axes = false : (tensor<2x3xsi32>) -> tensor<3xui8>
  %1 = nx.any %f, axes = [0, 1], keep_axes = true : (tensor<2x3xf32>) -> tensor<1x1xui8>
  return %0, %1 : tensor<3xui8>, tensor<1x1xui8>
}

// -----

// argmax: one generic carrying (best value, its index), starting from the
// first element (a copy of it) and index 0 as Nx.BinaryBackend does; the
// strict compare keeps the first of equal values (tie_break low).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>) -> tensor<2xi64>
// CHECK: %[[FIRST:.*]] = tensor.extract_slice %[[A]][0, 0] [2, 1] [1, 1] : tensor<2x3xf32> to tensor<2xf32>
// CHECK: %[[VI:.*]] = linalg.copy ins(%[[FIRST]] : tensor<2xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0 : i64
// CHECK: %[[II:.*]] = linalg.fill ins(%[[Z]] : i64) outs(%{{.*}} : tensor<2xi64>)
// CHECK: %[[G:.*]]:2 = linalg.generic {indexing_maps = [#[[IN]], #[[KEPT]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3xf32>) outs(%[[VI]], %[[II]] : tensor<2xf32>, tensor<2xi64>) attrs = {nxc.arg_reduce}
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[BI:.*]]: i64):
// CHECK-NEXT: %[[IDX:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK-NEXT: %[[BETTER:.*]] = arith.cmpf ogt, %[[X]], %[[BEST]] : f32
// CHECK-NEXT: %[[V:.*]] = arith.select %[[BETTER]], %[[X]], %[[BEST]] : f32
// CHECK-NEXT: %[[NI:.*]] = arith.select %[[BETTER]], %[[I]], %[[BI]] : i64
// CHECK-NEXT: linalg.yield %[[V]], %[[NI]] : f32, i64
// CHECK: return %[[G]]#1 : tensor<2xi64>
func.func @argmax(%a: tensor<2x3xf32>) -> tensor<2xsi64> {
  %0 = nx.argmax %a {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  return %0 : tensor<2xsi64>
}

// -----

// argmin, tie_break high (non-strict compare; like BinaryBackend's `==`, a
// NaN also follows a NaN), axis 0, keep_axis, an s32 result (narrowed from
// the i64 index).
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @argmin_high
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [1, 3] [1, 1] : tensor<2x3xf32> to tensor<3xf32>
// CHECK: %[[G:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]], #[[KEPT]]], iterator_types = ["reduction", "parallel"]}
// CHECK: ^bb0(%[[X:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: i64):
// CHECK: linalg.index 0 : index
// CHECK: %[[LE:.*]] = arith.cmpf ole, %[[X]], %[[B]] : f32
// CHECK-NEXT: %[[XN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT: %[[BN:.*]] = arith.cmpf uno, %[[B]], %[[B]] : f32
// CHECK-NEXT: %[[NN:.*]] = arith.andi %[[XN]], %[[BN]] : i1
// CHECK-NEXT: %[[BETTER:.*]] = arith.ori %[[LE]], %[[NN]] : i1
// CHECK-NEXT: arith.select %[[BETTER]], %[[X]], %[[B]] : f32
// CHECK: linalg.generic {{.*}} ins(%[[G]]#1 : tensor<3xi64>) outs(%{{.*}} : tensor<3xi32>)
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [1, 3] : tensor<3xi32> into tensor<1x3xi32>
func.func @argmin_high(%a: tensor<2x3xf32>) -> tensor<1x3xsi32> {
  %0 = nx.argmin %a {axis = 0 : i64, keep_axis = true, tie_break_high = true} : (tensor<2x3xf32>) -> tensor<1x3xsi32>
  return %0 : tensor<1x3xsi32>
}

// -----

// No axis: over the flattened tensor.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @argmax_flat
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: %[[G:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #[[SCALAR]]], iterator_types = ["reduction"]}
// CHECK-SAME: ins(%[[FLAT]] : tensor<6xf32>)
// CHECK: return %[[G]]#1 : tensor<i64>
func.func @argmax_flat(%a: tensor<2x3xf32>) -> tensor<si64> {
  %0 = nx.argmax %a {keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<si64>
  return %0 : tensor<si64>
}

// -----

// Integer argmax: signed vs unsigned compares.
// CHECK-LABEL: func.func @argmax_ints
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i16
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i16
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
func.func @argmax_ints(%s: tensor<2x3xsi16>, %u: tensor<2x3xui16>, %b: tensor<4xui8>) -> (tensor<2xsi64>, tensor<2xsi64>, tensor<si64>) {
  %0 = nx.argmax %s {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xsi16>) -> tensor<2xsi64>
  %1 = nx.argmax %u {axis = 1 : i64, keep_axis = false, tie_break_high = true} : (tensor<2x3xui16>) -> tensor<2xsi64>
  %2 = nx.argmin %b {axis = 0 : i64, keep_axis = false, tie_break_high = false} : (tensor<4xui8>) -> tensor<si64>
  return %0, %1, %2 : tensor<2xsi64>, tensor<2xsi64>, tensor<si64>
}
