//===- FuseElementwise.cpp - elementwise fusion that keeps products named -===//
//
// linalg-fuse-elementwise-ops with one difference: a reshape is never moved
// through a contraction. Upstream's reshape propagation folds an
// expand_shape into its producer by expanding the producer's loops, and
// turns a linalg.matmul or batch_matmul into a linalg.generic on the way
// (a dense layer on [batch, seq, features] is a matmul on [batch * seq,
// features] reshaped back). The codegen register-blocks the named ops only:
// as a generic, 8x128x512 by 512x512 ran as scalar loops, 628 ms instead
// of 4.8. Elementwise chains still fuse and reshapes still move through
// everything else.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCFUSEELEMENTWISE
#include "Codegen/Passes.h.inc"

namespace {
bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

/// Whether `v` is a product's result, or computed from one by linalg ops and
/// reshapes (a few steps up).
bool derivesFromContraction(Value v, int depth,
                            llvm::SmallPtrSetImpl<Operation *> &seen) {
  Operation *def = v.getDefiningOp();
  if (!def || depth == 0 || !seen.insert(def).second)
    return false; // a shared operand is explored once (no blowup on DAGs)
  if (isContraction(def))
    return true;
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
    return derivesFromContraction(expand.getSrc(), depth - 1, seen);
  auto linalgOp = dyn_cast<linalg::LinalgOp>(def);
  return linalgOp && llvm::any_of(linalgOp.getDpsInputs(), [&](Value in) {
           return derivesFromContraction(in, depth - 1, seen);
         });
}
bool derivesFromContraction(Value v) {
  llvm::SmallPtrSet<Operation *, 16> seen;
  return derivesFromContraction(v, 8, seen);
}

/// Control for the collapsing patterns: a generic reading a reshaped product
/// (or a value computed from one), or a generic whose result is reshaped to
/// feed such a computation.
bool nextToProduct(OpOperand *fused) {
  if (auto expand = fused->get().getDefiningOp<tensor::ExpandShapeOp>())
    return derivesFromContraction(expand.getSrc());
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(fused->getOwner());
  return collapse && llvm::any_of(collapse->getUsers(), [](Operation *user) {
           auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
           return linalgOp &&
                  (isContraction(user) ||
                   llvm::any_of(linalgOp.getDpsInputs(), [](Value in) {
                     return derivesFromContraction(in);
                   }));
         });
}

struct FuseElementwisePass : impl::NxcFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // A product over several batch dims (attention's [batch, heads]) is a
    // batch_matmul over their product, reshaped back. First, the ops that
    // read it (the softmax) fold that reshape by collapsing their loops the
    // same way, so the chain matmul -> softmax -> matmul is on one shape
    // again, fuses as it does with one batch dim, and nxc-vectorize blocks
    // it by rows. Only downstream of a product: elsewhere a reshape stays
    // where the graph put it. The collapsing patterns take generics only.
    // Each round exposes the next readers' reshapes.
    IRRewriter rewriter(context);
    for (int round = 0; round < 8; ++round) {
      RewritePatternSet collapsing(context);
      linalg::populateFoldReshapeOpsByCollapsingPatterns(collapsing,
                                                         nextToProduct);
      tensor::ExpandShapeOp::getCanonicalizationPatterns(collapsing, context);
      tensor::CollapseShapeOp::getCanonicalizationPatterns(collapsing, context);
      (void)applyPatternsGreedily(getOperation(), std::move(collapsing));
      SmallVector<linalg::ReduceOp> reduces;
      getOperation()->walk([&](linalg::ReduceOp r) {
        if (r.hasPureTensorSemantics() &&
            llvm::any_of(r.getInputs(), [](Value in) {
              auto expand = in.getDefiningOp<tensor::ExpandShapeOp>();
              return expand && derivesFromContraction(expand.getSrc());
            }))
          reduces.push_back(r);
      });
      if (reduces.empty())
        break;
      for (linalg::ReduceOp r : reduces) {
        rewriter.setInsertionPoint(r);
        (void)linalg::generalizeNamedOp(rewriter, r);
      }
    }

    RewritePatternSet patterns(context);
    // As upstream: fuse a producer only into its single user.
    linalg::ControlFusionFn singleUse = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // The reshape's producer (an expand_shape folded into it) or its user
    // (a collapse_shape folded into it) must not be a contraction, and what
    // the rounds above collapsed stays collapsed.
    linalg::ControlFusionFn keepProductsNamed = [singleUse](OpOperand *fused) {
      Operation *owner = fused->getOwner();
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(owner);
          expand && derivesFromContraction(expand.getSrc()))
        return false;
      if (auto user = dyn_cast<linalg::LinalgOp>(owner);
          user && llvm::any_of(user.getDpsInputs(), [](Value in) {
            return derivesFromContraction(in);
          }))
        return false;
      return singleUse(fused) && !isContraction(fused->getOwner()) &&
             !isContraction(fused->get().getDefiningOp());
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, singleUse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      keepProductsNamed);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, singleUse);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};
} // namespace
} // namespace nxc
