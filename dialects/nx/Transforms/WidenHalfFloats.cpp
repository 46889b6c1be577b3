//===- WidenHalfFloats.cpp - compute f16/bf16/f8 in f32 -------------------===//
//
// Nx computes every op in higher precision and rounds once to the storage
// type. Doing the same here is both closer to Nx than 16-bit arithmetic and
// keeps 16-bit float vectors away from LLVM backends that cannot legalize
// them. Only data movement (shape ops, select) stays in the 16-bit type.
//
//===----------------------------------------------------------------------===//
#include "nx/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::nx {
#define GEN_PASS_DEF_NXWIDENHALFFLOATS
#include "nx/Transforms/Passes.h.inc"

bool movesDataOnly(Operation *op) {
  return isa<AsTypeOp, BitcastOp, ConstantOp, ReshapeOp, SqueezeOp, BroadcastOp,
             TransposeOp, PadOp, SliceOp, ConcatenateOp, ReverseOp, SelectOp,
             WhileOp, IfOp, YieldOp, ReduceOp, DynamicSliceOp, PutSliceOp,
             GatherOp, TakeOp, TakeAlongAxisOp, IndexedPutOp, WindowReduceOp,
             MapOp>(op);
}

namespace {
bool isHalf(Type t) {
  Type e = getElementTypeOrSelf(t);
  return e.isF16() || e.isBF16() || isa<Float8E5M2Type, Float8E4M3FNType>(e);
}

bool isF8(Type t) {
  return isa<Float8E5M2Type, Float8E4M3FNType>(getElementTypeOrSelf(t));
}

RankedTensorType withElement(Type t, Type e) {
  return cast<RankedTensorType>(t).clone(e);
}

struct WidenHalfFloatsPass : impl::NxWidenHalfFloatsBase<WidenHalfFloatsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "nx" &&
          !movesDataOnly(op) && !isa<SortOp, ArgsortOp, LuOp>(op) &&
          (llvm::any_of(op->getOperandTypes(), isHalf) ||
           llvm::any_of(op->getResultTypes(), isHalf)))
        ops.push_back(op);
      // f8 values are bytes below nx, so ops that compare or compute on
      // their elements must see f32 too (f16/bf16 compare natively).
      else if (isa<SortOp, ArgsortOp, LuOp>(op) &&
               (llvm::any_of(op->getOperandTypes(), isF8) ||
                llvm::any_of(op->getResultTypes(), isF8)))
        ops.push_back(op);
    });
    OpBuilder b(&getContext());
    Type f32 = b.getF32Type();
    for (Operation *op : ops) {
      b.setInsertionPoint(op);
      for (OpOperand &operand : op->getOpOperands())
        if (isHalf(operand.get().getType()))
          operand.set(AsTypeOp::create(
              b, op->getLoc(), withElement(operand.get().getType(), f32),
              operand.get()));
      b.setInsertionPointAfter(op);
      for (OpResult r : op->getResults()) {
        if (!isHalf(r.getType()))
          continue;
        Type half = r.getType();
        r.setType(withElement(half, f32));
        auto narrow = AsTypeOp::create(b, op->getLoc(), half, r);
        r.replaceAllUsesExcept(narrow, narrow);
      }
    }
  }
};
} // namespace
} // namespace mlir::nx
