// Regression test (fixed): a window reduction whose result type differs from its operand's
// (window_sum si32 -> si64, which the nx.window_sum verifier accepts) is
// neither converted by nx-make-explicit (window ops are not in its list) nor
// lowered: convert-nx-to-linalg reports "complex window reductions are not
// supported yet" for an integer op, so nxc would exit 2 ("unsupported") with
// a wrong reason. Either the verifier should require the operand's element
// type (Nx's window_sum keeps it, see corpus window_sum_u8_to_u8) or
// nx-make-explicit should convert the operand as it does for sum.

// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' > %t.out 2>&1 || true
// RUN: FileCheck %s < %t.out

// CHECK-NOT: complex
func.func @window_sum_widen(%a: tensor<6xsi32>) -> tensor<3xsi64> {
  %0 = nx.window_sum %a {window_dimensions = array<i64: 2>, strides = array<i64: 2>, padding_low = array<i64: 0>, padding_high = array<i64: 0>, window_dilations = array<i64: 1>} : (tensor<6xsi32>) -> tensor<3xsi64>
  return %0 : tensor<3xsi64>
}
