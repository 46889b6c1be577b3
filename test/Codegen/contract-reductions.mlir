// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-contract-reductions))' | FileCheck %s
// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-contract-reductions{fma=false}))' | FileCheck %s --check-prefix=NOFMA

// Without FMA instructions (x86-64-v2) nothing is contracted: llvm.fma would
// be a libm call per lane. The markers go all the same.
// NOFMA-NOT: math.fma
// NOFMA-NOT: nxc.reassociated

// A split reduction's accumulator updated with a product: one FMA, and the
// marker is gone.
// CHECK-LABEL: func.func @sum_of_squares
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<64xf32>)
// CHECK: %[[D:.*]] = arith.subf
// CHECK-NOT: arith.mulf
// CHECK: %[[F:.*]] = math.fma %[[D]], %[[D]], %[[ACC]] : vector<64xf32>
// CHECK-NOT: arith.addf
// CHECK: scf.yield %[[F]]
// CHECK-NOT: nxc.reassociated
func.func @sum_of_squares(%x: memref<16x64xf32>, %m: vector<64xf32>) -> vector<64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant dense<0.0> : vector<64xf32>
  %r = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %z) -> (vector<64xf32>) {
    %v = vector.load %x[%i, %c0] : memref<16x64xf32>, vector<64xf32>
    %d = arith.subf %v, %m : vector<64xf32>
    %sq = arith.mulf %d, %d : vector<64xf32>
    %s = arith.addf %acc, %sq : vector<64xf32>
    scf.yield %s : vector<64xf32>
  } {nxc.reassociated}
  return %r : vector<64xf32>
}

// The product in the tile's rank reaches the accumulator through an extract
// that drops a unit dim: the factors are reshaped instead. The product on
// the left of the add also counts.
// CHECK-LABEL: func.func @through_extract
// CHECK: iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<4x64xf32>)
// CHECK: %[[A:.*]] = vector.shape_cast %{{.*}} : vector<1x4x64xf32> to vector<4x64xf32>
// CHECK: %[[B:.*]] = vector.shape_cast %{{.*}} : vector<1x4x64xf32> to vector<4x64xf32>
// CHECK: math.fma %[[A]], %[[B]], %[[ACC]] : vector<4x64xf32>
func.func @through_extract(%a: vector<1x4x64xf32>, %b: vector<1x4x64xf32>) -> vector<4x64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant dense<0.0> : vector<4x64xf32>
  %r = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %z) -> (vector<4x64xf32>) {
    %p = arith.mulf %a, %b : vector<1x4x64xf32>
    %e = vector.extract %p[0] : vector<4x64xf32> from vector<1x4x64xf32>
    %s = arith.addf %e, %acc : vector<4x64xf32>
    scf.yield %s : vector<4x64xf32>
  } {nxc.reassociated}
  return %r : vector<4x64xf32>
}

// Left alone: a loop not marked (a reduction kept in Nx's order), a product
// with a second use, an f16 accumulator (the FMA would be computed in f32),
// and an add that does not update the loop's own accumulator.
// CHECK-LABEL: func.func @not_contracted
// CHECK-NOT: math.fma
// CHECK: return
func.func @not_contracted(%a: vector<16xf32>, %b: vector<16xf32>,
                          %h: vector<16xf16>, %x: vector<16xf32>)
    -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf16>, vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant dense<0.0> : vector<16xf32>
  %zh = arith.constant dense<0.0> : vector<16xf16>
  %r0 = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %z) -> (vector<16xf32>) {
    %p = arith.mulf %a, %b : vector<16xf32>
    %s = arith.addf %acc, %p : vector<16xf32>
    scf.yield %s : vector<16xf32>
  }
  %r1:2 = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %z, %other = %z) -> (vector<16xf32>, vector<16xf32>) {
    %p = arith.mulf %a, %b : vector<16xf32>
    %s = arith.addf %acc, %p : vector<16xf32>
    %o = arith.addf %other, %p : vector<16xf32>
    scf.yield %s, %o : vector<16xf32>, vector<16xf32>
  } {nxc.reassociated}
  %r2:2 = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %zh, %f = %z) -> (vector<16xf16>, vector<16xf32>) {
    %p = arith.mulf %h, %h : vector<16xf16>
    %s = arith.addf %acc, %p : vector<16xf16>
    %q = arith.mulf %a, %b : vector<16xf32>
    %t = arith.addf %x, %q : vector<16xf32>
    scf.yield %s, %t : vector<16xf16>, vector<16xf32>
  } {nxc.reassociated}
  return %r0, %r1#0, %r1#1, %r2#0, %r2#1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf16>, vector<16xf32>
}
