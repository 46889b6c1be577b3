// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// fft/ifft: a direct DFT as one linalg.generic whose extra (reduction) loop
// runs over the input position n along the axis; the twiddle angle is
// ((k * n) mod L) * (-+2 pi / L), taken with integers on index so it stays
// exact. ifft uses +2 pi / L and divides every term by L.
// triangular_solve: forward or back substitution in nested scf.for loops
// (rows, columns of b, the dot with the solved entries), each solved entry
// written with tensor.insert; a right-side solve transposes b and the result.

// A real operand is first made complex by nx-make-explicit.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @fft_real
// CHECK-SAME: (%[[A:.*]]: tensor<5xf32>) -> tensor<5xcomplex<f32>>
// CHECK: %[[C:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<5xf32>) outs(%{{.*}} : tensor<5xcomplex<f32>>)
// CHECK: complex.create
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : complex<f32>) outs(%{{.*}} : tensor<5xcomplex<f32>>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[C]] : tensor<5xcomplex<f32>>) outs(%[[ZERO]] : tensor<5xcomplex<f32>>)
// CHECK: ^bb0(%[[X:.*]]: complex<f32>, %[[ACC:.*]]: complex<f32>):
// CHECK: %[[K:.*]] = linalg.index 0 : index
// CHECK: %[[N:.*]] = linalg.index 1 : index
// CHECK: %[[L:.*]] = arith.constant 5 : index
// CHECK: %[[KN:.*]] = arith.muli %[[K]], %[[N]] : index
// CHECK: %[[M:.*]] = arith.remui %[[KN]], %[[L]] : index
// CHECK: %[[MI:.*]] = arith.index_castui %[[M]] : index to i64
// CHECK: %[[MF:.*]] = arith.uitofp %[[MI]] : i64 to f32
// -2 pi / 5
// CHECK: %[[S:.*]] = arith.constant -1.25663{{[0-9]*}} : f32
// CHECK: %[[ANGLE:.*]] = arith.mulf %[[MF]], %[[S]] : f32
// CHECK: %[[COS:.*]] = math.cos %[[ANGLE]] : f32
// CHECK: %[[SIN:.*]] = math.sin %[[ANGLE]] : f32
// CHECK: %[[TW:.*]] = complex.create %[[COS]], %[[SIN]] : complex<f32>
// CHECK: %[[T:.*]] = complex.mul %[[X]], %[[TW]] : complex<f32>
// CHECK-NOT: complex.div
// CHECK: %[[SUM:.*]] = complex.add %[[ACC]], %[[T]] : complex<f32>
// CHECK: linalg.yield %[[SUM]] : complex<f32>
// CHECK: return %[[R]]
func.func @fft_real(%a: tensor<5xf32>) -> tensor<5xcomplex<f32>> {
  %0 = nx.fft %a, axis = 0, length = 5 : (tensor<5xf32>) -> tensor<5xcomplex<f32>>
  return %0 : tensor<5xcomplex<f32>>
}

// -----

// ifft along axis 1, zero-padded from 3 to 4: the padding is a fill of
// complex zero and an insert_slice; the loop over n is the third.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @ifft_pad
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xcomplex<f64>>)
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : complex<f64>) outs(%{{.*}} : tensor<2x4xcomplex<f64>>)
// CHECK: %[[P:.*]] = tensor.insert_slice %[[A]] into %[[Z]][0, 0] [2, 3] [1, 1] : tensor<2x3xcomplex<f64>> into tensor<2x4xcomplex<f64>>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[P]] : tensor<2x4xcomplex<f64>>)
// CHECK: %[[K:.*]] = linalg.index 1 : index
// CHECK: %[[N:.*]] = linalg.index 2 : index
// CHECK: %[[L:.*]] = arith.constant 4 : index
// CHECK: %[[KN:.*]] = arith.muli %[[K]], %[[N]] : index
// CHECK: arith.remui %[[KN]], %[[L]] : index
// +2 pi / 4
// CHECK: arith.constant 1.570796{{[0-9]*}} : f64
// CHECK: math.cos
// CHECK: math.sin
// CHECK: %[[T:.*]] = complex.mul
// CHECK: %[[LEN:.*]] = complex.constant [4.000000e+00, 0.000000e+00] : complex<f64>
// CHECK: %[[D:.*]] = complex.div %[[T]], %[[LEN]] : complex<f64>
// CHECK: complex.add %{{.*}}, %[[D]] : complex<f64>
func.func @ifft_pad(%a: tensor<2x3xcomplex<f64>>) -> tensor<2x4xcomplex<f64>> {
  %0 = nx.ifft %a, axis = 1, length = 4 : (tensor<2x3xcomplex<f64>>) -> tensor<2x4xcomplex<f64>>
  return %0 : tensor<2x4xcomplex<f64>>
}

// -----

// Cut from 4 to 3 along axis 0: an extract_slice of the first 3.
// CHECK-LABEL: func.func @fft_cut
// CHECK-SAME: (%[[A:.*]]: tensor<4x2xcomplex<f32>>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][0, 0] [3, 2] [1, 1] : tensor<4x2xcomplex<f32>> to tensor<3x2xcomplex<f32>>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[S]] : tensor<3x2xcomplex<f32>>)
// CHECK: arith.constant 3 : index
// CHECK: arith.remui
// -2 pi / 3
// CHECK: arith.constant -2.09439{{[0-9]*}} : f32
// CHECK-NOT: complex.div
// CHECK: return
func.func @fft_cut(%a: tensor<4x2xcomplex<f32>>) -> tensor<3x2xcomplex<f32>> {
  %0 = nx.fft %a, axis = 0, length = 3 : (tensor<4x2xcomplex<f32>>) -> tensor<3x2xcomplex<f32>>
  return %0 : tensor<3x2xcomplex<f32>>
}

// -----

// Left side, lower: rows i = 0..n-1, x[i, c] = (b[i, c] - sum_{j<i} a[i, j] x[j, c]) / a[i, i].
// CHECK-LABEL: func.func @triangular_solve_left_lower
// CHECK-SAME: (%[[A:.*]]: tensor<3x3xf32>, %[[B:.*]]: tensor<3x2xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[ROWS:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[B]]) -> (tensor<3x2xf32>)
// CHECK: %[[DIAG:.*]] = tensor.extract %[[A]][%[[I]], %[[I]]] : tensor<3x3xf32>
// CHECK: scf.for %[[COL:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[X:.*]] = %{{.*}}) -> (tensor<3x2xf32>)
// CHECK: %[[RHS:.*]] = tensor.extract %[[X]][%[[I]], %[[COL]]] : tensor<3x2xf32>
// CHECK: %[[DOT:.*]] = scf.for %[[J:.*]] = %{{.*}} to %[[I]] step %{{.*}} iter_args(%[[S:.*]] = %[[RHS]]) -> (f32)
// CHECK: %[[XJ:.*]] = tensor.extract %[[X]][%[[J]], %[[COL]]] : tensor<3x2xf32>
// CHECK: %[[AIJ:.*]] = tensor.extract %[[A]][%[[I]], %[[J]]] : tensor<3x3xf32>
// CHECK: %[[M:.*]] = arith.mulf %[[AIJ]], %[[XJ]] : f32
// CHECK: %[[D:.*]] = arith.subf %[[S]], %[[M]] : f32
// CHECK: scf.yield %[[D]] : f32
// CHECK: %[[XI:.*]] = arith.divf %[[DOT]], %[[DIAG]] : f32
// CHECK: %[[NEW:.*]] = tensor.insert %[[XI]] into %[[X]][%[[I]], %[[COL]]] : tensor<3x2xf32>
// CHECK: scf.yield %[[NEW]] : tensor<3x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[ROWS]] : tensor<3x2xf32>
func.func @triangular_solve_left_lower(%a: tensor<3x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Right side (x a = b, a upper): solved as a^T x^T = b^T, so b is
// transposed first, a is read transposed (a[j, i]) in forward order, and
// the solution is transposed back.
// CHECK-LABEL: func.func @triangular_solve_right_upper
// CHECK-SAME: (%[[A:.*]]: tensor<3x3xf64>, %[[B:.*]]: tensor<4x3xf64>)
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<4x3xf64>) outs(%{{.*}} : tensor<3x4xf64>) permutation = [1, 0]
// CHECK: %[[ROWS:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[BT]]) -> (tensor<3x4xf64>)
// CHECK: scf.for %[[COL:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[X:.*]] = %{{.*}}) -> (tensor<3x4xf64>)
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %[[I]] step
// CHECK: tensor.extract %[[A]][%[[J]], %[[I]]] : tensor<3x3xf64>
// CHECK: arith.divf
// CHECK: tensor.insert %{{.*}} into %[[X]][%[[I]], %[[COL]]] : tensor<3x4xf64>
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[ROWS]] : tensor<3x4xf64>) outs(%{{.*}} : tensor<4x3xf64>) permutation = [1, 0]
// CHECK: return %[[XT]] : tensor<4x3xf64>
func.func @triangular_solve_right_upper(%a: tensor<3x3xf64>, %b: tensor<4x3xf64>) -> tensor<4x3xf64> {
  %0 = nx.triangular_solve %a, %b {left_side = false, lower = false, transpose_a = false} : (tensor<3x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}

// -----

// Left side, upper, vector b: b is viewed as [3, 1]; rows run backwards
// (i = 2 - step) and the dot runs over j = i+1 .. n-1.
// CHECK-LABEL: func.func @triangular_solve_upper_vector
// CHECK-SAME: (%[[A:.*]]: tensor<3x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[B2:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1]] output_shape [3, 1]
// CHECK: %[[ROWS:.*]] = scf.for %[[STEP:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[B2]]) -> (tensor<3x1xf32>)
// CHECK: %[[LAST:.*]] = arith.constant 2 : index
// CHECK: %[[I:.*]] = arith.subi %[[LAST]], %[[STEP]] : index
// CHECK: %[[LO:.*]] = arith.addi %[[I]], %{{.*}} : index
// CHECK: %[[N:.*]] = arith.constant 3 : index
// CHECK: tensor.extract %[[A]][%[[I]], %[[I]]]
// CHECK: scf.for %{{.*}} = %[[LO]] to %[[N]] step
// CHECK: arith.divf
// CHECK: %[[X:.*]] = tensor.collapse_shape %[[ROWS]] {{\[\[}}0, 1]] : tensor<3x1xf32> into tensor<3xf32>
// CHECK: return %[[X]]
func.func @triangular_solve_upper_vector(%a: tensor<3x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = false, transpose_a = false} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Left side with transpose_a on a lower a: a^T is upper, so back
// substitution reading a[j, i].
// CHECK-LABEL: func.func @triangular_solve_left_transposed
// CHECK-SAME: (%[[A:.*]]: tensor<2x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: arith.subi
// CHECK: scf.for %[[J:[^ ]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}}) -> (f32)
// CHECK: tensor.extract %{{.*}}[%[[J]], %{{.*}}] : tensor<2x1xf32>
// CHECK: tensor.extract %[[A]][%[[J]], %{{.*}}] : tensor<2x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: return
func.func @triangular_solve_left_transposed(%a: tensor<2x2xf32>, %b: tensor<2x1xf32>) -> tensor<2x1xf32> {
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = true} : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}
