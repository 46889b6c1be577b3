// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// nx.cumulative (the cumulative_* composites along an outer axis): the first
// row is copied, then an scf.for over the axis carries the running row and
// writes each step, a vectorizable elementwise generic, into the result.
// reverse walks from the last row.

// CHECK-LABEL: func.func @sum_reverse
// CHECK: %[[FIRST:.*]] = tensor.extract_slice %{{.*}}[2, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
// CHECK: %[[OUT0:.*]] = tensor.insert_slice %[[FIRST]] into %{{.*}}[2, 0] [1, 4] [1, 1]
// CHECK: scf.for %[[I:.*]] = %c1 to %c3 step %{{.*}} iter_args(%[[OUT:.*]] = %[[OUT0]], %[[ACC:.*]] = %[[FIRST]])
// CHECK:   %[[POS:.*]] = arith.subi %{{.*}}, %[[I]]
// CHECK:   %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[POS]], 0] [1, 4] [1, 1]
// CHECK:   %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[ACC]], %[[X]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:     arith.addf
// CHECK:   %[[W:.*]] = tensor.insert_slice %[[NEXT]] into %[[OUT]][%[[POS]], 0] [1, 4] [1, 1]
// CHECK:   scf.yield %[[W]], %[[NEXT]]
func.func @sum_reverse(%a: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = nx.cumulative %a {axis = 0 : i64, kind = "sum", reverse = true} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// max keeps NaN (arith.maximumf); integer product is arith.muli.
// CHECK-LABEL: func.func @max_and_product
// CHECK: arith.maximumf
// CHECK: arith.muli
func.func @max_and_product(%a: tensor<3x4xf32>, %b: tensor<2x5xsi32>) -> (tensor<3x4xf32>, tensor<2x5xsi32>) {
  %0 = nx.cumulative %a {axis = 0 : i64, kind = "max", reverse = false} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %1 = nx.cumulative %b {axis = 0 : i64, kind = "product", reverse = false} : (tensor<2x5xsi32>) -> tensor<2x5xsi32>
  return %0, %1 : tensor<3x4xf32>, tensor<2x5xsi32>
}
