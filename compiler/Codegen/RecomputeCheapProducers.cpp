//===- RecomputeCheapProducers.cpp - duplicate cheap elementwise ops ------===//
//
// linalg-fuse-elementwise-ops fuses a producer only into its single user. A
// cheap elementwise op read by several ops (layer norm's x - mean, read by
// the variance and by the normalization) is therefore written to a
// temporary and read back twice. Recomputing it costs one or two vector ops
// per element where the temporary costs a store and two loads; give every
// user its own copy so that the next fusion round folds each copy into its
// user.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCRECOMPUTECHEAPPRODUCERS
#include "Codegen/Passes.h.inc"

namespace {
/// An all-parallel generic with one identity-mapped result whose body is at
/// most `maxOps` arith ops: as cheap to recompute as to load.
bool isCheapElementwise(linalg::GenericOp op, int64_t maxOps) {
  if (op.getNumDpsInits() != 1 || op.getNumResults() != 1 ||
      op.getNumReductionLoops() != 0 || !op.hasPureTensorSemantics() ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() ||
      llvm::any_of(op.getIndexingMapsArray(),
                   [](AffineMap m) { return !m.isProjectedPermutation(); }))
    return false;
  // The init is only a shape: fusion cannot use a producer that reads it.
  if (op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)))
    return false;
  int64_t n = 0;
  for (Operation &inner : op.getBody()->without_terminator()) {
    if (inner.getDialect()->getNamespace() != "arith" || ++n > maxOps)
      return false;
  }
  return true;
}

struct RecomputeCheapProducersPass
    : impl::NxcRecomputeCheapProducersBase<RecomputeCheapProducersPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> candidates;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isCheapElementwise(op, maxOps))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : candidates) {
      Value result = op->getResult(0);
      // A linalg.reduce reading it (softmax's max of x / t) becomes the
      // equivalent generic, which fusion can take the copy into.
      for (Operation *user : llvm::to_vector(result.getUsers()))
        if (auto reduce = dyn_cast<linalg::ReduceOp>(user);
            reduce && llvm::is_contained(reduce.getInputs(), result) &&
            reduce.hasPureTensorSemantics()) {
          rewriter.setInsertionPoint(reduce);
          (void)linalg::generalizeNamedOp(rewriter, reduce);
        }
      // Only when every user is a generic reading it as an input: those are
      // what elementwise fusion folds a copy into.
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : result.getUses())
        uses.push_back(&use);
      if (uses.size() < 2 || llvm::any_of(uses, [](OpOperand *use) {
            auto user = dyn_cast<linalg::GenericOp>(use->getOwner());
            return !user || !user.isDpsInput(use);
          }))
        continue;
      OpBuilder b(op);
      for (OpOperand *use : llvm::drop_begin(uses))
        use->set(b.clone(*op)->getResult(0));
    }
  }
};
} // namespace
} // namespace nxc
