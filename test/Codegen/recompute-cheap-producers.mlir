// RUN: %nxc-opt %s -split-input-file --nxc-recompute-cheap-producers | FileCheck %s
// RUN: %nxc-opt %s -split-input-file --nxc-recompute-cheap-producers --linalg-fuse-elementwise-ops | FileCheck %s --check-prefix=FUSED

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Layer norm's x - mean, read by the variance and by the normalization: each
// reader gets its own copy, and elementwise fusion then folds each copy into
// its reader, so no 4x8 temporary is left.
// CHECK-LABEL: func.func @centered
// CHECK: %[[A:.*]] = linalg.generic
// CHECK: arith.subf
// CHECK: %[[B:.*]] = linalg.generic
// CHECK: arith.subf
// CHECK: linalg.generic {{.*}} ins(%[[A]] : tensor<4x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[B]], %{{.*}} : tensor<4x8xf32>, tensor<4xf32>)
// FUSED-LABEL: func.func @centered
// FUSED-COUNT-2: linalg.generic {{.*}} ins(%arg0, %arg1
// FUSED-NOT: linalg.generic
// FUSED: return
func.func @centered(%x: tensor<4x8xf32>, %m: tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %c = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %m : tensor<4x8xf32>, tensor<4xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %d = arith.subf %a, %b : f32
      linalg.yield %d : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %v = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%c : tensor<4x8xf32>) outs(%f : tensor<4xf32>) {
    ^bb0(%a: f32, %acc: f32):
      %s = arith.mulf %a, %a : f32
      %t = arith.addf %acc, %s : f32
      linalg.yield %t : f32
  } -> tensor<4xf32>
  %n = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %v : tensor<4x8xf32>, tensor<4xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %q = arith.divf %a, %b : f32
      linalg.yield %q : f32
  } -> tensor<4x8xf32>
  return %n, %v : tensor<4x8xf32>, tensor<4xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Three ops are over the default budget of two: stored once, read twice.
// CHECK-LABEL: func.func @too_costly
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT: linalg.generic
func.func @too_costly(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %p = arith.mulf %a, %a : f32
      %q = arith.addf %p, %a : f32
      %r = arith.mulf %q, %a : f32
      linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %u = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = arith.negf %a : f32
      linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = math.absf %a : f32
      linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %u, %w : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A value that is also returned must be stored anyway: not copied.
// CHECK-LABEL: func.func @also_returned
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: linalg.generic
func.func @also_returned(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %p = arith.mulf %a, %a : f32
      linalg.yield %p : f32
  } -> tensor<4x8xf32>
  %u = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = arith.negf %a : f32
      linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %u, %c : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Softmax of x / t: the scaled values are read by a linalg.reduce (the max)
// and by the exp. The reduce becomes the equivalent generic, so both readers
// get a copy and fusion folds the division into each: no scaled temporary.
// CHECK-LABEL: func.func @scaled_max
// CHECK-NOT: linalg.reduce
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// FUSED-LABEL: func.func @scaled_max
// FUSED: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x8xf32>)
// FUSED: arith.divf
// FUSED: arith.maximumf
// FUSED: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %{{.*}} : tensor<4x8xf32>, tensor<4xf32>)
// FUSED: arith.divf
// FUSED: math.exp
// FUSED-NOT: linalg.generic
// FUSED: return
func.func @scaled_max(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %t = arith.constant 8.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %d = arith.divf %a, %t : f32
      linalg.yield %d : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %m = linalg.reduce { arith.maximumf } ins(%s : tensor<4x8xf32>) outs(%f : tensor<4xf32>) dimensions = [1]
  %y = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%s, %m : tensor<4x8xf32>, tensor<4xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %d = arith.subf %a, %b : f32
      %q = math.exp %d : f32
      linalg.yield %q : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
