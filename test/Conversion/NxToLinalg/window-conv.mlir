// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// conv and window reductions become one linalg.generic whose input map adds
// the window offset to the output position; ops with a scalar function
// (reduce, window_reduce, map) inline the function as the body.

// conv, 1-D, no padding: out[n, o, x] += in[n, c, x + k] * w[o, c, k].
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 + d4)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv
// CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x4x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: outs(%[[F]] : tensor<1x4x3xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @conv(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

// window_sum with strides (1, 2): the window shape is an extra (empty)
// input that gives the window loops their bounds.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 + d2, d1 * 2 + d3)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @window_sum
// CHECK: %[[SHAPE:.*]] = tensor.empty() : tensor<1x2xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %[[SHAPE]] : tensor<2x6xf32>, tensor<1x2xf32>) outs(%[[Z]] : tensor<2x3xf32>)
// CHECK: arith.addf
func.func @window_sum(%a: tensor<2x6xf32>) -> tensor<2x3xf32> {
  %0 = nx.window_sum %a {window_dimensions = array<i64: 1, 2>, strides = array<i64: 1, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>, window_dilations = array<i64: 1, 1>} : (tensor<2x6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reduce with a scalar function: linalg.reduce from the init value, marked
// to keep Nx's evaluation order.
// CHECK-LABEL: func.func @reduce_fun
// CHECK-SAME: (%[[A:.*]]: tensor<2x6xf32>, %[[I:.*]]: tensor<f32>)
// CHECK: %[[INIT:.*]] = tensor.extract %[[I]][] : tensor<f32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[INIT]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: linalg.reduce ins(%[[A]] : tensor<2x6xf32>) outs(%[[F]] : tensor<2xf32>) dimensions = [1] {nxc.in_order}
// CHECK: arith.addf
func.func @reduce_fun(%a: tensor<2x6xf32>, %i: tensor<f32>) -> tensor<2xf32> {
  %0 = nx.reduce %a, %i, axes = [1], keep_axes = false : (tensor<2x6xf32>, tensor<f32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    %s = nx.add %x, %acc : (tensor<f32>, tensor<f32>) -> tensor<f32>
    nx.yield %s : tensor<f32>
  }
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @map_fun
// CHECK: linalg.generic
// CHECK: arith.negf %{{.*}} : f32
// CHECK-NOT: nx.
func.func @map_fun(%a: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = nx.map %a : (tensor<2x6xf32>) -> tensor<2x6xf32> {
  ^bb0(%x: tensor<f32>):
    %n = nx.negate %x : (tensor<f32>) -> tensor<f32>
    nx.yield %n : tensor<f32>
  }
  return %0 : tensor<2x6xf32>
}
