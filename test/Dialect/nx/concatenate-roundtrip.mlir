// Regression test (fixed): the variadic operand list once swallowed the comma
// before `axis`, so the printed form did not parse; operands are now in
// parentheses.

// RUN: %nxc-opt %s | %nxc-opt | FileCheck %s

// CHECK-LABEL: func.func @concatenate
func.func @concatenate(%a: tensor<2x4xf32>, %b: tensor<3xf32>) -> (tensor<2x8xf32>, tensor<3xf32>) {
  // CHECK: nx.concatenate(%{{.*}}, %{{.*}}), axis = 1 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  %0 = "nx.concatenate"(%a, %a) {axis = 1 : i64} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  // CHECK: nx.concatenate(%{{.*}}), axis = 0 : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "nx.concatenate"(%b) {axis = 0 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<3xf32>
}
