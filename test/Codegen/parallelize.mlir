// RUN: %nxc-opt %s --nxc-parallelize='min-work=1000' | FileCheck %s

// A marked loop over rows becomes a task over [begin, end) of its
// iterations; the memrefs it uses travel in a stack struct as their LLVM
// descriptors, constants are cloned into the task.
// CHECK-LABEL: func.func @rows
// CHECK-SAME: (%[[A:.*]]: memref<64x32xf32>, %[[B:.*]]: memref<64x32xf32>)
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[ENV:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)>
// CHECK: %[[DA:.*]] = builtin.unrealized_conversion_cast %[[A]] : memref<64x32xf32> to !llvm.struct
// CHECK: %[[PA:.*]] = llvm.getelementptr %[[ENV]][0, 0]
// CHECK: llvm.store %[[DA]], %[[PA]]
// CHECK: %[[PB:.*]] = llvm.getelementptr %[[ENV]][0, 1]
// CHECK: llvm.store %{{.*}}, %[[PB]]
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[F:.*]] = constant @rows_par : (!llvm.ptr, i64, i64) -> ()
// CHECK: %[[FP:.*]] = builtin.unrealized_conversion_cast %[[F]]
// CHECK: call @__nxc_parallel_for(%[[FP]], %[[ENV]], %[[N]])
// CHECK-NOT: scf.for
// CHECK: return
func.func @rows(%a: memref<64x32xf32>, %b: memref<64x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<64x32xf32>, vector<32xf32>
    %e = math.exp %v : vector<32xf32>
    vector.transfer_write %e, %b[%i, %c0] {in_bounds = [true]} : vector<32xf32>, memref<64x32xf32>
  } {nxc.parallel = 2048 : i64}
  return
}

// The task: captures loaded back, iterations lb + [begin, end) * step.
// CHECK-LABEL: func.func private @rows_par
// CHECK-SAME: (%[[E:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[E]][0, 0]
// CHECK: %[[D0:.*]] = llvm.load %[[P0]]
// CHECK: builtin.unrealized_conversion_cast %[[D0]] : !llvm.struct<{{.*}}> to memref<64x32xf32>
// CHECK: arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for
// CHECK: math.exp
// CHECK-NOT: nxc.parallel
// CHECK: return

// Too little work: left alone, mark dropped.
// CHECK-LABEL: func.func @small
// CHECK: scf.for
// CHECK-NOT: nxc.parallel
// CHECK-NOT: call @__nxc_parallel_for
func.func @small(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %x = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %x, %a[%i] : memref<4xf32>
  } {nxc.parallel = 4 : i64}
  return
}

// A row temporary allocated and freed in each iteration is allocated once
// around the loop (in a task: once per chunk).
// CHECK-LABEL: func.func @temporaries
// CHECK: %[[T:.*]] = memref.alloc() : memref<32xf32>
// CHECK-NEXT: scf.for
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// CHECK: vector.transfer_write %{{.*}}, %arg0{{.*}}memref<4x32xf32>{{$}}
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[T]]
func.func @temporaries(%a: memref<4x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<32xf32>
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<4x32xf32>, vector<32xf32>
    vector.transfer_write %v, %t[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
    %w = vector.transfer_read %t[%c0], %pad {in_bounds = [true]} : memref<32xf32>, vector<32xf32>
    vector.transfer_write %w, %a[%i, %c0] {in_bounds = [true]} : vector<32xf32>, memref<4x32xf32>
    memref.dealloc %t : memref<32xf32>
  }
  return
}

// The dispatcher: the runtime's pool when linked (a weak symbol), else the
// task over every iteration on this thread.
// CHECK: llvm.func extern_weak @nxc_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK-LABEL: func.func private @__nxc_parallel_for
// CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @nxc_parallel_for
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[MISSING:.*]] = llvm.icmp "eq" %[[ADDR]], %[[NULL]]
// CHECK: scf.if %[[MISSING]]
// CHECK: llvm.call %{{.*}}(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK: else
// CHECK: llvm.call @nxc_parallel_for(
