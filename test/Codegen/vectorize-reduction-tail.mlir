// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// Rows of 100: no vector width divides them. The reduction is split in two:
// the first 96 columns are reduced across 32 lanes (3 steps, a loop marked
// nxc.reassociated) and the lanes combined per row; the last 4 columns are
// folded into that result as one vector per row. Whole, the row would be
// folded by a serial chain of horizontal reductions of 4 elements.
// CHECK-LABEL: func.func @row_max
// CHECK: %[[MAIN:.*]] = tensor.extract_slice %arg0[0, 0] [8, 96] [1, 1] : tensor<8x100xf32> to tensor<8x96xf32>
// CHECK: tensor.expand_shape %[[MAIN]] {{\[}}[0], [1, 2]] output_shape [8, 3, 32]
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<1x32xf32>
// CHECK: } {nxc.reassociated}
// CHECK: %[[LANES:.*]] = scf.for
// CHECK: vector.multi_reduction <maximumf>, %{{.*}}, %{{.*}} [1] : vector<1x32xf32> to vector<1xf32>
// CHECK: %[[REST:.*]] = tensor.extract_slice %arg0[0, 96] [8, 4] [1, 1] : tensor<8x100xf32> to tensor<8x4xf32>
// CHECK: %[[R:.*]] = scf.for %{{.*}} iter_args(%{{.*}} = %[[LANES]])
// CHECK: tensor.extract_slice %[[REST]]
// CHECK: vector.multi_reduction <maximumf>, %{{.*}}, %{{.*}} [1] : vector<1x4xf32> to vector<1xf32>
// CHECK: return %[[R]]
func.func @row_max(%a: tensor<8x100xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce { arith.maximumf } ins(%a : tensor<8x100xf32>) outs(%1 : tensor<8xf32>) dimensions = [1]
  return %r : tensor<8xf32>
}

// A short row (20 < two vectors) stays one op.
// CHECK-LABEL: func.func @short_rows
// CHECK-NOT: tensor.extract_slice %arg0[0, 16]
// CHECK: return
func.func @short_rows(%a: tensor<8x20xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce { arith.addf } ins(%a : tensor<8x20xf32>) outs(%1 : tensor<8xf32>) dimensions = [1]
  return %r : tensor<8xf32>
}
