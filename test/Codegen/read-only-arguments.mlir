// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-read-only-arguments))' | FileCheck %s
// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-read-only-arguments),one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map})' | FileCheck %s --check-prefix=BUF

// An entry point's tensor arguments are the caller's const inputs: an update
// of one (put_slice, indexed_put) goes to a copy, never to the argument.
// CHECK-LABEL: func.func @update
// CHECK-SAME:    (%{{.*}}: tensor<6xi64> {bufferization.writable = false}, %{{.*}}: i64)
// BUF-LABEL: func.func @update
// BUF-SAME:    (%[[A:.*]]: memref<6xi64>, %[[V:.*]]: i64) -> memref<6xi64>
// BUF:         %[[C:.*]] = memref.alloc() {{.*}} : memref<6xi64>
// BUF:         memref.copy %[[A]], %[[C]]
// BUF:         memref.store %[[V]], %[[C]]
// BUF-NOT:     memref.store {{.*}}, %[[A]]
// BUF:         return %[[C]]
func.func @update(%t: tensor<6xi64>, %v: i64) -> tensor<6xi64> {
  %c2 = arith.constant 2 : index
  %0 = tensor.insert %v into %t[%c2] : tensor<6xi64>
  return %0 : tensor<6xi64>
}

// Private functions (called inside the graph) are left to the analysis.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: tensor<6xi64>) -> tensor<6xi64>
func.func private @helper(%t: tensor<6xi64>) -> tensor<6xi64> {
  return %t : tensor<6xi64>
}
