//===- LowerVectors.cpp - staged vector lowering --------------------------===//
//
// The pattern groups run one after another, each to a fixed point: putting
// them in one greedy rewrite can ping-pong forever.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCLOWERVECTORS
#include "Codegen/Passes.h.inc"

namespace {
struct LowerVectorsPass : impl::NxcLowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    using Populate = std::function<void(RewritePatternSet &)>;
    const Populate stages[] = {
        [](RewritePatternSet &p) {
          vector::populateVectorMaskLoweringPatternsForSideEffectingOps(p);
          vector::populateVectorContractLoweringPatterns(
              p, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorTransferPermutationMapLoweringPatterns(p);
        },
        [](RewritePatternSet &p) {
          vector::populateVectorOuterProductLoweringPatterns(p);
          vector::populateVectorMultiReductionLoweringPatterns(
              p, vector::VectorMultiReductionLowering::InnerParallel);
        },
        [](RewritePatternSet &p) {
          vector::populateVectorTransposeLoweringPatterns(
              p, vector::VectorTransposeLowering::EltWise);
        },
        [](RewritePatternSet &p) {
          VectorTransferToSCFOptions options;
          options.enableFullUnroll();
          populateVectorToSCFConversionPatterns(p, options);
          vector::populateVectorTransferLoweringPatterns(p,
                                                         /*maxTransferRank=*/1);
        },
        [](RewritePatternSet &p) {
          vector::populateVectorMaskOpLoweringPatterns(p);
          vector::populateVectorShapeCastLoweringPatterns(p);
          vector::populateVectorBroadcastLoweringPatterns(p);
          vector::populateVectorInsertExtractStridedSliceTransforms(p);
          vector::populateVectorGatherLoweringPatterns(p);
        },
    };
    for (const Populate &populate : stages) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
  }
};
} // namespace
} // namespace nxc
