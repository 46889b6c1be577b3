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
    // Approximations whose accuracy is within Nx's f32 tolerance (measured
    // over the corpus); f64 keeps libm.
    populateMathPolynomialApproximationPatterns(
        patterns, MathPolynomialApproximationOptions{/*enableAvx2=*/false});
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
} // namespace nxc
