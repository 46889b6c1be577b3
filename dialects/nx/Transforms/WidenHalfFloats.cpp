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

void retypeElements(OpBuilder &b, Operation *op,
                    function_ref<Type(Type)> operandTo,
                    function_ref<Type(Type)> resultTo) {
  b.setInsertionPoint(op);
  for (OpOperand &operand : op->getOpOperands()) {
    auto t = dyn_cast<RankedTensorType>(operand.get().getType());
    if (Type e = t ? operandTo(t.getElementType()) : Type())
      operand.set(AsTypeOp::create(b, op->getLoc(), t.clone(e), operand.get()));
  }
  b.setInsertionPointAfter(op);
  for (OpResult r : op->getResults()) {
    auto t = dyn_cast<RankedTensorType>(r.getType());
    Type e = t ? resultTo(t.getElementType()) : Type();
    if (!e)
      continue;
    r.setType(t.clone(e));
    auto back = AsTypeOp::create(b, op->getLoc(), t, r);
    r.replaceAllUsesExcept(back, back);
  }
}

namespace {
bool isHalf(Type t) {
  Type e = getElementTypeOrSelf(t);
  return e.isF16() || e.isBF16() || isa<Float8E5M2Type, Float8E4M3FNType>(e);
}

bool isF8(Type t) {
  return isa<Float8E5M2Type, Float8E4M3FNType>(getElementTypeOrSelf(t));
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
    auto toF32 = [&](Type e) { return isHalf(e) ? f32 : Type(); };
    for (Operation *op : ops)
      retypeElements(b, op, toF32, toF32);
  }
};
} // namespace
} // namespace mlir::nx
