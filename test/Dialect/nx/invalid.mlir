// RUN: %nxc-opt %s -split-input-file -verify-diagnostics

// One case per verifier rule of the nx ops (NxOps.cpp), in NxOps.td order.

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

func.func @signless_element_type(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = nx.abs %a : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = "nx.abs"(%a) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

func.func @constant_type_mismatch() -> tensor<2xf32> {
  // expected-error @+1 {{'nx.constant' op value type 'tensor<2xf64>' differs from result type 'tensor<2xf32>'}}
  %0 = nx.constant dense<1.0> : tensor<2xf64> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @constant_shape_mismatch() -> tensor<3xsi32> {
  // expected-error @+1 {{'nx.constant' op value type 'tensor<2xsi32>' differs from result type 'tensor<3xsi32>'}}
  %0 = nx.constant dense<1> : tensor<2xsi32> : tensor<3xsi32>
  return %0 : tensor<3xsi32>
}

// -----

//===----------------------------------------------------------------------===//
// Unary ops (the Elementwise trait checks shapes before the op's verifier;
// as_type and bitcast likewise)
//===----------------------------------------------------------------------===//

func.func @unary_shape_mismatch(%a: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.negate' op all non-scalar operands/results must have the same shape}}
  %0 = nx.negate %a : (tensor<4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @unary_no_broadcast(%a: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.exp' op all non-scalar operands/results must have the same shape}}
  %0 = nx.exp %a : (tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unary_float_kind(%a: tensor<4xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{'nx.exp' op result must be a float or complex type, got 'si32'}}
  %0 = nx.exp %a : (tensor<4xsi32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

func.func @unary_pred_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.is_nan' op result must be u8 (a predicate), got 'f32'}}
  %0 = nx.is_nan %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unary_pred_kind_signed(%a: tensor<4xf32>) -> tensor<4xsi8> {
  // expected-error @+1 {{'nx.is_infinity' op result must be u8 (a predicate), got 'si8'}}
  %0 = nx.is_infinity %a : (tensor<4xf32>) -> tensor<4xsi8>
  return %0 : tensor<4xsi8>
}

// -----

func.func @unary_int_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.bitwise_not' op result must be an integer type, got 'f32'}}
  %0 = nx.bitwise_not %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unary_int_operand(%a: tensor<4xf32>) -> tensor<4xsi32> {
  // expected-error @+1 {{'nx.population_count' op operands must be integers, got 'f32'}}
  %0 = nx.population_count %a : (tensor<4xf32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

func.func @binary_not_broadcastable(%a: tensor<2x4xf32>, %b: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.add' op operand 1 of shape [3] does not broadcast to [2, 4]}}
  %0 = nx.add %a, %b : (tensor<2x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @binary_operand_higher_rank(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.multiply' op operand 0 of shape [2, 4] does not broadcast to [4]}}
  %0 = nx.multiply %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The result shape is not re-derived: it must be the broadcast of both.
func.func @binary_result_not_broadcast(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.subtract' op operand 1 of shape [1, 3] does not broadcast to [2, 4]}}
  %0 = nx.subtract %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @binary_float_kind(%a: tensor<4xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{'nx.divide' op result must be a float or complex type, got 'si32'}}
  %0 = nx.divide %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

func.func @binary_int_result(%a: tensor<4xsi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.quotient' op result must be an integer type, got 'f32'}}
  %0 = nx.quotient %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @binary_int_operand(%a: tensor<4xsi32>, %b: tensor<4xf32>) -> tensor<4xsi32> {
  // expected-error @+1 {{'nx.left_shift' op operands must be integers, got 'f32'}}
  %0 = nx.left_shift %a, %b : (tensor<4xsi32>, tensor<4xf32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

func.func @comparison_result_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.less' op result must be u8 (a predicate), got 'f32'}}
  %0 = nx.less %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @logical_result_kind(%a: tensor<4xui8>) -> tensor<4xui16> {
  // expected-error @+1 {{'nx.logical_and' op result must be u8 (a predicate), got 'ui16'}}
  %0 = nx.logical_and %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}

// -----

//===----------------------------------------------------------------------===//
// select, clip
//===----------------------------------------------------------------------===//

func.func @select_complex_pred(%p: tensor<4xcomplex<f32>>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.select' op predicate must be a real number type}}
  %0 = nx.select %p, %a, %a : (tensor<4xcomplex<f32>>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_not_broadcastable(%p: tensor<3xui8>, %a: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.select' op operand 0 of shape [3] does not broadcast to [2, 4]}}
  %0 = nx.select %p, %a, %a : (tensor<3xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @select_branch_not_broadcastable(%p: tensor<ui8>, %a: tensor<2x4xf32>, %b: tensor<2x2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.select' op operand 2 of shape [2, 2] does not broadcast to [2, 4]}}
  %0 = nx.select %p, %a, %b : (tensor<ui8>, tensor<2x4xf32>, tensor<2x2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @clip_result_shape(%a: tensor<4xf32>, %s: tensor<f32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.clip' op result shape differs from operand shape}}
  %0 = nx.clip %a, %s, %s : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @clip_bound_not_broadcastable(%a: tensor<4xf32>, %s: tensor<f32>, %b: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.clip' op operand 2 of shape [3] does not broadcast to [4]}}
  %0 = nx.clip %a, %s, %b : (tensor<4xf32>, tensor<f32>, tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// as_type, bitcast, iota, eye
//===----------------------------------------------------------------------===//

func.func @as_type_shape(%a: tensor<4xf32>) -> tensor<2x2xsi32> {
  // expected-error @+1 {{'nx.as_type' op all non-scalar operands/results must have the same shape}}
  %0 = nx.as_type %a : (tensor<4xf32>) -> tensor<2x2xsi32>
  return %0 : tensor<2x2xsi32>
}

// -----

func.func @bitcast_shape(%a: tensor<4xf32>) -> tensor<2xsi32> {
  // expected-error @+1 {{'nx.bitcast' op all non-scalar operands/results must have the same shape}}
  %0 = nx.bitcast %a : (tensor<4xf32>) -> tensor<2xsi32>
  return %0 : tensor<2xsi32>
}

// -----

func.func @bitcast_width(%a: tensor<4xf32>) -> tensor<4xsi64> {
  // expected-error @+1 {{'nx.bitcast' op bitcast between types of different widths: 'f32' to 'si64'}}
  %0 = nx.bitcast %a : (tensor<4xf32>) -> tensor<4xsi64>
  return %0 : tensor<4xsi64>
}

// -----

func.func @bitcast_complex_width(%a: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
  // A c64 element is 64 bits wide.
  // expected-error @+1 {{'nx.bitcast' op bitcast between types of different widths: 'complex<f32>' to 'f32'}}
  %0 = nx.bitcast %a : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bitcast_half_width(%a: tensor<4xbf16>) -> tensor<4xui8> {
  // expected-error @+1 {{'nx.bitcast' op bitcast between types of different widths: 'bf16' to 'ui8'}}
  %0 = nx.bitcast %a : (tensor<4xbf16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @iota_axis() -> tensor<2x3xsi64> {
  // expected-error @+1 {{'nx.iota' op axis 2 out of range for rank 2}}
  %0 = nx.iota {axis = 2} : tensor<2x3xsi64>
  return %0 : tensor<2x3xsi64>
}

// -----

// (The axis is printed as an unsigned number, 2^64 - 1 here.)
func.func @iota_negative_axis() -> tensor<2x3xsi64> {
  // expected-error-re @+1 {{'nx.iota' op axis {{[0-9-]+}} out of range for rank 2}}
  %0 = nx.iota {axis = -1} : tensor<2x3xsi64>
  return %0 : tensor<2x3xsi64>
}

// -----

func.func @iota_scalar_axis() -> tensor<f32> {
  // expected-error @+1 {{'nx.iota' op axis 0 out of range for rank 0}}
  %0 = nx.iota {axis = 0} : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @eye_rank() -> tensor<4xf32> {
  // expected-error @+1 {{'nx.eye' op needs a result of rank 2 or more}}
  %0 = nx.eye : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// reshape, squeeze
//===----------------------------------------------------------------------===//

func.func @reshape_size(%a: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'nx.reshape' op cannot reshape [2, 3] to [7]: sizes differ}}
  %0 = nx.reshape %a : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @squeeze_not_one(%a: tensor<2x1x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{'nx.squeeze' op cannot squeeze axis 0 of size 2}}
  %0 = nx.squeeze %a, axes = [0] : (tensor<2x1x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @squeeze_axis_range(%a: tensor<2x1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.squeeze' op axis 3 out of range for rank 3}}
  %0 = nx.squeeze %a, axes = [3] : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @squeeze_axis_repeated(%a: tensor<2x1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.squeeze' op axis 1 repeated}}
  %0 = nx.squeeze %a, axes = [1, 1] : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @squeeze_result_shape(%a: tensor<2x1x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.squeeze' op result shape should be [2, 3]}}
  %0 = nx.squeeze %a, axes = [1] : (tensor<2x1x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// broadcast
//===----------------------------------------------------------------------===//

func.func @broadcast_axes_count(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.broadcast' op needs one axis per operand dimension, got 2 for rank 1}}
  %0 = nx.broadcast %a, axes = [0, 1] : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_axis_range(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.broadcast' op axis 2 out of range for rank 2}}
  %0 = nx.broadcast %a, axes = [2] : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_axis_repeated(%a: tensor<1x1xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.broadcast' op axis 1 repeated}}
  %0 = nx.broadcast %a, axes = [1, 1] : (tensor<1x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_dim_mismatch(%a: tensor<3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.broadcast' op operand dim 0 of size 3 cannot broadcast to result dim 1 of size 2}}
  %0 = nx.broadcast %a, axes = [1] : (tensor<3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

func.func @transpose_count(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.transpose' op permutation has 3 entries for rank 2}}
  %0 = nx.transpose %a, permutation = [1, 0, 2] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_range(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.transpose' op permutation entry 2 out of range for rank 2}}
  %0 = nx.transpose %a, permutation = [2, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_not_permutation(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.transpose' op permutation entry 0 repeated}}
  %0 = nx.transpose %a, permutation = [0, 0] : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @transpose_result(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.transpose' op result dim 0 should be 3}}
  %0 = nx.transpose %a, permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

func.func @pad_value_not_scalar(%a: tensor<4xf32>, %v: tensor<1xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'nx.pad' op pad value must be a scalar}}
  %0 = nx.pad %a, %v, low = [1], high = [1], interior = [0] : (tensor<4xf32>, tensor<1xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_config_count(%a: tensor<2x4xf32>, %v: tensor<f32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nx.pad' op needs one (low, high, interior) per dimension}}
  %0 = nx.pad %a, %v, low = [1], high = [1], interior = [0] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @pad_negative_interior(%a: tensor<4xf32>, %v: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.pad' op interior padding must be non-negative}}
  %0 = nx.pad %a, %v, low = [0], high = [3], interior = [-1] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_result(%a: tensor<4xf32>, %v: tensor<f32>) -> tensor<6xf32> {
  // 1 + 2 + 4 + 3 * 1 = 10
  // expected-error @+1 {{'nx.pad' op result dim 0 should be 10}}
  %0 = nx.pad %a, %v, low = [1], high = [2], interior = [1] : (tensor<4xf32>, tensor<f32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_negative_result(%a: tensor<4xf32>, %v: tensor<f32>) -> tensor<0xf32> {
  // expected-error @+1 {{'nx.pad' op result dim 0 should be -2}}
  %0 = nx.pad %a, %v, low = [-3], high = [-3], interior = [0] : (tensor<4xf32>, tensor<f32>) -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

//===----------------------------------------------------------------------===//
// slice
//===----------------------------------------------------------------------===//

func.func @slice_count(%a: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.slice' op needs one start, length and stride per dimension}}
  %0 = nx.slice %a, starts = [0], lengths = [2, 2], strides = [1, 1] : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @slice_stride(%a: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.slice' op stride must be positive}}
  %0 = nx.slice %a, starts = [0], lengths = [2], strides = [0] : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_out_of_bounds(%a: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.slice' op slice [2, 5) out of bounds of dim 0 of size 4}}
  %0 = nx.slice %a, starts = [2], lengths = [3], strides = [1] : (tensor<4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @slice_negative_start(%a: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.slice' op slice [-1, 1) out of bounds of dim 0 of size 4}}
  %0 = nx.slice %a, starts = [-1], lengths = [2], strides = [1] : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_result(%a: tensor<8xf32>) -> tensor<3xf32> {
  // ceil(5 / 2) = 3 is right; ceil(6 / 2) = 3 too, but 7 / 3 rounds up to 3:
  // here the length 7 with stride 2 gives 4.
  // expected-error @+1 {{'nx.slice' op result dim 0 should be 4}}
  %0 = nx.slice %a, starts = [0], lengths = [7], strides = [2] : (tensor<8xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// concatenate (generic form: the custom form does not parse back, see
// concatenate-roundtrip.mlir)
//===----------------------------------------------------------------------===//

func.func @concatenate_empty() -> tensor<0xf32> {
  // expected-error @+1 {{'nx.concatenate' op needs at least one operand}}
  %0 = "nx.concatenate"() {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concatenate_axis(%a: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nx.concatenate' op axis 2 out of range for rank 2}}
  %0 = "nx.concatenate"(%a, %a) {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concatenate_negative_axis(%a: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nx.concatenate' op axis -1 out of range for rank 2}}
  %0 = "nx.concatenate"(%a, %a) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concatenate_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nx.concatenate' op operands must have the result's rank}}
  %0 = "nx.concatenate"(%a, %b) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concatenate_other_dim(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nx.concatenate' op operand dim 0 differs from the result}}
  %0 = "nx.concatenate"(%a, %b) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concatenate_total(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'nx.concatenate' op result dim 1 should be 4}}
  %0 = "nx.concatenate"(%a, %b) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

//===----------------------------------------------------------------------===//
// reverse
//===----------------------------------------------------------------------===//

func.func @reverse_type(%a: tensor<2x3xf32>) -> tensor<2x3xf64> {
  // expected-error @+1 {{'nx.reverse' op result type differs from operand type}}
  %0 = nx.reverse %a, axes = [0] : (tensor<2x3xf32>) -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

func.func @reverse_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.reverse' op axis 2 out of range for rank 2}}
  %0 = nx.reverse %a, axes = [2] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reverse_axis_repeated(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.reverse' op axis 0 repeated}}
  %0 = nx.reverse %a, axes = [0, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

func.func @reduce_axis_range(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.sum' op axis 2 out of range for rank 2}}
  %0 = nx.sum %a, axes = [2], keep_axes = false : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_negative_axis(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.product' op axis -1 out of range for rank 2}}
  %0 = nx.product %a, axes = [-1], keep_axes = false : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_axis_repeated(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.reduce_max' op axis 1 repeated}}
  %0 = nx.reduce_max %a, axes = [1, 1], keep_axes = false : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_result_shape(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.reduce_min' op result shape [3] should be [2]}}
  %0 = nx.reduce_min %a, axes = [1], keep_axes = false : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reduce_keep_axes_shape(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.sum' op result shape [2] should be [2, 1]}}
  %0 = nx.sum %a, axes = [1], keep_axes = true : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @all_result_type(%a: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.all' op result must be u8}}
  %0 = nx.all %a, axes = [0, 1], keep_axes = false : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @any_result_type(%a: tensor<2x3xui8>) -> tensor<si8> {
  // expected-error @+1 {{'nx.any' op result must be u8}}
  %0 = nx.any %a, axes = [0, 1], keep_axes = false : (tensor<2x3xui8>) -> tensor<si8>
  return %0 : tensor<si8>
}

// -----

//===----------------------------------------------------------------------===//
// argmax, argmin
//===----------------------------------------------------------------------===//

func.func @argmax_result_type(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.argmax' op result must be an integer type}}
  %0 = nx.argmax %a {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @argmax_axis(%a: tensor<2x3xf32>) -> tensor<2xsi64> {
  // expected-error @+1 {{'nx.argmax' op axis 2 out of range for rank 2}}
  %0 = nx.argmax %a {axis = 2 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  return %0 : tensor<2xsi64>
}

// -----

func.func @argmax_negative_axis(%a: tensor<2x3xf32>) -> tensor<2x3xsi64> {
  // expected-error-re @+1 {{'nx.argmax' op axis {{[0-9-]+}} out of range for rank 2}}
  %0 = nx.argmax %a {axis = -1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2x3xsi64>
  return %0 : tensor<2x3xsi64>
}

// -----

func.func @argmin_result_shape(%a: tensor<2x3xf32>) -> tensor<3xsi64> {
  // expected-error @+1 {{'nx.argmin' op result shape [3] should be [2]}}
  %0 = nx.argmin %a {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<3xsi64>
  return %0 : tensor<3xsi64>
}

// -----

func.func @argmin_keep_axis_shape(%a: tensor<2x3xf32>) -> tensor<2xsi64> {
  // expected-error @+1 {{'nx.argmin' op result shape [2] should be [2, 1]}}
  %0 = nx.argmin %a {axis = 1 : i64, keep_axis = true, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  return %0 : tensor<2xsi64>
}

// -----

func.func @argmax_flat_shape(%a: tensor<2x3xf32>) -> tensor<1xsi64> {
  // Without an axis the result is a scalar, or all ones with keep_axis.
  // expected-error @+1 {{'nx.argmax' op result shape [1] should be []}}
  %0 = nx.argmax %a {keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<1xsi64>
  return %0 : tensor<1xsi64>
}

// -----

func.func @argmax_missing_attr(%a: tensor<2x3xf32>) -> tensor<2xsi64> {
  // expected-error @+1 {{'nx.argmax' op requires attribute 'tie_break_high'}}
  %0 = nx.argmax %a {axis = 1 : i64, keep_axis = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  return %0 : tensor<2xsi64>
}

// -----

//===----------------------------------------------------------------------===//
// sort, argsort
//===----------------------------------------------------------------------===//

func.func @sort_result_shape(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.sort' op result shape differs from the operand's}}
  %0 = nx.sort %a, axis = 1, descending = false : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @sort_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.sort' op axis 2 out of range for rank 2}}
  %0 = nx.sort %a, axis = 2, descending = false : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @argsort_negative_axis(%a: tensor<2x3xf32>) -> tensor<2x3xsi64> {
  // expected-error @+1 {{'nx.argsort' op axis -1 out of range for rank 2}}
  %0 = nx.argsort %a, axis = -1, descending = true : (tensor<2x3xf32>) -> tensor<2x3xsi64>
  return %0 : tensor<2x3xsi64>
}

// -----

// A scalar has no axis to sort along.
func.func @sort_scalar(%a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.sort' op axis 0 out of range for rank 0}}
  %0 = nx.sort %a, axis = 0, descending = false : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @sort_complex(%a: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  // expected-error @+1 {{'nx.sort' op cannot sort complex numbers}}
  %0 = nx.sort %a, axis = 0, descending = false : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return %0 : tensor<4xcomplex<f32>>
}

// -----

func.func @argsort_complex(%a: tensor<4xcomplex<f64>>) -> tensor<4xsi64> {
  // expected-error @+1 {{'nx.argsort' op cannot sort complex numbers}}
  %0 = nx.argsort %a, axis = 0, descending = false : (tensor<4xcomplex<f64>>) -> tensor<4xsi64>
  return %0 : tensor<4xsi64>
}

// -----

func.func @sort_result_type(%a: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{'nx.sort' op result type differs from the operand's}}
  %0 = nx.sort %a, axis = 0, descending = false : (tensor<4xf32>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

func.func @argsort_float_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.argsort' op result must be an integer type}}
  %0 = nx.argsort %a, axis = 0, descending = false : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fft, ifft
//===----------------------------------------------------------------------===//

func.func @fft_real_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.fft' op result must be complex}}
  %0 = nx.fft %a, axis = 0, length = 4 : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fft_axis(%a: tensor<2x4xcomplex<f32>>) -> tensor<2x4xcomplex<f32>> {
  // expected-error @+1 {{'nx.fft' op axis out of range or length < 1}}
  %0 = nx.fft %a, axis = 2, length = 4 : (tensor<2x4xcomplex<f32>>) -> tensor<2x4xcomplex<f32>>
  return %0 : tensor<2x4xcomplex<f32>>
}

// -----

func.func @ifft_negative_axis(%a: tensor<2x4xcomplex<f32>>) -> tensor<2x4xcomplex<f32>> {
  // expected-error @+1 {{'nx.ifft' op axis out of range or length < 1}}
  %0 = nx.ifft %a, axis = -1, length = 4 : (tensor<2x4xcomplex<f32>>) -> tensor<2x4xcomplex<f32>>
  return %0 : tensor<2x4xcomplex<f32>>
}

// -----

func.func @fft_length_zero(%a: tensor<4xcomplex<f32>>) -> tensor<0xcomplex<f32>> {
  // expected-error @+1 {{'nx.fft' op axis out of range or length < 1}}
  %0 = nx.fft %a, axis = 0, length = 0 : (tensor<4xcomplex<f32>>) -> tensor<0xcomplex<f32>>
  return %0 : tensor<0xcomplex<f32>>
}

// -----

// The result has `length` entries along the axis (here zero-padded to 8).
func.func @fft_result_length(%a: tensor<2x5xf32>) -> tensor<2x5xcomplex<f32>> {
  // expected-error @+1 {{'nx.fft' op result shape should be [2, 8]}}
  %0 = nx.fft %a, axis = 1, length = 8 : (tensor<2x5xf32>) -> tensor<2x5xcomplex<f32>>
  return %0 : tensor<2x5xcomplex<f32>>
}

// -----

func.func @ifft_result_other_dim(%a: tensor<2x4xcomplex<f64>>) -> tensor<3x4xcomplex<f64>> {
  // expected-error @+1 {{'nx.ifft' op result shape should be [2, 4]}}
  %0 = nx.ifft %a, axis = 1, length = 4 : (tensor<2x4xcomplex<f64>>) -> tensor<3x4xcomplex<f64>>
  return %0 : tensor<3x4xcomplex<f64>>
}

// -----

//===----------------------------------------------------------------------===//
// triangular_solve
//===----------------------------------------------------------------------===//

func.func @triangular_solve_a_vector(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op a must be a square matrix}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @triangular_solve_a_not_square(%a: tensor<3x2xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op a must be a square matrix}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x2xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @triangular_solve_b_rank(%a: tensor<3x3xf32>, %b: tensor<3x3x2xf32>) -> tensor<3x3x2xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op b must be a vector or a matrix}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x3x2xf32>) -> tensor<3x3x2xf32>
  return %0 : tensor<3x3x2xf32>
}

// -----

func.func @triangular_solve_b_scalar(%a: tensor<3x3xf32>, %b: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.triangular_solve' op b must be a vector or a matrix}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Left side: a x = b, so b's first dim must be a's.
func.func @triangular_solve_left_dim(%a: tensor<3x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op b's dim 2 does not match a's 3}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Right side: x a = b, so b's last dim must be a's.
func.func @triangular_solve_right_dim(%a: tensor<3x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op b's dim 2 does not match a's 3}}
  %0 = nx.triangular_solve %a, %b {left_side = false, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @triangular_solve_result(%a: tensor<3x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op result must have b's shape}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @triangular_solve_missing_attr(%a: tensor<3x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op requires attribute 'transpose_a'}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// dot
//===----------------------------------------------------------------------===//

func.func @dot_contract_count(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.dot' op contracting axes differ in number}}
  %0 = nx.dot %a, %b, contract = [1] x [], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @dot_batch_count(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+1 {{'nx.dot' op batch axes differ in number}}
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [0] x [] : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

func.func @dot_lhs_axis(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.dot' op lhs axis 2 out of range for rank 2}}
  %0 = nx.dot %a, %b, contract = [2] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @dot_rhs_axis(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.dot' op rhs axis -1 out of range for rank 2}}
  %0 = nx.dot %a, %b, contract = [1] x [-1], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @dot_lhs_batch_axis(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+1 {{'nx.dot' op lhs batch axis 3 out of range for rank 3}}
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [3] x [0] : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

func.func @dot_rhs_batch_axis(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+1 {{'nx.dot' op rhs batch axis 0 repeated}}
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [0, 1] x [0, 0] : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

func.func @dot_contract_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'nx.dot' op contracting dims differ: lhs 1 has 3, rhs 0 has 4}}
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @dot_batch_mismatch(%a: tensor<5x2x3xf32>, %b: tensor<6x3x4xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+1 {{'nx.dot' op batch dims differ}}
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [0] x [0] : (tensor<5x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

func.func @dot_result_shape(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nx.dot' op result shape [4, 2] should be [2, 4]}}
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @dot_batch_result_order(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<2x5x4xf32> {
  // Batch dims come first.
  // expected-error @+1 {{'nx.dot' op result shape [2, 5, 4] should be [5, 2, 4]}}
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [0] x [0] : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// while, if, yield
//===----------------------------------------------------------------------===//

func.func @while_result_types(%a: tensor<si64>) -> tensor<si32> {
  // expected-error @+1 {{'nx.while' op results must have the types of the initial state}}
  %0 = "nx.while"(%a) ({
  ^bb0(%x: tensor<si64>):
    %p = nx.constant dense<0> : tensor<ui8> : tensor<ui8>
    nx.yield %p : tensor<ui8>
  }, {
  ^bb0(%x: tensor<si64>):
    nx.yield %x : tensor<si64>
  }) : (tensor<si64>) -> tensor<si32>
  return %0 : tensor<si32>
}

// -----

func.func @while_region_args(%a: tensor<si64>) -> tensor<si64> {
  // expected-error @+1 {{'nx.while' op region arguments must have the types of the state}}
  %0 = nx.while (%a) : (tensor<si64>) -> tensor<si64> cond {
  ^bb0(%x: tensor<si64>):
    %p = nx.constant dense<0> : tensor<ui8> : tensor<ui8>
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<f32>):
    nx.yield %a : tensor<si64>
  }
  return %0 : tensor<si64>
}

// -----

// Reported twice: once for the value, once for the region.
func.func @while_cond_not_scalar(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+2 {{'nx.while' op the cond region's result must be a real scalar, got 'tensor<4xui8>'}}
  // expected-error @+1 {{'nx.while' op the cond region must yield one real scalar}}
  %0 = nx.while (%a) : (tensor<4xui8>) -> tensor<4xui8> cond {
  ^bb0(%x: tensor<4xui8>):
    nx.yield %x : tensor<4xui8>
  } do {
  ^bb0(%x: tensor<4xui8>):
    nx.yield %x : tensor<4xui8>
  }
  return %0 : tensor<4xui8>
}

// -----

func.func @while_cond_two_values(%a: tensor<ui8>) -> tensor<ui8> {
  // expected-error @+1 {{'nx.while' op the cond region must yield one real scalar}}
  %0 = nx.while (%a) : (tensor<ui8>) -> tensor<ui8> cond {
  ^bb0(%x: tensor<ui8>):
    nx.yield %x, %x : tensor<ui8>, tensor<ui8>
  } do {
  ^bb0(%x: tensor<ui8>):
    nx.yield %x : tensor<ui8>
  }
  return %0 : tensor<ui8>
}

// -----

func.func @while_cond_complex(%a: tensor<complex<f32>>) -> tensor<complex<f32>> {
  // expected-error @+2 {{'nx.while' op the cond region's result must be a real scalar, got 'tensor<complex<f32>>'}}
  // expected-error @+1 {{'nx.while' op the cond region must yield one real scalar}}
  %0 = nx.while (%a) : (tensor<complex<f32>>) -> tensor<complex<f32>> cond {
  ^bb0(%x: tensor<complex<f32>>):
    nx.yield %x : tensor<complex<f32>>
  } do {
  ^bb0(%x: tensor<complex<f32>>):
    nx.yield %x : tensor<complex<f32>>
  }
  return %0 : tensor<complex<f32>>
}

// -----

func.func @while_body_yield(%a: tensor<si64>) -> tensor<si64> {
  // expected-error @+1 {{'nx.while' op the body yields 'tensor<si32>', expected 'tensor<si64>'}}
  %0 = nx.while (%a) : (tensor<si64>) -> tensor<si64> cond {
  ^bb0(%x: tensor<si64>):
    %p = nx.constant dense<0> : tensor<ui8> : tensor<ui8>
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<si64>):
    %y = nx.as_type %x : (tensor<si64>) -> tensor<si32>
    nx.yield %y : tensor<si32>
  }
  return %0 : tensor<si64>
}

// -----

func.func @while_two_blocks(%a: tensor<si64>) -> tensor<si64> {
  // expected-error @+1 {{'nx.while' op region #1 ('body') failed to verify constraint: region with 1 blocks}}
  %0 = nx.while (%a) : (tensor<si64>) -> tensor<si64> cond {
  ^bb0(%x: tensor<si64>):
    %p = nx.constant dense<0> : tensor<ui8> : tensor<ui8>
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<si64>):
    cf.br ^bb1
  ^bb1:
    nx.yield %a : tensor<si64>
  }
  return %0 : tensor<si64>
}

// -----

func.func @if_pred_not_scalar(%p: tensor<2xui8>, %a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op predicate must be a real scalar, got 'tensor<2xui8>'}}
  %0 = nx.if %p : tensor<2xui8> -> tensor<f32> {
    nx.yield %a : tensor<f32>
  } else {
    nx.yield %a : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @if_pred_complex(%p: tensor<complex<f64>>, %a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op predicate must be a real scalar, got 'tensor<complex<f64>>'}}
  %0 = nx.if %p : tensor<complex<f64>> -> tensor<f32> {
    nx.yield %a : tensor<f32>
  } else {
    nx.yield %a : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @if_then_yield(%p: tensor<ui8>, %a: tensor<f32>, %b: tensor<f64>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op then yields 'tensor<f64>', expected 'tensor<f32>'}}
  %0 = nx.if %p : tensor<ui8> -> tensor<f32> {
    nx.yield %b : tensor<f64>
  } else {
    nx.yield %a : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @if_else_yield(%p: tensor<ui8>, %a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op else yields , expected 'tensor<f32>'}}
  %0 = nx.if %p : tensor<ui8> -> tensor<f32> {
    nx.yield %a : tensor<f32>
  } else {
    nx.yield
  }
  return %0 : tensor<f32>
}

// -----

func.func @if_empty_region(%p: tensor<ui8>) {
  // expected-error @+1 {{'nx.if' op region #0 ('then_region') failed to verify constraint: region with 1 blocks}}
  nx.if %p : tensor<ui8> {
  } else {
  }
  return
}

// -----

func.func @if_region_arguments(%p: tensor<ui8>, %a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op region #0 should have no arguments}}
  %0 = "nx.if"(%p) ({
  ^bb0(%x: tensor<f32>):
    nx.yield %x : tensor<f32>
  }, {
    nx.yield %a : tensor<f32>
  }) : (tensor<ui8>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @yield_outside(%a: tensor<f32>) {
  // expected-error @+1 {{'nx.yield' op expects parent op to be one of 'nx.while, nx.if, nx.reduce, nx.window_reduce, nx.map'}}
  nx.yield %a : tensor<f32>
}

// -----

func.func @yield_missing(%p: tensor<ui8>, %a: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.if' op then region must end with nx.yield}}
  %0 = nx.if %p : tensor<ui8> -> tensor<f32> {
    %n = nx.negate %a : (tensor<f32>) -> tensor<f32>
  } else {
    nx.yield %a : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// window_sum/product/max/min, reduce, window_reduce, map
//===----------------------------------------------------------------------===//

func.func @window_count(%a: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.window_sum' op needs one window size, stride, padding and dilation per dimension}}
  %0 = nx.window_sum %a {window_dimensions = array<i64: 2, 1>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @window_stride_zero(%a: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.window_max' op window sizes, strides and dilations must be positive}}
  %0 = nx.window_max %a {window_dimensions = array<i64: 2>, strides = array<i64: 0>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @window_too_big(%a: tensor<4xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'nx.window_min' op window of 5 does not fit dim 0 of padded size 4}}
  %0 = nx.window_min %a {window_dimensions = array<i64: 3>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 2>} : (tensor<4xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @window_result_shape(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.window_product' op result shape [4] should be [3]}}
  %0 = nx.window_product %a {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @reduce_init_not_scalar(%a: tensor<4xf32>, %i: tensor<1xf32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.reduce' op the initial value must be a scalar}}
  %0 = nx.reduce %a, %i, axes = [0], keep_axes = false : (tensor<4xf32>, tensor<1xf32>) -> tensor<f32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @reduce_fun_arity(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.reduce' op the function must take 2 arguments of type 'tensor<f32>'}}
  %0 = nx.reduce %a, %i, axes = [0], keep_axes = false : (tensor<4xf32>, tensor<f32>) -> tensor<f32> {
  ^bb0(%x: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @reduce_fun_yield_type(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.reduce' op the function must yield one 'tensor<f32>'}}
  %0 = nx.reduce %a, %i, axes = [0], keep_axes = false : (tensor<4xf32>, tensor<f32>) -> tensor<f32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    %c = nx.as_type %x : (tensor<f32>) -> tensor<f64>
    nx.yield %c : tensor<f64>
  }
  return %0 : tensor<f32>
}

// -----

func.func @reduce_result_shape(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.reduce' op result shape [4] should be []}}
  %0 = nx.reduce %a, %i, axes = [0], keep_axes = false : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @reduce_fun_two_values(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.reduce' op the function must yield one 'tensor<f32>'}}
  %0 = nx.reduce %a, %i, axes = [0], keep_axes = false : (tensor<4xf32>, tensor<f32>) -> tensor<f32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x, %acc : tensor<f32>, tensor<f32>
  }
  return %0 : tensor<f32>
}

// -----

func.func @window_reduce_init_not_scalar(%a: tensor<4xf32>, %i: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.window_reduce' op the initial value must be a scalar}}
  %0 = nx.window_reduce %a, %i {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>, tensor<2xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<3xf32>
}

// -----

func.func @window_reduce_result_shape(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.window_reduce' op result shape [2] should be [3]}}
  %0 = nx.window_reduce %a, %i {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @window_reduce_fun_types(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.window_reduce' op the function must take 2 arguments of type 'tensor<f32>'}}
  %0 = nx.window_reduce %a, %i {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<si32>, %acc: tensor<si32>):
    nx.yield %x : tensor<si32>
  }
  return %0 : tensor<3xf32>
}

// -----

func.func @map_shape(%a: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.map' op result shape differs from operand shape}}
  %0 = nx.map %a : (tensor<4xf32>) -> tensor<2x2xf32> {
  ^bb0(%x: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<2x2xf32>
}

// -----

// The function takes the result's element type, not the operand's.
func.func @map_fun_arg_type(%a: tensor<4xui8>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.map' op the function must take 1 arguments of type 'tensor<f32>'}}
  %0 = nx.map %a : (tensor<4xui8>) -> tensor<4xf32> {
  ^bb0(%x: tensor<ui8>):
    %c = nx.as_type %x : (tensor<ui8>) -> tensor<f32>
    nx.yield %c : tensor<f32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @map_no_yield(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.map' op the function must yield one 'tensor<f32>'}}
  %0 = nx.map %a : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<f32>):
    %n = nx.negate %x : (tensor<f32>) -> tensor<f32>
  }
  return %0 : tensor<4xf32>
}

// -----

// The axes of nx.reduce follow the rules of the plain reductions.
func.func @reduce_fun_axis_repeated(%a: tensor<2x3xf32>, %i: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.reduce' op axis 1 repeated}}
  %0 = nx.reduce %a, %i, axes = [1, 1], keep_axes = false : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<2xf32>
}

// -----

// A block with no operation: no terminator to check.
func.func @reduce_fun_empty_block(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nx.reduce' op the function region is empty}}
  %0 = "nx.reduce"(%a, %i) ({
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
  }) {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @window_reduce_window_too_big(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<1xf32> {
  // expected-error @+1 {{'nx.window_reduce' op window of 5 does not fit dim 0 of padded size 4}}
  %0 = nx.window_reduce %a, %i {window_dimensions = array<i64: 5>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<1xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<1xf32>
}

// -----

func.func @window_reduce_fun_yield(%a: tensor<4xf32>, %i: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nx.window_reduce' op the function must yield one 'tensor<f32>'}}
  %0 = nx.window_reduce %a, %i {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    %c = nx.as_type %x : (tensor<f32>) -> tensor<f64>
    nx.yield %c : tensor<f64>
  }
  return %0 : tensor<3xf32>
}

// -----

func.func @map_fun_arity(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.map' op the function must take 1 arguments of type 'tensor<f32>'}}
  %0 = nx.map %a : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    nx.yield %x : tensor<f32>
  }
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// window_scatter_max/min
//===----------------------------------------------------------------------===//

func.func @window_scatter_init_not_scalar(%a: tensor<4xf32>, %s: tensor<2xf32>, %i: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.window_scatter_max' op the initial value must be a scalar}}
  %0 = nx.window_scatter_max %a, %s, %i {window_dimensions = array<i64: 2>, strides = array<i64: 2>, padding_low = array<i64: 0>, padding_high = array<i64: 0>} : (tensor<4xf32>, tensor<2xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The result has the operand's shape, not the source's.
func.func @window_scatter_result_shape(%a: tensor<4xf32>, %s: tensor<2xf32>, %i: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.window_scatter_min' op result shape differs from the operand's}}
  %0 = nx.window_scatter_min %a, %s, %i {window_dimensions = array<i64: 2>, strides = array<i64: 2>, padding_low = array<i64: 0>, padding_high = array<i64: 0>} : (tensor<4xf32>, tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @window_scatter_count(%a: tensor<4x6xf32>, %s: tensor<2x3xf32>, %i: tensor<f32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.window_scatter_max' op needs one window size, stride and padding per dimension}}
  %0 = nx.window_scatter_max %a, %s, %i {window_dimensions = array<i64: 2>, strides = array<i64: 2, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @window_scatter_stride_zero(%a: tensor<4xf32>, %s: tensor<2xf32>, %i: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.window_scatter_max' op window sizes and strides must be positive}}
  %0 = nx.window_scatter_max %a, %s, %i {window_dimensions = array<i64: 2>, strides = array<i64: 0>, padding_low = array<i64: 0>, padding_high = array<i64: 0>} : (tensor<4xf32>, tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @window_scatter_window_zero(%a: tensor<4xf32>, %s: tensor<2xf32>, %i: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.window_scatter_min' op window sizes and strides must be positive}}
  %0 = nx.window_scatter_min %a, %s, %i {window_dimensions = array<i64: 0>, strides = array<i64: 2>, padding_low = array<i64: 0>, padding_high = array<i64: 0>} : (tensor<4xf32>, tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// One source element per window: (4 + 1 + 1 - 3) / 1 + 1 = 4.
func.func @window_scatter_source_shape(%a: tensor<4xf32>, %s: tensor<2xf32>, %i: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nx.window_scatter_max' op source shape [2] should be [4]}}
  %0 = nx.window_scatter_max %a, %s, %i {window_dimensions = array<i64: 3>, strides = array<i64: 1>, padding_low = array<i64: 1>, padding_high = array<i64: 1>} : (tensor<4xf32>, tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

func.func @conv_rank_two(%x: tensor<2x5xf32>, %k: tensor<4x5xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.conv' op input, kernel and result must have the same rank >= 3}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1>, kernel_permutation = array<i64: 0, 1>, output_permutation = array<i64: 0, 1>} : (tensor<2x5xf32>, tensor<4x5xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @conv_rank_mismatch(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op input, kernel and result must have the same rank >= 3}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_bad_permutation(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op permutations must be permutations of the rank}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 1>, kernel_permutation = array<i64: 0, 1, 1>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_stride_count(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op needs one stride, padding and dilation per spatial dim}}
  %0 = nx.conv %x, %k {strides = array<i64: 1, 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_both_groups(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op group sizes must be >= 1 and not both > 1}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 2 : i64, batch_group_size = 2 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_zero_groups(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op group sizes must be >= 1 and not both > 1}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 0 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x4x5xf32>, %k: tensor<4x3x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op input channels 4 must be kernel channels 3 x feature groups 1}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x4x5xf32>, tensor<4x3x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_filters_groups(%x: tensor<1x4x5xf32>, %k: tensor<3x2x3xf32>) -> tensor<1x3x3xf32> {
  // expected-error @+1 {{'nx.conv' op filters and batch must divide by the group sizes}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 2 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x4x5xf32>, tensor<3x2x3xf32>) -> tensor<1x3x3xf32>
  return %0 : tensor<1x3x3xf32>
}

// -----

func.func @conv_stride_zero(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op strides and dilations must be positive}}
  %0 = nx.conv %x, %k {strides = array<i64: 0>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_result_shape(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x5xf32> {
  // expected-error @+1 {{'nx.conv' op result shape [1, 4, 5] should be [1, 4, 3]}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x5xf32>
  return %0 : tensor<1x4x5xf32>
}

// -----

func.func @conv_batch_groups(%x: tensor<3x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op filters and batch must divide by the group sizes}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 2 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<3x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op strides and dilations must be positive}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 0>, kernel_dilation = array<i64: 0>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

func.func @conv_bad_output_permutation(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op permutations must be permutations of the rank}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 1>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

// The canonical result (batch, filters, spatial) = (1, 4, 3) lands at the
// output_permutation positions: [1, 3, 4] for (2, 0, 1).
func.func @conv_permuted_result_shape(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>) -> tensor<1x4x3xf32> {
  // expected-error @+1 {{'nx.conv' op result shape [1, 4, 3] should be [4, 3, 1]}}
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 2, 0, 1>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// dynamic_slice, put_slice, gather, take, take_along_axis, indexed_add/put
//===----------------------------------------------------------------------===//

func.func @dynamic_slice_start_count(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op needs one start index per dimension}}
  %0 = nx.dynamic_slice %a[%i], lengths = [2, 2], strides = [1, 1] : (tensor<4x6xf32>, tensor<si64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @dynamic_slice_start_not_scalar(%a: tensor<4x6xf32>, %i: tensor<1xsi64>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op start indices must be integer scalars}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [2, 2], strides = [1, 1] : (tensor<4x6xf32>, tensor<1xsi64>, tensor<1xsi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @dynamic_slice_start_float(%a: tensor<4x6xf32>, %i: tensor<f32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op start indices must be integer scalars}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [2, 2], strides = [1, 1] : (tensor<4x6xf32>, tensor<f32>, tensor<f32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @dynamic_slice_length_count(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op needs one length and stride per dimension}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [2], strides = [1, 1] : (tensor<4x6xf32>, tensor<si64>, tensor<si64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @dynamic_slice_too_long(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<5x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op length 5 does not fit dim 0}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [5, 2], strides = [1, 1] : (tensor<4x6xf32>, tensor<si64>, tensor<si64>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

func.func @dynamic_slice_result(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op result dim 1 should be 2}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [2, 4], strides = [1, 2] : (tensor<4x6xf32>, tensor<si64>, tensor<si64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @put_slice_result(%a: tensor<4x6xf32>, %i: tensor<si64>, %u: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nx.put_slice' op result shape differs from the operand's}}
  %0 = nx.put_slice %a[%i, %i], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si64>, tensor<si64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @put_slice_update_rank(%a: tensor<4x6xf32>, %i: tensor<si64>, %u: tensor<3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.put_slice' op update must have the operand's rank}}
  %0 = nx.put_slice %a[%i, %i], %u : (tensor<4x6xf32>, tensor<3xf32>, tensor<si64>, tensor<si64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @put_slice_update_too_big(%a: tensor<4x6xf32>, %i: tensor<si64>, %u: tensor<5x3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.put_slice' op update dim 0 is larger than the operand's}}
  %0 = nx.put_slice %a[%i, %i], %u : (tensor<4x6xf32>, tensor<5x3xf32>, tensor<si64>, tensor<si64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @gather_float_indices(%a: tensor<4x6xf32>, %g: tensor<5x2xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'nx.gather' op indices must be integers}}
  %0 = nx.gather %a[%g], axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @gather_last_dim(%a: tensor<4x6xf32>, %g: tensor<5x3xsi32>) -> tensor<5xf32> {
  // expected-error @+1 {{'nx.gather' op the last dim of the indices must have one entry per axis (2)}}
  %0 = nx.gather %a[%g], axes = [0, 1] : (tensor<4x6xf32>, tensor<5x3xsi32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @gather_axis(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>) -> tensor<5x4xf32> {
  // expected-error @+1 {{'nx.gather' op axis 2 out of range for rank 2}}
  %0 = nx.gather %a[%g], axes = [2] : (tensor<4x6xf32>, tensor<5x1xsi32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

func.func @gather_result(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>) -> tensor<5x6xf32> {
  // expected-error @+1 {{'nx.gather' op result shape should be [5, 4]}}
  %0 = nx.gather %a[%g], axes = [1] : (tensor<4x6xf32>, tensor<5x1xsi32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// -----

func.func @take_float_indices(%a: tensor<4x6xf32>, %t: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nx.take' op indices must be integers}}
  %0 = nx.take %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @take_axis(%a: tensor<4x6xf32>, %t: tensor<3xsi64>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nx.take' op axis 2 out of range}}
  %0 = nx.take %a[%t], axis = 2 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @take_result(%a: tensor<4x6xf32>, %t: tensor<3xsi64>) -> tensor<3x6xf32> {
  // expected-error @+1 {{'nx.take' op result shape should be [4, 3]}}
  %0 = nx.take %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

func.func @take_along_axis_float(%a: tensor<4x6xf32>, %t: tensor<4x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nx.take_along_axis' op indices must be integers}}
  %0 = nx.take_along_axis %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @take_along_axis_rank(%a: tensor<4x6xf32>, %t: tensor<2xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'nx.take_along_axis' op axis out of range or indices of another rank}}
  %0 = nx.take_along_axis %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<2xsi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @take_along_axis_other_dim(%a: tensor<4x6xf32>, %t: tensor<3x2xsi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nx.take_along_axis' op indices dim 0 differs from the operand's}}
  %0 = nx.take_along_axis %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<3x2xsi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @take_along_axis_result(%a: tensor<4x6xf32>, %t: tensor<4x2xsi64>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.take_along_axis' op result must have the indices' shape}}
  %0 = nx.take_along_axis %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @indexed_add_result(%a: tensor<4x6xf32>, %g: tensor<5x2xsi32>, %u: tensor<5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'nx.indexed_add' op result shape differs from the operand's}}
  %0 = nx.indexed_add %a[%g], %u, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @indexed_put_updates(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>, %u: tensor<5x4xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.indexed_put' op updates shape [5, 4] should be [5, 6]}}
  %0 = nx.indexed_put %a[%g], %u, axes = [0] : (tensor<4x6xf32>, tensor<5x1xsi32>, tensor<5x4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @indexed_add_axes_repeated(%a: tensor<4x6xf32>, %g: tensor<5x2xsi32>, %u: tensor<5xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.indexed_add' op axis 0 repeated}}
  %0 = nx.indexed_add %a[%g], %u, axes = [0, 0] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @dynamic_slice_stride_zero(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op length 2 does not fit dim 1}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [2, 2], strides = [1, 0] : (tensor<4x6xf32>, tensor<si64>, tensor<si64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @dynamic_slice_negative_length(%a: tensor<4x6xf32>, %i: tensor<si64>) -> tensor<0x2xf32> {
  // expected-error @+1 {{'nx.dynamic_slice' op length -1 does not fit dim 0}}
  %0 = nx.dynamic_slice %a[%i, %i], lengths = [-1, 2], strides = [1, 1] : (tensor<4x6xf32>, tensor<si64>, tensor<si64>) -> tensor<0x2xf32>
  return %0 : tensor<0x2xf32>
}

// -----

func.func @put_slice_start_count(%a: tensor<4x6xf32>, %i: tensor<si64>, %u: tensor<2x3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.put_slice' op needs one start index per dimension}}
  %0 = nx.put_slice %a[%i, %i, %i], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si64>, tensor<si64>, tensor<si64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @put_slice_start_not_scalar(%a: tensor<4x6xf32>, %i: tensor<si64>, %v: tensor<1xsi64>, %u: tensor<2x3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.put_slice' op start indices must be integer scalars}}
  %0 = nx.put_slice %a[%i, %v], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si64>, tensor<1xsi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @put_slice_start_float(%a: tensor<4x6xf32>, %i: tensor<si64>, %f: tensor<f32>, %u: tensor<2x3xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.put_slice' op start indices must be integer scalars}}
  %0 = nx.put_slice %a[%f, %i], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>, tensor<si64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @gather_axis_repeated(%a: tensor<4x6xf32>, %g: tensor<5x2xsi32>) -> tensor<5xf32> {
  // expected-error @+1 {{'nx.gather' op axis 0 repeated}}
  %0 = nx.gather %a[%g], axes = [0, 0] : (tensor<4x6xf32>, tensor<5x2xsi32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Scalar indices have no last dim.
func.func @gather_scalar_indices(%a: tensor<4x6xf32>, %g: tensor<si32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.gather' op the last dim of the indices must have one entry per axis (0)}}
  %0 = nx.gather %a[%g], axes = [] : (tensor<4x6xf32>, tensor<si32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @take_negative_axis(%a: tensor<4x6xf32>, %t: tensor<3xsi64>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nx.take' op axis -1 out of range}}
  %0 = nx.take %a[%t], axis = -1 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// The indices' dims replace the axis: [4] ++ [2, 3] ++ [].
func.func @take_result_2d_indices(%a: tensor<4x6xf32>, %t: tensor<2x3xsi64>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'nx.take' op result shape should be [4, 2, 3]}}
  %0 = nx.take %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<2x3xsi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @take_along_axis_axis(%a: tensor<4x6xf32>, %t: tensor<4x2xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nx.take_along_axis' op axis out of range or indices of another rank}}
  %0 = nx.take_along_axis %a[%t], axis = 2 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @indexed_add_float_indices(%a: tensor<4x6xf32>, %g: tensor<5x2xf32>, %u: tensor<5xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.indexed_add' op indices must be integers}}
  %0 = nx.indexed_add %a[%g], %u, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @indexed_put_last_dim(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>, %u: tensor<5xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.indexed_put' op the last dim of the indices must have one entry per axis (2)}}
  %0 = nx.indexed_put %a[%g], %u, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x1xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @indexed_add_axis(%a: tensor<4x6xf32>, %g: tensor<5x1xsi32>, %u: tensor<5x4xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'nx.indexed_add' op axis 2 out of range for rank 2}}
  %0 = nx.indexed_add %a[%g], %u, axes = [2] : (tensor<4x6xf32>, tensor<5x1xsi32>, tensor<5x4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// unpack_bits / pack_bits (internal, from nx-legalize-sub-byte)
//===----------------------------------------------------------------------===//

func.func @unpack_bits_width(%a: tensor<3xui8>) -> tensor<5xsi8> {
  // expected-error @+1 {{'nx.unpack_bits' op bits must be 2 or 4, got 3}}
  %0 = nx.unpack_bits %a {bits = 3 : i64} : (tensor<3xui8>) -> tensor<5xsi8>
  return %0 : tensor<5xsi8>
}

// -----

func.func @unpack_bits_count(%a: tensor<2xui8>) -> tensor<5xsi8> {
  // expected-error @+1 {{'nx.unpack_bits' op expected 3 packed bytes for 5 elements of 4 bits, got 2}}
  %0 = nx.unpack_bits %a {bits = 4 : i64} : (tensor<2xui8>) -> tensor<5xsi8>
  return %0 : tensor<5xsi8>
}

// -----

func.func @pack_bits_rank(%a: tensor<2x2xsi8>) -> tensor<1x1xui8> {
  // expected-error @+1 {{'nx.pack_bits' op packed bytes must be rank 1}}
  %0 = nx.pack_bits %a {bits = 2 : i64} : (tensor<2x2xsi8>) -> tensor<1x1xui8>
  return %0 : tensor<1x1xui8>
}

// -----

func.func @triangular_solve_batch_mismatch(%a: tensor<2x3x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nx.triangular_solve' op a and b have different batch dimensions}}
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<2x3x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @cumulative_kind(%a: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'nx.cumulative' op kind must be sum, product, max or min, got 'mean'}}
  %0 = nx.cumulative %a {axis = 0 : i64, kind = "mean", reverse = false} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @cumulative_axis(%a: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'nx.cumulative' op axis 2 out of range for rank 2}}
  %0 = nx.cumulative %a {axis = 2 : i64, kind = "sum", reverse = false} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @eigh_not_square(%a: tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3x4xf32>) {
  // expected-error @+1 {{'nx.eigh' op needs a square matrix or a batch of them}}
  %v, %e = nx.eigh %a {eps = 1.0e-4 : f64, max_iter = 10 : i64} : (tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3x4xf32>)
  return %v, %e : tensor<3xf32>, tensor<3x4xf32>
}

// -----

func.func @eigh_shapes(%a: tensor<2x3x3xf32>) -> (tensor<3xf32>, tensor<2x3x3xf32>) {
  // expected-error @+1 {{'nx.eigh' op eigenvectors must have the operand's shape and eigenvalues its shape without the last axis}}
  %v, %e = nx.eigh %a {eps = 1.0e-4 : f64, max_iter = 10 : i64} : (tensor<2x3x3xf32>) -> (tensor<3xf32>, tensor<2x3x3xf32>)
  return %v, %e : tensor<3xf32>, tensor<2x3x3xf32>
}

// -----

func.func @eigh_int_results(%a: tensor<3x3xsi32>) -> (tensor<3xsi32>, tensor<3x3xsi32>) {
  // expected-error @+1 {{'nx.eigh' op results must have one real float type}}
  %v, %e = nx.eigh %a {eps = 1.0e-4 : f64, max_iter = 10 : i64} : (tensor<3x3xsi32>) -> (tensor<3xsi32>, tensor<3x3xsi32>)
  return %v, %e : tensor<3xsi32>, tensor<3x3xsi32>
}

// -----

func.func @eigh_max_iter(%a: tensor<3x3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>) {
  // expected-error @+1 {{'nx.eigh' op max_iter must be at least 1}}
  %v, %e = nx.eigh %a {eps = 1.0e-4 : f64, max_iter = 0 : i64} : (tensor<3x3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>)
  return %v, %e : tensor<3xf32>, tensor<3x3xf32>
}
