//===- NxOps.td - nx dialect operations ---------------------*- tablegen -*-===//
//
// One op per Nx op. Attribute and operand layouts follow the Nx.Backend
// callbacks (nx/lib/nx/backend.ex), with `nil` options normalized by the
// importer (e.g. reductions over all axes list every axis).
//
//===----------------------------------------------------------------------===//

#ifndef NX_OPS_TD
#define NX_OPS_TD

include "nx/IR/NxDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Nx_ConstantOp : Nx_Op<"constant", [ConstantLike, Pure]> {
  let summary = "a literal tensor (Nx `constant` splats and `tensor` literals)";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "attr-dict $value `:` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// `kind` states Nx's type rule, checked by the shared verifier:
//   any   - no constraint beyond the shape
//   float - the result is a float or complex type
//   int   - operands and result are integers
//   pred  - the result is ui8 (0 or 1)
class Nx_UnaryOp<string mnemonic, string kind>
    : Nx_Op<mnemonic, [Pure, Elementwise]> {
  let summary = "elementwise Nx `" # mnemonic # "`";
  let arguments = (ins Nx_Tensor:$operand);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyUnaryOp(getOperation(), "}] # kind # [{");
    }
  }];
}

// Binary ops broadcast their operands numpy-style to the result shape and
// convert them to the result type (comparisons: to the merged operand type).
class Nx_BinaryOp<string mnemonic, string kind>
    : Nx_Op<mnemonic, [Pure]> {
  let summary = "elementwise Nx `" # mnemonic # "` with implicit broadcasting";
  let arguments = (ins Nx_Tensor:$lhs, Nx_Tensor:$rhs);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyBinaryOp(getOperation(), "}] # kind # [{");
    }
  }];
}

def Nx_AbsOp : Nx_UnaryOp<"abs", "any">;
def Nx_NegateOp : Nx_UnaryOp<"negate", "any">;
def Nx_SignOp : Nx_UnaryOp<"sign", "any">;
def Nx_FloorOp : Nx_UnaryOp<"floor", "any">;
def Nx_CeilOp : Nx_UnaryOp<"ceil", "any">;
def Nx_RoundOp : Nx_UnaryOp<"round", "any">;
def Nx_BitwiseNotOp : Nx_UnaryOp<"bitwise_not", "int">;
def Nx_PopulationCountOp : Nx_UnaryOp<"population_count", "int">;
def Nx_CountLeadingZerosOp : Nx_UnaryOp<"count_leading_zeros", "int">;
def Nx_ExpOp : Nx_UnaryOp<"exp", "float">;
def Nx_Expm1Op : Nx_UnaryOp<"expm1", "float">;
def Nx_LogOp : Nx_UnaryOp<"log", "float">;
def Nx_Log1pOp : Nx_UnaryOp<"log1p", "float">;
def Nx_SigmoidOp : Nx_UnaryOp<"sigmoid", "float">;
def Nx_CosOp : Nx_UnaryOp<"cos", "float">;
def Nx_SinOp : Nx_UnaryOp<"sin", "float">;
def Nx_TanOp : Nx_UnaryOp<"tan", "float">;
def Nx_CoshOp : Nx_UnaryOp<"cosh", "float">;
def Nx_SinhOp : Nx_UnaryOp<"sinh", "float">;
def Nx_TanhOp : Nx_UnaryOp<"tanh", "float">;
def Nx_AcosOp : Nx_UnaryOp<"acos", "float">;
def Nx_AsinOp : Nx_UnaryOp<"asin", "float">;
def Nx_AtanOp : Nx_UnaryOp<"atan", "float">;
def Nx_AcoshOp : Nx_UnaryOp<"acosh", "float">;
def Nx_AsinhOp : Nx_UnaryOp<"asinh", "float">;
def Nx_AtanhOp : Nx_UnaryOp<"atanh", "float">;
def Nx_SqrtOp : Nx_UnaryOp<"sqrt", "float">;
def Nx_RsqrtOp : Nx_UnaryOp<"rsqrt", "float">;
def Nx_CbrtOp : Nx_UnaryOp<"cbrt", "float">;
def Nx_ErfOp : Nx_UnaryOp<"erf", "float">;
def Nx_ErfcOp : Nx_UnaryOp<"erfc", "float">;
def Nx_ErfInvOp : Nx_UnaryOp<"erf_inv", "float">;
def Nx_IsNanOp : Nx_UnaryOp<"is_nan", "pred">;
def Nx_IsInfinityOp : Nx_UnaryOp<"is_infinity", "pred">;
def Nx_RealOp : Nx_UnaryOp<"real", "any">;
def Nx_ImagOp : Nx_UnaryOp<"imag", "any">;
def Nx_ConjugateOp : Nx_UnaryOp<"conjugate", "any">;

def Nx_AddOp : Nx_BinaryOp<"add", "any">;
def Nx_SubtractOp : Nx_BinaryOp<"subtract", "any">;
def Nx_MultiplyOp : Nx_BinaryOp<"multiply", "any">;
def Nx_DivideOp : Nx_BinaryOp<"divide", "float">;
def Nx_PowOp : Nx_BinaryOp<"pow", "any">;
def Nx_RemainderOp : Nx_BinaryOp<"remainder", "any">;
def Nx_QuotientOp : Nx_BinaryOp<"quotient", "int">;
def Nx_Atan2Op : Nx_BinaryOp<"atan2", "float">;
def Nx_MaxOp : Nx_BinaryOp<"max", "any">;
def Nx_MinOp : Nx_BinaryOp<"min", "any">;
def Nx_BitwiseAndOp : Nx_BinaryOp<"bitwise_and", "int">;
def Nx_BitwiseOrOp : Nx_BinaryOp<"bitwise_or", "int">;
def Nx_BitwiseXorOp : Nx_BinaryOp<"bitwise_xor", "int">;
def Nx_LeftShiftOp : Nx_BinaryOp<"left_shift", "int">;
def Nx_RightShiftOp : Nx_BinaryOp<"right_shift", "int">;
def Nx_EqualOp : Nx_BinaryOp<"equal", "pred">;
def Nx_NotEqualOp : Nx_BinaryOp<"not_equal", "pred">;
def Nx_LessOp : Nx_BinaryOp<"less", "pred">;
def Nx_LessEqualOp : Nx_BinaryOp<"less_equal", "pred">;
def Nx_GreaterOp : Nx_BinaryOp<"greater", "pred">;
def Nx_GreaterEqualOp : Nx_BinaryOp<"greater_equal", "pred">;
def Nx_LogicalAndOp : Nx_BinaryOp<"logical_and", "pred">;
def Nx_LogicalOrOp : Nx_BinaryOp<"logical_or", "pred">;
def Nx_LogicalXorOp : Nx_BinaryOp<"logical_xor", "pred">;

def Nx_SelectOp : Nx_Op<"select", [Pure]> {
  let summary = "elementwise choice; all three operands broadcast to the result";
  let arguments = (ins Nx_Tensor:$pred, Nx_Tensor:$on_true, Nx_Tensor:$on_false);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$pred `,` $on_true `,` $on_false attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_ClipOp : Nx_Op<"clip", [Pure]> {
  let summary = "min(max(operand, min), max); bounds broadcast to the operand";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$min, Nx_Tensor:$max);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` $min `,` $max attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Conversions and creation
//===----------------------------------------------------------------------===//

def Nx_AsTypeOp : Nx_Op<"as_type", [Pure, Elementwise]> {
  let summary = "elementwise type conversion with Nx's rules";
  let arguments = (ins Nx_Tensor:$operand);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Nx_BitcastOp : Nx_Op<"bitcast", [Pure, Elementwise]> {
  let summary = "reinterprets elements as another type of the same width";
  let arguments = (ins Nx_Tensor:$operand);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_UnpackBitsOp : Nx_Op<"unpack_bits", [Pure]> {
  let summary = "sub-byte integers from their packed bytes (internal)";
  let description = [{
    Not an Nx op: nx-legalize-sub-byte uses it where a packed s2/s4/u2/u4
    argument enters the function. `operand` holds ceil(n * bits / 8) bytes,
    the first element in the most significant bits; the result holds each
    element sign- or zero-extended (its signedness) to 8 bits.
  }];
  let arguments = (ins RankedTensorOf<[UI8]>:$operand, I64Attr:$bits);
  let results = (outs RankedTensorOf<[SI8, UI8]>:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_PackBitsOp : Nx_Op<"pack_bits", [Pure]> {
  let summary = "packs 8-bit elements into sub-byte integers (internal)";
  let description = [{
    The inverse of nx.unpack_bits, where a sub-byte result leaves the
    function: keeps the low `bits` bits of each element, first element in
    the most significant bits, the last byte padded with zero bits.
  }];
  let arguments = (ins RankedTensorOf<[SI8, UI8]>:$operand, I64Attr:$bits);
  let results = (outs RankedTensorOf<[UI8]>:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_IotaOp : Nx_Op<"iota", [Pure]> {
  let summary = "counts along `axis`, or over the flattened tensor without one";
  let arguments = (ins OptionalAttr<I64Attr>:$axis);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Nx_EyeOp : Nx_Op<"eye", [Pure]> {
  let summary = "1 where the last two indices are equal, else 0";
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape
//===----------------------------------------------------------------------===//

def Nx_ReshapeOp : Nx_Op<"reshape", [Pure]> {
  let summary = "same elements in row-major order, new shape";
  let arguments = (ins Nx_Tensor:$operand);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let hasVerifier = 1;
}

def Nx_SqueezeOp : Nx_Op<"squeeze", [Pure]> {
  let summary = "removes the size-1 `axes`";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axes` `=` $axes attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_BroadcastOp : Nx_Op<"broadcast", [Pure]> {
  let summary = "broadcasts to the result shape; operand dim i goes to result dim axes[i]";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axes` `=` $axes attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Nx_TransposeOp : Nx_Op<"transpose", [Pure]> {
  let summary = "result dim i is operand dim permutation[i]";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `permutation` `=` $permutation attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Nx_PadOp : Nx_Op<"pad", [Pure]> {
  let summary = "pads with a scalar; low/high may be negative (cropping), interior >= 0";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$pad_value,
                   DenseI64ArrayAttr:$low, DenseI64ArrayAttr:$high,
                   DenseI64ArrayAttr:$interior);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` $pad_value `,` `low` `=` $low `,` `high` `=` $high `,` `interior` `=` $interior attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_SliceOp : Nx_Op<"slice", [Pure]> {
  let summary = "static strided slice (starts already clamped into range)";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$start_indices,
                   DenseI64ArrayAttr:$lengths, DenseI64ArrayAttr:$strides);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `starts` `=` $start_indices `,` `lengths` `=` $lengths `,` `strides` `=` $strides attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_ConcatenateOp : Nx_Op<"concatenate", [Pure]> {
  let summary = "joins operands along `axis` (operands converted to the result type)";
  let arguments = (ins Variadic<Nx_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "`(` $inputs `)` `,` `axis` `=` $axis attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_ReverseOp : Nx_Op<"reverse", [Pure]> {
  let summary = "reverses the order of elements along `axes`";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axes` `=` $axes attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Indexing (out-of-range indices: gathers clamp, scatters skip, as XLA)
//===----------------------------------------------------------------------===//

def Nx_DynamicSliceOp : Nx_Op<"dynamic_slice", [Pure]> {
  let summary = "slice with run-time start indices, clamped so the window fits";
  let arguments = (ins Nx_Tensor:$operand, Variadic<Nx_Tensor>:$start_indices,
                   DenseI64ArrayAttr:$lengths, DenseI64ArrayAttr:$strides);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $start_indices `]` `,` `lengths` `=` $lengths `,` `strides` `=` $strides attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_PutSliceOp : Nx_Op<"put_slice", [Pure]> {
  let summary = "writes `update` at run-time start indices, clamped so it fits";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$update,
                   Variadic<Nx_Tensor>:$start_indices);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $start_indices `]` `,` $update attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_GatherOp : Nx_Op<"gather", [Pure]> {
  let summary = "Nx 0.7 `gather`: the last dim of `indices` indexes `axes`";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$indices, DenseI64ArrayAttr:$axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $indices `]` `,` `axes` `=` $axes attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_TakeOp : Nx_Op<"take", [Pure]> {
  let summary = "picks entries along `axis`; result dims: before ++ indices ++ after";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$indices, I64Attr:$axis);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $indices `]` `,` `axis` `=` $axis attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_TakeAlongAxisOp : Nx_Op<"take_along_axis", [Pure]> {
  let summary = "picks entries along `axis` per position (result has the indices' shape)";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$indices, I64Attr:$axis);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $indices `]` `,` `axis` `=` $axis attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class Nx_IndexedOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "`: scatter `updates` at `indices` (last dim indexes `axes`), in order";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$indices, Nx_Tensor:$updates,
                   DenseI64ArrayAttr:$axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `[` $indices `]` `,` $updates `,` `axes` `=` $axes attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyIndexedOp(getOperation(), getAxes());
    }
  }];
}

def Nx_IndexedAddOp : Nx_IndexedOp<"indexed_add">;
def Nx_IndexedPutOp : Nx_IndexedOp<"indexed_put">;

//===----------------------------------------------------------------------===//
// Reductions and contraction
//===----------------------------------------------------------------------===//

class Nx_ReduceOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "` over `axes` (the operand is first converted to the result type)";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$axes,
                   BoolAttr:$keep_axes);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axes` `=` $axes `,` `keep_axes` `=` $keep_axes attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyReduceOp(getOperation(), getAxes(),
                                                getKeepAxes(), "}] # mnemonic # [{");
    }
  }];
}

def Nx_SumOp : Nx_ReduceOp<"sum">;
def Nx_ProductOp : Nx_ReduceOp<"product">;
def Nx_ReduceMaxOp : Nx_ReduceOp<"reduce_max">;
def Nx_ReduceMinOp : Nx_ReduceOp<"reduce_min">;
def Nx_AllOp : Nx_ReduceOp<"all">;
def Nx_AnyOp : Nx_ReduceOp<"any">;

def Nx_CumulativeOp : Nx_Op<"cumulative", [Pure]> {
  let summary = "running sum/product/max/min along `axis` (Nx's cumulative_*)";
  let description = [{
    The `cumulative_sum`, `cumulative_product`, `cumulative_max` and
    `cumulative_min` composites of Nx, compiled natively (one pass over
    memory) instead of through their default scope, an associative scan
    with log2(n) levels of slices and concatenations. `reverse` runs from
    the last element. `kind` is one of sum, product, max, min.
  }];
  let arguments = (ins Nx_Tensor:$operand, StrAttr:$kind, I64Attr:$axis,
                   BoolAttr:$reverse);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class Nx_ArgReduceOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "index of the " # mnemonic # " along `axis` (over the flattened tensor without one)";
  let arguments = (ins Nx_Tensor:$operand, OptionalAttr<I64Attr>:$axis,
                   BoolAttr:$keep_axis, BoolAttr:$tie_break_high);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyArgReduceOp(getOperation(), getAxis(),
                                                   getKeepAxis());
    }
  }];
}

def Nx_ArgmaxOp : Nx_ArgReduceOp<"argmax">;
def Nx_ArgminOp : Nx_ArgReduceOp<"argmin">;

class Nx_SortOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "` along `axis` (stable; NaN after +inf when ascending)";
  let arguments = (ins Nx_Tensor:$operand, I64Attr:$axis, BoolAttr:$descending);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axis` `=` $axis `,` `descending` `=` $descending attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifySortOp(getOperation(), getAxis(),
                                              "}] # mnemonic # [{");
    }
  }];
}

def Nx_SortOp : Nx_SortOp<"sort">;
def Nx_ArgsortOp : Nx_SortOp<"argsort">;

class Nx_FftOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "` along `axis`, the input cut or zero-padded to `length`";
  let arguments = (ins Nx_Tensor:$operand, I64Attr:$axis, I64Attr:$length);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` `axis` `=` $axis `,` `length` `=` $length attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyFftOp(getOperation(), getAxis(), getLength());
    }
  }];
}

def Nx_FftOp : Nx_FftOp<"fft">;
def Nx_IfftOp : Nx_FftOp<"ifft">;

def Nx_TriangularSolveOp : Nx_Op<"triangular_solve", [Pure]> {
  let summary = "solves op(a) x = b (left_side) or x op(a) = b for triangular `a`";
  let arguments = (ins Nx_Tensor:$a, Nx_Tensor:$b, BoolAttr:$left_side,
                   BoolAttr:$lower, BoolAttr:$transpose_a);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_LuOp : Nx_Op<"lu", [Pure]> {
  let summary = "Nx `lu`: a = p . l . u with Nx.BinaryBackend's pivoting";
  let description = [{
    Rows are first permuted so that, column by column, the largest magnitude
    (the first of equals) lands on the diagonal; then Doolittle's method
    without further pivoting. Columns of l whose pivot is below `eps` stay
    zero, as in Nx.BinaryBackend.
  }];
  let arguments = (ins Nx_Tensor:$operand, F64Attr:$eps);
  let results = (outs Nx_Tensor:$p, Nx_Tensor:$l, Nx_Tensor:$u);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_EighOp : Nx_Op<"eigh", [Pure]> {
  let summary = "Nx `eigh` as Nx.BinaryBackend computes it";
  let description = [{
    Eigenvalues and eigenvectors of a real symmetric matrix (or a batch),
    by Nx.BinaryBackend.Matrix.eigh's algorithm: a Householder Hessenberg
    reduction, then unshifted QR iterations (Householder QR) until the
    accumulated eigenvectors move by at most `eps` or `max_iter` steps;
    entries below `eps` in magnitude are written as zero. Nx's own defn
    default converges to the same decomposition by another path, with other
    signs and rounding.
  }];
  let arguments = (ins Nx_Tensor:$operand, F64Attr:$eps, I64Attr:$max_iter);
  let results = (outs Nx_Tensor:$eigenvalues, Nx_Tensor:$eigenvectors);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Nx_DotOp : Nx_Op<"dot", [Pure]> {
  let summary = "general tensor contraction; result = batch ++ free(lhs) ++ free(rhs)";
  let arguments = (ins Nx_Tensor:$lhs, Nx_Tensor:$rhs,
                   DenseI64ArrayAttr:$lhs_contracting, DenseI64ArrayAttr:$lhs_batch,
                   DenseI64ArrayAttr:$rhs_contracting, DenseI64ArrayAttr:$rhs_batch);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs `,` `contract` `=` $lhs_contracting `x` $rhs_contracting `,` `batch` `=` $lhs_batch `x` $rhs_batch attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class Nx_WindowReduceOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "`: reduce each (dilated, strided) window of the padded operand";
  let arguments = (ins Nx_Tensor:$operand, DenseI64ArrayAttr:$window_dimensions,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding_low,
                   DenseI64ArrayAttr:$padding_high,
                   DenseI64ArrayAttr:$window_dilations);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyWindowOp(
          getOperation(), getWindowDimensions(), getStrides(), getPaddingLow(),
          getPaddingHigh(), getWindowDilations());
    }
  }];
}

def Nx_WindowSumOp : Nx_WindowReduceOp<"window_sum">;
def Nx_WindowProductOp : Nx_WindowReduceOp<"window_product">;
def Nx_WindowMaxOp : Nx_WindowReduceOp<"window_max">;
def Nx_WindowMinOp : Nx_WindowReduceOp<"window_min">;

class Nx_WindowScatterOp<string mnemonic> : Nx_Op<mnemonic, [Pure]> {
  let summary = "Nx `" # mnemonic # "`: each source value is added at its window's selected element";
  let description = [{
    The result starts as `init_value` everywhere. For each window of the
    padded operand (one per source element), the last maximum (minimum) in
    row-major window order is selected (as Nx.BinaryBackend does) and the source value added there;
    padding is never selected.
  }];
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$source, Nx_Tensor:$init_value,
                   DenseI64ArrayAttr:$window_dimensions, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$padding_low, DenseI64ArrayAttr:$padding_high);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$operand `,` $source `,` $init_value attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::nx::detail::verifyWindowScatterOp(getOperation(),
          getWindowDimensions(), getStrides(), getPaddingLow(), getPaddingHigh());
    }
  }];
}

def Nx_WindowScatterMaxOp : Nx_WindowScatterOp<"window_scatter_max">;
def Nx_WindowScatterMinOp : Nx_WindowScatterOp<"window_scatter_min">;

def Nx_ConvOp : Nx_Op<"conv", [Pure]> {
  let summary = "Nx `conv`: general N-d convolution with groups and permutations";
  let description = [{
    The input is read through `input_permutation` as (batch, channels,
    spatial...), the kernel through `kernel_permutation` as (filters,
    channels per group, spatial...). The input is padded (`padding_low/high`,
    may be negative) and dilated (`input_dilation`), the kernel dilated
    (`kernel_dilation`); channels split into `feature_group_size` groups or
    the batch into `batch_group_size` groups. The canonical result
    (batch, filters, spatial...) has its dim i at result position
    `output_permutation[i]`.
  }];
  let arguments = (ins Nx_Tensor:$input, Nx_Tensor:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding_low,
                   DenseI64ArrayAttr:$padding_high,
                   DenseI64ArrayAttr:$input_dilation,
                   DenseI64ArrayAttr:$kernel_dilation,
                   I64Attr:$feature_group_size, I64Attr:$batch_group_size,
                   DenseI64ArrayAttr:$input_permutation,
                   DenseI64ArrayAttr:$kernel_permutation,
                   DenseI64ArrayAttr:$output_permutation);
  let results = (outs Nx_Tensor:$result);
  let assemblyFormat = "$input `,` $kernel attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

def Nx_WhileOp : Nx_Op<"while", [RecursiveMemoryEffects]> {
  let summary = "Nx `while`: loops while `cond` yields non-zero, `body` yields the next state";
  let description = [{
    Both regions take the flat loop state as block arguments. `cond` yields
    one scalar (the predicate), `body` the next state; the op's results are
    the final state.
  }];
  let arguments = (ins Variadic<Nx_Tensor>:$initial);
  let results = (outs Variadic<Nx_Tensor>:$results);
  let regions = (region SizedRegion<1>:$cond, SizedRegion<1>:$body);
  let assemblyFormat = "`(` $initial `)` `:` functional-type($initial, $results) `cond` $cond `do` $body attr-dict";
  let hasVerifier = 1;
}

def Nx_IfOp : Nx_Op<"if", [RecursiveMemoryEffects, NoRegionArguments]> {
  let summary = "one clause of Nx `cond`: `then` if the scalar predicate is non-zero, else `else`";
  let arguments = (ins Nx_Tensor:$pred);
  let results = (outs Variadic<Nx_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_region, SizedRegion<1>:$else_region);
  let assemblyFormat = "$pred `:` type($pred) (`->` type($results)^)? $then_region `else` $else_region attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Ops with a scalar function (Nx `fun` scopes)
//===----------------------------------------------------------------------===//

// The `fun` region takes rank-0 tensors and yields one: a scalar function
// that lowering compiles to scalar code. Nx calls it as fun(element, acc)
// in row-major order, so the order is kept (no reassociation).
def Nx_ReduceOp : Nx_Op<"reduce", [RecursiveMemoryEffects]> {
  let summary = "Nx `reduce` with a scalar function over `axes`";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$init,
                   DenseI64ArrayAttr:$axes, BoolAttr:$keep_axes);
  let results = (outs Nx_Tensor:$result);
  let regions = (region SizedRegion<1>:$fun);
  let assemblyFormat = "$operand `,` $init `,` `axes` `=` $axes `,` `keep_axes` `=` $keep_axes attr-dict `:` functional-type(operands, results) $fun";
  let hasVerifier = 1;
}

def Nx_WindowReduceOp : Nx_Op<"window_reduce", [RecursiveMemoryEffects]> {
  let summary = "Nx `window_reduce` with a scalar function (padding holds the init value)";
  let arguments = (ins Nx_Tensor:$operand, Nx_Tensor:$init,
                   DenseI64ArrayAttr:$window_dimensions,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding_low,
                   DenseI64ArrayAttr:$padding_high,
                   DenseI64ArrayAttr:$window_dilations);
  let results = (outs Nx_Tensor:$result);
  let regions = (region SizedRegion<1>:$fun);
  let assemblyFormat = "$operand `,` $init attr-dict `:` functional-type(operands, results) $fun";
  let hasVerifier = 1;
}

def Nx_MapOp : Nx_Op<"map", [RecursiveMemoryEffects]> {
  let summary = "Nx `map` (0.7): a scalar function applied to every element";
  let arguments = (ins Nx_Tensor:$operand);
  let results = (outs Nx_Tensor:$result);
  let regions = (region SizedRegion<1>:$fun);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results) $fun";
  let hasVerifier = 1;
}

def Nx_YieldOp : Nx_Op<"yield", [Pure, Terminator, ReturnLike,
                                 ParentOneOf<["WhileOp", "IfOp", "ReduceOp",
                                              "WindowReduceOp", "MapOp"]>]> {
  let summary = "the values a region of nx.while or nx.if produces";
  let arguments = (ins Variadic<Nx_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // NX_OPS_TD
