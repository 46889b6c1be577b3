// RUN: %nxc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nx-make-explicit),convert-nx-to-linalg)' | FileCheck %s

// Elementwise nx ops become one parallel linalg.generic each, with the scalar
// semantics of Nx (ScalarOps.cpp). Signed/unsigned element types become
// signless; signedness picks the arith op.

// CHECK: #[[ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @add_f32
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<4xf32>
func.func @add_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Signless signature; integer arithmetic.
// CHECK-LABEL: func.func @integer_arith
// CHECK-SAME: (%{{.*}}: tensor<4xi32>, %{{.*}}: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>)
// CHECK: arith.addi
// CHECK: arith.subi
// CHECK: arith.muli
func.func @integer_arith(%a: tensor<4xsi32>, %b: tensor<4xui32>) -> (tensor<4xsi32>, tensor<4xui32>, tensor<4xsi32>) {
  %0 = nx.add %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %1 = nx.subtract %b, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %2 = nx.multiply %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %0, %1, %2 : tensor<4xsi32>, tensor<4xui32>, tensor<4xsi32>
}

// -----

// Implicit broadcasting and conversion (made explicit first) end up as
// separate generics here; linalg-fuse-elementwise-ops merges them later.
// CHECK-DAG: #[[BMAP:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @mixed_add
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: linalg.generic {indexing_maps = [#[[BMAP]], #{{.*}}]
// CHECK: arith.addf
func.func @mixed_add(%a: tensor<2x3xf32>, %b: tensor<3xsi32>) -> tensor<2x3xf32> {
  %0 = nx.add %a, %b : (tensor<2x3xf32>, tensor<3xsi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer division: a zero divisor gives -1, INT_MIN / -1 wraps; the divisor
// is replaced by 1 first so the generated code never traps.
// CHECK-LABEL: func.func @quotient_signed
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[YZ:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i32
// CHECK: %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK: %[[XMIN:.*]] = arith.cmpi eq, %[[X]], %[[MIN]] : i32
// CHECK: %[[OVF:.*]] = arith.andi %[[XMIN]], %{{.*}} : i1
// CHECK: %[[BAD:.*]] = arith.ori %[[YZ]], %[[OVF]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[BAD]], %[[ONE]], %[[Y]] : i32
// CHECK: %[[Q:.*]] = arith.divsi %[[X]], %[[SAFE]] : i32
// CHECK: %[[R:.*]] = arith.select %[[YZ]], %{{.*}}, %[[Q]] : i32
// CHECK: linalg.yield %[[R]]
func.func @quotient_signed(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %0 = nx.quotient %a, %b : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

// CHECK-LABEL: func.func @quotient_unsigned
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[YZ:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[SAFE:.*]] = arith.select %[[YZ]], %{{.*}}, %[[Y]] : i32
// CHECK: %[[Q:.*]] = arith.divui %[[X]], %[[SAFE]] : i32
// CHECK: arith.select %[[YZ]], %{{.*}}, %[[Q]] : i32
// CHECK-NOT: arith.divsi
func.func @quotient_unsigned(%a: tensor<4xui32>, %b: tensor<4xui32>) -> tensor<4xui32> {
  %0 = nx.quotient %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

// Remainder: x % 0 is x.
// CHECK-LABEL: func.func @remainder
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[YZ:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[R:.*]] = arith.remsi %[[X]], %{{.*}} : i32
// CHECK: arith.select %[[YZ]], %[[X]], %[[R]] : i32
// CHECK: ^bb0(%[[U:.*]]: i16, %[[V:.*]]: i16, %{{.*}}: i16):
// CHECK: %[[VZ:.*]] = arith.cmpi eq, %[[V]], %{{.*}} : i16
// CHECK: %[[R2:.*]] = arith.remui %[[U]], %{{.*}} : i16
// CHECK: arith.select %[[VZ]], %[[U]], %[[R2]] : i16
// CHECK: arith.remf %{{.*}}, %{{.*}} : f64
func.func @remainder(%a: tensor<4xsi32>, %b: tensor<4xui16>, %c: tensor<4xf64>) -> (tensor<4xsi32>, tensor<4xui16>, tensor<4xf64>) {
  %0 = nx.remainder %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %1 = nx.remainder %b, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %2 = nx.remainder %c, %c : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0, %1, %2 : tensor<4xsi32>, tensor<4xui16>, tensor<4xf64>
}

// -----

// Comparisons: signed vs unsigned predicates, ordered float predicates
// (not_equal is unordered: NaN != NaN), result 0/1 as u8.
// CHECK-LABEL: func.func @comparisons
// CHECK-SAME: -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>)
// CHECK: %[[C1:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK-NEXT: arith.extui %[[C1]] : i1 to i8
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i64
func.func @comparisons(%a: tensor<4xsi32>, %b: tensor<4xui32>, %f: tensor<4xf32>, %u: tensor<4xui64>)
    -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = nx.less %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xui8>
  %1 = nx.less %b, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui8>
  %2 = nx.less %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
  %3 = nx.not_equal %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xui8>
  %4 = nx.greater_equal %u, %u : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui8>
  return %0, %1, %2, %3, %4 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// -----

// A mixed comparison compares in the merged type: u32 vs s32 in i64, with
// zero extension for the unsigned side and sign extension for the signed.
// CHECK-LABEL: func.func @compare_mixed
// CHECK: arith.extui %{{.*}} : i32 to i64
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i64
func.func @compare_mixed(%a: tensor<4xui32>, %b: tensor<4xsi32>) -> tensor<4xui8> {
  %0 = nx.less %a, %b : (tensor<4xui32>, tensor<4xsi32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// as_type: extension follows the source signedness.
// CHECK-LABEL: func.func @as_type_ints
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK-NOT: arith.
// CHECK: return
func.func @as_type_ints(%a: tensor<4xsi8>, %b: tensor<4xui8>, %c: tensor<4xsi64>, %d: tensor<4xui32>) -> (tensor<4xsi32>, tensor<4xsi32>, tensor<4xsi8>, tensor<4xsi32>) {
  %0 = nx.as_type %a : (tensor<4xsi8>) -> tensor<4xsi32>
  %1 = nx.as_type %b : (tensor<4xui8>) -> tensor<4xsi32>
  %2 = nx.as_type %c : (tensor<4xsi64>) -> tensor<4xsi8>
  // Same width, other signedness: the bits are unchanged.
  %3 = nx.as_type %d : (tensor<4xui32>) -> tensor<4xsi32>
  return %0, %1, %2, %3 : tensor<4xsi32>, tensor<4xsi32>, tensor<4xsi8>, tensor<4xsi32>
}

// -----

// CHECK-LABEL: func.func @as_type_floats
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.uitofp %{{.*}} : i32 to f32
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.extf %{{.*}} : f16 to f64
func.func @as_type_floats(%a: tensor<4xsi32>, %b: tensor<4xui32>, %c: tensor<4xf64>, %d: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf64>) {
  %0 = nx.as_type %a : (tensor<4xsi32>) -> tensor<4xf32>
  %1 = nx.as_type %b : (tensor<4xui32>) -> tensor<4xf32>
  %2 = nx.as_type %c : (tensor<4xf64>) -> tensor<4xf32>
  %3 = nx.as_type %d : (tensor<4xf16>) -> tensor<4xf64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf64>
}

// -----

// Float to int saturates and maps NaN to 0 instead of producing poison.
// CHECK-LABEL: func.func @as_type_float_to_int
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i32):
// CHECK-DAG: %[[LO:.*]] = arith.constant -2.14748365E+9 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 2.14748365E+9 : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %[[X]], %[[LO]] : f32
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X]], %[[HI]] : f32
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[IN]], %[[X]], %{{.*}} : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[SAFE]] : f32 to i32
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[I]] : i32
// CHECK: arith.fptoui %{{.*}} : f64 to i8
func.func @as_type_float_to_int(%a: tensor<4xf32>, %b: tensor<4xf64>) -> (tensor<4xsi32>, tensor<4xui8>) {
  %0 = nx.as_type %a : (tensor<4xf32>) -> tensor<4xsi32>
  %1 = nx.as_type %b : (tensor<4xf64>) -> tensor<4xui8>
  return %0, %1 : tensor<4xsi32>, tensor<4xui8>
}

// -----

// f32 -> bf16 truncates (Nx.BinaryBackend), keeping NaN quiet; int -> bf16
// goes through f32.
// CHECK-LABEL: func.func @as_type_bf16
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: bf16):
// CHECK: %[[BITS:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK: %[[HI:.*]] = arith.shrui %[[BITS]], %{{.*}} : i32
// CHECK: %[[T:.*]] = arith.trunci %[[HI]] : i32 to i16
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[S:.*]] = arith.select %[[NAN]], %{{.*}}, %[[T]] : i16
// CHECK: arith.bitcast %[[S]] : i16 to bf16
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @as_type_bf16(%a: tensor<4xf32>, %b: tensor<4xsi32>) -> (tensor<4xbf16>, tensor<4xbf16>) {
  %0 = nx.as_type %a : (tensor<4xf32>) -> tensor<4xbf16>
  %1 = nx.as_type %b : (tensor<4xsi32>) -> tensor<4xbf16>
  return %0, %1 : tensor<4xbf16>, tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @bitcast
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @bitcast(%a: tensor<4xf32>, %b: tensor<4xsi16>) -> (tensor<4xui32>, tensor<4xbf16>) {
  %0 = nx.bitcast %a : (tensor<4xf32>) -> tensor<4xui32>
  %1 = nx.bitcast %b : (tensor<4xsi16>) -> tensor<4xbf16>
  return %0, %1 : tensor<4xui32>, tensor<4xbf16>
}

// -----

// Shifts: amounts >= the width give 0 (or the sign fill for an arithmetic
// right shift); negative amounts shift the other way.
// CHECK-LABEL: func.func @shifts
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK-DAG: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[W:.*]] = arith.constant 32 : i32
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[Y]], %[[Z]] : i32
// CHECK: %[[BIG:.*]] = arith.cmpi uge, %{{.*}}, %[[W]] : i32
// CHECK: %[[SH:.*]] = arith.shli %[[X]], %{{.*}} : i32
// CHECK: arith.select %[[BIG]], %[[Z]], %[[SH]] : i32
// CHECK: arith.shrsi %[[X]], %{{.*}} : i32
// CHECK: arith.select %[[NEG]]
// Arithmetic right shift, signed:
// CHECK: ^bb0
// CHECK: arith.shrsi
// CHECK: %[[FILL:.*]] = arith.constant 31 : i32
// CHECK: arith.shrsi %{{.*}}, %[[FILL]] : i32
// Logical right shift, unsigned: no negative-amount case.
// CHECK: ^bb0(%[[U:.*]]: i32, %[[V:.*]]: i32, %{{.*}}: i32):
// CHECK-NOT: arith.cmpi slt
// CHECK: %[[UBIG:.*]] = arith.cmpi uge, %[[V]], %{{.*}} : i32
// CHECK: arith.shrui %[[U]], %{{.*}} : i32
// CHECK-NOT: arith.shrsi
// CHECK: linalg.yield
func.func @shifts(%a: tensor<4xsi32>, %b: tensor<4xui32>) -> (tensor<4xsi32>, tensor<4xsi32>, tensor<4xui32>) {
  %0 = nx.left_shift %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %1 = nx.right_shift %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %2 = nx.right_shift %b, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0, %1, %2 : tensor<4xsi32>, tensor<4xsi32>, tensor<4xui32>
}

// -----

// CHECK-LABEL: func.func @bitwise
// CHECK: arith.andi %{{.*}}, %{{.*}} : i8
// CHECK: arith.ori %{{.*}}, %{{.*}} : i8
// CHECK: arith.xori %{{.*}}, %{{.*}} : i8
// bitwise_not is xor with -1.
// CHECK: %[[M:.*]] = arith.constant -1 : i8
// CHECK: arith.xori %{{.*}}, %[[M]] : i8
// CHECK: math.ctpop %{{.*}} : i8
// CHECK: math.ctlz %{{.*}} : i8
func.func @bitwise(%a: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = nx.bitwise_and %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = nx.bitwise_or %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = nx.bitwise_xor %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %3 = nx.bitwise_not %a : (tensor<4xui8>) -> tensor<4xui8>
  %4 = nx.population_count %a : (tensor<4xui8>) -> tensor<4xui8>
  %5 = nx.count_leading_zeros %a : (tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3, %4, %5 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// -----

// max/min: NaN-propagating float ops, signed/unsigned integer ops.
// CHECK-LABEL: func.func @max_min
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.minui %{{.*}}, %{{.*}} : i32
// CHECK: arith.minimumf %{{.*}}, %{{.*}} : f64
func.func @max_min(%f: tensor<4xf32>, %a: tensor<4xsi32>, %b: tensor<4xui32>, %d: tensor<4xf64>) -> (tensor<4xf32>, tensor<4xsi32>, tensor<4xui32>, tensor<4xf64>) {
  %0 = nx.max %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.max %a, %a : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %2 = nx.min %b, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %3 = nx.min %d, %d : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xsi32>, tensor<4xui32>, tensor<4xf64>
}

// -----

// abs of an unsigned value is the value itself; of a signed one max(x, 0 - x)
// (INT_MIN stays INT_MIN, as Nx wraps).
// CHECK-LABEL: func.func @abs
// CHECK: math.absf %{{.*}} : f32
// CHECK: ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[NEG:.*]] = arith.subi %[[ZERO]], %[[X]] : i32
// CHECK: %[[ABS:.*]] = arith.maxsi %[[X]], %[[NEG]] : i32
// CHECK: linalg.yield %[[ABS]] : i32
// CHECK: ^bb0(%[[U:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[U]] : i32
func.func @abs(%f: tensor<4xf32>, %a: tensor<4xsi32>, %b: tensor<4xui32>) -> (tensor<4xf32>, tensor<4xsi32>, tensor<4xui32>) {
  %0 = nx.abs %f : (tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.abs %a : (tensor<4xsi32>) -> tensor<4xsi32>
  %2 = nx.abs %b : (tensor<4xui32>) -> tensor<4xui32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xsi32>, tensor<4xui32>
}

// -----

// Float-valued unary ops convert an integer operand first.
// CHECK-LABEL: func.func @float_unary
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i32 to f32
// CHECK-NEXT: math.exp %[[F]] : f32
// CHECK: math.log %{{.*}} : f64
// CHECK: math.tanh %{{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: math.rsqrt %{{.*}} : f32
// CHECK: math.erf %{{.*}} : f32
// CHECK: math.atan2 %{{.*}}, %{{.*}} : f32
func.func @float_unary(%i: tensor<4xsi32>, %d: tensor<4xf64>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = nx.exp %i : (tensor<4xsi32>) -> tensor<4xf32>
  %1 = nx.log %d : (tensor<4xf64>) -> tensor<4xf64>
  %2 = nx.tanh %f : (tensor<4xf32>) -> tensor<4xf32>
  %3 = nx.sqrt %f : (tensor<4xf32>) -> tensor<4xf32>
  %4 = nx.rsqrt %f : (tensor<4xf32>) -> tensor<4xf32>
  %5 = nx.erf %f : (tensor<4xf32>) -> tensor<4xf32>
  %6 = nx.atan2 %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// sigmoid = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[N:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK: arith.divf %[[ONE]], %[[D]] : f32
func.func @sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.sigmoid %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// pow: NaN in, NaN out for floats; for integers square-and-multiply over
// every bit of the exponent (8 steps for u8, its top bit included), and for
// signed types XLA's value for a negative exponent.
// CHECK-LABEL: func.func @pow
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %{{.*}}, %{{.*}} : f32
// CHECK: %[[P:.*]] = math.powf %{{.*}}, %{{.*}} : f32
// CHECK: %[[Q:.*]] = arith.constant 0x7FC00000 : f32
// CHECK: arith.select %[[NAN]], %[[Q]], %[[P]] : f32
// CHECK-NOT: math.ipowi
// CHECK: ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: i64):
// CHECK-COUNT-64: arith.shrui %[[Y]]
// CHECK: arith.cmpi slt, %[[Y]]
// CHECK: ^bb0(%[[UX:.*]]: i8, %[[UY:.*]]: i8, %{{.*}}: i8):
// CHECK-COUNT-8: arith.shrui %[[UY]]
// CHECK-NOT: arith.cmpi slt
// CHECK: linalg.yield
func.func @pow(%f: tensor<4xf32>, %i: tensor<4xsi64>, %u: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xsi64>, tensor<4xui8>) {
  %0 = nx.pow %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.pow %i, %i : (tensor<4xsi64>, tensor<4xsi64>) -> tensor<4xsi64>
  %2 = nx.pow %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xsi64>, tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @predicates
// CHECK: %[[N:.*]] = arith.cmpf uno, %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: arith.extui %[[N]] : i1 to i8
// CHECK: %[[A:.*]] = math.absf %{{.*}} : f32
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf oeq, %[[A]], %[[INF]] : f32
// An integer is never NaN.
// CHECK: ^bb0(%{{.*}}: i32, %{{.*}}: i8):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i8
// CHECK-NEXT: linalg.yield %[[Z]] : i8
func.func @predicates(%f: tensor<4xf32>, %i: tensor<4xsi32>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = nx.is_nan %f : (tensor<4xf32>) -> tensor<4xui8>
  %1 = nx.is_infinity %f : (tensor<4xf32>) -> tensor<4xui8>
  %2 = nx.is_nan %i : (tensor<4xsi32>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// -----

// Logical ops test each operand against zero in its own type.
// CHECK-LABEL: func.func @logical
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: i32, %{{.*}}: i8):
// CHECK: %[[XN:.*]] = arith.cmpf une, %[[X]], %{{.*}} : f32
// CHECK: %[[YN:.*]] = arith.cmpi ne, %[[Y]], %{{.*}} : i32
// CHECK: %[[R:.*]] = arith.andi %[[XN]], %[[YN]] : i1
// CHECK: arith.extui %[[R]] : i1 to i8
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
func.func @logical(%f: tensor<4xf32>, %i: tensor<4xsi32>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = nx.logical_and %f, %i : (tensor<4xf32>, tensor<4xsi32>) -> tensor<4xui8>
  %1 = nx.logical_or %f, %i : (tensor<4xf32>, tensor<4xsi32>) -> tensor<4xui8>
  %2 = nx.logical_xor %f, %i : (tensor<4xf32>, tensor<4xsi32>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @select
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<4xi8>, tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[P:.*]]: i8, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[P]], %{{.*}} : i8
// CHECK: arith.select %[[NZ]], %[[T]], %[[F]] : f32
func.func @select(%p: tensor<4xui8>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.select %p, %a, %b : (tensor<4xui8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// clip = min(max(x, lo), hi).
// CHECK-LABEL: func.func @clip
// CHECK: ^bb0(%[[X:.*]]: i32, %[[LO:.*]]: i32, %[[HI:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[M:.*]] = arith.maxsi %[[X]], %[[LO]] : i32
// CHECK: arith.minsi %[[M]], %[[HI]] : i32
// CHECK: ^bb0(%[[FX:.*]]: f32, %[[FLO:.*]]: f32, %[[FHI:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[FM:.*]] = arith.maximumf %[[FX]], %[[FLO]] : f32
// CHECK: arith.minimumf %[[FM]], %[[FHI]] : f32
func.func @clip(%a: tensor<4xsi32>, %f: tensor<4xf32>) -> (tensor<4xsi32>, tensor<4xf32>) {
  %0 = nx.clip %a, %a, %a : (tensor<4xsi32>, tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  %1 = nx.clip %f, %f, %f : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xsi32>, tensor<4xf32>
}

// -----

// sign keeps -0.0 and NaN (x itself when neither positive nor negative).
// CHECK-LABEL: func.func @sign
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[POS:.*]] = arith.cmpf ogt, %[[X]], %{{.*}} : f32
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f32
// CHECK: %[[R:.*]] = arith.select %[[NEG]], %{{.*}}, %[[X]] : f32
// CHECK: arith.select %[[POS]], %{{.*}}, %[[R]] : f32
func.func @sign(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.sign %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Rounding ops are the identity on integers.
// CHECK-LABEL: func.func @rounding
// CHECK: math.floor %{{.*}} : f32
// CHECK: math.ceil %{{.*}} : f32
// CHECK: math.round %{{.*}} : f32
// CHECK: ^bb0(%[[I:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[I]] : i32
func.func @rounding(%f: tensor<4xf32>, %i: tensor<4xsi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xsi32>) {
  %0 = nx.floor %f : (tensor<4xf32>) -> tensor<4xf32>
  %1 = nx.ceil %f : (tensor<4xf32>) -> tensor<4xf32>
  %2 = nx.round %f : (tensor<4xf32>) -> tensor<4xf32>
  %3 = nx.round %i : (tensor<4xsi32>) -> tensor<4xsi32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xsi32>
}

// -----

// Constants become arith.constant with signless element types.
// CHECK-LABEL: func.func @constants
// CHECK-DAG: arith.constant dense<[-56, 1]> : tensor<2xi8>
// CHECK-DAG: arith.constant dense<2.500000e+00> : tensor<3xf32>
func.func @constants() -> (tensor<2xui8>, tensor<3xf32>) {
  %0 = nx.constant dense<[200, 1]> : tensor<2xui8> : tensor<2xui8>
  %1 = nx.constant dense<2.5> : tensor<3xf32> : tensor<3xf32>
  return %0, %1 : tensor<2xui8>, tensor<3xf32>
}

// -----

// iota and eye are computed from linalg.index.
// CHECK-LABEL: func.func @iota_eye
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xi32>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: arith.trunci %[[I64]] : i64 to i32
// Without an axis: the row-major position.
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: linalg.index 0 : index
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: arith.muli %{{.*}}, %[[C3]] : index
// CHECK: linalg.index 1 : index
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3x3xi8>)
// CHECK: %[[R:.*]] = linalg.index 1 : index
// CHECK: %[[C:.*]] = linalg.index 2 : index
// CHECK: arith.cmpi eq, %[[R]], %[[C]] : index
func.func @iota_eye() -> (tensor<2x3xsi32>, tensor<2x3xf32>, tensor<2x3x3xui8>) {
  %0 = nx.iota {axis = 1} : tensor<2x3xsi32>
  %1 = nx.iota : tensor<2x3xf32>
  %2 = nx.eye : tensor<2x3x3xui8>
  return %0, %1, %2 : tensor<2x3xsi32>, tensor<2x3xf32>, tensor<2x3x3xui8>
}
