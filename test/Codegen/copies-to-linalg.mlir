// RUN: %nxc-opt %s -split-input-file --nxc-copies-to-linalg | FileCheck %s

// A copy into the middle of a padded buffer (rows contiguous in both views):
// one vector transfer per 56-float row, the outermost loop marked parallel
// with the element count as its work.
// CHECK-LABEL: func.func @pad_middle
// CHECK-SAME: (%[[SRC:.*]]: memref<8x4x56xf32>, %[[DST:.*]]: memref<8x6x58xf32>)
// CHECK: %[[VIEW:.*]] = memref.subview %[[DST]][0, 1, 1] [8, 4, 56] [1, 1, 1]
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[ROW:.*]] = vector.transfer_read %[[SRC]][%[[I]], %[[J]], %{{.*}}], %{{.*}} {in_bounds = [true]} : memref<8x4x56xf32>, vector<56xf32>
// CHECK: vector.transfer_write %[[ROW]], %[[VIEW]][%[[I]], %[[J]], %{{.*}}] {in_bounds = [true]} : vector<56xf32>, memref<8x4x56xf32, strided<[348, 58, 1], offset: 59>>
// CHECK-NEXT: }
// CHECK-NEXT: } {nxc.parallel = 1792 : i64}
// CHECK-NOT: linalg.copy
// CHECK-NOT: memref.copy
func.func @pad_middle(%src: memref<8x4x56xf32>, %dst: memref<8x6x58xf32>) {
  %v = memref.subview %dst[0, 1, 1] [8, 4, 56] [1, 1, 1] : memref<8x6x58xf32> to memref<8x4x56xf32, strided<[348, 58, 1], offset: 59>>
  memref.copy %src, %v : memref<8x4x56xf32> to memref<8x4x56xf32, strided<[348, 58, 1], offset: 59>>
  return
}

// -----

// A column (innermost stride 2) and a 1-D copy stay linalg.copy loops.
// CHECK-LABEL: func.func @strided_inner
// CHECK-COUNT-2: linalg.copy
// CHECK-NOT: vector.transfer_read
func.func @strided_inner(%src: memref<4x8xf32>, %dst: memref<4x16xf32>, %a: memref<64xf32>, %b: memref<64xf32>) {
  %v = memref.subview %dst[0, 0] [4, 8] [1, 2] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 2]>>
  memref.copy %src, %v : memref<4x8xf32> to memref<4x8xf32, strided<[16, 2]>>
  memref.copy %a, %b : memref<64xf32> to memref<64xf32>
  return
}
