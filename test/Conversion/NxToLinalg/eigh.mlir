// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nx-compute-in-double),convert-nx-to-linalg)' | FileCheck %s

// eigh computes in f64 (nx-compute-in-double) and rounds both results once;
// the QR iterations are an scf.while that stops after max_iter steps or when
// no eigenvector entry moved by more than eps (unordered-or-less-equal: NaN
// counts as settled, as in Nx); products are separate mulf/addf (no FMA).
// CHECK-LABEL: func.func @eigh
// CHECK:         arith.extf %{{.*}} : f32 to f64
// CHECK:         %[[W:.*]]:4 = scf.while (%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (index, tensor<3x3xf64>, tensor<3x3xf64>, i1)
// CHECK:           %[[MORE:.*]] = arith.cmpi slt, %{{.*}}, %c1000
// CHECK:           scf.condition
// CHECK:         } do {
// CHECK:           arith.mulf %{{.*}} : f64
// CHECK-NEXT:      arith.addf %{{.*}} : f64
// CHECK:           arith.cmpf ule, %{{.*}}, %cst{{.*}} : f64
// CHECK:           scf.yield
// CHECK:         arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT:     math.fma
func.func @eigh(%a: tensor<3x3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>) {
  %v, %e = nx.eigh %a {eps = 1.0e-4 : f64, max_iter = 1000 : i64} : (tensor<3x3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>)
  return %v, %e : tensor<3xf32>, tensor<3x3xf32>
}
