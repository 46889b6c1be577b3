// RUN: %nxc-opt %s | %nxc-opt | FileCheck %s
// RUN: %nxc-opt %s --mlir-print-op-generic | %nxc-opt | FileCheck %s

// Round trip of every nx op, in the order of NxOps.td.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<si8>, tensor<2x2xui8>, tensor<2xbf16>) {
  // CHECK: nx.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32> : tensor<2xf32>
  %0 = nx.constant dense<[1.0, 2.0]> : tensor<2xf32> : tensor<2xf32>
  // CHECK: nx.constant dense<-3> : tensor<si8> : tensor<si8>
  %1 = nx.constant dense<-3> : tensor<si8> : tensor<si8>
  // CHECK: nx.constant dense<{{\[\[}}1, 0], [0, 1]]> : tensor<2x2xui8> : tensor<2x2xui8>
  %2 = nx.constant dense<[[1, 0], [0, 1]]> : tensor<2x2xui8> : tensor<2x2xui8>
  // CHECK: nx.constant dense<0x7F80> : tensor<2xbf16> : tensor<2xbf16>
  %3 = nx.constant dense<0x7F80> : tensor<2xbf16> : tensor<2xbf16>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<si8>, tensor<2x2xui8>, tensor<2xbf16>
}

// CHECK-LABEL: func.func @unary_any
func.func @unary_any(%f: tensor<4xf32>, %s: tensor<4xsi32>, %c: tensor<4xcomplex<f32>>) {
  // CHECK: nx.abs %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
  %0 = nx.abs %f : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: nx.negate %{{.*}} : (tensor<4xsi32>) -> tensor<4xsi32>
  %1 = nx.negate %s : (tensor<4xsi32>) -> tensor<4xsi32>
  // CHECK: nx.sign
  %2 = nx.sign %f : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: nx.floor
  %3 = nx.floor %f : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: nx.ceil
  %4 = nx.ceil %f : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: nx.round
  %5 = nx.round %s : (tensor<4xsi32>) -> tensor<4xsi32>
  // CHECK: nx.real %{{.*}} : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %6 = nx.real %c : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  // CHECK: nx.imag %{{.*}} : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %7 = nx.imag %c : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  // CHECK: nx.conjugate %{{.*}} : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %8 = nx.conjugate %c : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return
}

// CHECK-LABEL: func.func @unary_int
func.func @unary_int(%a: tensor<3xui16>, %b: tensor<3xsi64>) {
  // CHECK: nx.bitwise_not %{{.*}} : (tensor<3xui16>) -> tensor<3xui16>
  %0 = nx.bitwise_not %a : (tensor<3xui16>) -> tensor<3xui16>
  // CHECK: nx.population_count %{{.*}} : (tensor<3xsi64>) -> tensor<3xsi64>
  %1 = nx.population_count %b : (tensor<3xsi64>) -> tensor<3xsi64>
  // CHECK: nx.count_leading_zeros %{{.*}} : (tensor<3xui16>) -> tensor<3xui16>
  %2 = nx.count_leading_zeros %a : (tensor<3xui16>) -> tensor<3xui16>
  return
}

// Float-valued unary ops also take integer operands (exp(s32) is f32).
// CHECK-LABEL: func.func @unary_float
func.func @unary_float(%x: tensor<2x3xf32>, %i: tensor<2x3xsi32>, %h: tensor<2x3xf16>, %c: tensor<2x3xcomplex<f64>>) {
  // CHECK: nx.exp %{{.*}} : (tensor<2x3xsi32>) -> tensor<2x3xf32>
  %0 = nx.exp %i : (tensor<2x3xsi32>) -> tensor<2x3xf32>
  // CHECK: nx.expm1
  %1 = nx.expm1 %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.log %{{.*}} : (tensor<2x3xf16>) -> tensor<2x3xf16>
  %2 = nx.log %h : (tensor<2x3xf16>) -> tensor<2x3xf16>
  // CHECK: nx.log1p
  %3 = nx.log1p %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.sigmoid
  %4 = nx.sigmoid %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.cos
  %5 = nx.cos %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.sin
  %6 = nx.sin %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.tan
  %7 = nx.tan %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.cosh
  %8 = nx.cosh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.sinh
  %9 = nx.sinh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.tanh
  %10 = nx.tanh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.acos
  %11 = nx.acos %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.asin
  %12 = nx.asin %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.atan
  %13 = nx.atan %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.acosh
  %14 = nx.acosh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.asinh
  %15 = nx.asinh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.atanh
  %16 = nx.atanh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.sqrt
  %17 = nx.sqrt %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.rsqrt
  %18 = nx.rsqrt %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.cbrt
  %19 = nx.cbrt %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.erf
  %20 = nx.erf %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.erfc
  %21 = nx.erfc %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.erf_inv
  %22 = nx.erf_inv %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.exp %{{.*}} : (tensor<2x3xcomplex<f64>>) -> tensor<2x3xcomplex<f64>>
  %23 = nx.exp %c : (tensor<2x3xcomplex<f64>>) -> tensor<2x3xcomplex<f64>>
  return
}

// CHECK-LABEL: func.func @unary_pred
func.func @unary_pred(%x: tensor<5xf64>, %i: tensor<5xsi8>) {
  // CHECK: nx.is_nan %{{.*}} : (tensor<5xf64>) -> tensor<5xui8>
  %0 = nx.is_nan %x : (tensor<5xf64>) -> tensor<5xui8>
  // CHECK: nx.is_infinity %{{.*}} : (tensor<5xsi8>) -> tensor<5xui8>
  %1 = nx.is_infinity %i : (tensor<5xsi8>) -> tensor<5xui8>
  return
}

// Binary ops: implicit numpy broadcasting and mixed operand types.
// CHECK-LABEL: func.func @binary_any
func.func @binary_any(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %s: tensor<f32>, %i: tensor<2x1xsi32>, %u: tensor<3xui8>) {
  // CHECK: nx.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = nx.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.subtract %{{.*}}, %{{.*}} : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = nx.subtract %s, %a : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.multiply %{{.*}}, %{{.*}} : (tensor<2x1xsi32>, tensor<3xui8>) -> tensor<2x3xsi32>
  %2 = nx.multiply %i, %u : (tensor<2x1xsi32>, tensor<3xui8>) -> tensor<2x3xsi32>
  // CHECK: nx.pow
  %3 = nx.pow %a, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: nx.remainder
  %4 = nx.remainder %i, %u : (tensor<2x1xsi32>, tensor<3xui8>) -> tensor<2x3xsi32>
  // CHECK: nx.max
  %5 = nx.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.min
  %6 = nx.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @binary_float
func.func @binary_float(%i: tensor<4xsi32>, %f: tensor<4xf64>) {
  // CHECK: nx.divide %{{.*}}, %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xf32>
  %0 = nx.divide %i, %i : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xf32>
  // CHECK: nx.atan2 %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xf64>
  %1 = nx.atan2 %f, %i : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xf64>
  return
}

// CHECK-LABEL: func.func @binary_int
func.func @binary_int(%a: tensor<4xsi32>, %b: tensor<si32>, %u: tensor<4xui64>) {
  // CHECK: nx.quotient
  %0 = nx.quotient %a, %b : (tensor<4xsi32>, tensor<si32>) -> tensor<4xsi32>
  // CHECK: nx.bitwise_and
  %1 = nx.bitwise_and %a, %b : (tensor<4xsi32>, tensor<si32>) -> tensor<4xsi32>
  // CHECK: nx.bitwise_or
  %2 = nx.bitwise_or %a, %b : (tensor<4xsi32>, tensor<si32>) -> tensor<4xsi32>
  // CHECK: nx.bitwise_xor
  %3 = nx.bitwise_xor %u, %u : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  // CHECK: nx.left_shift
  %4 = nx.left_shift %a, %b : (tensor<4xsi32>, tensor<si32>) -> tensor<4xsi32>
  // CHECK: nx.right_shift %{{.*}}, %{{.*}} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  %5 = nx.right_shift %u, %u : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  return
}

// Comparisons and logical ops produce u8 predicates.
// CHECK-LABEL: func.func @binary_pred
func.func @binary_pred(%a: tensor<2x2xf32>, %b: tensor<2xsi64>) {
  // CHECK: nx.equal %{{.*}}, %{{.*}} : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  %0 = nx.equal %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.not_equal
  %1 = nx.not_equal %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.less
  %2 = nx.less %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.less_equal
  %3 = nx.less_equal %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.greater
  %4 = nx.greater %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.greater_equal
  %5 = nx.greater_equal %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.logical_and
  %6 = nx.logical_and %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.logical_or
  %7 = nx.logical_or %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  // CHECK: nx.logical_xor
  %8 = nx.logical_xor %a, %b : (tensor<2x2xf32>, tensor<2xsi64>) -> tensor<2x2xui8>
  return
}

// CHECK-LABEL: func.func @select_clip
func.func @select_clip(%p: tensor<2x3xui8>, %a: tensor<2x3xf32>, %s: tensor<f32>, %b: tensor<3xsi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: nx.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xui8>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %0 = nx.select %p, %a, %s : (tensor<2x3xui8>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: nx.clip %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>, tensor<3xsi32>) -> tensor<2x3xf32>
  %1 = nx.clip %a, %s, %b : (tensor<2x3xf32>, tensor<f32>, tensor<3xsi32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @conversions
func.func @conversions(%a: tensor<4xf32>) -> (tensor<4xsi8>, tensor<4xui32>) {
  // CHECK: nx.as_type %{{.*}} : (tensor<4xf32>) -> tensor<4xsi8>
  %0 = nx.as_type %a : (tensor<4xf32>) -> tensor<4xsi8>
  // CHECK: nx.bitcast %{{.*}} : (tensor<4xf32>) -> tensor<4xui32>
  %1 = nx.bitcast %a : (tensor<4xf32>) -> tensor<4xui32>
  return %0, %1 : tensor<4xsi8>, tensor<4xui32>
}

// A complex element counts both parts: c64 is 64 bits wide.
// CHECK-LABEL: func.func @bitcast_complex
func.func @bitcast_complex(%c: tensor<2xcomplex<f32>>, %d: tensor<2xf64>) -> (tensor<2xsi64>, tensor<2xcomplex<f32>>) {
  // CHECK: nx.bitcast %{{.*}} : (tensor<2xcomplex<f32>>) -> tensor<2xsi64>
  %0 = nx.bitcast %c : (tensor<2xcomplex<f32>>) -> tensor<2xsi64>
  // CHECK: nx.bitcast %{{.*}} : (tensor<2xf64>) -> tensor<2xcomplex<f32>>
  %1 = nx.bitcast %d : (tensor<2xf64>) -> tensor<2xcomplex<f32>>
  return %0, %1 : tensor<2xsi64>, tensor<2xcomplex<f32>>
}

// CHECK-LABEL: func.func @creation
func.func @creation() -> (tensor<2x3xsi64>, tensor<2x3xf32>, tensor<2x3x3xui8>) {
  // CHECK: nx.iota {axis = 1 : i64} : tensor<2x3xsi64>
  %0 = nx.iota {axis = 1} : tensor<2x3xsi64>
  // CHECK: nx.iota : tensor<2x3xf32>
  %1 = nx.iota : tensor<2x3xf32>
  // CHECK: nx.eye : tensor<2x3x3xui8>
  %2 = nx.eye : tensor<2x3x3xui8>
  return %0, %1, %2 : tensor<2x3xsi64>, tensor<2x3xf32>, tensor<2x3x3xui8>
}

// CHECK-LABEL: func.func @shape
func.func @shape(%a: tensor<2x1x3xf32>, %b: tensor<3xf32>, %c: tensor<2x4xf32>, %p: tensor<f32>) {
  // CHECK: nx.reshape %{{.*}} : (tensor<2x1x3xf32>) -> tensor<6xf32>
  %0 = nx.reshape %a : (tensor<2x1x3xf32>) -> tensor<6xf32>
  // CHECK: nx.squeeze %{{.*}}, axes = [1] : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  %1 = nx.squeeze %a, axes = [1] : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.broadcast %{{.*}}, axes = [2] : (tensor<3xf32>) -> tensor<4x2x3xf32>
  %2 = nx.broadcast %b, axes = [2] : (tensor<3xf32>) -> tensor<4x2x3xf32>
  // CHECK: nx.transpose %{{.*}}, permutation = [2, 0, 1] : (tensor<2x1x3xf32>) -> tensor<3x2x1xf32>
  %3 = nx.transpose %a, permutation = [2, 0, 1] : (tensor<2x1x3xf32>) -> tensor<3x2x1xf32>
  // CHECK: nx.pad %{{.*}}, %{{.*}}, low = [1, -1], high = [0, 2], interior = [0, 1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<3x8xf32>
  %4 = nx.pad %c, %p, low = [1, -1], high = [0, 2], interior = [0, 1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<3x8xf32>
  // CHECK: nx.slice %{{.*}}, starts = [0, 1], lengths = [2, 3], strides = [1, 2] : (tensor<2x4xf32>) -> tensor<2x2xf32>
  %5 = nx.slice %c, starts = [0, 1], lengths = [2, 3], strides = [1, 2] : (tensor<2x4xf32>) -> tensor<2x2xf32>
  // nx.concatenate is covered by concatenate-roundtrip.mlir: its custom form
  // does not parse back yet.
  // CHECK: nx.reverse %{{.*}}, axes = [0, 2] : (tensor<2x1x3xf32>) -> tensor<2x1x3xf32>
  %8 = nx.reverse %a, axes = [0, 2] : (tensor<2x1x3xf32>) -> tensor<2x1x3xf32>
  return
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%a: tensor<2x3x4xf32>, %i: tensor<2x3xsi32>) {
  // CHECK: nx.sum %{{.*}}, axes = [0, 2], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %0 = nx.sum %a, axes = [0, 2], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // CHECK: nx.product %{{.*}}, axes = [1], keep_axes = true : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %1 = nx.product %a, axes = [1], keep_axes = true : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  // CHECK: nx.reduce_max %{{.*}}, axes = [0, 1, 2], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<f32>
  %2 = nx.reduce_max %a, axes = [0, 1, 2], keep_axes = false : (tensor<2x3x4xf32>) -> tensor<f32>
  // CHECK: nx.reduce_min %{{.*}}, axes = [], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2x3xsi32>
  %3 = nx.reduce_min %i, axes = [], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2x3xsi32>
  // CHECK: nx.sum %{{.*}}, axes = [1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2xsi64>
  %4 = nx.sum %i, axes = [1], keep_axes = false : (tensor<2x3xsi32>) -> tensor<2xsi64>
  // CHECK: nx.all %{{.*}}, axes = [0], keep_axes = false : (tensor<2x3xsi32>) -> tensor<3xui8>
  %5 = nx.all %i, axes = [0], keep_axes = false : (tensor<2x3xsi32>) -> tensor<3xui8>
  // CHECK: nx.any %{{.*}}, axes = [0, 1], keep_axes = true : (tensor<2x3xsi32>) -> tensor<1x1xui8>
  %6 = nx.any %i, axes = [0, 1], keep_axes = true : (tensor<2x3xsi32>) -> tensor<1x1xui8>
  return
}

// CHECK-LABEL: func.func @arg_reductions
func.func @arg_reductions(%a: tensor<2x3xf32>) {
  // CHECK: nx.argmax %{{.*}} {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  %0 = nx.argmax %a {axis = 1 : i64, keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<2xsi64>
  // CHECK: nx.argmin %{{.*}} {axis = 0 : i64, keep_axis = true, tie_break_high = true} : (tensor<2x3xf32>) -> tensor<1x3xsi32>
  %1 = nx.argmin %a {axis = 0 : i64, keep_axis = true, tie_break_high = true} : (tensor<2x3xf32>) -> tensor<1x3xsi32>
  // No axis: over the flattened tensor.
  // CHECK: nx.argmax %{{.*}} {keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<si64>
  %2 = nx.argmax %a {keep_axis = false, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<si64>
  // CHECK: nx.argmin %{{.*}} {keep_axis = true, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<1x1xui8>
  %3 = nx.argmin %a {keep_axis = true, tie_break_high = false} : (tensor<2x3xf32>) -> tensor<1x1xui8>
  return
}

// CHECK-LABEL: func.func @sort
func.func @sort(%a: tensor<2x3xf32>, %i: tensor<5xui8>) {
  // CHECK: nx.sort %{{.*}}, axis = 1, descending = false : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = nx.sort %a, axis = 1, descending = false : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nx.sort %{{.*}}, axis = 0, descending = true : (tensor<5xui8>) -> tensor<5xui8>
  %1 = nx.sort %i, axis = 0, descending = true : (tensor<5xui8>) -> tensor<5xui8>
  // argsort: any integer result type.
  // CHECK: nx.argsort %{{.*}}, axis = 0, descending = true : (tensor<2x3xf32>) -> tensor<2x3xsi64>
  %2 = nx.argsort %a, axis = 0, descending = true : (tensor<2x3xf32>) -> tensor<2x3xsi64>
  // CHECK: nx.argsort %{{.*}}, axis = 0, descending = false : (tensor<5xui8>) -> tensor<5xsi32>
  %3 = nx.argsort %i, axis = 0, descending = false : (tensor<5xui8>) -> tensor<5xsi32>
  return
}

// CHECK-LABEL: func.func @fft
func.func @fft(%r: tensor<5xf32>, %c: tensor<2x4xcomplex<f32>>, %d: tensor<3xcomplex<f64>>) {
  // A real operand: the result is complex.
  // CHECK: nx.fft %{{.*}}, axis = 0, length = 5 : (tensor<5xf32>) -> tensor<5xcomplex<f32>>
  %0 = nx.fft %r, axis = 0, length = 5 : (tensor<5xf32>) -> tensor<5xcomplex<f32>>
  // Zero-padded to 8.
  // CHECK: nx.fft %{{.*}}, axis = 1, length = 8 : (tensor<2x4xcomplex<f32>>) -> tensor<2x8xcomplex<f32>>
  %1 = nx.fft %c, axis = 1, length = 8 : (tensor<2x4xcomplex<f32>>) -> tensor<2x8xcomplex<f32>>
  // Cut to 1 along axis 0.
  // CHECK: nx.ifft %{{.*}}, axis = 0, length = 1 : (tensor<2x4xcomplex<f32>>) -> tensor<1x4xcomplex<f32>>
  %2 = nx.ifft %c, axis = 0, length = 1 : (tensor<2x4xcomplex<f32>>) -> tensor<1x4xcomplex<f32>>
  // CHECK: nx.ifft %{{.*}}, axis = 0, length = 3 : (tensor<3xcomplex<f64>>) -> tensor<3xcomplex<f64>>
  %3 = nx.ifft %d, axis = 0, length = 3 : (tensor<3xcomplex<f64>>) -> tensor<3xcomplex<f64>>
  return
}

// CHECK-LABEL: func.func @triangular_solve
func.func @triangular_solve(%a: tensor<3x3xf32>, %b: tensor<3x2xf32>, %v: tensor<3xf32>, %r: tensor<4x3xf64>, %a64: tensor<3x3xf64>) {
  // CHECK: nx.triangular_solve %{{.*}}, %{{.*}} {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %0 = nx.triangular_solve %a, %b {left_side = true, lower = true, transpose_a = false} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  // A vector b.
  // CHECK: nx.triangular_solve %{{.*}}, %{{.*}} {left_side = true, lower = false, transpose_a = true} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = nx.triangular_solve %a, %v {left_side = true, lower = false, transpose_a = true} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // Right side: x a = b, b's last dim matches a.
  // CHECK: nx.triangular_solve %{{.*}}, %{{.*}} {left_side = false, lower = false, transpose_a = false} : (tensor<3x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  %2 = nx.triangular_solve %a64, %r {left_side = false, lower = false, transpose_a = false} : (tensor<3x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  return
}

// CHECK-LABEL: func.func @dot
func.func @dot(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x2x3xf32>, %d: tensor<5x3x4xsi32>) {
  // CHECK: nx.dot %{{.*}}, %{{.*}}, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: nx.dot %{{.*}}, %{{.*}}, contract = [2] x [1], batch = [0] x [0] : (tensor<5x2x3xf32>, tensor<5x3x4xsi32>) -> tensor<5x2x4xf32>
  %1 = nx.dot %c, %d, contract = [2] x [1], batch = [0] x [0] : (tensor<5x2x3xf32>, tensor<5x3x4xsi32>) -> tensor<5x2x4xf32>
  // Outer product: nothing contracted.
  // CHECK: nx.dot %{{.*}}, %{{.*}}, contract = [] x [], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3x3x4xf32>
  %2 = nx.dot %a, %b, contract = [] x [], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3x3x4xf32>
  return
}

// CHECK-LABEL: func.func @while_loop
func.func @while_loop(%i: tensor<si64>, %acc: tensor<4xf32>) -> (tensor<si64>, tensor<4xf32>) {
  // CHECK: %{{.*}}:2 = nx.while(%{{.*}}, %{{.*}}) : (tensor<si64>, tensor<4xf32>) -> (tensor<si64>, tensor<4xf32>) cond {
  // CHECK-NEXT: ^bb0(%[[I:.*]]: tensor<si64>, %{{.*}}: tensor<4xf32>):
  // CHECK: %[[P:.*]] = nx.less %[[I]], %{{.*}} : (tensor<si64>, tensor<si64>) -> tensor<ui8>
  // CHECK-NEXT: nx.yield %[[P]] : tensor<ui8>
  // CHECK-NEXT: } do {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<si64>, %{{.*}}: tensor<4xf32>):
  // CHECK: nx.yield %{{.*}}, %{{.*}} : tensor<si64>, tensor<4xf32>
  // CHECK-NEXT: }
  %0:2 = nx.while (%i, %acc) : (tensor<si64>, tensor<4xf32>) -> (tensor<si64>, tensor<4xf32>) cond {
  ^bb0(%x: tensor<si64>, %a: tensor<4xf32>):
    %c = nx.constant dense<10> : tensor<si64> : tensor<si64>
    %p = nx.less %x, %c : (tensor<si64>, tensor<si64>) -> tensor<ui8>
    nx.yield %p : tensor<ui8>
  } do {
  ^bb0(%x: tensor<si64>, %a: tensor<4xf32>):
    %c = nx.constant dense<1> : tensor<si64> : tensor<si64>
    %n = nx.add %x, %c : (tensor<si64>, tensor<si64>) -> tensor<si64>
    %m = nx.exp %a : (tensor<4xf32>) -> tensor<4xf32>
    nx.yield %n, %m : tensor<si64>, tensor<4xf32>
  }
  return %0#0, %0#1 : tensor<si64>, tensor<4xf32>
}

// The cond predicate may be any real scalar (non-zero: go on).
// CHECK-LABEL: func.func @while_float_pred
// CHECK: nx.yield %{{.*}} : tensor<f64>
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

// CHECK-LABEL: func.func @if_else
func.func @if_else(%p: tensor<si32>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %{{.*}} = nx.if %{{.*}} : tensor<si32> -> tensor<4xf32> {
  // CHECK-NEXT: %[[N:.*]] = nx.negate
  // CHECK-NEXT: nx.yield %[[N]] : tensor<4xf32>
  // CHECK-NEXT: } else {
  // CHECK-NEXT: nx.yield %{{.*}} : tensor<4xf32>
  // CHECK-NEXT: }
  %0 = nx.if %p : tensor<si32> -> tensor<4xf32> {
    %n = nx.negate %a : (tensor<4xf32>) -> tensor<4xf32>
    nx.yield %n : tensor<4xf32>
  } else {
    nx.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// Several results, and nested ifs (Nx `cond` with several clauses).
// CHECK-LABEL: func.func @if_nested
// CHECK: nx.if %{{.*}} : tensor<ui8> -> tensor<f32>, tensor<si8> {
// CHECK: } else {
// CHECK: nx.if %{{.*}} : tensor<ui8> -> tensor<f32>, tensor<si8> {
func.func @if_nested(%p: tensor<ui8>, %q: tensor<ui8>, %a: tensor<f32>, %b: tensor<si8>) -> (tensor<f32>, tensor<si8>) {
  %0:2 = nx.if %p : tensor<ui8> -> tensor<f32>, tensor<si8> {
    nx.yield %a, %b : tensor<f32>, tensor<si8>
  } else {
    %1:2 = nx.if %q : tensor<ui8> -> tensor<f32>, tensor<si8> {
      %n = nx.negate %a : (tensor<f32>) -> tensor<f32>
      nx.yield %n, %b : tensor<f32>, tensor<si8>
    } else {
      %m = nx.negate %b : (tensor<si8>) -> tensor<si8>
      nx.yield %a, %m : tensor<f32>, tensor<si8>
    }
    nx.yield %1#0, %1#1 : tensor<f32>, tensor<si8>
  }
  return %0#0, %0#1 : tensor<f32>, tensor<si8>
}

// No results: both regions yield nothing.
// CHECK-LABEL: func.func @if_no_results
// CHECK: nx.if %{{.*}} : tensor<ui8> {
// CHECK-NEXT: nx.yield
// CHECK-NEXT: } else {
func.func @if_no_results(%p: tensor<ui8>) {
  nx.if %p : tensor<ui8> {
    nx.yield
  } else {
    nx.yield
  }
  return
}

// CHECK-LABEL: func.func @window_reductions
func.func @window_reductions(%a: tensor<2x6xf32>, %i: tensor<4xsi32>) {
  // CHECK: nx.window_sum %{{.*}} {padding_high = array<i64: 0, 0>, padding_low = array<i64: 0, 0>, strides = array<i64: 1, 2>, window_dilations = array<i64: 1, 1>, window_dimensions = array<i64: 1, 2>} : (tensor<2x6xf32>) -> tensor<2x3xf32>
  %0 = nx.window_sum %a {window_dimensions = array<i64: 1, 2>, strides = array<i64: 1, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>, window_dilations = array<i64: 1, 1>} : (tensor<2x6xf32>) -> tensor<2x3xf32>
  // CHECK: nx.window_product %{{.*}} : (tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = nx.window_product %a {window_dimensions = array<i64: 1, 3>, strides = array<i64: 1, 1>, padding_low = array<i64: 0, 1>, padding_high = array<i64: 0, 1>, window_dilations = array<i64: 1, 1>} : (tensor<2x6xf32>) -> tensor<2x6xf32>
  // CHECK: nx.window_max %{{.*}} : (tensor<2x6xf32>) -> tensor<1x4xf32>
  %2 = nx.window_max %a {window_dimensions = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>, window_dilations = array<i64: 1, 2>} : (tensor<2x6xf32>) -> tensor<1x4xf32>
  // CHECK: nx.window_min %{{.*}} : (tensor<4xsi32>) -> tensor<3xsi32>
  %3 = nx.window_min %i {window_dimensions = array<i64: 2>, strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<4xsi32>) -> tensor<3xsi32>
  return
}

// CHECK-LABEL: func.func @window_scatter
func.func @window_scatter(%a: tensor<4x6xf32>, %s: tensor<2x3xf32>, %init: tensor<f32>, %i: tensor<5xsi32>, %si: tensor<3xsi32>, %ii: tensor<si32>) {
  // CHECK: nx.window_scatter_max %{{.*}}, %{{.*}}, %{{.*}} {padding_high = array<i64: 0, 0>, padding_low = array<i64: 0, 0>, strides = array<i64: 2, 2>, window_dimensions = array<i64: 2, 2>} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<4x6xf32>
  %0 = nx.window_scatter_max %a, %s, %init {window_dimensions = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<4x6xf32>
  // Padding: windows of 3 with stride 2 over 1 + 5 + 1.
  // CHECK: nx.window_scatter_min %{{.*}}, %{{.*}}, %{{.*}} {padding_high = array<i64: 1>, padding_low = array<i64: 1>, strides = array<i64: 2>, window_dimensions = array<i64: 3>} : (tensor<5xsi32>, tensor<3xsi32>, tensor<si32>) -> tensor<5xsi32>
  %1 = nx.window_scatter_min %i, %si, %ii {window_dimensions = array<i64: 3>, strides = array<i64: 2>, padding_low = array<i64: 1>, padding_high = array<i64: 1>} : (tensor<5xsi32>, tensor<3xsi32>, tensor<si32>) -> tensor<5xsi32>
  return
}

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x2x5xf32>, %k: tensor<4x2x3xf32>, %g: tensor<1x4x5x5xf32>, %gk: tensor<6x2x3x3xf32>) {
  // CHECK: nx.conv %{{.*}}, %{{.*}} {batch_group_size = 1 : i64, feature_group_size = 1 : i64, input_dilation = array<i64: 1>, input_permutation = array<i64: 0, 1, 2>, kernel_dilation = array<i64: 1>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>, padding_high = array<i64: 0>, padding_low = array<i64: 0>, strides = array<i64: 1>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  %0 = nx.conv %x, %k {strides = array<i64: 1>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, input_dilation = array<i64: 1>, kernel_dilation = array<i64: 1>, feature_group_size = 1 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2>, kernel_permutation = array<i64: 0, 1, 2>, output_permutation = array<i64: 0, 1, 2>} : (tensor<1x2x5xf32>, tensor<4x2x3xf32>) -> tensor<1x4x3xf32>
  // Two feature groups, stride 2, padding 1, channels-last output.
  // CHECK: nx.conv %{{.*}}, %{{.*}} {{\{.*}}feature_group_size = 2 : i64{{.*}}} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x3x3x6xf32>
  %1 = nx.conv %g, %gk {strides = array<i64: 2, 2>, padding_low = array<i64: 1, 1>, padding_high = array<i64: 1, 1>, input_dilation = array<i64: 1, 1>, kernel_dilation = array<i64: 1, 1>, feature_group_size = 2 : i64, batch_group_size = 1 : i64, input_permutation = array<i64: 0, 1, 2, 3>, kernel_permutation = array<i64: 0, 1, 2, 3>, output_permutation = array<i64: 0, 3, 1, 2>} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x3x3x6xf32>
  return
}

// Ops with a scalar function region.
// CHECK-LABEL: func.func @scalar_functions
func.func @scalar_functions(%a: tensor<2x6xf32>, %i: tensor<f32>, %u: tensor<4xui8>) {
  // CHECK: nx.reduce %{{.*}}, %{{.*}}, axes = [1], keep_axes = false : (tensor<2x6xf32>, tensor<f32>) -> tensor<2xf32> {
  // CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>, %[[ACC:.*]]: tensor<f32>):
  // CHECK-NEXT: %[[S:.*]] = nx.add %[[X]], %[[ACC]]
  // CHECK-NEXT: nx.yield %[[S]] : tensor<f32>
  %0 = nx.reduce %a, %i, axes = [1], keep_axes = false : (tensor<2x6xf32>, tensor<f32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    %s = nx.add %x, %acc : (tensor<f32>, tensor<f32>) -> tensor<f32>
    nx.yield %s : tensor<f32>
  }
  // CHECK: nx.window_reduce %{{.*}}, %{{.*}} {{\{.*}}window_dimensions = array<i64: 1, 2>} : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x3xf32> {
  // CHECK: nx.max
  // CHECK: nx.yield
  %1 = nx.window_reduce %a, %i {window_dimensions = array<i64: 1, 2>, strides = array<i64: 1, 2>, padding_low = array<i64: 0, 0>, padding_high = array<i64: 0, 0>, window_dilations = array<i64: 1, 1>} : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x3xf32> {
  ^bb0(%x: tensor<f32>, %acc: tensor<f32>):
    %m = nx.max %x, %acc : (tensor<f32>, tensor<f32>) -> tensor<f32>
    nx.yield %m : tensor<f32>
  }
  // The function gets the result's element type (map converts).
  // CHECK: nx.map %{{.*}} : (tensor<4xui8>) -> tensor<4xf32> {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>):
  // CHECK: nx.yield %{{.*}} : tensor<f32>
  %2 = nx.map %u : (tensor<4xui8>) -> tensor<4xf32> {
  ^bb0(%x: tensor<f32>):
    %n = nx.negate %x : (tensor<f32>) -> tensor<f32>
    nx.yield %n : tensor<f32>
  }
  return
}

// Indexing: start indices and indices are tensors.
// CHECK-LABEL: func.func @indexing
func.func @indexing(%a: tensor<4x6xf32>, %i: tensor<si64>, %j: tensor<ui8>, %u: tensor<2x3xf32>, %g: tensor<5x2xsi32>, %t: tensor<3xsi64>, %ta: tensor<4x2xsi64>, %upd: tensor<5xf32>, %g1: tensor<5x1xsi32>, %upd1: tensor<5x6xf32>) {
  // CHECK: nx.dynamic_slice %{{.*}}[%{{.*}}, %{{.*}}], lengths = [2, 4], strides = [1, 2] : (tensor<4x6xf32>, tensor<si64>, tensor<ui8>) -> tensor<2x2xf32>
  %0 = nx.dynamic_slice %a[%i, %j], lengths = [2, 4], strides = [1, 2] : (tensor<4x6xf32>, tensor<si64>, tensor<ui8>) -> tensor<2x2xf32>
  // CHECK: nx.put_slice %{{.*}}[%{{.*}}, %{{.*}}], %{{.*}} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si64>, tensor<si64>) -> tensor<4x6xf32>
  %1 = nx.put_slice %a[%i, %i], %u : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<si64>, tensor<si64>) -> tensor<4x6xf32>
  // CHECK: nx.gather %{{.*}}[%{{.*}}], axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>) -> tensor<5xf32>
  %2 = nx.gather %a[%g], axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>) -> tensor<5xf32>
  // CHECK: nx.gather %{{.*}}[%{{.*}}], axes = [1] : (tensor<4x6xf32>, tensor<5x1xsi32>) -> tensor<5x4xf32>
  %3 = nx.gather %a[%g1], axes = [1] : (tensor<4x6xf32>, tensor<5x1xsi32>) -> tensor<5x4xf32>
  // CHECK: nx.take %{{.*}}[%{{.*}}], axis = 1 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<4x3xf32>
  %4 = nx.take %a[%t], axis = 1 : (tensor<4x6xf32>, tensor<3xsi64>) -> tensor<4x3xf32>
  // CHECK: nx.take_along_axis %{{.*}}[%{{.*}}], axis = 1 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x2xf32>
  %5 = nx.take_along_axis %a[%ta], axis = 1 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x2xf32>
  // take with scalar indices drops the axis; with 2-D indices it adds one.
  // CHECK: nx.take %{{.*}}[%{{.*}}], axis = 0 : (tensor<4x6xf32>, tensor<si64>) -> tensor<6xf32>
  %8 = nx.take %a[%i], axis = 0 : (tensor<4x6xf32>, tensor<si64>) -> tensor<6xf32>
  // CHECK: nx.take %{{.*}}[%{{.*}}], axis = 1 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x4x2xf32>
  %9 = nx.take %a[%ta], axis = 1 : (tensor<4x6xf32>, tensor<4x2xsi64>) -> tensor<4x4x2xf32>
  // CHECK: nx.indexed_add %{{.*}}[%{{.*}}], %{{.*}}, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  %6 = nx.indexed_add %a[%g], %upd, axes = [0, 1] : (tensor<4x6xf32>, tensor<5x2xsi32>, tensor<5xf32>) -> tensor<4x6xf32>
  // CHECK: nx.indexed_put %{{.*}}[%{{.*}}], %{{.*}}, axes = [0] : (tensor<4x6xf32>, tensor<5x1xsi32>, tensor<5x6xf32>) -> tensor<4x6xf32>
  %7 = nx.indexed_put %a[%g1], %upd1, axes = [0] : (tensor<4x6xf32>, tensor<5x1xsi32>, tensor<5x6xf32>) -> tensor<4x6xf32>
  return
}
