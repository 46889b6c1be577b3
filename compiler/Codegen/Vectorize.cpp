//===- Vectorize.cpp - the CPU tiling and vectorization schedule ----------===//
//
// Tile sizes (target knowledge) come in as pass options; the transformations
// are MLIR's own: scf::tileUsingSCF, linalg::vectorize and
// hoistLoopInvariantSubsets.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCVECTORIZE
#include "Codegen/Passes.h.inc"

namespace {

/// Largest power-of-two-ish tile <= `max` that divides `n` (so tiles stay
/// static and need no masks); 0 if none >= `min`.
static int64_t dividingTile(int64_t n, int64_t max, int64_t min) {
  for (int64_t t = max; t >= min; --t)
    if (n % t == 0)
      return t;
  return 0;
}

static FailureOr<scf::SCFTilingResult>
tile(RewriterBase &rewriter, Operation *op, ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(op);
  auto result = scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(result))
    return failure();
  rewriter.replaceOp(op, result->replacements);
  return result;
}

static LogicalResult vectorizeOp(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> sizes,
                                 bool contraction = false) {
  rewriter.setInsertionPoint(op);
  SmallVector<bool> scalable(sizes.size(), false);
  auto result = linalg::vectorize(rewriter, op, sizes, scalable,
                                  /*vectorizeNDExtract=*/false,
                                  /*flatten1DDepthwiseConv=*/false,
                                  /*assumeDynamicDimsMatchVecSizes=*/false,
                                  /*createNamedContraction=*/contraction);
  if (failed(result))
    return failure();
  if (op->getNumResults())
    rewriter.replaceOp(op, result->replacements);
  else
    rewriter.eraseOp(op);
  return success();
}

struct VectorizePass : impl::NxcVectorizeBase<VectorizePass> {
  using NxcVectorizeBase::NxcVectorizeBase;

  /// Register-blocked matmul: (mr x nr) output tile in vector registers for
  /// the whole k loop, one rank-1 update (outer product) per k.
  LogicalResult scheduleMatmul(RewriterBase &rewriter, linalg::MatmulOp mm) {
    auto ty = dyn_cast<RankedTensorType>(mm.getResultTypes()[0]);
    auto aTy = dyn_cast<RankedTensorType>(mm.getInputs()[0].getType());
    if (!ty || !aTy || !ty.hasStaticShape() || !aTy.hasStaticShape() ||
        !isa<FloatType>(ty.getElementType()))
      return failure();
    int64_t m = ty.getDimSize(0), n = ty.getDimSize(1), k = aTy.getDimSize(1);
    int64_t tm = dividingTile(m, mr, 1), tn = dividingTile(n, nr, 4);
    if (!tm || !tn || k == 0)
      return failure();
    auto outer = tile(rewriter, mm, {tm, tn, 0});
    if (failed(outer))
      return failure();
    auto inner = tile(rewriter, outer->tiledOps.front(), {0, 0, 1});
    if (failed(inner))
      return failure();
    // vector.contract, later lowered to outer products (FMAs).
    return vectorizeOp(rewriter, inner->tiledOps.front(), {},
                       /*contraction=*/true);
  }

  /// Elementwise ops and reductions: innermost dim in vectors of
  /// `vectorWidth` (masked remainder), one vector per step.
  LogicalResult scheduleGeneric(RewriterBase &rewriter, linalg::LinalgOp op) {
    // nxc.in_order: a user function reduction whose order must not change.
    if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0 ||
        op->hasAttr("nxc.in_order") ||
        !llvm::all_of(op.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isProjectedPermutation(); }))
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic) ||
        llvm::any_of(bounds, [](int64_t b) { return b == 0; }))
      return failure();
    // Static full tiles only: a short innermost dim is one vector; a longer
    // one is split by the widest power of two <= vectorWidth that divides it
    // (masked remainders do not vectorize every body); dims without one stay
    // loops for LLVM's vectorizer.
    int64_t inner = bounds.back(),
            width = std::min<int64_t>(inner, vectorWidth);
    while (inner > vectorWidth && width >= 4 && inner % width != 0)
      width /= 2;
    if (inner % width != 0 || (inner > vectorWidth && width < 4))
      return failure();
    SmallVector<int64_t> sizes(bounds.size(), 1);
    sizes.back() = width;
    if (failed(linalg::vectorizeOpPrecondition(op))) // body ops vectorizable
      return failure();
    auto tiled = tile(rewriter, op, sizes);
    if (failed(tiled))
      return failure();
    return vectorizeOp(rewriter, tiled->tiledOps.front(), {});
  }

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      if (auto mm = dyn_cast<linalg::MatmulOp>(op.getOperation());
          mm && succeeded(scheduleMatmul(rewriter, mm)))
        continue;
      if (isa<linalg::MatmulOp>(op.getOperation()))
        continue; // large un-blocked contractions stay loops for now
      (void)scheduleGeneric(rewriter, op);
    }
    // Fold the full-tile slices away, then keep loop-carried tiles (the
    // matmul accumulator) in registers across the loops that update them.
    RewritePatternSet patterns(&getContext());
    for (RegisteredOperationName name : getContext().getRegisteredOperations())
      name.getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) // post-order: innermost first
      hoistLoopInvariantSubsets(rewriter, loop);
  }
};
} // namespace
} // namespace nxc
