// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-streaming-stores{line=64 min-bytes=4096}))' | FileCheck %s
// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-streaming-stores))' | FileCheck %s --check-prefix=OFF

// Off by default (line=0: targets other than x86).
// OFF-NOT: nontemporal
// OFF-NOT: scf.if

// A write-only output of whole-line stores at multiples of 16 floats, through
// a subview as nxc-vectorize leaves it: the loop is versioned on the
// buffer's address, the aligned copy streams and ends with an sfence, the
// other keeps ordinary stores.
// CHECK-LABEL: func.func @map
// CHECK-SAME: (%[[IN:.*]]: memref<4096xf32>, %[[OUT:.*]]: memref<4096xf32>)
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
// CHECK: %[[LOW:.*]] = arith.andi %[[P]], %c63
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[LOW]], %c0
// CHECK: scf.if %[[OK]] {
// CHECK:   scf.for
// CHECK:     vector.store %{{.*}}, %{{.*}}[%{{.*}}] {alignment = 64 : i64, nontemporal = true} : memref<32xf32, strided<[1], offset: ?>>, vector<32xf32>
// CHECK:   } {nxc.parallel = 4096 : i64}
// CHECK:   llvm.call_intrinsic "llvm.x86.sse.sfence"() : () -> ()
// CHECK: } else {
// CHECK:   scf.for
// CHECK:     vector.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<32xf32, strided<[1], offset: ?>>, vector<32xf32>
// CHECK:   } {nxc.parallel = 4096 : i64}
// CHECK: }
// CHECK-NEXT: return
func.func @map(%in: memref<4096xf32>, %out: memref<4096xf32>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c4096 = arith.constant 4096 : index
  scf.for %i = %c0 to %c4096 step %c32 {
    %a = memref.subview %in[%i] [32] [1] : memref<4096xf32> to memref<32xf32, strided<[1], offset: ?>>
    %b = memref.subview %out[%i] [32] [1] : memref<4096xf32> to memref<32xf32, strided<[1], offset: ?>>
    %v = vector.load %a[%c0] : memref<32xf32, strided<[1], offset: ?>>, vector<32xf32>
    vector.store %v, %b[%c0] : memref<32xf32, strided<[1], offset: ?>>, vector<32xf32>
  } {nxc.parallel = 4096 : i64}
  return
}

// Rows of 1024 floats, a 2-D store indexed by the row and a multiple of 16.
// CHECK-LABEL: func.func @rows
// CHECK: scf.if
// CHECK: vector.store {{.*}} {alignment = 64 : i64, nontemporal = true} : memref<4x1024xf32>, vector<16xf32>
// CHECK: llvm.call_intrinsic "llvm.x86.sse.sfence"
// CHECK: } else {
func.func @rows(%out: memref<4x1024xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c1024 = arith.constant 1024 : index
  scf.for %r = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c1024 step %c16 {
      vector.store %v, %out[%r, %j] : memref<4x1024xf32>, vector<16xf32>
    }
  }
  return
}

// Not streamed: rows of 1028 floats (row starts off the line), steps of 8
// floats (a store may start mid-line), 32-byte stores (half a line each),
// an output the function also reads, and one below min-bytes.
// CHECK-LABEL: func.func @odd_rows
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: return
func.func @odd_rows(%out: memref<4x1028xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c1024 = arith.constant 1024 : index
  scf.for %r = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c1024 step %c16 {
      vector.store %v, %out[%r, %j] : memref<4x1028xf32>, vector<16xf32>
    }
  }
  return
}

// CHECK-LABEL: func.func @half_steps
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: return
func.func @half_steps(%out: memref<4096xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c4080 = arith.constant 4080 : index
  scf.for %i = %c0 to %c4080 step %c8 {
    vector.store %v, %out[%i] : memref<4096xf32>, vector<16xf32>
  }
  return
}

// CHECK-LABEL: func.func @half_lines
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: return
func.func @half_lines(%out: memref<4096xf32>, %v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c4096 = arith.constant 4096 : index
  scf.for %i = %c0 to %c4096 step %c8 {
    vector.store %v, %out[%i] : memref<4096xf32>, vector<8xf32>
  }
  return
}

// CHECK-LABEL: func.func @read_back
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: return
func.func @read_back(%out: memref<4096xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c4096 = arith.constant 4096 : index
  scf.for %i = %c0 to %c4096 step %c16 {
    %v = vector.load %out[%i] : memref<4096xf32>, vector<16xf32>
    %w = arith.addf %v, %v : vector<16xf32>
    vector.store %w, %out[%i] : memref<4096xf32>, vector<16xf32>
  }
  return
}

// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: return
func.func @small(%out: memref<512xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c512 = arith.constant 512 : index
  scf.for %i = %c0 to %c512 step %c16 {
    vector.store %v, %out[%i] : memref<512xf32>, vector<16xf32>
  }
  return
}
