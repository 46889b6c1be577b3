// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize))' | FileCheck %s

// 20 x 40 = (16 + 4) x (32 + 8) with 8 x 32 register tiles: columns split at
// 32, then each part's rows at 16, so the bulk keeps full 8 x 32 tiles and
// the rest gets 4-row and 8-column tiles, every one starting from the fill's
// zero in registers (no linalg.fill left). Before, the tiles were the widest
// that divide (5 x 20), and 1000 columns got 8 x 25 tiles at 2.6 GFLOP/s.
// CHECK-LABEL: func.func @matmul_odd
// CHECK-NOT: linalg.fill
// CHECK: tensor.extract_slice %arg1[0, 0] [64, 32] [1, 1] : tensor<64x40xf32> to tensor<64x32xf32>
// CHECK: tensor.extract_slice %arg0[0, 0] [16, 64] [1, 1] : tensor<20x64xf32> to tensor<16x64xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: vector.contract {{.*}} vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: tensor.extract_slice %arg0[16, 0] [4, 64] [1, 1] : tensor<20x64xf32> to tensor<4x64xf32>
// CHECK: vector.contract {{.*}} vector<4x1xf32>, vector<1x32xf32> into vector<4x32xf32>
// CHECK: tensor.extract_slice %arg1[0, 32] [64, 8] [1, 1] : tensor<64x40xf32> to tensor<64x8xf32>
// CHECK: vector.contract {{.*}} vector<8x1xf32>, vector<1x8xf32> into vector<8x8xf32>
// CHECK: vector.contract {{.*}} vector<4x1xf32>, vector<1x8xf32> into vector<4x8xf32>
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @matmul_odd(%a: tensor<20x64xf32>, %b: tensor<64x40xf32>) -> tensor<20x40xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<20x40xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<20x40xf32>) -> tensor<20x40xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<20x64xf32>, tensor<64x40xf32>) outs(%1 : tensor<20x40xf32>) -> tensor<20x40xf32>
  return %2 : tensor<20x40xf32>
}

// 60 columns: 32, then 28 = 16 + 12, so no tile row is a vector and a
// ragged piece (a 28-wide row; attention with 60-wide heads ran 4.6x slower).
// CHECK-LABEL: func.func @matmul_60
// CHECK: vector.contract {{.*}} into vector<8x32xf32>
// CHECK: vector.contract {{.*}} into vector<8x16xf32>
// CHECK: vector.contract {{.*}} into vector<8x12xf32>
// CHECK-NOT: vector<8x28xf32>
// CHECK: return
func.func @matmul_60(%a: tensor<8x16xf32>, %b: tensor<16x60xf32>) -> tensor<8x60xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<8x60xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x60xf32>) -> tensor<8x60xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x60xf32>) outs(%1 : tensor<8x60xf32>) -> tensor<8x60xf32>
  return %2 : tensor<8x60xf32>
}
