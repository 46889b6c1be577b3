// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit))' | FileCheck %s

// nx-make-explicit: every operand gets the shape and element type the
// computation uses (nx.broadcast + nx.as_type): the result type for
// arithmetic, Nx.Type.merge of the operand types for comparisons.

// CHECK-LABEL: func.func @binary_broadcast_and_convert
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xsi32>)
// Convert first (on the small operand), then broadcast.
// CHECK: %[[C:.*]] = nx.as_type %[[B]] : (tensor<3xsi32>) -> tensor<3xf32>
// CHECK: %[[BC:.*]] = nx.broadcast %[[C]], axes = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: nx.add %[[A]], %[[BC]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @binary_broadcast_and_convert(%a: tensor<2x3xf32>, %b: tensor<3xsi32>) -> tensor<2x3xf32> {
  %0 = nx.add %a, %b : (tensor<2x3xf32>, tensor<3xsi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Already explicit: nothing to do.
// CHECK-LABEL: func.func @already_explicit
// CHECK-NOT: nx.as_type
// CHECK-NOT: nx.broadcast
// CHECK: nx.subtract
func.func @already_explicit(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.subtract %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Numpy alignment: trailing dims line up; size-1 dims stretch.
// CHECK-LABEL: func.func @broadcast_both
// CHECK-SAME: (%[[A:.*]]: tensor<3x1xf32>, %[[B:.*]]: tensor<1x4xf32>)
// CHECK-DAG: %[[BA:.*]] = nx.broadcast %[[A]], axes = [0, 1] : (tensor<3x1xf32>) -> tensor<3x4xf32>
// CHECK-DAG: %[[BB:.*]] = nx.broadcast %[[B]], axes = [0, 1] : (tensor<1x4xf32>) -> tensor<3x4xf32>
// CHECK: nx.multiply %[[BA]], %[[BB]] : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
func.func @broadcast_both(%a: tensor<3x1xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %0 = nx.multiply %a, %b : (tensor<3x1xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// A scalar (rank 0) broadcasts with no axes; a scalar constant is converted
// to the result type (weak scalar typing: the node type decides).
// CHECK-LABEL: func.func @scalar_constant
// CHECK: %[[K:.*]] = nx.constant dense<3> : tensor<si64>
// CHECK: %[[KC:.*]] = nx.as_type %[[K]] : (tensor<si64>) -> tensor<f32>
// CHECK: %[[KB:.*]] = nx.broadcast %[[KC]], axes = [] : (tensor<f32>) -> tensor<4xf32>
// CHECK: nx.multiply %[[KB]], %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @scalar_constant(%a: tensor<4xf32>) -> tensor<4xf32> {
  %k = nx.constant dense<3> : tensor<si64> : tensor<si64>
  %0 = nx.multiply %k, %a : (tensor<si64>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// With an f16/bf16/f8 result, an operand of another type is not first
// rounded to it (Nx reads each operand in its own type): the op computes in
// f32 and its result is rounded once. Operands of the result type alone keep
// it (nx-widen-half-floats widens them later).
// CHECK-LABEL: func.func @narrow_result_mixed
// CHECK-SAME: (%[[A:.*]]: tensor<4xbf16>, %[[H:.*]]: tensor<4xf16>)
// CHECK: %[[K:.*]] = nx.constant dense<1.990000e+00> : tensor<f32>
// CHECK: %[[AW:.*]] = nx.as_type %[[A]] : (tensor<4xbf16>) -> tensor<4xf32>
// CHECK: %[[KB:.*]] = nx.broadcast %[[K]], axes = [] : (tensor<f32>) -> tensor<4xf32>
// CHECK: %[[M:.*]] = nx.multiply %[[AW]], %[[KB]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[R:.*]] = nx.as_type %[[M]] : (tensor<4xf32>) -> tensor<4xbf16>
// CHECK: %[[I:.*]] = nx.constant dense<100000> : tensor<si64>
// CHECK: %[[HW:.*]] = nx.as_type %[[H]] : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: %[[IW:.*]] = nx.as_type %[[I]] : (tensor<si64>) -> tensor<f32>
// CHECK: %[[IB:.*]] = nx.broadcast %[[IW]]
// CHECK: %[[D:.*]] = nx.divide %[[HW]], %[[IB]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[DR:.*]] = nx.as_type %[[D]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: %[[S:.*]] = nx.add %[[H]], %[[DR]] : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
// CHECK: return %[[R]], %[[S]]
func.func @narrow_result_mixed(%a: tensor<4xbf16>, %h: tensor<4xf16>) -> (tensor<4xbf16>, tensor<4xf16>) {
  %k = nx.constant dense<1.99> : tensor<f32> : tensor<f32>
  %0 = nx.multiply %a, %k : (tensor<4xbf16>, tensor<f32>) -> tensor<4xbf16>
  %i = nx.constant dense<100000> : tensor<si64> : tensor<si64>
  %1 = nx.divide %h, %i : (tensor<4xf16>, tensor<si64>) -> tensor<4xf16>
  %2 = nx.add %h, %1 : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0, %2 : tensor<4xbf16>, tensor<4xf16>
}

// -----

// Integer ops convert to the (integer) result type too: shift amounts,
// quotient, bitwise ops.
// CHECK-LABEL: func.func @integer_ops
// CHECK-SAME: (%[[A:.*]]: tensor<4xsi32>, %[[B:.*]]: tensor<ui8>)
// CHECK: %[[C:.*]] = nx.as_type %[[B]] : (tensor<ui8>) -> tensor<si32>
// CHECK: %[[BC:.*]] = nx.broadcast %[[C]], axes = [] : (tensor<si32>) -> tensor<4xsi32>
// CHECK: nx.left_shift %[[A]], %[[BC]] : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
// CHECK: nx.as_type %[[B]] : (tensor<ui8>) -> tensor<si32>
// CHECK: nx.quotient %[[A]], %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
func.func @integer_ops(%a: tensor<4xsi32>, %b: tensor<ui8>) -> (tensor<4xsi32>, tensor<4xsi32>) {
  %0 = nx.left_shift %a, %b : (tensor<4xsi32>, tensor<ui8>) -> tensor<4xsi32>
  %1 = nx.quotient %a, %b : (tensor<4xsi32>, tensor<ui8>) -> tensor<4xsi32>
  return %0, %1 : tensor<4xsi32>, tensor<4xsi32>
}

// -----

// Float-valued division of integers: operands become the float result type.
// CHECK-LABEL: func.func @divide_ints
// CHECK: %[[X:.*]] = nx.as_type %{{.*}} : (tensor<4xsi32>) -> tensor<4xf32>
// CHECK: %[[Y:.*]] = nx.as_type %{{.*}} : (tensor<4xui8>) -> tensor<4xf32>
// CHECK: nx.divide %[[X]], %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @divide_ints(%a: tensor<4xsi32>, %b: tensor<4xui8>) -> tensor<4xf32> {
  %0 = nx.divide %a, %b : (tensor<4xsi32>, tensor<4xui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Unary ops keep their operand type: the lowering converts per element.
// CHECK-LABEL: func.func @unary_untouched
// CHECK-NOT: nx.as_type
// CHECK: nx.exp %{{.*}} : (tensor<4xsi32>) -> tensor<4xf32>
func.func @unary_untouched(%a: tensor<4xsi32>) -> tensor<4xf32> {
  %0 = nx.exp %a : (tensor<4xsi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Comparisons: compare in Nx.Type.merge(lhs, rhs), not in the u8 result type.
//===----------------------------------------------------------------------===//

// -----

// s8 vs u8 -> s16 (a signed type that holds both).
// CHECK-LABEL: func.func @compare_s8_u8
// CHECK-SAME: (%[[A:.*]]: tensor<4xsi8>, %[[B:.*]]: tensor<4xui8>)
// CHECK: %[[X:.*]] = nx.as_type %[[A]] : (tensor<4xsi8>) -> tensor<4xsi16>
// CHECK: %[[Y:.*]] = nx.as_type %[[B]] : (tensor<4xui8>) -> tensor<4xsi16>
// CHECK: nx.less %[[X]], %[[Y]] : (tensor<4xsi16>, tensor<4xsi16>) -> tensor<4xui8>
func.func @compare_s8_u8(%a: tensor<4xsi8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = nx.less %a, %b : (tensor<4xsi8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// u32 vs s32 -> s64; the scalar side is broadcast after conversion.
// CHECK-LABEL: func.func @compare_u32_s32
// CHECK-SAME: (%[[A:.*]]: tensor<ui32>, %[[B:.*]]: tensor<4xsi32>)
// CHECK: %[[X:.*]] = nx.as_type %[[A]] : (tensor<ui32>) -> tensor<si64>
// CHECK: %[[XB:.*]] = nx.broadcast %[[X]], axes = [] : (tensor<si64>) -> tensor<4xsi64>
// CHECK: %[[Y:.*]] = nx.as_type %[[B]] : (tensor<4xsi32>) -> tensor<4xsi64>
// CHECK: nx.equal %[[XB]], %[[Y]] : (tensor<4xsi64>, tensor<4xsi64>) -> tensor<4xui8>
func.func @compare_u32_s32(%a: tensor<ui32>, %b: tensor<4xsi32>) -> tensor<4xui8> {
  %0 = nx.equal %a, %b : (tensor<ui32>, tensor<4xsi32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// u64 vs s64 -> s64 (capped at 64 bits).
// CHECK-LABEL: func.func @compare_u64_s64
// CHECK: nx.as_type %{{.*}} : (tensor<4xui64>) -> tensor<4xsi64>
// CHECK-NOT: nx.as_type
// CHECK: nx.greater %{{.*}}, %{{.*}} : (tensor<4xsi64>, tensor<4xsi64>) -> tensor<4xui8>
func.func @compare_u64_s64(%a: tensor<4xui64>, %b: tensor<4xsi64>) -> tensor<4xui8> {
  %0 = nx.greater %a, %b : (tensor<4xui64>, tensor<4xsi64>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// u8 vs s32 -> s32 (the signed side is already wide enough).
// CHECK-LABEL: func.func @compare_u8_s32
// CHECK: nx.as_type %{{.*}} : (tensor<4xui8>) -> tensor<4xsi32>
// CHECK-NOT: nx.as_type
// CHECK: nx.greater_equal %{{.*}}, %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xui8>
func.func @compare_u8_s32(%a: tensor<4xui8>, %b: tensor<4xsi32>) -> tensor<4xui8> {
  %0 = nx.greater_equal %a, %b : (tensor<4xui8>, tensor<4xsi32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Same signedness: the wider wins.
// CHECK-LABEL: func.func @compare_u8_u16
// CHECK: nx.as_type %{{.*}} : (tensor<4xui8>) -> tensor<4xui16>
// CHECK: nx.less_equal %{{.*}}, %{{.*}} : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui8>
func.func @compare_u8_u16(%a: tensor<4xui8>, %b: tensor<4xui16>) -> tensor<4xui8> {
  %0 = nx.less_equal %a, %b : (tensor<4xui8>, tensor<4xui16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// f16 vs bf16 -> f32.
// CHECK-LABEL: func.func @compare_f16_bf16
// CHECK: nx.as_type %{{.*}} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: nx.as_type %{{.*}} : (tensor<4xbf16>) -> tensor<4xf32>
// CHECK: nx.greater %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
func.func @compare_f16_bf16(%a: tensor<4xf16>, %b: tensor<4xbf16>) -> tensor<4xui8> {
  %0 = nx.greater %a, %b : (tensor<4xf16>, tensor<4xbf16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// f32 vs f64 -> f64.
// CHECK-LABEL: func.func @compare_f32_f64
// CHECK: nx.as_type %{{.*}} : (tensor<4xf32>) -> tensor<4xf64>
// CHECK: nx.not_equal %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xui8>
func.func @compare_f32_f64(%a: tensor<4xf32>, %b: tensor<4xf64>) -> tensor<4xui8> {
  %0 = nx.not_equal %a, %b : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// int vs float -> the float type, whatever the int's width.
// CHECK-LABEL: func.func @compare_s64_f16
// CHECK: nx.as_type %{{.*}} : (tensor<4xsi64>) -> tensor<4xf16>
// CHECK-NOT: nx.as_type
// CHECK: nx.less %{{.*}}, %{{.*}} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xui8>
func.func @compare_s64_f16(%a: tensor<4xsi64>, %b: tensor<4xf16>) -> tensor<4xui8> {
  %0 = nx.less %a, %b : (tensor<4xsi64>, tensor<4xf16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Same types: no conversion, only the broadcast.
// CHECK-LABEL: func.func @compare_same_type
// CHECK-NOT: nx.as_type
// CHECK: nx.broadcast %{{.*}}, axes = [] : (tensor<f32>) -> tensor<4xf32>
// CHECK: nx.equal %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
func.func @compare_same_type(%a: tensor<4xf32>, %b: tensor<f32>) -> tensor<4xui8> {
  %0 = nx.equal %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Logical ops only broadcast: each operand keeps its type (non-zero test).
// CHECK-LABEL: func.func @logical_broadcast_only
// CHECK-NOT: nx.as_type
// CHECK: %[[B:.*]] = nx.broadcast %{{.*}}, axes = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: nx.logical_and %[[B]], %{{.*}} : (tensor<2x3xf32>, tensor<2x3xsi8>) -> tensor<2x3xui8>
func.func @logical_broadcast_only(%a: tensor<3xf32>, %b: tensor<2x3xsi8>) -> tensor<2x3xui8> {
  %0 = nx.logical_and %a, %b : (tensor<3xf32>, tensor<2x3xsi8>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

//===----------------------------------------------------------------------===//
// select, clip
//===----------------------------------------------------------------------===//

// -----

// The predicate is only broadcast (any real type, non-zero test); the
// branches are converted to the result type.
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[P:.*]]: tensor<3xsi32>, %[[A:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<f64>)
// CHECK: %[[PB:.*]] = nx.broadcast %[[P]], axes = [1] : (tensor<3xsi32>) -> tensor<2x3xsi32>
// CHECK: %[[SC:.*]] = nx.as_type %[[S]] : (tensor<f64>) -> tensor<f32>
// CHECK: %[[SB:.*]] = nx.broadcast %[[SC]], axes = [] : (tensor<f32>) -> tensor<2x3xf32>
// CHECK: nx.select %[[PB]], %[[A]], %[[SB]] : (tensor<2x3xsi32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @select(%p: tensor<3xsi32>, %a: tensor<2x3xf32>, %s: tensor<f64>) -> tensor<2x3xf32> {
  %0 = nx.select %p, %a, %s : (tensor<3xsi32>, tensor<2x3xf32>, tensor<f64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xsi32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<3xf32>)
// CHECK: %[[AC:.*]] = nx.as_type %[[A]] : (tensor<2x3xsi32>) -> tensor<2x3xf32>
// CHECK: %[[LB:.*]] = nx.broadcast %[[LO]], axes = [] : (tensor<f32>) -> tensor<2x3xf32>
// CHECK: %[[HB:.*]] = nx.broadcast %[[HI]], axes = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: nx.clip %[[AC]], %[[LB]], %[[HB]] : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @clip(%a: tensor<2x3xsi32>, %lo: tensor<f32>, %hi: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nx.clip %a, %lo, %hi : (tensor<2x3xsi32>, tensor<f32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// pad, concatenate, dot, reductions: convert only, shapes are the op's own
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[A:.*]]: tensor<4xsi8>, %[[V:.*]]: tensor<si64>)
// CHECK-DAG: %[[AC:.*]] = nx.as_type %[[A]] : (tensor<4xsi8>) -> tensor<4xf32>
// CHECK-DAG: %[[VC:.*]] = nx.as_type %[[V]] : (tensor<si64>) -> tensor<f32>
// CHECK-NOT: nx.broadcast
// CHECK: nx.pad %[[AC]], %[[VC]], low = [1], high = [1], interior = [0] : (tensor<4xf32>, tensor<f32>) -> tensor<6xf32>
func.func @pad(%a: tensor<4xsi8>, %v: tensor<si64>) -> tensor<6xf32> {
  %0 = nx.pad %a, %v, low = [1], high = [1], interior = [0] : (tensor<4xsi8>, tensor<si64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @concatenate
// CHECK-SAME: (%[[A:.*]]: tensor<2xsi8>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[AC:.*]] = nx.as_type %[[A]] : (tensor<2xsi8>) -> tensor<2xf32>
// CHECK-NOT: nx.broadcast
// CHECK: nx.concatenate(%[[AC]], %[[B]]), axis = 0 : (tensor<2xf32>, tensor<3xf32>) -> tensor<5xf32>
func.func @concatenate(%a: tensor<2xsi8>, %b: tensor<3xf32>) -> tensor<5xf32> {
  %0 = "nx.concatenate"(%a, %b) {axis = 0 : i64} : (tensor<2xsi8>, tensor<3xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @dot
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xsi32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[AC:.*]] = nx.as_type %[[A]] : (tensor<2x3xsi32>) -> tensor<2x3xf32>
// CHECK: nx.dot %[[AC]], %[[B]], contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
func.func @dot(%a: tensor<2x3xsi32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xsi32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// sum/product accumulate in the result type (s32 -> s64, u8 -> u64);
// reduce_max with matching types is untouched; all/any and argmax keep
// their operand type.
// CHECK-LABEL: func.func @reductions
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xsi32>, %[[U:.*]]: tensor<2x3xui8>)
// CHECK: %[[A64:.*]] = nx.as_type %[[A]] : (tensor<2x3xsi32>) -> tensor<2x3xsi64>
// CHECK: nx.sum %[[A64]], axes = [1], keep_axes = false : (tensor<2x3xsi64>) -> tensor<2xsi64>
// CHECK: %[[U64:.*]] = nx.as_type %[[U]] : (tensor<2x3xui8>) -> tensor<2x3xui64>
// CHECK: nx.product %[[U64]], axes = [0], keep_axes = false : (tensor<2x3xui64>) -> tensor<3xui64>
// CHECK-NOT: nx.as_type
// CHECK: nx.reduce_max %[[A]], axes = [0, 1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<si32>
// CHECK: nx.all %[[A]], axes = [0, 1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<ui8>
// CHECK: nx.argmax %[[A]] {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xsi32>) -> tensor<2xsi64>
func.func @reductions(%a: tensor<2x3xsi32>, %u: tensor<2x3xui8>) -> (tensor<2xsi64>, tensor<3xui64>, tensor<si32>, tensor<ui8>, tensor<2xsi64>) {
  %0 = nx.sum %a, axes = [1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2xsi64>
  %1 = nx.product %u, axes = [0], keep_axes = false : (tensor<2x3xui8>) -> tensor<3xui64>
  %2 = nx.reduce_max %a, axes = [0, 1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<si32>
  %3 = nx.all %a, axes = [0, 1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<ui8>
  %4 = nx.argmax %a {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xsi32>) -> tensor<2xsi64>
  return %0, %1, %2, %3, %4 : tensor<2xsi64>, tensor<3xui64>, tensor<si32>, tensor<ui8>, tensor<2xsi64>
}

// -----

// reduce_min of f32 into f64 converts first.
// CHECK-LABEL: func.func @reduce_min_widening
// CHECK: nx.as_type %{{.*}} : (tensor<8xf32>) -> tensor<8xf64>
// CHECK: nx.reduce_min %{{.*}}, axes = [0], keep_axes = true : (tensor<8xf64>) -> tensor<1xf64>
func.func @reduce_min_widening(%a: tensor<8xf32>) -> tensor<1xf64> {
  %0 = nx.reduce_min %a, axes = [0], keep_axes = true : (tensor<8xf32>) -> tensor<1xf64>
  return %0 : tensor<1xf64>
}

// -----

// conv converts both operands to the result type, shapes untouched.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5xsi8>, %[[K:.*]]: tensor<4x2x3xf32>)
// CHECK: %[[XC:.*]] = nx.as_type %[[X]] : (tensor<1x2x5xsi8>) -> tensor<1x2x5xf32>
// CHECK-NOT: nx.broadcast
// CHECK: nx.conv %[[XC]], %[[K]] {{.*}} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
func.func @conv(%x: tensor<1x2x5xsi8>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xsi8>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}
