// RUN: %nxc-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)'

// What convert-nx-to-linalg does not lower yet says so with "not supported
// yet" (nxc maps that phrase to exit code 2), and the conversion fails
// instead of producing bad code. Complex element types are lowered through
// the complex dialect (complex.mlir) except for the ops below.

func.func @argmax_c64(%a: tensor<4xcomplex<f32>>) -> tensor<si64> {
  // expected-error @+2 {{complex argmax/argmin is not supported yet}}
  // expected-error @+1 {{failed to legalize operation 'nx.argmax'}}
  %0 = nx.argmax %a {keep_axis = false, tie_break_high = false} : (tensor<4xcomplex<f32>>) -> tensor<si64>
  return %0 : tensor<si64>
}

// -----

func.func @argmin_c128(%a: tensor<2x3xcomplex<f64>>) -> tensor<2xsi32> {
  // expected-error @+2 {{complex argmax/argmin is not supported yet}}
  // expected-error @+1 {{failed to legalize operation 'nx.argmin'}}
  %0 = nx.argmin %a {axis = 1 : i64, keep_axis = false, tie_break_high = true} : (tensor<2x3xcomplex<f64>>) -> tensor<2xsi32>
  return %0 : tensor<2xsi32>
}

// -----

func.func @window_max_c64(%a: tensor<4xcomplex<f32>>) -> tensor<3xcomplex<f32>> {
  // expected-error @+2 {{complex window max/min is not supported yet}}
  // expected-error @+1 {{failed to legalize operation 'nx.window_max'}}
  %0 = nx.window_max %a {padding_high = array<i64: 0>, padding_low = array<i64: 0>, strides = array<i64: 1>, window_dilations = array<i64: 1>, window_dimensions = array<i64: 2>} : (tensor<4xcomplex<f32>>) -> tensor<3xcomplex<f32>>
  return %0 : tensor<3xcomplex<f32>>
}
