// RUN: %nxc-opt %s --nxc-math-approximation | FileCheck %s

// Math computing fewer than 256 elements per call (vector lanes times the
// constant trip counts of the loops around it) stays a math op, for libm:
// glibc's f32 functions round as Nx's double math rounded once does. Larger
// work, or a loop with unknown trip count, gets the vector polynomials.
// CHECK-LABEL: func.func @small
// CHECK: math.exp %{{.*}} : vector<8xf32>
// CHECK: math.tanh %{{.*}} : f32
// CHECK-NOT: math.fma
// CHECK: return
func.func @small(%x: vector<8xf32>, %s: f32) -> (vector<8xf32>, f32) {
  %0 = math.exp %x : vector<8xf32>
  %1 = math.tanh %s : f32
  return %0, %1 : vector<8xf32>, f32
}

// 8 lanes x 64 iterations = 512 elements per call: approximated.
// CHECK-LABEL: func.func @in_loop
// CHECK: scf.for
// CHECK-NOT: math.exp
// CHECK: return
func.func @in_loop(%m: memref<512xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c512 = arith.constant 512 : index
  %p = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c512 step %c8 {
    %v = vector.transfer_read %m[%i], %p {in_bounds = [true]} : memref<512xf32>, vector<8xf32>
    %e = math.exp %v : vector<8xf32>
    vector.transfer_write %e, %m[%i] {in_bounds = [true]} : vector<8xf32>, memref<512xf32>
  }
  return
}

// 8 lanes x 16 iterations = 128: libm.
// CHECK-LABEL: func.func @short_loop
// CHECK: math.log %{{.*}} : vector<8xf32>
func.func @short_loop(%m: memref<128xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c128 = arith.constant 128 : index
  %p = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c128 step %c8 {
    %v = vector.transfer_read %m[%i], %p {in_bounds = [true]} : memref<128xf32>, vector<8xf32>
    %e = math.log %v : vector<8xf32>
    vector.transfer_write %e, %m[%i] {in_bounds = [true]} : vector<8xf32>, memref<128xf32>
  }
  return
}

// Unknown trip count: approximated.
// CHECK-LABEL: func.func @dynamic
// CHECK-NOT: math.exp
// CHECK: return
func.func @dynamic(%m: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %p = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c8 {
    %v = vector.transfer_read %m[%i], %p {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
    %e = math.exp %v : vector<8xf32>
    vector.transfer_write %e, %m[%i] {in_bounds = [true]} : vector<8xf32>, memref<?xf32>
  }
  return
}
