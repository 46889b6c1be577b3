// RUN: %nxc-opt %s -split-input-file --allow-unregistered-dialect --pass-pipeline='builtin.module(func.func(nxc-allocs-to-workspace))' | FileCheck %s

// nxc-allocs-to-workspace: static top-level allocations of a public function
// become memref.view slices of a new trailing memref<Nxi8> argument, at
// 64-byte aligned offsets; their deallocs go; the size is recorded.

// CHECK-LABEL: func.func @temporaries
// CHECK-SAME: (%[[A:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>, %[[WS:.*]]: memref<262xi8>)
// CHECK-SAME: attributes {nxc.workspace_size = 262 : i64}
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[V0:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<262xi8> to memref<4xf32>
// 16 bytes, next slot at 64:
// CHECK: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[V1:.*]] = memref.view %[[WS]][%[[C64]]][] : memref<262xi8> to memref<3x5xf64>
// 120 bytes (64 + 120 = 184), next slot at 192:
// CHECK: %[[C192:.*]] = arith.constant 192 : index
// CHECK: %[[V2:.*]] = memref.view %[[WS]][%[[C192]]][] : memref<262xi8> to memref<7xi8>
// CHECK: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[V3:.*]] = memref.view %[[WS]][%[[C256]]][] : memref<262xi8> to memref<3xbf16>
// CHECK: memref.copy %[[A]], %[[V0]]
// CHECK: memref.copy %[[V0]], %[[OUT]]
// CHECK: "test.use"(%[[V1]], %[[V2]], %[[V3]])
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @temporaries(%a: memref<4xf32>, %out: memref<4xf32>) {
  %0 = memref.alloc() : memref<4xf32>
  %1 = memref.alloca() : memref<3x5xf64>
  %2 = memref.alloc() : memref<7xi8>
  %3 = memref.alloc() : memref<3xbf16>
  memref.copy %a, %0 : memref<4xf32> to memref<4xf32>
  memref.copy %0, %out : memref<4xf32> to memref<4xf32>
  "test.use"(%1, %2, %3) : (memref<3x5xf64>, memref<7xi8>, memref<3xbf16>) -> ()
  memref.dealloc %0 : memref<4xf32>
  return
}

// -----

// No temporaries: still a (1-byte) workspace argument, size 0, so every
// entry point has the same calling convention.
// CHECK-LABEL: func.func @no_temporaries
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<1xi8>)
// CHECK-SAME: attributes {nxc.workspace_size = 0 : i64}
func.func @no_temporaries(%a: memref<4xf32>) {
  return
}

// -----

// Private functions are left alone.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: memref<4xf32>) {
// CHECK: memref.alloc() : memref<4xf32>
func.func private @helper(%a: memref<4xf32>) {
  %0 = memref.alloc() : memref<4xf32>
  "test.use"(%0) : (memref<4xf32>) -> ()
  return
}

// -----

// Dynamic allocations and allocations inside loops stay (one slot must
// serve the whole call).
// CHECK-LABEL: func.func @not_placed
// CHECK-SAME: %{{.*}}: memref<1xi8>) attributes {nxc.workspace_size = 0 : i64}
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.for
// CHECK: memref.alloc() : memref<8xf32>
func.func @not_placed(%n: index) {
  %0 = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %n to %n step %n {
    %1 = memref.alloc() : memref<8xf32>
    "test.use"(%1) : (memref<8xf32>) -> ()
  }
  "test.use"(%0) : (memref<?xf32>) -> ()
  return
}
