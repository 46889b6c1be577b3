// RUN: %nxc-opt %s -split-input-file --nxc-linalg-to-llvm | FileCheck %s

// The whole linalg-on-tensors -> LLVM dialect pipeline (Pipeline.cpp), with
// the default (AVX-512) schedule of the nxc-opt registration: vector width
// 16, matmul register tile 8 x 32.

// A register-blocked matmul: fused multiply-adds on whole vectors (the
// 32-column tile; LLVM splits it into vector registers later).
// CHECK-LABEL: llvm.func @matmul
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr,
// CHECK-SAME: attributes {nxc.workspace_size = 0 : i64}
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> vector<{{16|32|64}}xf32>
// CHECK: llvm.intr.{{fmuladd|fma}}(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<[[W:16|32|64]]xf32>, vector<[[W]]xf32>, vector<[[W]]xf32>) -> vector<[[W]]xf32>
// CHECK: llvm.store %{{.*}}, %{{.*}} {{.*}}: vector<{{16|32|64}}xf32>, !llvm.ptr
// CHECK: llvm.return
// Nothing above the LLVM dialect is left.
// CHECK-NOT: {{linalg|vector|memref|scf|arith|math|tensor}}.
func.func @matmul(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>) -> tensor<16x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<16x64xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<16x64xf32>) -> tensor<16x64xf32>
  %2 = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%1 : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %2 : tensor<16x64xf32>
}

// -----

// An elementwise op: one vector<16xf32> load per operand, fadd, store.
// CHECK-LABEL: llvm.func @add
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr,
// CHECK: %[[X:.*]] = llvm.load %{{.*}} : !llvm.ptr -> vector<16xf32>
// CHECK: %[[Y:.*]] = llvm.load %{{.*}} : !llvm.ptr -> vector<16xf32>
// CHECK: %[[S:.*]] = llvm.fadd %[[X]], %[[Y]] : vector<16xf32>
// CHECK: llvm.store %[[S]], %{{.*}} : vector<16xf32>, !llvm.ptr
// CHECK-NOT: llvm.fadd
// CHECK: llvm.return
#map = affine_map<(d0) -> (d0)>
func.func @add(%a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<16xf32> {
  %0 = tensor.empty() : tensor<16xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]} ins(%a, %b : tensor<16xf32>, tensor<16xf32>) outs(%0 : tensor<16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %2 = arith.addf %x, %y : f32
    linalg.yield %2 : f32
  } -> tensor<16xf32>
  return %1 : tensor<16xf32>
}

// -----

// A temporary that cannot be written in place ends up in the caller's
// workspace: a trailing i8 buffer argument and a non-zero size.
// CHECK-LABEL: llvm.func @temporary
// CHECK-SAME: attributes {nxc.workspace_size = {{[1-9][0-9]*}} : i64}
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.return
func.func @temporary(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<8x8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %2 = linalg.matmul ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %3 = linalg.matmul ins(%2, %2 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %4 = linalg.matmul ins(%3, %2 : tensor<8x8xf32>, tensor<8x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %4 : tensor<8x8xf32>
}

// -----

// math.exp becomes a polynomial (nxc-math-approximation), not a libm call.
// CHECK-LABEL: llvm.func @exp
// CHECK-NOT: llvm.call @expf
// CHECK: llvm.return
#map = affine_map<(d0) -> (d0)>
func.func @exp(%a: tensor<16xf32>) -> tensor<16xf32> {
  %0 = tensor.empty() : tensor<16xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%a : tensor<16xf32>) outs(%0 : tensor<16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %2 = math.exp %x : f32
    linalg.yield %2 : f32
  } -> tensor<16xf32>
  return %1 : tensor<16xf32>
}
