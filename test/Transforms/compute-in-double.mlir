// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-compute-in-double))' | FileCheck %s
// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-compute-in-double{small-below=16}))' | FileCheck %s --check-prefix=SMALL

// lu factors in f64 and rounds each result once, whatever its size.
// CHECK-LABEL: func.func @lu
// CHECK:         %[[W:.*]] = nx.as_type %arg0 : (tensor<4x4xf32>) -> tensor<4x4xf64>
// CHECK:         %[[P:.*]], %[[L:.*]], %[[U:.*]] = nx.lu %[[W]] {{.*}} : (tensor<4x4xf64>) -> (tensor<4x4xf64>, tensor<4x4xf64>, tensor<4x4xf64>)
// CHECK-DAG:     nx.as_type %[[P]] : (tensor<4x4xf64>) -> tensor<4x4xf32>
// CHECK-DAG:     nx.as_type %[[L]] : (tensor<4x4xf64>) -> tensor<4x4xf32>
// CHECK-DAG:     nx.as_type %[[U]] : (tensor<4x4xf64>) -> tensor<4x4xf32>
// SMALL-LABEL: func.func @lu
// SMALL:         nx.lu %{{.*}} : (tensor<4x4xf64>)
func.func @lu(%a: tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) {
  %p, %l, %u = nx.lu %a {eps = 1.0e-10 : f64} : (tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>)
  return %p, %l, %u : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// An integer matrix is read exactly (converted to f64, not to f32).
// CHECK-LABEL: func.func @lu_int
// CHECK:         %[[W:.*]] = nx.as_type %arg0 : (tensor<3x3xsi64>) -> tensor<3x3xf64>
// CHECK:         %[[P:.*]], %[[L:.*]], %[[U:.*]] = nx.lu %[[W]] {{.*}} : (tensor<3x3xf64>) -> (tensor<3x3xsi64>, tensor<3x3xf64>, tensor<3x3xf64>)
// CHECK-NOT:     nx.as_type %[[P]]
// CHECK:         return %[[P]]
func.func @lu_int(%a: tensor<3x3xsi64>) -> (tensor<3x3xsi64>, tensor<3x3xf32>, tensor<3x3xf32>) {
  %p, %l, %u = nx.lu %a {eps = 1.0e-10 : f64} : (tensor<3x3xsi64>) -> (tensor<3x3xsi64>, tensor<3x3xf32>, tensor<3x3xf32>)
  return %p, %l, %u : tensor<3x3xsi64>, tensor<3x3xf32>, tensor<3x3xf32>
}

// -----

// A sum reading 32 elements and a 4x4x4 dot (64 multiply-adds) accumulate
// in f64 below the default 4096; with small-below=16 both stay f32. f64
// operands are left alone.
// CHECK-LABEL: func.func @small
// CHECK:         %[[S:.*]] = nx.as_type %arg0 : (tensor<4x8xbf16>) -> tensor<4x8xf64>
// CHECK:         %[[R:.*]] = nx.sum %[[S]], {{.*}} -> tensor<4xf64>
// CHECK:         nx.as_type %[[R]] : (tensor<4xf64>) -> tensor<4xbf16>
// CHECK:         nx.dot %{{.*}}, %{{.*}}, {{.*}} : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>
// CHECK:         nx.product %arg2, {{.*}} : (tensor<8xf64>) -> tensor<f64>
// CHECK-NOT:     nx.as_type
// SMALL-LABEL: func.func @small
// SMALL-NOT:     f64>) -> tensor<4xf64>
// SMALL:         nx.sum %arg0, {{.*}} : (tensor<4x8xbf16>) -> tensor<4xbf16>
// SMALL:         nx.dot %arg1, %arg1, {{.*}} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
func.func @small(%a: tensor<4x8xbf16>, %b: tensor<4x4xf32>, %c: tensor<8xf64>) -> (tensor<4xbf16>, tensor<4x4xf32>, tensor<f64>) {
  %0 = nx.sum %a, axes = [1], keep_axes = false : (tensor<4x8xbf16>) -> tensor<4xbf16>
  %1 = nx.dot %b, %b, contract = [1] x [0], batch = [] x [] : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %2 = nx.product %c, axes = [0], keep_axes = false : (tensor<8xf64>) -> tensor<f64>
  return %0, %1, %2 : tensor<4xbf16>, tensor<4x4xf32>, tensor<f64>
}

// -----

// indexed_add: target and updates in f64, indices untouched.
// CHECK-LABEL: func.func @indexed_add
// CHECK:         %[[T:.*]] = nx.as_type %arg0 : (tensor<4xf32>) -> tensor<4xf64>
// CHECK:         %[[U:.*]] = nx.as_type %arg2 : (tensor<6xf32>) -> tensor<6xf64>
// CHECK:         %[[R:.*]] = nx.indexed_add %[[T]][%arg1], %[[U]]{{.*}} -> tensor<4xf64>
// CHECK:         nx.as_type %[[R]] : (tensor<4xf64>) -> tensor<4xf32>
func.func @indexed_add(%t: tensor<4xf32>, %i: tensor<6x1xsi64>, %u: tensor<6xf32>) -> tensor<4xf32> {
  %0 = nx.indexed_add %t[%i], %u, axes = [0] : (tensor<4xf32>, tensor<6x1xsi64>, tensor<6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// c64 arithmetic runs in c128 (Nx's complex numbers are pairs of doubles),
// with a real f32 result such as abs's in f64; each result is rounded back
// once. Data movement (reshape) stays in c64.
// CHECK-LABEL: func.func @complex
// CHECK:         %[[A:.*]] = nx.as_type %arg0 : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f64>>
// CHECK:         %[[B:.*]] = nx.as_type %arg1 : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f64>>
// CHECK:         %[[M:.*]] = nx.multiply %[[A]], %[[B]] : (tensor<4xcomplex<f64>>, tensor<4xcomplex<f64>>) -> tensor<4xcomplex<f64>>
// CHECK:         %[[MN:.*]] = nx.as_type %[[M]] : (tensor<4xcomplex<f64>>) -> tensor<4xcomplex<f32>>
// CHECK:         %[[MW:.*]] = nx.as_type %[[MN]] : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f64>>
// CHECK:         %[[ABS:.*]] = nx.abs %[[MW]] : (tensor<4xcomplex<f64>>) -> tensor<4xf64>
// CHECK:         nx.as_type %[[ABS]] : (tensor<4xf64>) -> tensor<4xf32>
// CHECK:         nx.reshape %[[MN]] : (tensor<4xcomplex<f32>>) -> tensor<2x2xcomplex<f32>>
func.func @complex(%a: tensor<4xcomplex<f32>>, %b: tensor<4xcomplex<f32>>) -> (tensor<4xf32>, tensor<2x2xcomplex<f32>>) {
  %0 = nx.multiply %a, %b : (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  %1 = nx.abs %0 : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %2 = nx.reshape %0 : (tensor<4xcomplex<f32>>) -> tensor<2x2xcomplex<f32>>
  return %1, %2 : tensor<4xf32>, tensor<2x2xcomplex<f32>>
}

// -----

// Float math on fewer than 256 result elements runs in f64 and rounds once
// (Nx evaluates :math in double); an integer operand is converted to f64
// directly. sqrt (correctly rounded in f32 already) and math on 256 or more
// elements stay f32.
// CHECK-LABEL: func.func @math
// CHECK:         %[[S:.*]] = nx.as_type %arg0 : (tensor<255xf32>) -> tensor<255xf64>
// CHECK:         %[[G:.*]] = nx.sigmoid %[[S]] : (tensor<255xf64>) -> tensor<255xf64>
// CHECK:         nx.as_type %[[G]] : (tensor<255xf64>) -> tensor<255xf32>
// CHECK:         %[[I:.*]] = nx.as_type %arg1 : (tensor<4xsi32>) -> tensor<4xf64>
// CHECK:         %[[E:.*]] = nx.exp %[[I]] : (tensor<4xf64>) -> tensor<4xf64>
// CHECK:         nx.as_type %[[E]] : (tensor<4xf64>) -> tensor<4xf32>
// CHECK:         %[[V:.*]] = nx.as_type %arg0 : (tensor<255xf32>) -> tensor<255xf64>
// CHECK:         nx.erf_inv %[[V]] : (tensor<255xf64>) -> tensor<255xf64>
// CHECK:         nx.sqrt %arg0 : (tensor<255xf32>) -> tensor<255xf32>
// CHECK:         nx.tanh %arg2 : (tensor<16x16xf32>) -> tensor<16x16xf32>
// SMALL-LABEL: func.func @math
func.func @math(%a: tensor<255xf32>, %i: tensor<4xsi32>, %l: tensor<16x16xf32>) -> (tensor<255xf32>, tensor<4xf32>, tensor<255xf32>, tensor<255xf32>, tensor<16x16xf32>) {
  %0 = nx.sigmoid %a : (tensor<255xf32>) -> tensor<255xf32>
  %1 = nx.exp %i : (tensor<4xsi32>) -> tensor<4xf32>
  %2 = nx.erf_inv %a : (tensor<255xf32>) -> tensor<255xf32>
  %3 = nx.sqrt %a : (tensor<255xf32>) -> tensor<255xf32>
  %4 = nx.tanh %l : (tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0, %1, %2, %3, %4 : tensor<255xf32>, tensor<4xf32>, tensor<255xf32>, tensor<255xf32>, tensor<16x16xf32>
}
