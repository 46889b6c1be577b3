// Regression test (fixed): AllocsToWorkspacePass (compiler/Codegen/Buffers.cpp) sizes a slot
// with MemRefType::getElementTypeBitWidth(), which calls
// Type::getIntOrFloatBitWidth() on complex element types: nxc-opt crashes
// (SIGSEGV in mlir::FloatType::getWidth). Reachable from a valid graph
// that only moves complex data (test/Driver/complex-temporary.test).
// Expected: a c64 slot of 4 elements takes 32 bytes.

// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-allocs-to-workspace))' | FileCheck %s

// CHECK-LABEL: func.func @complex_temporary
// CHECK-SAME: memref<32xi8>) attributes {nxc.workspace_size = 32 : i64}
// CHECK: memref.view %{{.*}}[%{{.*}}][] : memref<32xi8> to memref<4xcomplex<f32>>
func.func @complex_temporary(%a: memref<4xcomplex<f32>>, %out: memref<4xcomplex<f32>>) {
  %0 = memref.alloc() : memref<4xcomplex<f32>>
  memref.copy %a, %0 : memref<4xcomplex<f32>> to memref<4xcomplex<f32>>
  memref.copy %0, %out : memref<4xcomplex<f32>> to memref<4xcomplex<f32>>
  return
}
