// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nx-legalize-sub-byte))' | FileCheck %s

// nx-legalize-sub-byte: s2/s4/u2/u4 values live in si8/ui8; arithmetic is
// wrapped back to the narrow width (shift pair for signed, mask for
// unsigned), data movement is not; packed bytes at the function boundary.

// CHECK-LABEL: func.func @arith_s4
// CHECK-SAME: (%[[A:.*]]: tensor<3xui8>, %[[B:.*]]: tensor<3xui8>) -> tensor<3xui8>
// CHECK: %[[UA:.*]] = nx.unpack_bits %[[A]] {bits = 4 : i64} : (tensor<3xui8>) -> tensor<5xsi8>
// CHECK: %[[UB:.*]] = nx.unpack_bits %[[B]] {bits = 4 : i64} : (tensor<3xui8>) -> tensor<5xsi8>
// CHECK: %[[S:.*]] = nx.add %[[UA]], %[[UB]] : (tensor<5xsi8>, tensor<5xsi8>) -> tensor<5xsi8>
// CHECK: %[[FOUR:.*]] = nx.constant dense<4> : tensor<5xsi8>
// CHECK: %[[UP:.*]] = nx.left_shift %[[S]], %[[FOUR]]
// CHECK: %[[W:.*]] = nx.right_shift %[[UP]], %[[FOUR]]
// CHECK: %[[R:.*]] = nx.reverse %[[W]], axes = [0] : (tensor<5xsi8>) -> tensor<5xsi8>
// CHECK-NOT: nx.left_shift
// CHECK: %[[P:.*]] = nx.pack_bits %[[R]] {bits = 4 : i64} : (tensor<5xsi8>) -> tensor<3xui8>
// CHECK: return %[[P]]
func.func @arith_s4(%a: tensor<5xsi4>, %b: tensor<5xsi4>) -> tensor<5xsi4> {
  %0 = nx.add %a, %b : (tensor<5xsi4>, tensor<5xsi4>) -> tensor<5xsi4>
  %1 = nx.reverse %0, axes = [0] : (tensor<5xsi4>) -> tensor<5xsi4>
  return %1 : tensor<5xsi4>
}

// CHECK-LABEL: func.func @convert_u2
// CHECK-SAME: -> tensor<2xui8>
// CHECK: %[[C:.*]] = nx.as_type %{{.*}} : (tensor<2x3xsi32>) -> tensor<2x3xui8>
// CHECK: %[[M:.*]] = nx.constant dense<3> : tensor<2x3xui8>
// CHECK: %[[W:.*]] = nx.bitwise_and %[[C]], %[[M]]
// CHECK: nx.pack_bits %[[W]] {bits = 2 : i64} : (tensor<2x3xui8>) -> tensor<2xui8>
func.func @convert_u2(%a: tensor<2x3xsi32>) -> tensor<2x3xui2> {
  %0 = nx.as_type %a : (tensor<2x3xsi32>) -> tensor<2x3xui2>
  return %0 : tensor<2x3xui2>
}

// Constants keep their values, sign-extended.
// CHECK-LABEL: func.func @constant_s4
// CHECK: nx.constant dense<[-8, 7, -1]> : tensor<3xsi8>
// CHECK: nx.pack_bits %{{.*}} {bits = 4 : i64} : (tensor<3xsi8>) -> tensor<2xui8>
func.func @constant_s4() -> tensor<3xsi4> {
  %0 = nx.constant dense<[-8, 7, -1]> : tensor<3xsi4> : tensor<3xsi4>
  return %0 : tensor<3xsi4>
}

// Other types are untouched.
// CHECK-LABEL: func.func @untouched
// CHECK-SAME: (%{{.*}}: tensor<4xsi8>) -> tensor<4xsi8>
// CHECK-NEXT: nx.add
// CHECK-NEXT: return
func.func @untouched(%a: tensor<4xsi8>) -> tensor<4xsi8> {
  %0 = nx.add %a, %a : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  return %0 : tensor<4xsi8>
}
