// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// Shape ops become tensor ops, or a copying linalg.generic whose input map
// does the work (broadcast, reverse).

// reshape goes through a 1-D collapse and an expand (row-major order).
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[A:.*]]: tensor<2x1x3xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2]] : tensor<2x1x3xf32> into tensor<6xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK: return %[[R]]
func.func @reshape(%a: tensor<2x1x3xf32>) -> tensor<3x2xf32> {
  %0 = nx.reshape %a : (tensor<2x1x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_to_1d
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x3xi32> into tensor<6xi32>
// CHECK-NOT: tensor.expand_shape
func.func @reshape_to_1d(%a: tensor<2x3xsi32>) -> tensor<6xsi32> {
  %0 = nx.reshape %a : (tensor<2x3xsi32>) -> tensor<6xsi32>
  return %0 : tensor<6xsi32>
}

// -----

// Scalars: expand/collapse with no reassociation groups.
// CHECK-LABEL: func.func @reshape_scalar
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK: tensor.collapse_shape %{{.*}} [] : tensor<1x1x1xf32> into tensor<f32>
func.func @reshape_scalar(%s: tensor<f32>, %t: tensor<1x1x1xf32>) -> (tensor<1x1xf32>, tensor<f32>) {
  %0 = nx.reshape %s : (tensor<f32>) -> tensor<1x1xf32>
  %1 = nx.reshape %t : (tensor<1x1x1xf32>) -> tensor<f32>
  return %0, %1 : tensor<1x1xf32>, tensor<f32>
}

// -----

// squeeze is a reshape.
// CHECK-LABEL: func.func @squeeze
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : tensor<2x1x3xf32> into tensor<6xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
func.func @squeeze(%a: tensor<2x1x3xf32>) -> tensor<2x3xf32> {
  %0 = nx.squeeze %a, axes = [1] : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// broadcast: a generic that reads the operand through a projection.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[B:.*]]: tensor<3xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[B]] : tensor<3xf32>) outs(%[[E]] : tensor<4x2x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
func.func @broadcast(%b: tensor<3xf32>) -> tensor<4x2x3xf32> {
  %0 = nx.broadcast %b, axes = [2] : (tensor<3xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Size-1 dims that stretch are dropped from the read (a reshape first), so
// the map stays a projected permutation.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @broadcast_size_one
// CHECK: %[[R:.*]] = tensor.expand_shape %{{.*}} : tensor<6xf32> into tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.*}}]
// CHECK-SAME: ins(%[[R]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x2x3xf32>)
func.func @broadcast_size_one(%a: tensor<2x1x3xf32>) -> tensor<2x2x3xf32> {
  %0 = nx.broadcast %a, axes = [0, 1, 2] : (tensor<2x1x3xf32>) -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

// Transposing broadcast (axes not increasing).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-LABEL: func.func @broadcast_transposing
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.*}}]
// CHECK-SAME: ins(%{{.*}} : tensor<4x2xi8>) outs(%{{.*}} : tensor<2x5x4xi8>)
func.func @broadcast_transposing(%a: tensor<4x2xsi8>) -> tensor<2x5x4xsi8> {
  %0 = nx.broadcast %a, axes = [2, 0] : (tensor<4x2xsi8>) -> tensor<2x5x4xsi8>
  return %0 : tensor<2x5x4xsi8>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[A:.*]]: tensor<2x1x3xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x2x1xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[A]] : tensor<2x1x3xf32>) outs(%[[E]] : tensor<3x2x1xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]]
func.func @transpose(%a: tensor<2x1x3xf32>) -> tensor<3x2x1xf32> {
  %0 = nx.transpose %a, permutation = [2, 0, 1] : (tensor<2x1x3xf32>) -> tensor<3x2x1xf32>
  return %0 : tensor<3x2x1xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][0, 1] [2, 2] [1, 2] : tensor<2x4xf32> to tensor<2x2xf32>
// CHECK: return %[[S]]
func.func @slice(%a: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %0 = nx.slice %a, starts = [0, 1], lengths = [2, 3], strides = [1, 2] : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// pad: fill a tensor with the pad value, insert the operand with stride
// interior + 1.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[A:.*]]: tensor<4xi32>, %[[V:.*]]: tensor<i32>)
// CHECK: %[[PV:.*]] = tensor.extract %[[V]][] : tensor<i32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<10xi32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[PV]] : i32) outs(%[[E]] : tensor<10xi32>) -> tensor<10xi32>
// CHECK: %[[I:.*]] = tensor.insert_slice %[[A]] into %[[F]][1] [4] [2] : tensor<4xi32> into tensor<10xi32>
// CHECK-NOT: tensor.extract_slice
// CHECK: return %[[I]]
func.func @pad(%a: tensor<4xsi32>, %v: tensor<si32>) -> tensor<10xsi32> {
  %0 = nx.pad %a, %v, low = [1], high = [2], interior = [1] : (tensor<4xsi32>, tensor<si32>) -> tensor<10xsi32>
  return %0 : tensor<10xsi32>
}

// -----

// Negative padding crops the filled tensor afterwards.
// CHECK-LABEL: func.func @pad_negative
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[V:.*]]: tensor<f32>)
// CHECK: %[[PV:.*]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[PV]] : f32) outs(%{{.*}} : tensor<3x9xf32>) -> tensor<3x9xf32>
// CHECK: %[[I:.*]] = tensor.insert_slice %[[A]] into %[[F]][1, 0] [2, 4] [1, 2] : tensor<2x4xf32> into tensor<3x9xf32>
// CHECK: %[[C:.*]] = tensor.extract_slice %[[I]][0, 1] [3, 8] [1, 1] : tensor<3x9xf32> to tensor<3x8xf32>
// CHECK: return %[[C]]
func.func @pad_negative(%c: tensor<2x4xf32>, %p: tensor<f32>) -> tensor<3x8xf32> {
  %0 = nx.pad %c, %p, low = [1, -1], high = [0, 2], interior = [0, 1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// The pad value is converted to the result type first (nx-make-explicit).
// CHECK-LABEL: func.func @pad_mixed_types
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: linalg.fill ins(%{{.*}} : f32)
func.func @pad_mixed_types(%a: tensor<4xf32>, %v: tensor<si64>) -> tensor<6xf32> {
  %0 = nx.pad %a, %v, low = [1], high = [1], interior = [0] : (tensor<4xf32>, tensor<si64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// concatenate: successive insert_slices at running offsets.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xi32>, %[[B:.*]]: tensor<2x1xi32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4xi32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xi32> into tensor<2x4xi32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 1] [1, 1] : tensor<2x1xi32> into tensor<2x4xi32>
// CHECK: return %[[I1]]
func.func @concatenate(%a: tensor<2x3xsi32>, %b: tensor<2x1xsi32>) -> tensor<2x4xsi32> {
  %0 = "nx.concatenate"(%a, %b) {axis = 1 : i64} : (tensor<2x3xsi32>, tensor<2x1xsi32>) -> tensor<2x4xsi32>
  return %0 : tensor<2x4xsi32>
}

// -----

// CHECK-LABEL: func.func @concatenate_three
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0] [2] [1] : tensor<2xf32> into tensor<6xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[2] [1] [1] : tensor<1xf32> into tensor<6xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[3] [3] [1] : tensor<3xf32> into tensor<6xf32>
func.func @concatenate_three(%a: tensor<2xf32>, %b: tensor<1xf32>, %c: tensor<3xf32>) -> tensor<6xf32> {
  %0 = "nx.concatenate"(%a, %b, %c) {axis = 0 : i64} : (tensor<2xf32>, tensor<1xf32>, tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// reverse: a copy whose read map counts the reversed dims down.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1, d2) -> (-d0 + 1, d1, -d2 + 2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @reverse
// CHECK-SAME: (%[[A:.*]]: tensor<2x1x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x1x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
func.func @reverse(%a: tensor<2x1x3xf32>) -> tensor<2x1x3xf32> {
  %0 = nx.reverse %a, axes = [0, 2] : (tensor<2x1x3xf32>) -> tensor<2x1x3xf32>
  return %0 : tensor<2x1x3xf32>
}

// -----

// CHECK-DAG: #[[REV1:.*]] = affine_map<(d0) -> (-d0 + 4)>
// CHECK-LABEL: func.func @reverse_1d
// CHECK: linalg.generic {indexing_maps = [#[[REV1]], #{{.*}}]
func.func @reverse_1d(%a: tensor<5xui8>) -> tensor<5xui8> {
  %0 = nx.reverse %a, axes = [0] : (tensor<5xui8>) -> tensor<5xui8>
  return %0 : tensor<5xui8>
}
