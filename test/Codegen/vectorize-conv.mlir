// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// A float convolution (tagged nxc.conv by the nx-to-linalg lowering) whose
// innermost spatial dim has stride 1: blocks of 8 filters x 16 output
// columns, 8 vector accumulators carried through the c and window loops;
// each tap reads one input vector and does 8 FMAs with broadcast weights,
// read from the kernel packed per block of 8 filters ([1, 3, 3, 3, 8]: one
// cache line per tap), packed as the transpose of [8, 27] into [27, 8] in
// vector tiles.
// CHECK-LABEL: func.func @conv
// CHECK: %[[KC:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<8x3x3x3xf32> into tensor<8x27xf32>
// CHECK: tensor.expand_shape %[[KC]] {{\[}}[0, 1], [2]] output_shape [1, 8, 27] : tensor<8x27xf32> into tensor<1x8x27xf32>
// CHECK: scf.for {{.*}} -> (tensor<1x27x8xf32>)
// CHECK: %[[KP:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4]] output_shape [1, 3, 3, 3, 8] : tensor<1x27x8xf32> into tensor<1x3x3x3x8xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x8x4x16xf32>)
// CHECK-COUNT-8: vector.transfer_read %[[OUT]]{{.*}} : tensor<1x8x4x16xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[X:.*]] = vector.transfer_read %{{.*}} {in_bounds = [true]} : tensor<1x3x6x18xf32>, vector<16xf32>
// CHECK: %[[K:.*]] = tensor.extract %[[KP]]{{.*}} : tensor<1x3x3x3x8xf32>
// CHECK: %[[KB:.*]] = vector.broadcast %[[K]] : f32 to vector<16xf32>
// CHECK: vector.fma %[[KB]], %[[X]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-7: vector.fma %{{.*}}, %[[X]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-8: vector.transfer_write
func.func @conv(%x: tensor<1x3x6x18xf32>, %k: tensor<8x3x3x3xf32>, %init: tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<1x3x6x18xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x4x16xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x16xf32>
  return %r : tensor<1x8x4x16xf32>
}

// -----

// Stride 2 along the innermost spatial dim (a CNN's downsampling): the same
// register blocks; each tap reads 16 every-other input columns as two
// vector loads 15 apart and one deinterleaving shuffle, shared by the 8
// filters.
// CHECK-LABEL: func.func @conv_stride2
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: %[[V1:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[AT:.*]]], %{{.*}} {in_bounds = [true]} : tensor<1x3x6x33xf32>, vector<16xf32>
// CHECK: %[[AT15:.*]] = arith.addi %[[AT]], %c15 : index
// CHECK: %[[V2:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[AT15]]], %{{.*}} {in_bounds = [true]} : tensor<1x3x6x33xf32>, vector<16xf32>
// CHECK: %[[X:.*]] = vector.shuffle %[[V1]], %[[V2]] [0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK-COUNT-8: vector.fma %{{.*}}, %[[X]], %{{.*}} : vector<16xf32>
func.func @conv_stride2(%x: tensor<1x3x6x33xf32>, %k: tensor<8x3x3x3xf32>, %init: tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 * 2 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<1x3x6x33xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x4x16xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x16xf32>
  return %r : tensor<1x8x4x16xf32>
}

// -----

// 24 output columns: one 16-wide segment, then an 8-wide one; 16 filters per
// block (16 accumulators fit AVX-512's 32 registers).
// (The single-trip column and filter loops fold away.)
// CHECK-LABEL: func.func @conv_tail
// CHECK-COUNT-16: vector.transfer_read %{{.*}} : tensor<1x16x2x24xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-16: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x16x2x24xf32>
// CHECK-COUNT-16: vector.transfer_read %{{.*}} : tensor<1x16x2x24xf32>, vector<8xf32>
// CHECK: vector.fma %{{.*}} : vector<8xf32>
func.func @conv_tail(%x: tensor<1x3x4x26xf32>, %k: tensor<16x3x3x3xf32>, %init: tensor<1x16x2x24xf32>) -> tensor<1x16x2x24xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<1x3x4x26xf32>, tensor<16x3x3x3xf32>) outs(%init : tensor<1x16x2x24xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x2x24xf32>
  return %r : tensor<1x16x2x24xf32>
}

// -----

// Padded input and a zero-filled output, as nx-to-linalg lowers a conv with
// padding 1. The output's fill is not written: the 8 accumulators start as
// zero vectors in registers (no transfer_read of the output). The padded
// input's fill (rows of 18, no vector width divides them) is done flat, over
// the whole 1x3x6x18 tensor viewed as 324 floats: 20 vectors of 16, then one
// of 4.
// CHECK-LABEL: func.func @conv_padded
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x3x6x18xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[E]] {{\[}}[0, 1, 2, 3]] : tensor<1x3x6x18xf32> into tensor<324xf32>
// CHECK: %[[MAIN:.*]] = tensor.extract_slice %[[FLAT]][0] [320] [1]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[MAIN]]) -> (tensor<320xf32>)
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<4xf32>, tensor<4xf32>
// CHECK: tensor.expand_shape
// CHECK-NOT: linalg.fill
// CHECK-NOT: vector.transfer_read %{{.*}} : tensor<1x8x4x16xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.fma
// CHECK-COUNT-8: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x8x4x16xf32>
func.func @conv_padded(%x: tensor<1x3x4x16xf32>, %k: tensor<8x3x3x3xf32>) -> tensor<1x8x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %pe = tensor.empty() : tensor<1x3x6x18xf32>
  %pf = linalg.fill ins(%zero : f32) outs(%pe : tensor<1x3x6x18xf32>) -> tensor<1x3x6x18xf32>
  %p = tensor.insert_slice %x into %pf[0, 0, 1, 1] [1, 3, 4, 16] [1, 1, 1, 1] : tensor<1x3x4x16xf32> into tensor<1x3x6x18xf32>
  %oe = tensor.empty() : tensor<1x8x4x16xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%p, %k : tensor<1x3x6x18xf32>, tensor<8x3x3x3xf32>) outs(%of : tensor<1x8x4x16xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x16xf32>
  return %r : tensor<1x8x4x16xf32>
}

// -----

// A batch of two padded images: the padding is built per image inside the
// batch loop (marked parallel), from an image-sized empty whose border strips
// (rows 0 and 5, columns 0 and 17 of rows 1-4) are filled and whose interior
// is the image; the taps read that image, at batch index 0. No padded copy of
// the whole batch is made.
// CHECK-LABEL: func.func @conv_padded_batch
// CHECK-NOT: tensor<2x3x6x18xf32>
// CHECK: scf.for %[[N:.*]] = %c0 to %c2 step %c1
// CHECK: %[[IMG:.*]] = tensor.empty() : tensor<1x3x6x18xf32>
// CHECK: linalg.fill {{.*}} -> tensor<1x3x1x18xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[IMG]][0, 0, 0, 0] [1, 3, 1, 18]
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 5, 0] [1, 3, 1, 18]
// CHECK: linalg.fill {{.*}} -> tensor<1x3x4x1xf32>
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 1, 0] [1, 3, 4, 1]
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 1, 17] [1, 3, 4, 1]
// CHECK: %[[X:.*]] = tensor.extract_slice %arg0[%[[N]], 0, 0, 0] [1, 3, 4, 16]
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 1, 1] [1, 3, 4, 16]
// CHECK: vector.transfer_read %[[PADDED]][%c0,
// CHECK: vector.fma
// CHECK: } {nxc.parallel
// CHECK-NOT: tensor<2x3x6x18xf32>
// CHECK: return
func.func @conv_padded_batch(%x: tensor<2x3x4x16xf32>, %k: tensor<8x3x3x3xf32>) -> tensor<2x8x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %pe = tensor.empty() : tensor<2x3x6x18xf32>
  %pf = linalg.fill ins(%zero : f32) outs(%pe : tensor<2x3x6x18xf32>) -> tensor<2x3x6x18xf32>
  %p = tensor.insert_slice %x into %pf[0, 0, 1, 1] [2, 3, 4, 16] [1, 1, 1, 1] : tensor<2x3x4x16xf32> into tensor<2x3x6x18xf32>
  %oe = tensor.empty() : tensor<2x8x4x16xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%p, %k : tensor<2x3x6x18xf32>, tensor<8x3x3x3xf32>) outs(%of : tensor<2x8x4x16xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x8x4x16xf32>
  return %r : tensor<2x8x4x16xf32>
}

// -----

// 23 output columns: one full vector of 16, then the 7 left as one 7-wide
// segment (halving widths, 4 + 2 + 1, cost a block each: a 55-wide conv ran
// at 82 GFLOP/s instead of 109).
// CHECK-LABEL: func.func @conv_w23
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.fma {{.*}} : vector<7xf32>
// CHECK-NOT: vector<4xf32>
// CHECK-NOT: vector<2xf32>
// CHECK: return
func.func @conv_w23(%x: tensor<1x3x6x25xf32>, %k: tensor<8x3x3x3xf32>, %init: tensor<1x8x4x23xf32>) -> tensor<1x8x4x23xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<1x3x6x25xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x4x23xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x23xf32>
  return %r : tensor<1x8x4x23xf32>
}

// -----

// A 1x1 convolution: a batch matmul of the kernel (as [o, c], broadcast to
// each image) and each image's pixels (as [c, h * w]), started from the
// output's fill in registers: the matmul's 8 x 32 register tiles.
// CHECK-LABEL: func.func @conv_1x1
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<2x16x4x8xf32> into tensor<2x16x32xf32>
// CHECK: tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<8x16x1x1xf32> into tensor<8x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK: vector.contract {{.*}} vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK-NOT: linalg.fill
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 8]
func.func @conv_1x1(%x: tensor<2x16x4x8xf32>, %k: tensor<8x16x1x1xf32>) -> tensor<2x8x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8x4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x4x8xf32>) -> tensor<2x8x4x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<2x16x4x8xf32>, tensor<8x16x1x1xf32>) outs(%init : tensor<2x8x4x8xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x8x4x8xf32>
  return %r : tensor<2x8x4x8xf32>
}

// -----

// Output rows of 7 (no whole vector) and 32 filters: vectors along the
// filters. The kernel is packed per block of 32 filters; the output is
// viewed as [n, filters, 49 pixels]; blocks of 2 filter vectors x 10 pixels
// (49 = 4 x 10 + 9: a last block of 9, not 1) carry 20 accumulators
// through the c and window loops. Each tap loads the block's two filter
// vectors, and each pixel's input value is broadcast once and used by two
// FMAs. The block is read and written transposed, once per filter vector
// (the write's transpose folds into from_elements).
// CHECK-LABEL: func.func @conv_by_filters
// CHECK: scf.for {{.*}} -> (tensor<1x27x32xf32>)
// CHECK: %[[KP:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4]] output_shape [1, 3, 3, 3, 32] : tensor<1x27x32xf32> into tensor<1x3x3x3x32xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<2x32x7x7xf32> into tensor<2x32x49xf32>
// CHECK: scf.for %[[N:.*]] = %{{.*}} iter_args(%{{.*}} = %[[FLAT]]) -> (tensor<2x32x49xf32>)
// CHECK: scf.for %[[P0:.*]] = %c0 to %c40 step %c10 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x32x49xf32>)
// CHECK: %[[T:.*]] = vector.transfer_read %[[OUT]][%[[N]], %c0, %[[P0]]], %{{.*}} : tensor<2x32x49xf32>, vector<16x10xf32>
// CHECK: vector.transpose %[[T]], [1, 0] : vector<16x10xf32> to vector<10x16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[W0:.*]] = vector.transfer_read %[[KP]][%c0, %{{.*}}, %{{.*}}, %{{.*}}, %c0]{{.*}} : tensor<1x3x3x3x32xf32>, vector<16xf32>
// CHECK: %[[W1:.*]] = vector.transfer_read %[[KP]][%c0, %{{.*}}, %{{.*}}, %{{.*}}, %c16]{{.*}} : tensor<1x3x3x3x32xf32>, vector<16xf32>
// CHECK: %[[X:.*]] = tensor.extract %{{.*}}[%[[N]], {{.*}}] : tensor<2x3x9x9xf32>
// CHECK: %[[XB:.*]] = vector.broadcast %[[X]] : f32 to vector<16xf32>
// CHECK: vector.fma %[[XB]], %[[W0]], %{{.*}} : vector<16xf32>
// CHECK: vector.fma %[[XB]], %[[W1]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-18: vector.fma
// CHECK: %[[R:.*]] = vector.from_elements {{.*}} : vector<16x10xf32>
// CHECK: vector.transfer_write %[[R]], %[[OUT]][%[[N]], %c0, %[[P0]]] {{.*}} : vector<16x10xf32>, tensor<2x32x49xf32>
// CHECK: vector.transfer_write %{{.*}}[%[[N]], %c16, %[[P0]]] {{.*}} : vector<16x10xf32>, tensor<2x32x49xf32>
// CHECK: vector.transfer_read %{{.*}}[%[[N]], %c0, %c40], %{{.*}} : tensor<2x32x49xf32>, vector<16x9xf32>
// CHECK: vector.transfer_write %{{.*}}[%[[N]], %c16, %c40] {{.*}} : vector<16x9xf32>, tensor<2x32x49xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 32, 7, 7] : tensor<2x32x49xf32> into tensor<2x32x7x7xf32>
func.func @conv_by_filters(%x: tensor<2x3x9x9xf32>, %k: tensor<32x3x3x3xf32>, %init: tensor<2x32x7x7xf32>) -> tensor<2x32x7x7xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<2x3x9x9xf32>, tensor<32x3x3x3xf32>) outs(%init : tensor<2x32x7x7xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x32x7x7xf32>
  return %r : tensor<2x32x7x7xf32>
}

// -----

// One filter per block (depthwise: the input depends on the filter): blocks
// of 4 output rows, one accumulator each, instead of one chain of 9
// dependent FMAs. Each tap reads one input vector per row and broadcasts
// the filter's value once.
// CHECK-LABEL: func.func @conv_depthwise
// CHECK: scf.for %[[O:.*]] = %c0 to %c4 step %c1 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x4x4x16xf32>)
// CHECK-COUNT-4: vector.transfer_read %[[OUT]]{{.*}} : tensor<1x4x4x16xf32>, vector<16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-4: vector.transfer_read %{{.*}}[%c0, %[[O]], %{{.*}}, %{{.*}}], %{{.*}} : tensor<1x4x6x18xf32>, vector<16xf32>
// CHECK: %[[K:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK-COUNT-4: vector.fma %[[K]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-4: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x4x4x16xf32>
func.func @conv_depthwise(%x: tensor<1x4x6x18xf32>, %k: tensor<4x1x3x3xf32>, %init: tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d3 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %k : tensor<1x4x6x18xf32>, tensor<4x1x3x3xf32>) outs(%init : tensor<1x4x4x16xf32>) attrs = {nxc.conv} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x16xf32>
  return %r : tensor<1x4x4x16xf32>
}
