//===- Passes.td - nx dialect passes ------------------------*- tablegen -*-===//
#ifndef NX_TRANSFORMS_PASSES_TD
#define NX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NxMakeExplicit : Pass<"nx-make-explicit", "func::FuncOp"> {
  let summary = "Make Nx's implicit broadcasting and type conversion explicit";
  let description = [{
    Rewrites every nx op whose operands Nx broadcasts or converts implicitly
    (binary ops, select, clip, concatenate, pad, dot, reductions) so that its
    operands already have the shape and element type the computation uses:
    the result type for arithmetic, Nx.Type.merge of the operand types for
    comparisons. Inserts nx.broadcast and nx.as_type; lowering relies on it.
  }];
  let dependentDialects = ["::mlir::nx::NxDialect"];
}

def NxWidenHalfFloats : Pass<"nx-widen-half-floats", "func::FuncOp"> {
  let summary = "Compute f16/bf16 ops in f32 and round once per op, as Nx does";
  let description = [{
    Every nx op except data movement (shape ops, select) and conversions
    that reads or produces f16/bf16 gets f32 operands (nx.as_type) and an
    f32 result rounded back to the 16-bit type with nx.as_type. Run after
    nx-make-explicit.
  }];
  let dependentDialects = ["::mlir::nx::NxDialect"];
}

def NxComputeInDouble : Pass<"nx-compute-in-double", "func::FuncOp"> {
  let summary = "Compute in f64 what Nx.BinaryBackend computes in doubles";
  let description = [{
    Nx.BinaryBackend factors and solves (lu, triangular_solve) and
    accumulates sums, products, dots and indexed_adds in Elixir floats
    (double), and
    rounds only what it writes. Those nx ops on f32, f16, bf16 or f8 get f64
    operands (nx.as_type) and f64 results rounded back once: lu and
    triangular_solve always (scalar loops either way); sum, product, dot,
    indexed_add, conv, window_sum and window_product when they read fewer
    than `small-below` elements (multiply-adds for dot, target plus updates
    for indexed_add, kernel or window elements per output for conv and
    windows); float math (:math functions, sigmoid, rsqrt, pow, atan2) with
    fewer than `math-below` result elements,
    where f64 costs nothing that matters and makes results match Nx bit for
    bit; larger ones keep f32 vector accumulation. Every op that computes
    on c64 values (not data movement) does so in c128, its f32 operands and
    results in f64, rounded once: Nx's complex numbers are pairs of doubles.
    lu accepts c64 the same way. Run after
    nx-make-explicit, before nx-widen-half-floats.
  }];
  let options = [
    Option<"mathBelow", "math-below", "int64_t", /*default=*/"256",
           "float math (exp, log, sigmoid, tanh, pow, ...) on fewer result "
           "elements than this runs in f64; larger stays f32 (vector "
           "polynomials)">,
    Option<"smallBelow", "small-below", "int64_t", /*default=*/"4096",
           "sum/product/dot/indexed_add reading fewer elements than this "
           "accumulate "
           "in f64">,
  ];
  let dependentDialects = ["::mlir::nx::NxDialect"];
}

def NxLegalizeSubByte : Pass<"nx-legalize-sub-byte", "func::FuncOp"> {
  let summary = "Compute s2/s4/u2/u4 in 8 bits, wrapped per op; packed I/O";
  let description = [{
    Every sub-byte integer tensor becomes si8/ui8 holding the extended value;
    each nx op that can leave the narrow range (arithmetic, conversions,
    bitcasts) is followed by a wrap to the narrow width, as Nx writes every
    result with `<<x::size(bits)>>`. Arguments and results of the function
    become packed bytes (tensor<ceil(n*bits/8) x ui8>), unpacked and packed by
    nx.unpack_bits / nx.pack_bits. Run after nx-make-explicit.
  }];
  let dependentDialects = ["::mlir::nx::NxDialect"];
}

#endif // NX_TRANSFORMS_PASSES_TD
