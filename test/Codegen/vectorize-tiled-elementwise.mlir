// Regression test (fixed): the vectorization precondition was once checked
// on the untiled op with the tile sizes, so only ops of at most one vector
// were vectorized. Tiles are static: the widest power of two <= 16 that
// divides the innermost dim, or 16 and one shorter vector for the rest.

// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// CHECK-LABEL: func.func @elementwise_2d
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} vector<1x16xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1x16xf32>
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise_2d(%a: tensor<4x16xf32>, %b: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = tensor.empty() : tensor<4x16xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x16xf32>, tensor<4x16xf32>) outs(%0 : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    linalg.yield %2 : f32
  } -> tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}

// -----

// 100 is not a multiple of 16: the op is split into 6 steps of 16 over the
// first 96 elements (a loop marked parallel) and one vector of 4 after it.
// CHECK-LABEL: func.func @elementwise_long
// CHECK: %[[A:.*]] = tensor.extract_slice %{{.*}}[0] [96] [1] : tensor<100xf32> to tensor<96xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c96 step %c16
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: } {nxc.parallel = 96 : i64}
// CHECK: tensor.extract_slice %{{.*}}[96] [4] [1] : tensor<100xf32> to tensor<4xf32>
// CHECK-NOT: scf.for
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: return
#map = affine_map<(d0) -> (d0)>
func.func @elementwise_long(%a: tensor<100xf32>, %b: tensor<100xf32>) -> tensor<100xf32> {
  %0 = tensor.empty() : tensor<100xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]} ins(%a, %b : tensor<100xf32>, tensor<100xf32>) outs(%0 : tensor<100xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    linalg.yield %2 : f32
  } -> tensor<100xf32>
  return %1 : tensor<100xf32>
}

// -----

// Row sums of an 8 x 16 matrix.
// CHECK-LABEL: func.func @row_sums
// CHECK: vector.multi_reduction <add>
func.func @row_sums(%a: tensor<8x16xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce { arith.addf } ins(%a : tensor<8x16xf32>) outs(%1 : tensor<8xf32>) dimensions = [1]
  return %r : tensor<8xf32>
}

// -----

// The zero fill of a matmul's 16 x 64 accumulator.
// CHECK-LABEL: func.func @fill
// CHECK: vector.transfer_write %{{.*}} : vector<1x16xf32>
func.func @fill(%a: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %1 = linalg.fill ins(%cst : f32) outs(%a : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %1 : tensor<16x64xf32>
}

// -----

// Rows of 3 (an NHWC image's channels), same shape everywhere: viewed as one
// flat dim of 120 (112 in steps of 16, then 8), not 40 vectors of 3.
// CHECK-LABEL: func.func @flat_rows_of_3
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<40x3xf32> into tensor<120xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c112 step %c16
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [40, 3] : tensor<120xf32> into tensor<40x3xf32>
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @flat_rows_of_3(%a: tensor<40x3xf32>, %b: tensor<40x3xf32>) -> tensor<40x3xf32> {
  %0 = tensor.empty() : tensor<40x3xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<40x3xf32>, tensor<40x3xf32>) outs(%0 : tensor<40x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    linalg.yield %2 : f32
  } -> tensor<40x3xf32>
  return %1 : tensor<40x3xf32>
}

// -----

// A row broadcast (the bias of a dense layer) keeps its rows: flat, the
// bias would have to repeat.
// CHECK-LABEL: func.func @bias_rows_of_3
// CHECK-NOT: tensor.collapse_shape
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1x3xf32>
#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @bias_rows_of_3(%a: tensor<40x3xf32>, %b: tensor<3xf32>) -> tensor<40x3xf32> {
  %0 = tensor.empty() : tensor<40x3xf32>
  %1 = linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<40x3xf32>, tensor<3xf32>) outs(%0 : tensor<40x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    linalg.yield %2 : f32
  } -> tensor<40x3xf32>
  return %1 : tensor<40x3xf32>
}
