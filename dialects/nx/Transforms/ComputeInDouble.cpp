//===- ComputeInDouble.cpp - what Nx computes in doubles, in f64 ----------===//
//
// Nx.BinaryBackend's lu and triangular_solve (Nx.BinaryBackend.Matrix) and
// its sum, product, dot and indexed_add (updates to one index summed first)
// work on Elixir floats, doubles, and round only what they write. Factoring an
// f32 matrix in f32 instead drifts by a few ulps per step
// (determinant 47.999996 where Nx gives 48.0), and an f32 accumulator rounds at
// every addition.
//
//===----------------------------------------------------------------------===//
#include "nx/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::nx {
#define GEN_PASS_DEF_NXCOMPUTEINDOUBLE
#include "nx/Transforms/Passes.h.inc"

namespace {
/// Real floats narrower than f64.
bool isNarrowFloat(Type t) {
  auto f = dyn_cast<FloatType>(getElementTypeOrSelf(t));
  return f && f.getWidth() < 64;
}

/// Elements a sum or product reads; multiply-adds of a dot; target and
/// update elements of an indexed_add.
int64_t work(Operation *op) {
  if (isa<IndexedAddOp>(op)) {
    auto target = cast<RankedTensorType>(op->getOperand(0).getType());
    auto updates = cast<RankedTensorType>(op->getOperand(2).getType());
    if (!target.hasStaticShape() || !updates.hasStaticShape())
      return std::numeric_limits<int64_t>::max();
    return target.getNumElements() + updates.getNumElements();
  }
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return std::numeric_limits<int64_t>::max();
  if (auto dot = dyn_cast<DotOp>(op)) {
    int64_t k = 1;
    for (int64_t d : dot.getLhsContracting())
      k *= in.getDimSize(d);
    return out.getNumElements() * k;
  }
  return in.getNumElements();
}

struct ComputeInDoublePass : impl::NxComputeInDoubleBase<ComputeInDoublePass> {
  using Base::Base;

  void runOnOperation() override {
    OpBuilder b(&getContext());
    Type f64 = b.getF64Type();
    getOperation().walk([&](Operation *op) {
      if (!llvm::any_of(op->getOperandTypes(), isNarrowFloat) &&
          !llvm::any_of(op->getResultTypes(), isNarrowFloat))
        return;
      if (!isa<LuOp, TriangularSolveOp, EighOp>(op) &&
          !(isa<SumOp, ProductOp, DotOp, IndexedAddOp>(op) &&
            work(op) < smallBelow))
        return;
      b.setInsertionPoint(op);
      for (OpOperand &operand : op->getOpOperands()) {
        auto t = cast<RankedTensorType>(operand.get().getType());
        // An integer matrix (lu of s64) is read exactly, as Nx does.
        if (isNarrowFloat(t) || (isa<LuOp, TriangularSolveOp, EighOp>(op) &&
                                 isa<IntegerType>(t.getElementType())))
          operand.set(
              AsTypeOp::create(b, op->getLoc(), t.clone(f64), operand.get()));
      }
      b.setInsertionPointAfter(op);
      for (OpResult r : op->getResults()) {
        auto t = cast<RankedTensorType>(r.getType());
        if (!isNarrowFloat(t))
          continue;
        r.setType(t.clone(f64));
        auto narrow = AsTypeOp::create(b, op->getLoc(), t, r);
        r.replaceAllUsesExcept(narrow, narrow);
      }
    });
  }
};
} // namespace
} // namespace mlir::nx
