// RUN: %nxc-opt %s --nxc-math-approximation="ldexp=true exact-below=0" | FileCheck %s
// RUN: %nxc-opt %s --nxc-math-approximation="exact-below=0" | FileCheck %s --check-prefix=NOLDEXP

// Where ldexp is one instruction (AVX-512 vscalefps), f32 vector exp is
// round(x / ln 2) by the 1.5 * 2^23 shift, a two-step reduction, a degree-6
// polynomial and ldexp: no denormal guard, no clamp of n, NaN kept by the
// unordered clamps of x. n-D vectors go through a 1-D shape_cast.
// CHECK-LABEL: func.func @exp_2d
// CHECK-SAME: (%[[X:.*]]: vector<2x16xf32>)
// CHECK-DAG: %[[LO:.*]] = arith.constant dense<-1.040000e+02> : vector<32xf32>
// CHECK-DAG: %[[HI:.*]] = arith.constant dense<8.900000e+01> : vector<32xf32>
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant dense<0x4B400000> : vector<32xf32>
// CHECK-DAG: %[[SHIFTI:.*]] = arith.constant dense<1262485504> : vector<32xi32>
// CHECK: %[[F:.*]] = vector.shape_cast %[[X]] : vector<2x16xf32> to vector<32xf32>
// CHECK: %[[GE:.*]] = arith.cmpf uge, %[[F]], %[[LO]]
// CHECK: %[[C1:.*]] = arith.select %[[GE]], %[[F]], %[[LO]]
// CHECK: %[[LE:.*]] = arith.cmpf ule, %[[C1]], %[[HI]]
// CHECK: %[[C2:.*]] = arith.select %[[LE]], %[[C1]], %[[HI]]
// CHECK: %[[T:.*]] = math.fma %[[C2]], %{{.*}}, %[[SHIFT]]
// CHECK: %[[N:.*]] = arith.subf %[[T]], %[[SHIFT]]
// CHECK: %[[TI:.*]] = arith.bitcast %[[T]] : vector<32xf32> to vector<32xi32>
// CHECK: %[[NI:.*]] = arith.subi %[[TI]], %[[SHIFTI]]
// CHECK: %[[R1:.*]] = math.fma %[[N]], %{{.*}}, %[[C2]]
// CHECK: %[[R:.*]] = math.fma %[[N]], %{{.*}}, %[[R1]]
// CHECK-COUNT-6: math.fma %{{.*}}, %[[R]], %{{.*}}
// CHECK: %[[E:.*]] = llvm.call_intrinsic "llvm.ldexp"(%{{.*}}, %[[NI]]) : (vector<32xf32>, vector<32xi32>) -> vector<32xf32>
// CHECK: %[[OUT:.*]] = vector.shape_cast %[[E]] : vector<32xf32> to vector<2x16xf32>
// CHECK: return %[[OUT]]
// NOLDEXP-LABEL: func.func @exp_2d
// NOLDEXP-NOT: llvm.call_intrinsic
// NOLDEXP: return
func.func @exp_2d(%x: vector<2x16xf32>) -> vector<2x16xf32> {
  %0 = math.exp %x : vector<2x16xf32>
  return %0 : vector<2x16xf32>
}

// Scalars and f64 keep the generic lowering.
// CHECK-LABEL: func.func @exp_scalar_f64
// CHECK-NOT: llvm.call_intrinsic
// CHECK: return
func.func @exp_scalar_f64(%s: f32, %d: vector<4xf64>) -> (f32, vector<4xf64>) {
  %0 = math.exp %s : f32
  %1 = math.exp %d : vector<4xf64>
  return %0, %1 : f32, vector<4xf64>
}
