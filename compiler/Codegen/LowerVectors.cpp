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
/// A multi_reduction over the innermost dim only: one horizontal
/// vector.reduction per row. (The InnerParallel lowering used for everything
/// else would transpose it into a chain of scalar ops.) Float adds may
/// reassociate here: the split reductions that reach this point already did.
struct InnerDimReduction : OpRewritePattern<vector::MultiDimReductionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::MultiDimReductionOp op,
                                PatternRewriter &rewriter) const override {
    auto srcTy = op.getSourceVectorType();
    int64_t rank = srcTy.getRank();
    ArrayRef<int64_t> dims = op.getReductionDims();
    if (srcTy.isScalable() || dims.size() != 1 || dims[0] != rank - 1 ||
        op->getParentOfType<vector::MaskOp>())
      return failure();
    int64_t rows = srcTy.getNumElements() / srcTy.getShape().back();
    if (rows > 16)
      return failure();
    Location loc = op.getLoc();
    Type elem = srcTy.getElementType();
    auto fm = isa<FloatType>(elem) ? arith::FastMathFlags::reassoc
                                   : arith::FastMathFlags::none;
    if (rank == 1) {
      rewriter.replaceOpWithNewOp<vector::ReductionOp>(
          op, op.getKind(), op.getSource(), op.getAcc(), fm);
      return success();
    }
    auto flatTy = VectorType::get({rows, srcTy.getShape().back()}, elem);
    auto accFlatTy = VectorType::get({rows}, elem);
    Value src =
        vector::ShapeCastOp::create(rewriter, loc, flatTy, op.getSource());
    Value acc =
        vector::ShapeCastOp::create(rewriter, loc, accFlatTy, op.getAcc());
    Value res = acc;
    for (int64_t r = 0; r < rows; ++r) {
      Value row = vector::ExtractOp::create(rewriter, loc, src, r);
      Value a = vector::ExtractOp::create(rewriter, loc, acc, r);
      Value red =
          vector::ReductionOp::create(rewriter, loc, op.getKind(), row, a, fm);
      res = vector::InsertOp::create(rewriter, loc, red, res, r);
    }
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, op.getDestType(), res);
    return success();
  }
};

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
        [](RewritePatternSet &p) { p.add<InnerDimReduction>(p.getContext()); },
        [](RewritePatternSet &p) {
          vector::populateVectorOuterProductLoweringPatterns(p);
          vector::populateVectorMultiReductionLoweringPatterns(
              p, vector::VectorMultiReductionLowering::InnerParallel);
        },
        [](RewritePatternSet &p) {
          vector::populateVectorTransposeLoweringPatterns(
              p, vector::VectorTransposeLowering::Shuffle16x16);
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
