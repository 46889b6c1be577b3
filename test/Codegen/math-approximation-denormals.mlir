// RUN: %nxc-opt %s --nxc-math-approximation="exact-below=0" | FileCheck %s

// f32 log and exp are scaled into the normal range first, so that denormal
// inputs (log) and results (exp) are not flushed; then both are polynomials.

// CHECK-LABEL: func.func @log_f32
// CHECK-DAG: %[[MIN:.*]] = arith.constant dense<1.17549435E-38> : vector<8xf32>
// CHECK-DAG: %[[TWO32:.*]] = arith.constant dense<4.2949673E+9> : vector<8xf32>
// CHECK-DAG: %[[OFF:.*]] = arith.constant dense<22.1807098> : vector<8xf32>
// CHECK: %[[SMALL:.*]] = arith.cmpf olt, %arg0, %[[MIN]]
// CHECK: %[[SCALED:.*]] = arith.mulf %arg0, %[[TWO32]] : vector<8xf32>
// CHECK: arith.select %[[SMALL]], %[[SCALED]], %arg0
// CHECK-NOT: math.log
// CHECK: %[[SUB:.*]] = arith.select %[[SMALL]], %[[OFF]], %{{.*}} : vector<8xi1>, vector<8xf32>
// CHECK: %[[R:.*]] = arith.subf %{{.*}}, %[[SUB]] : vector<8xf32>
// CHECK: return %[[R]]
func.func @log_f32(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.log %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// CHECK-LABEL: func.func @exp_f32
// CHECK-DAG: %[[LIM:.*]] = arith.constant -87.3365478 : f32
// CHECK-DAG: %[[INV:.*]] = arith.constant 2.32830644E-10 : f32
// CHECK: %[[SMALL:.*]] = arith.cmpf olt, %arg0, %[[LIM]] : f32
// CHECK: arith.select %[[SMALL]]
// CHECK-NOT: math.exp
// CHECK: %[[SCALE:.*]] = arith.select %[[SMALL]], %[[INV]], %{{.*}} : f32
// CHECK: %[[R:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK: return %[[R]]
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// f64 math is left to libm, unguarded.
// CHECK-LABEL: func.func @exp_f64
// CHECK-NEXT: math.exp
// CHECK-NEXT: return
func.func @exp_f64(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}
