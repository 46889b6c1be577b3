// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-delinearize-gathers))' | FileCheck %s

// A gather from a 5x5 view of a 6x6 buffer: the vectorizer's offsets are
// row-major positions in the 5x5 tensor (row * 5 + col). They are split by
// the view's sizes and weighed by its strides (row * 6 + col), and the
// gather reads a 1-D view of the whole buffer.
// CHECK-LABEL: func.func @strided
// CHECK-SAME:    (%[[M:.*]]: memref<5x5xf32, strided<[6, 1], offset: 7>>, %[[V:.*]]: vector<4xindex>
// CHECK:         %[[BUF:.*]], %[[OFF:.*]], %[[SZ:.*]]:2, %[[ST:.*]]:2 = memref.extract_strided_metadata %[[M]]
// CHECK:         %[[POS:.*]] = arith.addi %{{.*}}, %[[V]] : vector<4xindex>
// CHECK:         %[[COLS:.*]] = vector.broadcast %[[SZ]]#1 : index to vector<4xindex>
// CHECK:         %[[COL:.*]] = arith.remui %[[POS]], %[[COLS]]
// CHECK:         %[[ROW:.*]] = arith.divui %[[POS]], %[[COLS]]
// CHECK:         %[[CS:.*]] = vector.broadcast %[[ST]]#1 : index to vector<4xindex>
// CHECK:         %[[C:.*]] = arith.muli %[[COL]], %[[CS]]
// CHECK:         %[[RS:.*]] = vector.broadcast %[[ST]]#0 : index to vector<4xindex>
// CHECK:         %[[R:.*]] = arith.muli %[[ROW]], %[[RS]]
// CHECK:         %[[ADDR:.*]] = arith.addi %[[C]], %[[R]]
// CHECK:         %[[FLAT:.*]] = memref.reinterpret_cast %[[BUF]] to offset: [%[[OFF]]], sizes: [%{{.*}}], strides: [1] : memref<f32> to memref<?xf32, strided<[1], offset: ?>>
// CHECK:         vector.gather %[[FLAT]][%{{.*}}] [%[[ADDR]]], %{{.*}}, %{{.*}} : memref<?xf32, strided<[1], offset: ?>>
// CHECK-NOT:     vector.gather %[[M]]
func.func @strided(%m: memref<5x5xf32, strided<[6, 1], offset: 7>>, %v: vector<4xindex>) -> vector<4xf32> {
  %c0 = arith.constant 0 : index
  %mask = arith.constant dense<true> : vector<4xi1>
  %pass = arith.constant dense<0.0> : vector<4xf32>
  %g = vector.gather %m[%c0, %c0] [%v], %mask, %pass : memref<5x5xf32, strided<[6, 1], offset: 7>>, vector<4xindex>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  return %g : vector<4xf32>
}

// Contiguous memrefs keep their gathers: the offsets are addresses already.
// CHECK-LABEL: func.func @contiguous
// CHECK-NOT:     memref.extract_strided_metadata
// CHECK:         vector.gather %arg0[%{{.*}}, %{{.*}}] [%arg1]
func.func @contiguous(%m: memref<5x5xf32>, %v: vector<4xindex>) -> vector<4xf32> {
  %c0 = arith.constant 0 : index
  %mask = arith.constant dense<true> : vector<4xi1>
  %pass = arith.constant dense<0.0> : vector<4xf32>
  %g = vector.gather %m[%c0, %c0] [%v], %mask, %pass : memref<5x5xf32>, vector<4xindex>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  return %g : vector<4xf32>
}
