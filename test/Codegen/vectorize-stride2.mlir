// RUN: %nxc-opt %s --pass-pipeline='builtin.module(func.func(nxc-vectorize),canonicalize,cse)' | FileCheck %s

// A stride-2 slice along the innermost dim (the odd half of an associative
// scan here): two contiguous reads of the source, 2j+1 and 2j+1+15, then one
// deinterleaving shuffle, not 16 scalar loads.
// CHECK-LABEL: func.func @odd
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: %[[J2:.*]] = arith.muli %[[J]], %{{.*}} : index
// CHECK: %[[START:.*]] = arith.addi %[[J2]], %{{.*}} : index
// CHECK: %[[LO:.*]] = vector.transfer_read %arg0[%[[I]], %[[START]]], %{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<16xf32>
// CHECK: %[[START2:.*]] = arith.addi %[[J2]], %{{.*}} : index
// CHECK: %[[HI:.*]] = vector.transfer_read %arg0[%[[I]], %[[START2]]], %{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<16xf32>
// CHECK: vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31] : vector<16xf32>, vector<16xf32>
// CHECK-NOT: tensor.extract_slice %arg0
func.func @odd(%a: tensor<4x64xf32>) -> tensor<4x32xf32> {
  %s = tensor.extract_slice %a[0, 1] [4, 32] [1, 2] : tensor<4x64xf32> to tensor<4x32xf32>
  %0 = tensor.empty() : tensor<4x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<4x32xf32>) outs(%0 : tensor<4x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}
