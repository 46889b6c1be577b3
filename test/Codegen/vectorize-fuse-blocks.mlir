// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s

// Attention, softmax(Q K^T) V, with 2 x 256 x 1024 scores (2 MiB): the second
// batch matmul is tiled by one batch entry and 128 rows, and the chain that
// computes its LHS (the first batch matmul, the max, exp, sum and division)
// is fused into that loop nest, so a block's 128 x 1024 scores stay in cache.
// K^T, which every block reads whole, is transposed once before the loop.
// Inside, the softmax is row-fused (fuseRows runs on nested blocks too).
// CHECK-LABEL: func.func @attention
// CHECK: scf.for {{.*}} -> (tensor<2x64x1024xf32>)
// CHECK: permutation_map
// CHECK-NOT: tensor<2x256x1024xf32>
// CHECK: scf.for %[[B:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[M:.*]] = %c0 to %c256 step %c128
// CHECK: tensor.extract_slice %{{.*}}[%[[B]], %[[M]], 0] [1, 128, 64]
// CHECK: scf.for {{.*}} -> (tensor<128x1024xf32>)
// CHECK: vector.contract
// CHECK: scf.for {{.*}} = %c0 to %c128 step %c1 {{.*}} -> (tensor<1x128x1024xf32>)
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: scf.for {{.*}} -> (tensor<128x64xf32>)
// CHECK: vector.contract
// CHECK: tensor.insert_slice %{{.*}}[%[[B]], %[[M]], 0] [1, 128, 64]
// CHECK: } {nxc.parallel = 33554432 : i64}
// CHECK-NOT: linalg.batch_matmul
// CHECK: return
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @attention(%q: tensor<2x256x64xf32>, %k: tensor<2x1024x64xf32>, %v: tensor<2x1024x64xf32>) -> tensor<2x256x64xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %es = tensor.empty() : tensor<2x256x1024xf32>
  %fs = linalg.fill ins(%zero : f32) outs(%es : tensor<2x256x1024xf32>) -> tensor<2x256x1024xf32>
  %ekt = tensor.empty() : tensor<2x64x1024xf32>
  %kt = linalg.transpose ins(%k : tensor<2x1024x64xf32>) outs(%ekt : tensor<2x64x1024xf32>) permutation = [0, 2, 1]
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x256x64xf32>, tensor<2x64x1024xf32>) outs(%fs : tensor<2x256x1024xf32>) -> tensor<2x256x1024xf32>
  %er = tensor.empty() : tensor<2x256xf32>
  %fm = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x256xf32>) -> tensor<2x256xf32>
  %max = linalg.reduce { arith.maximumf } ins(%s : tensor<2x256x1024xf32>) outs(%fm : tensor<2x256xf32>) dimensions = [2]
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s, %max : tensor<2x256x1024xf32>, tensor<2x256xf32>) outs(%es : tensor<2x256x1024xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<2x256x1024xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%er : tensor<2x256xf32>) -> tensor<2x256xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<2x256x1024xf32>) outs(%fz : tensor<2x256xf32>) dimensions = [2]
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x256x1024xf32>, tensor<2x256xf32>) outs(%es : tensor<2x256x1024xf32>) {
    ^bb0(%a: f32, %t: f32, %o: f32):
      %y = arith.divf %a, %t : f32
      linalg.yield %y : f32
  } -> tensor<2x256x1024xf32>
  %eo = tensor.empty() : tensor<2x256x64xf32>
  %fo = linalg.fill ins(%zero : f32) outs(%eo : tensor<2x256x64xf32>) -> tensor<2x256x64xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x256x1024xf32>, tensor<2x1024x64xf32>) outs(%fo : tensor<2x256x64xf32>) -> tensor<2x256x64xf32>
  return %o : tensor<2x256x64xf32>
}

// 300 query rows: no multiple of 8 from 64 to 128 divides them, so the
// blocks are 100 rows (the largest divisor from 64 to 128).
// CHECK-LABEL: func.func @attention_300
// CHECK: scf.for %{{.*}} = %c0 to %c300 step %c100
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, %{{.*}}, 0] [1, 100, 64]
// CHECK: math.exp
// CHECK: } {nxc.parallel = {{.*}} : i64}
// CHECK-NOT: linalg.batch_matmul
// CHECK: return
func.func @attention_300(%q: tensor<2x300x64xf32>, %k: tensor<2x1000x64xf32>, %v: tensor<2x1000x64xf32>) -> tensor<2x300x64xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %es = tensor.empty() : tensor<2x300x1000xf32>
  %fs = linalg.fill ins(%zero : f32) outs(%es : tensor<2x300x1000xf32>) -> tensor<2x300x1000xf32>
  %ekt = tensor.empty() : tensor<2x64x1000xf32>
  %kt = linalg.transpose ins(%k : tensor<2x1000x64xf32>) outs(%ekt : tensor<2x64x1000xf32>) permutation = [0, 2, 1]
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x300x64xf32>, tensor<2x64x1000xf32>) outs(%fs : tensor<2x300x1000xf32>) -> tensor<2x300x1000xf32>
  %er = tensor.empty() : tensor<2x300xf32>
  %fm = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x300xf32>) -> tensor<2x300xf32>
  %max = linalg.reduce { arith.maximumf } ins(%s : tensor<2x300x1000xf32>) outs(%fm : tensor<2x300xf32>) dimensions = [2]
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s, %max : tensor<2x300x1000xf32>, tensor<2x300xf32>) outs(%es : tensor<2x300x1000xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<2x300x1000xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%er : tensor<2x300xf32>) -> tensor<2x300xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<2x300x1000xf32>) outs(%fz : tensor<2x300xf32>) dimensions = [2]
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x300x1000xf32>, tensor<2x300xf32>) outs(%es : tensor<2x300x1000xf32>) {
    ^bb0(%a: f32, %t: f32, %o: f32):
      %y = arith.divf %a, %t : f32
      linalg.yield %y : f32
  } -> tensor<2x300x1000xf32>
  %eo = tensor.empty() : tensor<2x300x64xf32>
  %fo = linalg.fill ins(%zero : f32) outs(%eo : tensor<2x300x64xf32>) -> tensor<2x300x64xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x300x1000xf32>, tensor<2x1000x64xf32>) outs(%fo : tensor<2x300x64xf32>) -> tensor<2x300x64xf32>
  return %o : tensor<2x300x64xf32>
}

// 128 query rows (BERT's sequences) are one block: the chain runs one batch
// entry (head) at a time, K^T's transpose (16 x 16 tiles) fused in per
// entry too (nothing is computed twice), the head's 64 KiB of scores in
// cache.
// CHECK-LABEL: func.func @attention_128
// CHECK: scf.for %[[B:.*]] = %c0 to %c32 step %c1
// CHECK: tensor.extract_slice %{{.*}}[%[[B]], 0, 0] [1, 128, 64]
// CHECK: %[[KS:.*]] = tensor.extract_slice %{{.*}}[%[[B]], 0, 0] [1, 128, 64]
// CHECK: tensor.extract_slice %[[KS]]{{.*}} [1, 16, 16]
// CHECK: math.exp
// CHECK: } {nxc.parallel = {{.*}} : i64}
// CHECK-NOT: linalg.batch_matmul
// CHECK: return
func.func @attention_128(%q: tensor<32x128x64xf32>, %k: tensor<32x128x64xf32>, %v: tensor<32x128x64xf32>) -> tensor<32x128x64xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %es = tensor.empty() : tensor<32x128x128xf32>
  %fs = linalg.fill ins(%zero : f32) outs(%es : tensor<32x128x128xf32>) -> tensor<32x128x128xf32>
  %ekt = tensor.empty() : tensor<32x64x128xf32>
  %kt = linalg.transpose ins(%k : tensor<32x128x64xf32>) outs(%ekt : tensor<32x64x128xf32>) permutation = [0, 2, 1]
  %s = linalg.batch_matmul ins(%q, %kt : tensor<32x128x64xf32>, tensor<32x64x128xf32>) outs(%fs : tensor<32x128x128xf32>) -> tensor<32x128x128xf32>
  %er = tensor.empty() : tensor<32x128xf32>
  %fm = linalg.fill ins(%ninf : f32) outs(%er : tensor<32x128xf32>) -> tensor<32x128xf32>
  %max = linalg.reduce { arith.maximumf } ins(%s : tensor<32x128x128xf32>) outs(%fm : tensor<32x128xf32>) dimensions = [2]
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s, %max : tensor<32x128x128xf32>, tensor<32x128xf32>) outs(%es : tensor<32x128x128xf32>) {
    ^bb0(%a: f32, %m: f32, %o: f32):
      %d = arith.subf %a, %m : f32
      %y = math.exp %d : f32
      linalg.yield %y : f32
  } -> tensor<32x128x128xf32>
  %fz = linalg.fill ins(%zero : f32) outs(%er : tensor<32x128xf32>) -> tensor<32x128xf32>
  %sum = linalg.reduce { arith.addf } ins(%ex : tensor<32x128x128xf32>) outs(%fz : tensor<32x128xf32>) dimensions = [2]
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<32x128x128xf32>, tensor<32x128xf32>) outs(%es : tensor<32x128x128xf32>) {
    ^bb0(%a: f32, %t: f32, %o: f32):
      %y = arith.divf %a, %t : f32
      linalg.yield %y : f32
  } -> tensor<32x128x128xf32>
  %eo = tensor.empty() : tensor<32x128x64xf32>
  %fo = linalg.fill ins(%zero : f32) outs(%eo : tensor<32x128x64xf32>) -> tensor<32x128x64xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<32x128x128xf32>, tensor<32x128x64xf32>) outs(%fo : tensor<32x128x64xf32>) -> tensor<32x128x64xf32>
  return %o : tensor<32x128x64xf32>
}

// Scores of 1 MiB fit in cache whole: the batch matmuls keep their own
// schedules, with no block loop around the chain.
// CHECK-LABEL: func.func @small_scores
// CHECK-NOT: step %c128
// CHECK: return
func.func @small_scores(%p: tensor<2x128x1024xf32>, %q: tensor<2x128x64xf32>, %k: tensor<2x64x1024xf32>, %v: tensor<2x1024x64xf32>) -> tensor<2x128x64xf32> {
  %zero = arith.constant 0.0 : f32
  %es = tensor.empty() : tensor<2x128x1024xf32>
  %fs = linalg.fill ins(%zero : f32) outs(%es : tensor<2x128x1024xf32>) -> tensor<2x128x1024xf32>
  %s = linalg.batch_matmul ins(%q, %k : tensor<2x128x64xf32>, tensor<2x64x1024xf32>) outs(%fs : tensor<2x128x1024xf32>) -> tensor<2x128x1024xf32>
  %eo = tensor.empty() : tensor<2x128x64xf32>
  %fo = linalg.fill ins(%zero : f32) outs(%eo : tensor<2x128x64xf32>) -> tensor<2x128x64xf32>
  %o = linalg.batch_matmul ins(%s, %v : tensor<2x128x1024xf32>, tensor<2x1024x64xf32>) outs(%fo : tensor<2x128x64xf32>) -> tensor<2x128x64xf32>
  return %o : tensor<2x128x64xf32>
}
