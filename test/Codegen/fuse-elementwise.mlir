// RUN: %nxc-opt %s -split-input-file --nxc-fuse-elementwise | FileCheck %s

// nxc-fuse-elementwise is linalg-fuse-elementwise-ops except around products:
// a reshape is never folded into a linalg.matmul or batch_matmul (upstream
// turns the product into a linalg.generic, which nxc-vectorize cannot
// register-block), and the ops reading a reshaped product collapse their
// loops onto the product's shape instead.

// A dense layer on [batch, seq, features] with its bias and relu: the
// matmul stays named; the epilogue runs on the matmul's [6, 5], and the
// result is reshaped once at the end.
// CHECK-LABEL: func.func @dense_bias
// CHECK: %[[M:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<6x4xf32>, tensor<4x5xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[M]], %{{.*}} : tensor<6x5xf32>, tensor<5xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [2, 3, 5]
// CHECK: return %[[E]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#bias = affine_map<(d0, d1, d2) -> (d2)>
func.func @dense_bias(%x: tensor<2x3x4xf32>, %w: tensor<4x5xf32>, %b: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %cst = arith.constant 0.0 : f32
  %c = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  %e = tensor.empty() : tensor<6x5xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.matmul ins(%c, %w : tensor<6x4xf32>, tensor<4x5xf32>) outs(%f : tensor<6x5xf32>) -> tensor<6x5xf32>
  %r = tensor.expand_shape %m [[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
  %e3 = tensor.empty() : tensor<2x3x5xf32>
  %y = linalg.generic {indexing_maps = [#id3, #bias, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%r, %b : tensor<2x3x5xf32>, tensor<5xf32>) outs(%e3 : tensor<2x3x5xf32>) {
  ^bb0(%in: f32, %in1: f32, %out: f32):
    %s = arith.addf %in, %in1 : f32
    %z = arith.maximumf %s, %cst : f32
    linalg.yield %z : f32
  } -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// Attention scores over [batch, heads] = [2, 3], computed as a batch matmul
// over 6 entries: the max (a linalg.reduce, generalized first) and the
// exp(s - max) read the product on its own [6, 4, 5] shape.
// CHECK-LABEL: func.func @scores_softmax_max
// CHECK: %[[S:.*]] = linalg.batch_matmul
// CHECK-NOT: tensor.expand_shape
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[S]] : tensor<6x4x5xf32>) outs(%{{.*}} : tensor<6x4xf32>)
// CHECK: arith.maximumf
// CHECK: %[[X:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[MAX]] : tensor<6x4x5xf32>, tensor<6x4xf32>)
// CHECK: math.exp
// CHECK: %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1], [2], [3]] output_shape [2, 3, 4, 5]
// CHECK: return %[[E]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @scores_softmax_max(%q: tensor<6x4x8xf32>, %k: tensor<6x8x5xf32>) -> tensor<2x3x4x5xf32> {
  %cst = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<6x4x5xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<6x4x5xf32>) -> tensor<6x4x5xf32>
  %m = linalg.batch_matmul ins(%q, %k : tensor<6x4x8xf32>, tensor<6x8x5xf32>) outs(%f : tensor<6x4x5xf32>) -> tensor<6x4x5xf32>
  %s = tensor.expand_shape %m [[0, 1], [2], [3]] output_shape [2, 3, 4, 5] : tensor<6x4x5xf32> into tensor<2x3x4x5xf32>
  %er = tensor.empty() : tensor<2x3x4xf32>
  %fr = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %max = linalg.reduce { arith.maximumf } ins(%s : tensor<2x3x4x5xf32>) outs(%fr : tensor<2x3x4xf32>) dimensions = [3]
  %e4 = tensor.empty() : tensor<2x3x4x5xf32>
  %y = linalg.generic {indexing_maps = [#id4, #row4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %max : tensor<2x3x4x5xf32>, tensor<2x3x4xf32>) outs(%e4 : tensor<2x3x4x5xf32>) {
  ^bb0(%in: f32, %mx: f32, %out: f32):
    %d = arith.subf %in, %mx : f32
    %x = math.exp %d : f32
    linalg.yield %x : f32
  } -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// -----

// A reshaped argument is not downstream of a product: left as it is.
// CHECK-LABEL: func.func @reshaped_argument
// CHECK: %[[R:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 3, 5]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[R]] : tensor<2x3x5xf32>)
func.func @reshaped_argument(%a: tensor<6x5xf32>) -> tensor<2x3x5xf32> {
  %r = tensor.expand_shape %a [[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
  %e = tensor.empty() : tensor<2x3x5xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%r : tensor<2x3x5xf32>) outs(%e : tensor<2x3x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}
