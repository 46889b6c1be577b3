// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// nx.while -> scf.while (the cond region's scalar becomes scf.condition),
// nx.if -> scf.if on "predicate != 0"; the regions' nx ops are converted in
// place and the state types become signless.

// CHECK-LABEL: func.func @while_loop
// CHECK-SAME: (%[[A:.*]]: tensor<i64>) -> tensor<i64>
// CHECK: %[[W:.*]] = scf.while (%[[X:.*]] = %[[A]]) : (tensor<i64>) -> tensor<i64> {
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: arith.cmpi slt
// CHECK: %[[S:.*]] = tensor.extract %[[P]][] : tensor<i8>
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[S]], %{{.*}} : i8
// CHECK: scf.condition(%[[C]]) %[[X]] : tensor<i64>
// CHECK: } do {
// CHECK: ^bb0(%[[Y:.*]]: tensor<i64>):
// CHECK: %[[N:.*]] = linalg.generic {{.*}} ins(%[[Y]], %{{.*}} : tensor<i64>, tensor<i64>)
// CHECK: arith.addi
// CHECK: scf.yield %[[N]] : tensor<i64>
// CHECK: return %[[W]] : tensor<i64>
// CHECK-NOT: nx.
func.func @while_loop(%a: tensor<si64>) -> tensor<si64> {
  %0 = nx.while (%a) : (tensor<si64>) -> tensor<si64> cond {
  ^bb0(%x: tensor<si64>):
    %c = nx.constant dense<10> : tensor<si64> : tensor<si64>
    %p = nx.less %x, %c : (tensor<si64>, tensor<si64>) -> tensor<ui8>
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<si64>):
    %c = nx.constant dense<1> : tensor<si64> : tensor<si64>
    %n = nx.add %x, %c : (tensor<si64>, tensor<si64>) -> tensor<si64>
    nx.yield %n : tensor<si64>
  }
  return %0 : tensor<si64>
}

// -----

// A float predicate: non-zero (NaN included) means true.
// CHECK-LABEL: func.func @while_float_pred
// CHECK: scf.while
// CHECK: %[[S:.*]] = tensor.extract %{{.*}}[] : tensor<f64>
// CHECK: %[[C:.*]] = arith.cmpf une, %[[S]], %{{.*}} : f64
// CHECK: scf.condition(%[[C]])
func.func @while_float_pred(%x: tensor<f64>) -> tensor<f64> {
  %0 = nx.while (%x) : (tensor<f64>) -> tensor<f64> cond {
  ^bb0(%a: tensor<f64>):
    nx.yield %a : tensor<f64>
  } do {
  ^bb0(%a: tensor<f64>):
    %h = nx.constant dense<5.0e-01> : tensor<f64> : tensor<f64>
    %n = nx.multiply %a, %h : (tensor<f64>, tensor<f64>) -> tensor<f64>
    nx.yield %n : tensor<f64>
  }
  return %0 : tensor<f64>
}

// -----

// CHECK-LABEL: func.func @if_else
// CHECK-SAME: (%[[P:.*]]: tensor<i32>, %[[A:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[S:.*]] = tensor.extract %[[P]][] : tensor<i32>
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[S]], %{{.*}} : i32
// CHECK: %[[R:.*]] = scf.if %[[C]] -> (tensor<4xf32>) {
// CHECK: %[[N:.*]] = linalg.generic
// CHECK: arith.negf
// CHECK: scf.yield %[[N]] : tensor<4xf32>
// CHECK: } else {
// CHECK: scf.yield %[[A]] : tensor<4xf32>
// CHECK: return %[[R]]
func.func @if_else(%p: tensor<si32>, %a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.if %p : tensor<si32> -> tensor<4xf32> {
    %n = nx.negate %a : (tensor<4xf32>) -> tensor<4xf32>
    nx.yield %n : tensor<4xf32>
  } else {
    nx.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
