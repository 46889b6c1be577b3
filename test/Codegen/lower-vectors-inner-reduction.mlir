// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-lower-vectors))' | FileCheck %s

// A multi_reduction over the innermost dim becomes one horizontal
// vector.reduction per row (float adds marked reassoc, so LLVM uses a
// shuffle tree), not a chain of scalar ops.
// CHECK-LABEL: func.func @rows
// CHECK-COUNT-2: vector.reduction <add>, %{{.*}}, %{{.*}} fastmath<reassoc> : vector<64xf32> into f32
// CHECK-NOT: vector.multi_reduction
func.func @rows(%v: vector<2x64xf32>, %acc: vector<2xf32>) -> vector<2xf32> {
  %r = vector.multi_reduction <add>, %v, %acc [1] : vector<2x64xf32> to vector<2xf32>
  return %r : vector<2xf32>
}

// CHECK-LABEL: func.func @flat_int
// CHECK: vector.reduction <maxsi>, %{{.*}}, %{{.*}} : vector<64xi32> into i32
func.func @flat_int(%v: vector<64xi32>, %acc: i32) -> i32 {
  %r = vector.multi_reduction <maxsi>, %v, %acc [0] : vector<64xi32> to i32
  return %r : i32
}
