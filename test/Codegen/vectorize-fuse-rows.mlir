// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s

// Softmax over rows as nx-to-linalg leaves it: a max reduction, exp(x - max)
// materialized, a sum reduction, a division. Row fusion computes the whole
// chain for one row per iteration of a single loop over the rows (marked
// parallel), so no 64x128 intermediate is left and the row is read once.
// The passes over one row (max, exp, sum, divide) are loops kept rolled:
// unrolled by LLVM, their loads of the same row would merge into values live
// across passes, more than the register file holds. The max and sum passes
// are split reductions (reassociated, for nxc-contract-reductions).
// CHECK: #[[NOUNROLL:.*]] = #llvm.loop_unroll<disable = true>
// CHECK: #[[ROLLED:.*]] = #llvm.loop_annotation<unroll = #[[NOUNROLL]]>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<64x128xf32>)
// CHECK: %[[R:.*]] = scf.for %[[ROW:.*]] = %c0 to %c64 step %c1 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<64x128xf32>)
// CHECK-NOT: tensor<64x128xf32>
// CHECK: tensor.extract_slice %[[X]][%[[ROW]], 0] [1, 128] [1, 1]
// CHECK: arith.maximumf
// CHECK: } {loop_annotation = #[[ROLLED]], nxc.reassociated}
// CHECK: math.exp
// CHECK: } {loop_annotation = #[[ROLLED]], nxc.parallel = 128 : i64}
// CHECK: arith.addf
// CHECK: } {loop_annotation = #[[ROLLED]], nxc.reassociated}
// CHECK: arith.divf
// CHECK: } {loop_annotation = #[[ROLLED]], nxc.parallel = 128 : i64}
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]][%[[ROW]], 0] [1, 128] [1, 1] : tensor<1x128xf32> into tensor<64x128xf32>
// CHECK: } {nxc.parallel = 8192 : i64}
// CHECK: return %[[R]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @softmax(%x: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<64xf32>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce { arith.maximumf } ins(%x : tensor<64x128xf32>) outs(%f1 : tensor<64xf32>) dimensions = [1]
  %e2 = tensor.empty() : tensor<64x128xf32>
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x128xf32>, tensor<64xf32>) outs(%e2 : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<64x128xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<64x128xf32>) outs(%f2 : tensor<64xf32>) dimensions = [1]
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex, %sum : tensor<64x128xf32>, tensor<64xf32>) outs(%e2 : tensor<64x128xf32>) {
    ^bb0(%a: f32, %s: f32, %o: f32):
      %q = arith.divf %a, %s : f32
      linalg.yield %q : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// A producer also used outside the chain is computed whole first (here the
// row max, also returned); the rest is still fused per row.
// CHECK-LABEL: func.func @shared_max
// CHECK: arith.maximumf
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK: math.exp
// CHECK: } {nxc.parallel = 8192 : i64}
func.func @shared_max(%x: tensor<64x128xf32>) -> (tensor<64x128xf32>, tensor<64xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<64xf32>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce { arith.maximumf } ins(%x : tensor<64x128xf32>) outs(%f1 : tensor<64xf32>) dimensions = [1]
  %e2 = tensor.empty() : tensor<64x128xf32>
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x128xf32>, tensor<64xf32>) outs(%e2 : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<64x128xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<64x128xf32>) outs(%f2 : tensor<64xf32>) dimensions = [1]
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex, %sum : tensor<64x128xf32>, tensor<64xf32>) outs(%e2 : tensor<64x128xf32>) {
    ^bb0(%a: f32, %s: f32, %o: f32):
      %q = arith.divf %a, %s : f32
      linalg.yield %q : f32
  } -> tensor<64x128xf32>
  return %r, %max : tensor<64x128xf32>, tensor<64xf32>
}

// Attention scores [batch, query, key]: the rows are all leading parallel
// dims, flattened into one loop of 2 x 64 rows (row index split back with
// div/rem), not a loop over the batch with whole [1, 64, 128] tiles.
// CHECK-LABEL: func.func @softmax_3d
// CHECK: scf.for %[[F:.*]] = %c0 to %c128 step %c1 iter_args
// CHECK: %[[Q:.*]] = arith.remui %[[F]], %c64
// CHECK: %[[B:.*]] = arith.divui %[[F]], %c64
// CHECK: tensor.extract_slice %arg0[%[[B]], %[[Q]], 0] [1, 1, 128]
// CHECK: math.exp
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[B]], %[[Q]], 0] [1, 1, 128] [1, 1, 1]
// CHECK: } {nxc.parallel = 16384 : i64}
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @softmax_3d(%x: tensor<2x64x128xf32>) -> tensor<2x64x128xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x64xf32>
  %f1 = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<2x64xf32>) -> tensor<2x64xf32>
  %max = linalg.reduce { arith.maximumf } ins(%x : tensor<2x64x128xf32>) outs(%f1 : tensor<2x64xf32>) dimensions = [2]
  %e2 = tensor.empty() : tensor<2x64x128xf32>
  %ex = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %max : tensor<2x64x128xf32>, tensor<2x64xf32>) outs(%e2 : tensor<2x64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<2x64x128xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x64xf32>) -> tensor<2x64xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<2x64x128xf32>) outs(%f2 : tensor<2x64xf32>) dimensions = [2]
  %r = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x64x128xf32>, tensor<2x64xf32>) outs(%e2 : tensor<2x64x128xf32>) {
    ^bb0(%a: f32, %s: f32, %o: f32):
      %q = arith.divf %a, %s : f32
      linalg.yield %q : f32
  } -> tensor<2x64x128xf32>
  return %r : tensor<2x64x128xf32>
}
