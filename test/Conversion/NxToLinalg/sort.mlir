// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// nx.sort / nx.argsort: the axis is moved last and the tensor viewed as
// [rows, n]; an scf.for over the rows runs a bottom-up merge sort on each
// row (scf.while over the run widths, scf.for over the runs, scf.while
// merging two runs with tensor.extract / tensor.insert), carrying the i64
// positions of the keys. A right key is taken only if it comes strictly
// before the left one (stable); NaN comes after everything ascending.

// Ascending f32: right before left iff kj < ki, or ki is NaN and kj is not.
// CHECK-LABEL: func.func @sort_f32
// CHECK-SAME: (%[[A:.*]]: tensor<5xf32>) -> tensor<5xf32>
// CHECK: %[[ROW:.*]] = tensor.expand_shape %[[A]] {{\[\[}}0, 1]] output_shape [1, 5]
// The positions 0..n-1, as i64.
// CHECK: %[[POS:.*]] = linalg.generic
// CHECK: linalg.index 0 : index
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: %[[ROWS:.*]]:2 = scf.for %[[R:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<1x5xf32>, tensor<1x5xi64>)
// CHECK: %[[KEYS:.*]] = tensor.extract_slice %[[ROW]][%[[R]], 0] [1, 5] [1, 1] : tensor<1x5xf32> to tensor<5xf32>
// CHECK: scf.while (%[[SRC:.*]] = %[[KEYS]], %[[SRCP:.*]] = %[[POS]], {{.*}}) : (tensor<5xf32>, tensor<5xi64>, tensor<5xf32>, tensor<5xi64>, index)
// CHECK: scf.for
// CHECK: scf.while
// CHECK: ^bb0(
// CHECK: %[[KI:.*]] = tensor.extract %[[SRC]][%{{.*}}] : tensor<5xf32>
// CHECK: %[[KJ:.*]] = tensor.extract %[[SRC]][%{{.*}}] : tensor<5xf32>
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[KJ]], %[[KI]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[KI]], %[[KI]] : f32
// CHECK: %[[ORD:.*]] = arith.cmpf ord, %[[KJ]], %[[KJ]] : f32
// CHECK: %[[NANLAST:.*]] = arith.andi %[[NAN]], %[[ORD]] : i1
// CHECK: arith.ori %[[LT]], %[[NANLAST]] : i1
// CHECK: %[[KEY:.*]] = arith.select %{{.*}}, %[[KJ]], %[[KI]] : f32
// CHECK: %[[P:.*]] = tensor.extract %[[SRCP]][%{{.*}}] : tensor<5xi64>
// CHECK: tensor.insert %[[KEY]] into %{{.*}}[%{{.*}}] : tensor<5xf32>
// CHECK: tensor.insert %[[P]] into %{{.*}}[%{{.*}}] : tensor<5xi64>
// CHECK: scf.yield
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[R]], 0] [1, 5] [1, 1] : tensor<5xf32> into tensor<1x5xf32>
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %[[ROWS]]#0 {{\[\[}}0, 1]] : tensor<1x5xf32> into tensor<5xf32>
// CHECK: return %[[OUT]] : tensor<5xf32>
func.func @sort_f32(%a: tensor<5xf32>) -> tensor<5xf32> {
  %0 = nx.sort %a, axis = 0, descending = false : (tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Descending: the comparison is reversed (right before left iff ki < kj, or
// kj is NaN and ki is not: NaN first), ties still keep the left key.
// CHECK-LABEL: func.func @sort_f64_desc
// CHECK: %[[KI:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xf64>
// CHECK: %[[KJ:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xf64>
// CHECK: arith.cmpf olt, %[[KI]], %[[KJ]] : f64
// CHECK: arith.cmpf uno, %[[KJ]], %[[KJ]] : f64
// CHECK: arith.cmpf ord, %[[KI]], %[[KI]] : f64
// CHECK-NOT: arith.cmpf
// CHECK: return
func.func @sort_f64_desc(%a: tensor<4xf64>) -> tensor<4xf64> {
  %0 = nx.sort %a, axis = 0, descending = true : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// Integers: one signed or unsigned comparison, no NaN handling.
// CHECK-LABEL: func.func @sort_u8_desc
// CHECK-SAME: tensor<4xi8>
// CHECK: %[[KI:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xi8>
// CHECK: %[[KJ:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xi8>
// CHECK-NOT: arith.cmpf
// CHECK: arith.cmpi ult, %[[KI]], %[[KJ]] : i8
// CHECK-NOT: arith.cmpf
// CHECK: return
func.func @sort_u8_desc(%a: tensor<4xui8>) -> tensor<4xui8> {
  %0 = nx.sort %a, axis = 0, descending = true : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// argsort returns the carried i64 positions (the second result of the row
// loop), not the keys.
// CHECK-LABEL: func.func @argsort_s16
// CHECK-SAME: -> tensor<4xi64>
// CHECK: %[[ROWS:.*]]:2 = scf.for
// CHECK: %[[KI:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xi16>
// CHECK: %[[KJ:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<4xi16>
// CHECK: arith.cmpi slt, %[[KJ]], %[[KI]] : i16
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}] : tensor<4xi64>
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %[[ROWS]]#1 {{\[\[}}0, 1]] : tensor<1x4xi64> into tensor<4xi64>
// CHECK: return %[[OUT]]
func.func @argsort_s16(%a: tensor<4xsi16>) -> tensor<4xsi64> {
  %0 = nx.argsort %a, axis = 0, descending = false : (tensor<4xsi16>) -> tensor<4xsi64>
  return %0 : tensor<4xsi64>
}

// -----

// Along axis 0 of a 2x3: transpose to 3x2, sort 3 rows of 2, narrow the
// positions to the result type, transpose back.
// CHECK-LABEL: func.func @argsort_axis0_desc
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[A]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<3x2xf32>) permutation = [1, 0]
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[ROWS:.*]]:2 = scf.for %[[R:.*]] = %{{.*}} to %[[C3]] step
// CHECK: tensor.extract_slice %[[T]][%[[R]], 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<2xf32>
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf uno
// CHECK: %[[N:.*]] = linalg.generic {{.*}} ins(%[[ROWS]]#1 : tensor<3x2xi64>) outs(%{{.*}} : tensor<3x2xi32>)
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[OUT:.*]] = linalg.transpose ins(%[[N]] : tensor<3x2xi32>) outs(%{{.*}} : tensor<2x3xi32>) permutation = [1, 0]
// CHECK: return %[[OUT]] : tensor<2x3xi32>
func.func @argsort_axis0_desc(%a: tensor<2x3xf32>) -> tensor<2x3xsi32> {
  %0 = nx.argsort %a, axis = 0, descending = true : (tensor<2x3xf32>) -> tensor<2x3xsi32>
  return %0 : tensor<2x3xsi32>
}

// -----

// Rows of 64 or more: a least-significant-digit radix sort, 8 bits per pass,
// on unsigned keys that order as the sort does. f32: the bits with negatives
// complemented and positives' sign bit set, -0.0 keyed as +0.0 (equal: a
// stable sort keeps their order), every NaN the largest key. Each pass: a
// histogram of the digit, skipped when every key has the same digit (the
// scf.if), else prefix sums and a stable scatter of keys and positions;
// then the values are gathered by position.
// CHECK-LABEL: func.func @sort_radix_f32
// CHECK: scf.for {{.*}} -> (tensor<64xi32>)
// CHECK: %[[BITS:.*]] = arith.bitcast %[[X:.*]] : f32 to i32
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[BITS]], %{{.*}} : i32
// CHECK: %[[COMPL:.*]] = arith.xori %[[BITS]], %{{.*}} : i32
// CHECK: %[[SIGNED:.*]] = arith.ori %[[BITS]], %{{.*}} : i32
// CHECK: %[[FLIP:.*]] = arith.select %[[NEG]], %[[COMPL]], %[[SIGNED]] : i32
// CHECK: %[[ZERO:.*]] = arith.cmpf oeq, %[[X]], %{{.*}} : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[K0:.*]] = arith.select %[[ZERO]], %{{.*}}, %[[FLIP]] : i32
// CHECK: arith.select %[[NAN]], %{{.*}}, %[[K0]] : i32
// CHECK: linalg.fill {{.*}} -> tensor<256xi64>
// CHECK: arith.shrui %{{.*}}, %c0_i32{{.*}} : i32
// CHECK: scf.if %{{.*}} -> (tensor<64xi32>, tensor<64xi64>)
// CHECK: scf.for {{.*}} to %c256
// CHECK: scf.for {{.*}} -> (tensor<256xi64>, tensor<64xi32>, tensor<64xi64>)
// CHECK: arith.shrui %{{.*}}, %c8_i32{{.*}} : i32
// CHECK: arith.shrui %{{.*}}, %c16_i32{{.*}} : i32
// CHECK: arith.shrui %{{.*}}, %c24_i32{{.*}} : i32
// CHECK-NOT: arith.shrui %{{.*}}, %c32
// CHECK: scf.for {{.*}} -> (tensor<64xf32>)
// CHECK: %[[P:.*]] = tensor.extract %{{.*}} : tensor<64xi64>
// CHECK: %[[AT:.*]] = arith.index_cast %[[P]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[AT]]] : tensor<64xf32>
// CHECK-NOT: scf.while
func.func @sort_radix_f32(%a: tensor<64xf32>) -> tensor<64xf32> {
  %0 = nx.sort %a, axis = 0, descending = false : (tensor<64xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

// Signed integers: the sign bit flipped; descending: the keys complemented.
// 16 bits, two passes.
// CHECK-LABEL: func.func @argsort_radix_s16_desc
// CHECK: %[[K:.*]] = arith.xori %{{.*}}, %c-32768_i16 : i16
// CHECK: arith.xori %[[K]], %c-1_i16 : i16
// CHECK: arith.shrui %{{.*}}, %c0_i16{{.*}} : i16
// CHECK: arith.shrui %{{.*}}, %c8_i16{{.*}} : i16
// CHECK-NOT: arith.shrui %{{.*}}, %c16
// The rows are independent: the row loop is marked for threads (work 2 rows
// x 70 x 16).
// CHECK: } {nxc.parallel = 2240 : i64}
func.func @argsort_radix_s16_desc(%a: tensor<2x70xsi16>) -> tensor<2x70xsi64> {
  %0 = nx.argsort %a, axis = 1, descending = true : (tensor<2x70xsi16>) -> tensor<2x70xsi64>
  return %0 : tensor<2x70xsi64>
}
