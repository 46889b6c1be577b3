// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-widen-half-floats))' | FileCheck %s
// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit,nx-widen-half-floats))' | FileCheck %s --check-prefix=PIPE

// nx-widen-half-floats: ops reading or producing f16/bf16 compute in f32 and
// round once to the 16-bit type (nx.as_type), as Nx does; data movement,
// select and conversions stay in the 16-bit type.

// CHECK-LABEL: func.func @binary_f16
// CHECK-SAME: (%[[A:.*]]: tensor<4xf16>)
// CHECK: %[[X:.*]] = nx.as_type %[[A]] : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[Y:.*]] = nx.as_type %[[A]] : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[S:.*]] = nx.add %[[X]], %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[R:.*]] = nx.as_type %[[S]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: return %[[R]]
func.func @binary_f16(%a: tensor<4xf16>) -> tensor<4xf16> {
  %0 = nx.add %a, %a : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Each op rounds: a chain keeps one f32 -> bf16 -> f32 round trip per op.
// CHECK-LABEL: func.func @unary_chain_bf16
// CHECK: %[[W:.*]] = nx.as_type %{{.*}} : (tensor<4xbf16>) -> tensor<4xf32>
// CHECK: %[[E:.*]] = nx.exp %[[W]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[N:.*]] = nx.as_type %[[E]] : (tensor<4xf32>) -> tensor<4xbf16>
// CHECK: %[[W2:.*]] = nx.as_type %[[N]] : (tensor<4xbf16>) -> tensor<4xf32>
// CHECK: %[[T:.*]] = nx.tanh %[[W2]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[R:.*]] = nx.as_type %[[T]] : (tensor<4xf32>) -> tensor<4xbf16>
// CHECK: return %[[R]]
func.func @unary_chain_bf16(%a: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = nx.exp %a : (tensor<4xbf16>) -> tensor<4xbf16>
  %1 = nx.tanh %0 : (tensor<4xbf16>) -> tensor<4xbf16>
  return %1 : tensor<4xbf16>
}

// -----

// An integer operand is left alone; only the half result is widened.
// CHECK-LABEL: func.func @int_to_half
// CHECK-SAME: (%[[I:.*]]: tensor<4xsi32>)
// CHECK: %[[E:.*]] = nx.exp %[[I]] : (tensor<4xsi32>) -> tensor<4xf32>
// CHECK: nx.as_type %[[E]] : (tensor<4xf32>) -> tensor<4xf16>
func.func @int_to_half(%i: tensor<4xsi32>) -> tensor<4xf16> {
  %0 = nx.exp %i : (tensor<4xsi32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Comparisons read halves: operands widened, the u8 result kept.
// CHECK-LABEL: func.func @compare_f16
// CHECK: nx.as_type %{{.*}} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: nx.as_type %{{.*}} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[L:.*]] = nx.less %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
// CHECK-NEXT: return %[[L]]
func.func @compare_f16(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xui8> {
  %0 = nx.less %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Reductions accumulate in f32 and round once.
// CHECK-LABEL: func.func @sum_f16
// CHECK: %[[W:.*]] = nx.as_type %{{.*}} : (tensor<4x8xf16>) -> tensor<4x8xf32>
// CHECK: %[[S:.*]] = nx.sum %[[W]], axes = [1], keep_axes = false : (tensor<4x8xf32>) -> tensor<4xf32>
// CHECK: nx.as_type %[[S]] : (tensor<4xf32>) -> tensor<4xf16>
func.func @sum_f16(%a: tensor<4x8xf16>) -> tensor<4xf16> {
  %0 = nx.sum %a, axes = [1], keep_axes = false : (tensor<4x8xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @dot_bf16
// CHECK: %[[X:.*]] = nx.as_type %{{.*}} : (tensor<2x3xbf16>) -> tensor<2x3xf32>
// CHECK: %[[Y:.*]] = nx.as_type %{{.*}} : (tensor<3x2xbf16>) -> tensor<3x2xf32>
// CHECK: %[[D:.*]] = nx.dot %[[X]], %[[Y]], contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
// CHECK: nx.as_type %[[D]] : (tensor<2x2xf32>) -> tensor<2x2xbf16>
func.func @dot_bf16(%a: tensor<2x3xbf16>, %b: tensor<3x2xbf16>) -> tensor<2x2xbf16> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xbf16>, tensor<3x2xbf16>) -> tensor<2x2xbf16>
  return %0 : tensor<2x2xbf16>
}

// -----

// argmax compares in f32; its integer result needs no rounding.
// CHECK-LABEL: func.func @argmax_f16
// CHECK: %[[W:.*]] = nx.as_type %{{.*}} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[I:.*]] = nx.argmax %[[W]]
// CHECK-NEXT: return %[[I]]
func.func @argmax_f16(%a: tensor<4xf16>) -> tensor<si64> {
  %0 = nx.argmax %a {keep_axis = false, tie_break_high = false} : (tensor<4xf16>) -> tensor<si64>
  return %0 : tensor<si64>
}

// -----

// Generators produce f32 and round.
// CHECK-LABEL: func.func @iota_f16
// CHECK: %[[I:.*]] = nx.iota : tensor<4xf32>
// CHECK: nx.as_type %[[I]] : (tensor<4xf32>) -> tensor<4xf16>
func.func @iota_f16() -> tensor<4xf16> {
  %0 = nx.iota : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Data movement, select, constants and conversions stay 16-bit.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: tensor<{{[0-9x]*}}f32>
// CHECK: return
func.func @untouched(%a: tensor<4xf16>, %p: tensor<4xui8>, %i: tensor<4xsi32>, %v: tensor<f16>)
    -> (tensor<2x2xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf16>, tensor<6xf16>, tensor<2xf16>, tensor<4x2xf16>, tensor<4xsi16>) {
  %0 = nx.reshape %a : (tensor<4xf16>) -> tensor<2x2xf16>
  %1 = nx.select %p, %a, %a : (tensor<4xui8>, tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %2 = nx.constant dense<1.0> : tensor<4xf16> : tensor<4xf16>
  %3 = nx.as_type %i : (tensor<4xsi32>) -> tensor<4xf16>
  %4 = nx.as_type %a : (tensor<4xf16>) -> tensor<4xbf16>
  %5 = nx.reverse %a, axes = [0] : (tensor<4xf16>) -> tensor<4xf16>
  %6 = nx.transpose %a, permutation = [0] : (tensor<4xf16>) -> tensor<4xf16>
  %7 = nx.pad %a, %v, low = [1], high = [1], interior = [0] : (tensor<4xf16>, tensor<f16>) -> tensor<6xf16>
  %8 = nx.slice %a, starts = [0], lengths = [2], strides = [1] : (tensor<4xf16>) -> tensor<2xf16>
  %9 = nx.broadcast %a, axes = [0] : (tensor<4xf16>) -> tensor<4x2xf16>
  %10 = nx.bitcast %a : (tensor<4xf16>) -> tensor<4xsi16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<2x2xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf16>, tensor<6xf16>, tensor<2xf16>, tensor<4x2xf16>, tensor<4xsi16>
}

// -----

// f32 and f64 code is not touched at all.
// CHECK-LABEL: func.func @no_halves
// CHECK-NOT: nx.as_type
// CHECK: nx.multiply
func.func @no_halves(%a: tensor<4xf32>, %b: tensor<4xf64>) -> (tensor<4xf32>, tensor<4xf64>) {
  %0 = nx.multiply %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.sqrt %b : (tensor<4xf64>) -> tensor<4xf64>
  return %0, %1 : tensor<4xf32>, tensor<4xf64>
}

// -----

// After nx-make-explicit (the pipeline order) an f16 scalar operand is
// broadcast in f16, then both sides are widened.
// PIPE-LABEL: func.func @after_make_explicit
// PIPE-SAME: (%[[A:.*]]: tensor<4xf16>, %[[S:.*]]: tensor<f16>)
// PIPE: %[[B:.*]] = nx.broadcast %[[S]], axes = [] : (tensor<f16>) -> tensor<4xf16>
// PIPE: %[[X:.*]] = nx.as_type %[[A]] : (tensor<4xf16>) -> tensor<4xf32>
// PIPE: %[[Y:.*]] = nx.as_type %[[B]] : (tensor<4xf16>) -> tensor<4xf32>
// PIPE: %[[M:.*]] = nx.multiply %[[X]], %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// PIPE: nx.as_type %[[M]] : (tensor<4xf32>) -> tensor<4xf16>
func.func @after_make_explicit(%a: tensor<4xf16>, %s: tensor<f16>) -> tensor<4xf16> {
  %0 = nx.multiply %a, %s : (tensor<4xf16>, tensor<f16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// nx.while/nx.if carry their f16 state as is; only the ops inside compute
// in f32.
// CHECK-LABEL: func.func @loop_state_f16
// CHECK: nx.while(%{{.*}}) : (tensor<4xf16>) -> tensor<4xf16> cond {
// CHECK: nx.if %{{.*}} : tensor<ui8> -> tensor<4xf16> {
// CHECK: %[[W:.*]] = nx.as_type %{{.*}} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[E:.*]] = nx.exp %[[W]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[N:.*]] = nx.as_type %[[E]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: nx.yield %[[N]] : tensor<4xf16>
func.func @loop_state_f16(%a: tensor<4xf16>, %p: tensor<ui8>) -> tensor<4xf16> {
  %0 = nx.while (%a) : (tensor<4xf16>) -> tensor<4xf16> cond {
  ^bb0(%x: tensor<4xf16>):
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<4xf16>):
    %1 = nx.if %p : tensor<ui8> -> tensor<4xf16> {
      %e = nx.exp %x : (tensor<4xf16>) -> tensor<4xf16>
      nx.yield %e : tensor<4xf16>
    } else {
      nx.yield %x : tensor<4xf16>
    }
    nx.yield %1 : tensor<4xf16>
  }
  return %0 : tensor<4xf16>
}
