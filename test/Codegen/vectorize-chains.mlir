// RUN: %nxc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=16 mr=8 nr=32}))' | FileCheck %s
// RUN: %nxc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(nxc-vectorize{vector-width=8 mr=6 nr=16}))' | FileCheck %s --check-prefix=AVX2

// Elementwise bodies with math take several vectors per loop step, their
// dependency chains interleaved: exp two, tanh (two polynomials and a
// division) four where there are 32 registers (vector width 16), two on
// AVX2's 16 registers.
// CHECK-LABEL: func.func @exp_chain
// CHECK: scf.for %{{.*}} = %c0 to %c1024 step %c32
// CHECK: math.exp %{{.*}} : vector<32xf32>
// AVX2-LABEL: func.func @exp_chain
// AVX2: math.exp %{{.*}} : vector<16xf32>
#map = affine_map<(d0) -> (d0)>
func.func @exp_chain(%a: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = tensor.empty() : tensor<1024xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%a : tensor<1024xf32>) outs(%0 : tensor<1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %2 = math.exp %x : f32
    linalg.yield %2 : f32
  } -> tensor<1024xf32>
  return %1 : tensor<1024xf32>
}

// -----

// CHECK-LABEL: func.func @tanh_chain
// CHECK: scf.for %{{.*}} = %c0 to %c1024 step %c64
// CHECK: math.tanh %{{.*}} : vector<64xf32>
// AVX2-LABEL: func.func @tanh_chain
// AVX2: math.tanh %{{.*}} : vector<16xf32>
#map = affine_map<(d0) -> (d0)>
func.func @tanh_chain(%a: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = tensor.empty() : tensor<1024xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%a : tensor<1024xf32>) outs(%0 : tensor<1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.mulf %x, %x : f32
    %2 = math.tanh %m : f32
    linalg.yield %2 : f32
  } -> tensor<1024xf32>
  return %1 : tensor<1024xf32>
}
