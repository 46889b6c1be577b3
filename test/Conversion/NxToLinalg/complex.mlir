// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// c64/c128 go through the complex dialect; a real operand is widened with
// complex.create (imaginary part 0).

// CHECK-LABEL: func.func @arith
// CHECK-SAME: (%{{.*}}: tensor<4xcomplex<f32>>, %{{.*}}: tensor<4xf32>)
// CHECK: complex.add %{{.*}}, %{{.*}} : complex<f32>
// CHECK: ^bb0(%[[RE:.*]]: f32, %{{.*}}: complex<f32>):
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: complex.create %[[RE]], %[[Z]] : complex<f32>
// CHECK: complex.mul %{{.*}}, %{{.*}} : complex<f32>
// CHECK: complex.re %{{.*}} : complex<f32>
// CHECK: complex.im %{{.*}} : complex<f32>
// CHECK: complex.abs %{{.*}} : complex<f32>
// CHECK: complex.exp %{{.*}} : complex<f32>
func.func @arith(%a: tensor<4xcomplex<f32>>, %b: tensor<4xf32>) -> (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xcomplex<f32>>) {
  %0 = nx.add %a, %a : (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %1 = nx.multiply %a, %b : (tensor<4xcomplex<f32>>, tensor<4xf32>) -> tensor<4xcomplex<f32>>
  %2 = nx.real %a : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %3 = nx.imag %a : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %4 = nx.abs %a : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %5 = nx.exp %a : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return %0, %1, %2, %3, %4, %5 : tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xcomplex<f32>>
}

// -----

// A comparison in the merged type c64 (c64 vs f32).
// CHECK-LABEL: func.func @compare
// CHECK: complex.create
// CHECK: %[[EQ:.*]] = complex.eq %{{.*}}, %{{.*}} : complex<f32>
// CHECK: arith.extui %[[EQ]] : i1 to i8
func.func @compare(%a: tensor<4xcomplex<f32>>, %b: tensor<4xf32>) -> tensor<4xui8> {
  %0 = nx.equal %a, %b : (tensor<4xcomplex<f32>>, tensor<4xf32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @sum_c128
// CHECK: %[[Z:.*]] = complex.constant [0.000000e+00, 0.000000e+00] : complex<f64>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : complex<f64>)
// CHECK: linalg.reduce { complex.add } ins(%{{.*}} : tensor<4xcomplex<f64>>) outs(%[[F]] : tensor<complex<f64>>) dimensions = [0]
func.func @sum_c128(%a: tensor<4xcomplex<f64>>) -> tensor<complex<f64>> {
  %0 = nx.sum %a, axes = [0], keep_axes = false : (tensor<4xcomplex<f64>>) -> tensor<complex<f64>>
  return %0 : tensor<complex<f64>>
}

// -----

// A complex dot is a contraction generic (no linalg.matmul).
// CHECK-LABEL: func.func @dot_c64
// CHECK-NOT: linalg.matmul
// CHECK: linalg.generic
// CHECK: %[[P:.*]] = complex.mul %{{.*}}, %{{.*}} : complex<f32>
// CHECK: complex.add %{{.*}}, %[[P]] : complex<f32>
func.func @dot_c64(%a: tensor<2x2xcomplex<f32>>) -> tensor<2x2xcomplex<f32>> {
  %0 = nx.dot %a, %a, contract = [1] x [0], batch = [] x [] : (tensor<2x2xcomplex<f32>>, tensor<2x2xcomplex<f32>>) -> tensor<2x2xcomplex<f32>>
  return %0 : tensor<2x2xcomplex<f32>>
}

// -----

// Division and square root follow the `complex` package Nx.BinaryBackend
// uses (textbook division, Complex.sqrt's branch cut), not complex.div /
// complex.sqrt; the inverse functions are its log/sqrt formulas.
// CHECK-LABEL: func.func @nx_formulas
// CHECK-NOT: complex.div
// CHECK-NOT: complex.sqrt
// CHECK: return
func.func @nx_formulas(%a: tensor<4xcomplex<f32>>) -> (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>) {
  %0 = nx.divide %a, %a : (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %1 = nx.sqrt %a : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %2 = nx.rsqrt %a : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %3 = nx.asinh %a : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %4 = nx.sigmoid %a : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return %0, %1, %2, %3, %4 : tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>
}

// -----

// The textbook division: (r1 r2 + i1 i2) / (r2^2 + i2^2) for the real part.
// CHECK-LABEL: func.func @divide
// CHECK: ^bb0(%[[X:.*]]: complex<f32>, %[[Y:.*]]: complex<f32>, %{{.*}}: complex<f32>):
// CHECK-DAG: %[[R1:.*]] = complex.re %[[X]]
// CHECK-DAG: %[[I1:.*]] = complex.im %[[X]]
// CHECK-DAG: %[[R2:.*]] = complex.re %[[Y]]
// CHECK-DAG: %[[I2:.*]] = complex.im %[[Y]]
// CHECK: %[[RR:.*]] = arith.mulf %[[R2]], %[[R2]]
// CHECK: %[[II:.*]] = arith.mulf %[[I2]], %[[I2]]
// CHECK: %[[DEN:.*]] = arith.addf %[[RR]], %[[II]]
// CHECK: %[[A:.*]] = arith.mulf %[[R1]], %[[R2]]
// CHECK: %[[B:.*]] = arith.mulf %[[I1]], %[[I2]]
// CHECK: %[[NUM:.*]] = arith.addf %[[A]], %[[B]]
// CHECK: arith.divf %[[NUM]], %[[DEN]]
func.func @divide(%a: tensor<4xcomplex<f32>>, %b: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  %0 = nx.divide %a, %b : (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return %0 : tensor<4xcomplex<f32>>
}
