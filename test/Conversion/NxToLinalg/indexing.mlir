// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// Out-of-range indices follow XLA: run-time slice starts and gather indices
// are clamped (arith.maxsi with 0, then arith.minsi with the last valid
// position), scatter updates with an out-of-range index are skipped
// (scf.if). Unsigned index types are widened with index_castui.

// dynamic_slice: each start is read from its scalar tensor, clamped into
// [0, dim - length] (4 - 2 = 2, 6 - 4 = 2), and used as a dynamic offset of
// one tensor.extract_slice with the static sizes and strides.
// CHECK-LABEL: func.func @dynamic_slice
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[I:.*]]: tensor<i64>, %[[J:.*]]: tensor<i8>)
// CHECK: %[[IV:.*]] = tensor.extract %[[I]][] : tensor<i64>
// CHECK: %[[II:.*]] = arith.index_cast %[[IV]] : i64 to index
// CHECK-DAG: %[[Z0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[H0:.*]] = arith.constant 2 : index
// CHECK: %[[M0:.*]] = arith.maxsi %[[II]], %[[Z0]] : index
// CHECK: %[[O0:.*]] = arith.minsi %[[M0]], %[[H0]] : index
// CHECK: %[[JV:.*]] = tensor.extract %[[J]][] : tensor<i8>
// CHECK: %[[JI:.*]] = arith.index_castui %[[JV]] : i8 to index
// CHECK: %[[O1:.*]] = arith.minui %[[JI]], %{{.*}} : index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][%[[O0]], %[[O1]]] [2, 2] [1, 2] : tensor<4x6xf32> to tensor<2x2xf32>
// CHECK: return %[[S]]
func.func @dynamic_slice(%a: tensor<4x6xf32>, %i: tensor<si64>, %j: tensor<ui8>) -> tensor<2x2xf32> {
  %0 = nx.dynamic_slice %a[%i, %j], lengths = [2, 4], strides = [1, 2] : (tensor<4x6xf32>, tensor<si64>, tensor<ui8>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// put_slice: starts clamped into [0, dim - update dim] (4 - 2 = 2,
// 6 - 3 = 3), then one tensor.insert_slice.
// CHECK-LABEL: func.func @put_slice
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[I:.*]]: tensor<i32>, %[[U:.*]]: tensor<2x3xf32>)
// CHECK: arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[H0:.*]] = arith.constant 2 : index
// CHECK: arith.maxsi
// CHECK: %[[O0:.*]] = arith.minsi %{{.*}}, %[[H0]] : index
// CHECK: arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[H1:.*]] = arith.constant 3 : index
// CHECK: arith.maxsi
// CHECK: %[[O1:.*]] = arith.minsi %{{.*}}, %[[H1]] : index
// CHECK: %[[R:.*]] = tensor.insert_slice %[[U]] into %[[A]][%[[O0]], %[[O1]]] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<4x6xf32>
// CHECK: return %[[R]]
func.func @put_slice(%a: tensor<4x6xf32>, %i: tensor<si32>, %u: tensor<2x3xf32>) -> tensor<4x6xf32> {
  %0 = nx.put_slice %a[%i, %i], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si32>, tensor<si32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// put_slice converts the update to the result type first.
// CHECK-LABEL: func.func @put_slice_convert
// CHECK: %[[U:.*]] = linalg.generic
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: tensor.insert_slice %[[U]] into
func.func @put_slice_convert(%a: tensor<4xf32>, %i: tensor<si64>, %u: tensor<2xsi32>) -> tensor<4xf32> {
  %0 = nx.put_slice %a[%i], %u : (tensor<4xf32>, tensor<2xsi32>, tensor<si64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// gather over axis 1 of a 4x6 with [5, 1] indices: result [5, 4]; loop d0
// picks the index row, the clamped index (<= 5) is the column, d1 the row.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[G:.*]]: tensor<5x1xi32>) -> tensor<5x4xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<5x4xf32>)
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D1:.*]] = linalg.index 1 : index
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[V:.*]] = tensor.extract %[[G]][%[[D0]], %[[C0]]] : tensor<5x1xi32>
// CHECK: %[[X:.*]] = arith.index_cast %[[V]] : i32 to index
// CHECK: %[[HI:.*]] = arith.constant 5 : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[X]], %{{.*}} : index
// CHECK: %[[COL:.*]] = arith.minsi %[[LO]], %[[HI]] : index
// CHECK: %[[E:.*]] = tensor.extract %[[A]][%[[D1]], %[[COL]]] : tensor<4x6xf32>
// CHECK: linalg.yield %[[E]] : f32
func.func @gather(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>) -> tensor<5x4xf32> {
  %0 = nx.gather %a[%g], axes = [1] : (tensor<4x6xf32>, tensor<5x1xsi32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

// take along axis 1: result [4, 3], d1 indexes the indices.
// CHECK-LABEL: func.func @take
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[T:.*]]: tensor<3xi64>) -> tensor<4x3xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x3xf32>)
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D1:.*]] = linalg.index 1 : index
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[D1]]] : tensor<3xi64>
// CHECK: %[[X:.*]] = arith.index_cast %[[V]] : i64 to index
// CHECK: %[[HI:.*]] = arith.constant 5 : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[X]], %{{.*}} : index
// CHECK: %[[COL:.*]] = arith.minsi %[[LO]], %[[HI]] : index
// CHECK: %[[E:.*]] = tensor.extract %[[A]][%[[D0]], %[[COL]]] : tensor<4x6xf32>
// CHECK: linalg.yield %[[E]] : f32
func.func @take(%a: tensor<4x6xf32>, %t: tensor<3xsi64>) -> tensor<4x3xf32> {
  %0 = nx.take %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// take with 2-D indices along axis 0: result [2, 2, 6] = indices ++ [6].
// CHECK-LABEL: func.func @take_2d_indices
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[T:.*]]: tensor<2x2xi64>) -> tensor<2x2x6xf32>
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D1:.*]] = linalg.index 1 : index
// CHECK: %[[D2:.*]] = linalg.index 2 : index
// CHECK: tensor.extract %[[T]][%[[D0]], %[[D1]]] : tensor<2x2xi64>
// CHECK: %[[HI:.*]] = arith.constant 3 : index
// CHECK: %[[ROW:.*]] = arith.minsi %{{.*}}, %[[HI]] : index
// CHECK: tensor.extract %[[A]][%[[ROW]], %[[D2]]] : tensor<4x6xf32>
func.func @take_2d_indices(%a: tensor<4x6xf32>, %t: tensor<2x2xsi64>) -> tensor<2x2x6xf32> {
  %0 = nx.take %a[%t], axis = 0 : (tensor<4x6xf32>, tensor<2x2xsi64>) -> tensor<2x2x6xf32>
  return %0 : tensor<2x2x6xf32>
}

// -----

// take_along_axis: the index at the same position replaces the axis
// coordinate; u32 indices are widened and clamped unsigned.
// CHECK-LABEL: func.func @take_along_axis
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[T:.*]]: tensor<4x2xi32>) -> tensor<4x2xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x2xf32>)
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D1:.*]] = linalg.index 1 : index
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[D0]], %[[D1]]] : tensor<4x2xi32>
// CHECK: %[[X:.*]] = arith.index_castui %[[V]] : i32 to index
// CHECK: %[[COL:.*]] = arith.minui %[[X]], %{{.*}} : index
// CHECK: tensor.extract %[[A]][%[[D0]], %[[COL]]] : tensor<4x6xf32>
func.func @take_along_axis(%a: tensor<4x6xf32>, %t: tensor<4x2xui32>) -> tensor<4x2xf32> {
  %0 = nx.take_along_axis %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<4x2xui32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// indexed_add: an scf.for over the updates (in order) carrying the result;
// each index is range-checked ([0, 4) and [0, 6), one unsigned compare each); in range, the element is
// read, added to and written back; out of range, skipped.
// CHECK-LABEL: func.func @indexed_add
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[G:.*]]: tensor<5x2xi32>, %[[U:.*]]: tensor<5xf32>)
// CHECK: %[[R:.*]] = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[A]]) -> (tensor<4x6xf32>)
// CHECK: %[[V0:.*]] = tensor.extract %[[G]][%[[K]], %{{.*}}] : tensor<5x2xi32>
// CHECK: %[[I0:.*]] = arith.index_cast %[[V0]] : i32 to index
// CHECK: %[[N0:.*]] = arith.constant 4 : index
// CHECK: arith.cmpi ult, %[[I0]], %[[N0]] : index
// CHECK: %[[V1:.*]] = tensor.extract %[[G]][%[[K]], %{{.*}}] : tensor<5x2xi32>
// CHECK: %[[I1:.*]] = arith.index_cast %[[V1]] : i32 to index
// CHECK: %[[N1:.*]] = arith.constant 6 : index
// CHECK: arith.cmpi ult, %[[I1]], %[[N1]] : index
// CHECK: arith.andi
// CHECK: %[[UPD:.*]] = tensor.extract %[[U]][%[[K]]] : tensor<5xf32>
// CHECK: %[[IF:.*]] = scf.if %{{.*}} -> (tensor<4x6xf32>) {
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]][%[[I0]], %[[I1]]] : tensor<4x6xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[UPD]] : f32
// CHECK: %[[NEW:.*]] = tensor.insert %[[SUM]] into %[[ACC]][%[[I0]], %[[I1]]] : tensor<4x6xf32>
// CHECK: scf.yield %[[NEW]] : tensor<4x6xf32>
// CHECK: } else {
// CHECK: scf.yield %[[ACC]] : tensor<4x6xf32>
// CHECK: }
// CHECK: scf.yield %[[IF]] : tensor<4x6xf32>
// CHECK: return %[[R]]
func.func @indexed_add(%a: tensor<4x6xf32>, %g: tensor<5x2xsi32>, %u: tensor<5xf32>) -> tensor<4x6xf32> {
  %0 = nx.indexed_add %a[%g], %u, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// indexed_put: the same loop, but the update is written without a read.
// CHECK-LABEL: func.func @indexed_put
// CHECK: scf.for
// CHECK: %[[UPD:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<5xf32>
// CHECK: scf.if
// CHECK-NOT: arith.addf
// CHECK: tensor.insert %[[UPD]] into
// CHECK: } else {
func.func @indexed_put(%a: tensor<4x6xf32>, %g: tensor<5x2xsi32>, %u: tensor<5xf32>) -> tensor<4x6xf32> {
  %0 = nx.indexed_put %a[%g], %u, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// window_scatter_max: the result starts as the init value; for each source
// element (scf.for nest over [2, 3]) the window (scf.for nest over [2, 2])
// is scanned, padding reading as the init value (as Nx.BinaryBackend pads
// the operand with it), keeping the last element that is >= the best so far
// (cmpf oge: the last maximum wins) and whether it is in bounds; then the
// source value is added at the selected position unless that is padding.
// CHECK-LABEL: func.func @window_scatter_max
// CHECK-SAME: (%[[A:.*]]: tensor<4x6xf32>, %[[S:.*]]: tensor<2x3xf32>, %[[INIT:.*]]: tensor<f32>)
// CHECK: %[[IV:.*]] = tensor.extract %[[INIT]][] : tensor<f32>
// CHECK: %[[START:.*]] = linalg.fill ins(%[[IV]] : f32) outs(%{{.*}} : tensor<4x6xf32>)
// CHECK: %[[R:.*]] = scf.for %[[SI:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[START]]) -> (tensor<4x6xf32>)
// CHECK: scf.for %[[SJ:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4x6xf32>)
// CHECK: %[[FALSE:.*]] = arith.constant false
// CHECK: %[[SCAN:.*]]:5 = scf.for {{.*}} iter_args(%{{.*}} = %[[IV]], %{{.*}} = %[[FALSE]], %{{.*}} = %[[FALSE]], {{.*}}) -> (f32, i1, i1, index, index)
// CHECK: scf.for {{.*}} iter_args(%[[BEST:.*]] = %{{.*}}, %[[FOUND:.*]] = %{{.*}}, %[[SELIN:.*]] = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (f32, i1, i1, index, index)
// CHECK: %[[E:.*]] = tensor.extract %[[A]][%{{.*}}, %{{.*}}] : tensor<4x6xf32>
// CHECK: %[[V:.*]] = arith.select %[[INB:.*]], %[[E]], %[[IV]] : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %[[V]], %[[BEST]] : f32
// CHECK: arith.xori %[[FOUND]], %{{.*}} : i1
// CHECK: %[[BETTER:.*]] = arith.ori %{{.*}}, %[[GE]] : i1
// CHECK: arith.select %[[BETTER]], %[[V]], %[[BEST]] : f32
// CHECK: arith.select %[[BETTER]], %[[INB]], %[[SELIN]] : i1
// CHECK: %[[SV:.*]] = tensor.extract %[[S]][%[[SI]], %[[SJ]]] : tensor<2x3xf32>
// CHECK: scf.if %[[SCAN]]#2 -> (tensor<4x6xf32>) {
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]][%[[SCAN]]#3, %[[SCAN]]#4] : tensor<4x6xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[SV]] : f32
// CHECK: tensor.insert %[[SUM]] into %[[ACC]][%[[SCAN]]#3, %[[SCAN]]#4] : tensor<4x6xf32>
// CHECK: return %[[R]]
func.func @window_scatter_max(%a: tensor<4x6xf32>, %s: tensor<2x3xf32>, %init: tensor<f32>) -> tensor<4x6xf32> {
  %0 = nx.window_scatter_max %a, %s, %init {window_dimensions = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// window_scatter_min on integers: padding reads as the init value; the
// scan keeps the last element <= the best (signed).
// CHECK-LABEL: func.func @window_scatter_min_int
// CHECK: %[[IV:.*]] = tensor.extract %{{.*}}[] : tensor<i32>
// CHECK: %[[E:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<5xi32>
// CHECK: %[[V:.*]] = arith.select %{{.*}}, %[[E]], %[[IV]] : i32
// CHECK: arith.cmpi sle, %[[V]], %{{.*}} : i32
// CHECK: scf.if
// CHECK: arith.addi
func.func @window_scatter_min_int(%a: tensor<5xsi32>, %s: tensor<3xsi32>, %init: tensor<si32>) -> tensor<5xsi32> {
  %0 = nx.window_scatter_min %a, %s, %init {window_dimensions = array<i64: 3>, strides = array<i64: 2>, padding_low = array<i64: 1>, padding_high = array<i64: 1>} : (tensor<5xsi32>, tensor<3xsi32>, tensor<si32>) -> tensor<5xsi32>
  return %0 : tensor<5xsi32>
}
