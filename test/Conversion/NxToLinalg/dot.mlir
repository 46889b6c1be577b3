// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// nx.dot: a contraction with free dims on both sides is linalg.matmul or
// linalg.batch_matmul, its operands transposed to [batch, M..., K...] and
// [batch, K..., N...] only where needed and folded to one dim per role;
// matrix-vector, vector-matrix and dot products are one linalg.generic
// reduction with no transposes.

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[M:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[F]] : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: return %[[M]]
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Integer matmul, signless.
// CHECK-LABEL: func.func @matmul_s64
// CHECK: %[[Z:.*]] = arith.constant 0 : i64
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xi64>, tensor<8x2xi64>) outs(%{{.*}} : tensor<4x2xi64>)
func.func @matmul_s64(%a: tensor<4x8xsi64>, %b: tensor<8x2xsi64>) -> tensor<4x2xsi64> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<4x8xsi64>, tensor<8x2xsi64>) -> tensor<4x2xsi64>
  return %0 : tensor<4x2xsi64>
}

// -----

// Mixed operand types are converted first (nx-make-explicit).
// CHECK-LABEL: func.func @matmul_mixed
// CHECK: %[[C:.*]] = linalg.generic
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: linalg.matmul ins(%[[C]], %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>)
func.func @matmul_mixed(%a: tensor<2x3xsi8>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xsi8>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Batched [B, M, K] x [B, K, N]: linalg.batch_matmul (register-blocked per
// batch entry by nxc-vectorize).
// CHECK-LABEL: func.func @batched
// CHECK-SAME: (%[[A:.*]]: tensor<5x2x3xi32>, %[[B:.*]]: tensor<5x3x4xi32>)
// CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<5x2x4xi32>)
// CHECK: %[[R:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<5x2x3xi32>, tensor<5x3x4xi32>) outs(%[[F]] : tensor<5x2x4xi32>)
// CHECK: return %[[R]]
func.func @batched(%a: tensor<5x2x3xsi32>, %b: tensor<5x3x4xsi32>) -> tensor<5x2x4xsi32> {
  %0 = nx.dot %a, %b, contract = [2] x [1], batch = [0] x [0] : (tensor<5x2x3xsi32>, tensor<5x3x4xsi32>) -> tensor<5x2x4xsi32>
  return %0 : tensor<5x2x4xsi32>
}

// -----

// Transposed lhs (contract its dim 0, a gradient's x^T dy): A is transposed
// once, then a linalg.matmul. Read through a transposed map instead, the
// contraction stayed scalar loops striding down A's columns (1000^3: 1200
// ms instead of 19).
// CHECK-LABEL: func.func @transposed_lhs
// CHECK-SAME: (%[[A:.*]]: tensor<3x2xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[A]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<2x3xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[T]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK-NOT: linalg.generic
func.func @transposed_lhs(%a: tensor<3x2xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nx.dot %a, %b, contract = [0] x [0], batch = [] x [] : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Matrix x transposed matrix (rhs contracting dim 1): B is transposed once,
// then a linalg.matmul.
// CHECK-LABEL: func.func @transposed_rhs
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[B]] : tensor<4x3xf32>) outs(%{{.*}} : tensor<3x4xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[A]], %[[T]] : tensor<2x3xf32>, tensor<3x4xf32>)
func.func @transposed_rhs(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %0 = nx.dot %a, %b, contract = [1] x [1], batch = [] x [] : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Vector dot product: a full reduction into a scalar.
// CHECK-DAG: #[[V:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[S:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @vector_dot
// CHECK: linalg.generic {indexing_maps = [#[[V]], #[[V]], #[[S]]], iterator_types = ["reduction"]}
// CHECK-SAME: outs(%{{.*}} : tensor<f64>)
func.func @vector_dot(%a: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<f64> {
  %0 = nx.dot %a, %b, contract = [0] x [0], batch = [] x [] : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// Outer product: nothing contracted, all loops parallel.
// CHECK-DAG: #[[L:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[R:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @outer
// CHECK: linalg.generic {indexing_maps = [#[[L]], #[[R]], #{{.*}}], iterator_types = ["parallel", "parallel"]}
func.func @outer(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nx.dot %a, %b, contract = [] x [], batch = [] x [] : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Matrix-vector: 2-D x 1-D is not a matmul either.
// CHECK-DAG: #[[M:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @matvec
// CHECK-NOT: linalg.matmul
// CHECK: linalg.generic {indexing_maps = [#[[M]], #[[V]], #[[O]]], iterator_types = ["parallel", "reduction"]}
func.func @matvec(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  %0 = nx.dot %a, %b, contract = [1] x [0], batch = [] x [] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Vector-matrix: the contracting loop outside the rhs's contiguous free
// dim (out[:] += x[k] * W[k, :]), not dot products down W's columns.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @vecmat
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[O]]], iterator_types = ["reduction", "parallel"]}
func.func @vecmat(%x: tensor<3xf32>, %w: tensor<3x4xf32>) -> tensor<4xf32> {
  %0 = nx.dot %x, %w, contract = [0] x [0], batch = [] x [] : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A dense layer on [batch, seq, features]: the lhs's free dims fold into M
// and the product is a linalg.matmul, reshaped back (as one generic loop
// nest, 8x128x512 by 512x512 took 628 ms instead of 4.8).
// CHECK-LABEL: func.func @dense3
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[W:.*]]: tensor<4x5xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<6x5xf32>)
// CHECK: %[[M:.*]] = linalg.matmul ins(%[[C]], %[[W]] : tensor<6x4xf32>, tensor<4x5xf32>) outs(%[[F]] : tensor<6x5xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
// CHECK: return %[[E]]
func.func @dense3(%x: tensor<2x3x4xf32>, %w: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = nx.dot %x, %w, contract = [2] x [0], batch = [] x [] : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// Batch axis in the middle of the rhs, two contracting axes.
// lhs [b=2, k1=3, m=4, k2=5], rhs [k2=5, b=2, k1=3, n=6] -> [2, 4, 6]:
// lhs to [b, m, k1, k2] and rhs to [b, k1, k2, n] (the contracting dims
// paired in the same order), k1 and k2 folded into K = 15.
// CHECK-LABEL: func.func @general
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4x5xf32>, %[[B:.*]]: tensor<5x2x3x6xf32>)
// CHECK: %[[TA:.*]] = linalg.transpose ins(%[[A]] : tensor<2x3x4x5xf32>) outs(%{{.*}} : tensor<2x4x3x5xf32>) permutation = [0, 2, 1, 3]
// CHECK: %[[CA:.*]] = tensor.collapse_shape %[[TA]] {{\[}}[0], [1], [2, 3]] : tensor<2x4x3x5xf32> into tensor<2x4x15xf32>
// CHECK: %[[TB:.*]] = linalg.transpose ins(%[[B]] : tensor<5x2x3x6xf32>) outs(%{{.*}} : tensor<2x3x5x6xf32>) permutation = [1, 2, 0, 3]
// CHECK: %[[CB:.*]] = tensor.collapse_shape %[[TB]] {{\[}}[0], [1, 2], [3]] : tensor<2x3x5x6xf32> into tensor<2x15x6xf32>
// CHECK: %[[R:.*]] = linalg.batch_matmul ins(%[[CA]], %[[CB]] : tensor<2x4x15xf32>, tensor<2x15x6xf32>)
// CHECK: return %[[R]]
func.func @general(%a: tensor<2x3x4x5xf32>, %b: tensor<5x2x3x6xf32>) -> tensor<2x4x6xf32> {
  %0 = nx.dot %a, %b, contract = [1, 3] x [2, 0], batch = [0] x [1] : (tensor<2x3x4x5xf32>, tensor<5x2x3x6xf32>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// Attention's Q K^T with two batch dims: B transposed, the batch dims
// collapsed into one for linalg.batch_matmul, and expanded back.
// CHECK-LABEL: func.func @batched_transposed_rhs
// CHECK: %[[A:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<2x3x6x4xf32> into tensor<6x6x4xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x3x5x4xf32>) outs(%{{.*}} : tensor<2x3x4x5xf32>) permutation = [0, 1, 3, 2]
// CHECK: %[[BT:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x5xf32> into tensor<6x4x5xf32>
// CHECK: %[[R:.*]] = linalg.batch_matmul ins(%[[A]], %[[BT]] : tensor<6x6x4xf32>, tensor<6x4x5xf32>)
// CHECK: tensor.expand_shape %[[R]] {{\[}}[0, 1], [2], [3]] output_shape [2, 3, 6, 5] : tensor<6x6x5xf32> into tensor<2x3x6x5xf32>
func.func @batched_transposed_rhs(%q: tensor<2x3x6x4xf32>, %k: tensor<2x3x5x4xf32>) -> tensor<2x3x6x5xf32> {
  %0 = nx.dot %q, %k, contract = [3] x [3], batch = [0, 1] x [0, 1] : (tensor<2x3x6x4xf32>, tensor<2x3x5x4xf32>) -> tensor<2x3x6x5xf32>
  return %0 : tensor<2x3x6x5xf32>
}
