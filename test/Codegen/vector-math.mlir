// RUN: %nxc-opt %s --nxc-math-approximation="exact-below=0" | FileCheck %s

// Vector f32 transcendentals without an MLIR approximation of Nx's accuracy
// are expanded in place (VectorMath.cpp): computed in f64 with polynomials,
// rounded once. Lanes the fast formula cannot reduce exactly (sin/cos/tan with
// 1e7 < |x| < inf, fmod with a quotient >= 2^50) take a scalar libm call
// inside an scf.if that runs only when some lane needs it.

// CHECK-LABEL: func.func @sin
// CHECK-NOT: math.sin %{{.*}} : vector
// CHECK: arith.extf %{{.*}} : vector<16xf32> to vector<16xf64>
// CHECK: math.fma %{{.*}} : vector<16xf64>
// CHECK: %[[ANY:.*]] = vector.reduction <or>, %{{.*}} : vector<16xi1> into i1
// CHECK: scf.if %[[ANY]] -> (vector<16xf32>)
// CHECK: scf.for
// CHECK: math.sin %{{.*}} : f32
func.func @sin(%x: vector<16xf32>) -> vector<16xf32> {
  %0 = math.sin %x : vector<16xf32>
  return %0 : vector<16xf32>
}

// CHECK-LABEL: func.func @fmod
// CHECK-NOT: arith.remf %{{.*}} : vector
// CHECK: math.trunc %{{.*}} : vector<16xf64>
// CHECK: scf.if
// CHECK: arith.remf %{{.*}}, %{{.*}} : f32
func.func @fmod(%x: vector<16xf32>, %y: vector<16xf32>) -> vector<16xf32> {
  %0 = arith.remf %x, %y : vector<16xf32>
  return %0 : vector<16xf32>
}

// No slow path at all for these: every input has a vector formula.
// CHECK-LABEL: func.func @no_libm
// CHECK-NOT: math.powf
// CHECK-NOT: math.atan2
// CHECK-NOT: math.erfc
// CHECK-NOT: math.cbrt
// CHECK-NOT: math.acosh
// CHECK-NOT: scf.if
// CHECK: return
func.func @no_libm(%x: vector<8xf32>, %y: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %0 = math.powf %x, %y : vector<8xf32>
  %1 = math.atan2 %x, %y : vector<8xf32>
  %2 = math.erfc %x : vector<8xf32>
  %3 = math.cbrt %x : vector<8xf32>
  %4 = math.acosh %x : vector<8xf32>
  return %0, %1, %2, %3, %4 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// Scalars and f64 stay as they are (libm calls later).
// CHECK-LABEL: func.func @scalar_and_f64
// CHECK: math.sin %{{.*}} : f32
// CHECK: math.sin %{{.*}} : vector<4xf64>
func.func @scalar_and_f64(%s: f32, %d: vector<4xf64>) -> (f32, vector<4xf64>) {
  %0 = math.sin %s : f32
  %1 = math.sin %d : vector<4xf64>
  return %0, %1 : f32, vector<4xf64>
}

// pow with a small integer constant exponent becomes multiplications
// (scalars and vectors, any float type); other exponents stay pow.
// CHECK-LABEL: func.func @pow_small_int
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>, %[[S:.*]]: f64)
// CHECK: %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : vector<8xf32>
// CHECK: %[[CUBE:.*]] = arith.mulf %[[S]], %[[S]] : f64
// CHECK: arith.mulf %[[CUBE]], %[[S]] : f64
// CHECK: arith.divf %{{.*}}, %[[X]] : vector<8xf32>
// CHECK: math.powf %[[S]], %{{.*}} : f64
// CHECK: return %[[SQ]]
func.func @pow_small_int(%x: vector<8xf32>, %s: f64) -> (vector<8xf32>, f64, vector<8xf32>, f64) {
  %two = arith.constant dense<2.0> : vector<8xf32>
  %three = arith.constant 3.0 : f64
  %m1 = arith.constant -1.0 : f32
  %m1v = vector.broadcast %m1 : f32 to vector<8xf32>
  %half = arith.constant 2.5 : f64
  %0 = math.powf %x, %two : vector<8xf32>
  %1 = math.powf %s, %three : f64
  %2 = math.powf %x, %m1v : vector<8xf32>
  %3 = math.powf %s, %half : f64
  return %0, %1, %2, %3 : vector<8xf32>, f64, vector<8xf32>, f64
}

// Nx's pow is guarded: NaN when either operand is NaN. Once pow(x, 2) is
// x * x the product already is NaN for a NaN x, so the guard goes; a guard
// that also tests another value, or an op that does not read x, stays.
// CHECK-LABEL: func.func @pow_nan_guard
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>, %[[Y:.*]]: vector<8xf32>)
// CHECK: %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : vector<8xf32>
// CHECK: %[[ISNAN:.*]] = arith.cmpf uno, %[[X]], %{{.*}} : vector<8xf32>
// CHECK: %[[UNO:.*]] = arith.cmpf uno, %[[X]], %[[Y]] : vector<8xf32>
// CHECK: %[[KEPT:.*]] = arith.select %[[UNO]], %{{.*}}, %[[SQ]]
// CHECK: %[[YY:.*]] = arith.mulf %[[Y]], %[[Y]]
// CHECK: %[[KEPT2:.*]] = arith.select %[[ISNAN]], %{{.*}}, %[[YY]]
// CHECK: return %[[SQ]], %[[KEPT]], %[[KEPT2]]
func.func @pow_nan_guard(%x: vector<8xf32>, %y: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %two = arith.constant dense<2.0> : vector<8xf32>
  %nan = arith.constant dense<0x7FC00000> : vector<8xf32>
  %p = math.powf %x, %two : vector<8xf32>
  %isnan = arith.cmpf uno, %x, %two : vector<8xf32>
  %0 = arith.select %isnan, %nan, %p : vector<8xi1>, vector<8xf32>
  %either = arith.cmpf uno, %x, %y : vector<8xf32>
  %1 = arith.select %either, %nan, %p : vector<8xi1>, vector<8xf32>
  %other = arith.mulf %y, %y : vector<8xf32>
  %2 = arith.select %isnan, %nan, %other : vector<8xi1>, vector<8xf32>
  return %0, %1, %2 : vector<8xf32>, vector<8xf32>, vector<8xf32>
}
