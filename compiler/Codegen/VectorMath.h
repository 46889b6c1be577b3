//===- VectorMath.h - vectorizable f32 libm replacements --------*- C++ -*-===//
//
// Rewrites math ops on vectors of f32 that would otherwise become scalar libm
// calls (sin, cos, tan, atan, atan2, sinh, cosh, asin, acos, asinh, acosh,
// atanh, cbrt, erfc, powf, arith.remf) into branchless arith/math code that
// LLVM vectorizes. Results match double-precision libm rounded to f32 within a
// few ulp, with C99 special values.
//
//===----------------------------------------------------------------------===//
#ifndef NXC_CODEGEN_VECTORMATH_H
#define NXC_CODEGEN_VECTORMATH_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace nxc {
// The expansions create math.sqrt/floor/trunc/roundeven/fma and scalar
// fallbacks (math.sin, arith.remf on f32 inside scf.if/scf.for) only.
void populateNxcVectorMathPatterns(mlir::RewritePatternSet &patterns);
} // namespace nxc

#endif // NXC_CODEGEN_VECTORMATH_H
