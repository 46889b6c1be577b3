//===- MathApproximation.cpp - vectorizable math --------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCMATHAPPROXIMATION
#include "Codegen/Passes.h.inc"

namespace {
struct MathApproximationPass
    : impl::NxcMathApproximationBase<MathApproximationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Only approximations that keep Nx's f32 tolerance and IEEE special
    // values (measured over the corpus). sin/cos lose accuracy for large
    // arguments, atan/atan2 the sign of zero, cbrt infinities: those stay
    // libm calls, as does everything on f64.
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      return llvm::is_contained(
          {math::ExpOp::getOperationName(), math::ExpM1Op::getOperationName(),
           math::LogOp::getOperationName(), math::Log1pOp::getOperationName(),
           math::Log2Op::getOperationName(), math::TanhOp::getOperationName(),
           math::ErfOp::getOperationName()},
          name);
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
} // namespace nxc
