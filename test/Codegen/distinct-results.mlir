// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-distinct-results))' | FileCheck %s
// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-distinct-results),buffer-results-to-out-params{modify-public-functions hoist-static-allocs})' | FileCheck %s --check-prefix=OUT

// A value returned twice gets a second buffer holding a copy; the first use
// keeps the original.
// CHECK-LABEL: func.func @twice
// CHECK:         %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<4xf32>)
// CHECK:         %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[A]], %[[B]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT:    %[[C:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[A]], %[[C]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %arg0, %[[C]]
// Each allocation then becomes its own output argument.
// OUT-LABEL: func.func @twice
// OUT-SAME:      (%[[X:.*]]: memref<4xf32>, %[[O0:.*]]: memref<4xf32>, %[[O1:.*]]: memref<4xf32>, %[[O2:.*]]: memref<4xf32>, %[[O3:.*]]: memref<4xf32>)
// OUT:         linalg.fill ins(%{{.*}} : f32) outs(%[[O0]] : memref<4xf32>)
// OUT:         memref.copy %[[O0]], %[[O1]]
// OUT:         memref.copy %[[O0]], %[[O3]]
// OUT:         memref.copy %[[X]], %[[O2]]
// OUT:         return
func.func @twice(%arg0: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>) {
  %c = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<4xf32>
  linalg.fill ins(%c : f32) outs(%a : memref<4xf32>)
  return %a, %a, %arg0, %a : memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<4xf32>
}

// Distinct values are left alone.
// CHECK-LABEL: func.func @distinct
// CHECK-NOT:     memref.copy
// CHECK:         return %arg0, %arg1
func.func @distinct(%arg0: memref<4xf32>, %arg1: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  return %arg0, %arg1 : memref<4xf32>, memref<4xf32>
}
