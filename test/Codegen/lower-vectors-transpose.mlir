// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-lower-vectors))' | FileCheck %s

// A 16x16 tile transpose (a linalg.transpose vectorized with AVX-512's 16
// lanes) becomes MLIR's 16x16 shuffle network: 4 stages of 16 two-source
// shuffles of vector<16xf32> (unpack 32-bit, unpack 64-bit, two 128-bit lane
// permutes). As one 256-element shuffle LLVM emitted ~280 shuffle
// instructions per tile: a 2048 x 2048 transpose took 2.8 ms, now 1.6.
// CHECK-LABEL: func.func @transpose_16x16
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK-NOT: vector.transpose
func.func @transpose_16x16(%v: vector<16x16xf32>) -> vector<16x16xf32> {
  %t = vector.transpose %v, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
  return %t : vector<16x16xf32>
}

// Other shapes (AVX2's 8x8 tiles, NEON's 4x4) stay one flat shuffle.
// CHECK-LABEL: func.func @transpose_8x8
// CHECK-NOT: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK: vector.shuffle {{.*}} : vector<64xf32>, vector<64xf32>
// CHECK-NOT: vector.transpose
func.func @transpose_8x8(%v: vector<8x8xf32>) -> vector<8x8xf32> {
  %t = vector.transpose %v, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
  return %t : vector<8x8xf32>
}
