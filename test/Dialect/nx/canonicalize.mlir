// RUN: %nxc-opt %s -split-input-file -canonicalize | FileCheck %s

// as_type to the same type folds away.
// CHECK-LABEL: func.func @as_type_same_type
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-NOT: nx.as_type
// CHECK: return %[[A]]
func.func @as_type_same_type(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nx.as_type %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A real conversion stays, including a signedness change.
// CHECK-LABEL: func.func @as_type_kept
// CHECK: nx.as_type %{{.*}} : (tensor<4xsi32>) -> tensor<4xui32>
// CHECK: nx.as_type %{{.*}} : (tensor<4xsi32>) -> tensor<4xf32>
func.func @as_type_kept(%a: tensor<4xsi32>) -> (tensor<4xui32>, tensor<4xf32>) {
  %0 = nx.as_type %a : (tensor<4xsi32>) -> tensor<4xui32>
  %1 = nx.as_type %a : (tensor<4xsi32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xui32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_same_shape
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-NOT: nx.reshape
// CHECK: return %[[A]]
func.func @reshape_same_shape(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nx.reshape %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reshape(reshape(x)) -> reshape(x).
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.*]] = nx.reshape %[[A]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nx.reshape %a : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = nx.reshape %0 : (tensor<6xf32>) -> tensor<1x6xf32>
  %2 = nx.reshape %1 : (tensor<1x6xf32>) -> tensor<3x2xf32>
  return %2 : tensor<3x2xf32>
}

// -----

// A chain back to the original shape disappears.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xsi8>)
// CHECK-NOT: nx.reshape
// CHECK: return %[[A]]
func.func @reshape_round_trip(%a: tensor<2x3xsi8>) -> tensor<2x3xsi8> {
  %0 = nx.reshape %a : (tensor<2x3xsi8>) -> tensor<6xsi8>
  %1 = nx.reshape %0 : (tensor<6xsi8>) -> tensor<2x3xsi8>
  return %1 : tensor<2x3xsi8>
}

// -----

// The inner reshape stays when something else uses it.
// CHECK-LABEL: func.func @reshape_chain_shared
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[FLAT:.*]] = nx.reshape %[[A]] : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-DAG: %[[T:.*]] = nx.reshape %[[A]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: return %[[FLAT]], %[[T]]
func.func @reshape_chain_shared(%a: tensor<2x3xf32>) -> (tensor<6xf32>, tensor<3x2xf32>) {
  %0 = nx.reshape %a : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = nx.reshape %0 : (tensor<6xf32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<6xf32>, tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @identity_transpose
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: nx.transpose
// CHECK: return %[[A]]
func.func @identity_transpose(%a: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = nx.transpose %a, permutation = [0, 1, 2] : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @real_transpose
// CHECK: nx.transpose %{{.*}}, permutation = [1, 0]
func.func @real_transpose(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = nx.transpose %a, permutation = [1, 0] : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @identity_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xsi32>)
// CHECK-NOT: nx.broadcast
// CHECK: return %[[A]]
func.func @identity_broadcast(%a: tensor<2x3xsi32>) -> tensor<2x3xsi32> {
  %0 = nx.broadcast %a, axes = [0, 1] : (tensor<2x3xsi32>) -> tensor<2x3xsi32>
  return %0 : tensor<2x3xsi32>
}

// -----

// Same shape but size-1 dims that swap places: not an identity.
// CHECK-LABEL: func.func @broadcast_kept
// CHECK: nx.broadcast %{{.*}}, axes = [1, 0] : (tensor<1x1xf32>) -> tensor<1x1xf32>
// CHECK: nx.broadcast %{{.*}}, axes = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
func.func @broadcast_kept(%a: tensor<1x1xf32>, %b: tensor<3xf32>) -> (tensor<1x1xf32>, tensor<2x3xf32>) {
  %0 = nx.broadcast %a, axes = [1, 0] : (tensor<1x1xf32>) -> tensor<1x1xf32>
  %1 = nx.broadcast %b, axes = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<1x1xf32>, tensor<2x3xf32>
}

// -----

// Equal constants are uniqued (nx.constant is ConstantLike and folds to its
// value; the dialect materializes it again).
// CHECK-LABEL: func.func @constants_uniqued
// CHECK-NEXT: %[[C:.*]] = nx.constant dense<1.500000e+00> : tensor<2xf32> : tensor<2xf32>
// CHECK-NEXT: %[[D:.*]] = nx.constant dense<1.500000e+00> : tensor<2xf64> : tensor<2xf64>
// CHECK-NEXT: return %[[C]], %[[C]], %[[D]]
func.func @constants_uniqued() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf64>) {
  %0 = nx.constant dense<1.5> : tensor<2xf32> : tensor<2xf32>
  %1 = nx.constant dense<1.5> : tensor<2xf32> : tensor<2xf32>
  %2 = nx.constant dense<1.5> : tensor<2xf64> : tensor<2xf64>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<2xf64>
}

// -----

// Signed and unsigned constants with the same bits stay apart.
// CHECK-LABEL: func.func @constants_signedness
// CHECK-DAG: nx.constant dense<-1> : tensor<si8> : tensor<si8>
// CHECK-DAG: nx.constant dense<255> : tensor<ui8> : tensor<ui8>
func.func @constants_signedness() -> (tensor<si8>, tensor<ui8>) {
  %0 = nx.constant dense<-1> : tensor<si8> : tensor<si8>
  %1 = nx.constant dense<255> : tensor<ui8> : tensor<ui8>
  return %0, %1 : tensor<si8>, tensor<ui8>
}

// -----

// Unused pure ops are erased.
// CHECK-LABEL: func.func @dead_ops
// CHECK-NOT: nx.
// CHECK: return
func.func @dead_ops(%a: tensor<4xf32>) {
  %0 = nx.exp %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.constant dense<2.0> : tensor<4xf32> : tensor<4xf32>
  %2 = nx.add %0, %1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
