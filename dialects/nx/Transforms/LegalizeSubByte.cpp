//===- LegalizeSubByte.cpp - s2/s4/u2/u4 as 8-bit values ------------------===//
//
// Nx stores s2/s4/u2/u4 tensors packed (first element in the high bits) and
// wraps every result to the narrow width. Memory of 2- or 4-bit elements has
// no layout MLIR's lowering and Nx agree on, so values live in 8 bits here:
// every sub-byte tensor becomes si8/ui8 holding the sign- or zero-extended
// value, each op that can leave the narrow range is followed by a wrap
// (shift pair for signed, mask for unsigned), and packed bytes are unpacked
// where arguments enter and packed where results leave.
//
//===----------------------------------------------------------------------===//
#include "nx/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::nx {
#define GEN_PASS_DEF_NXLEGALIZESUBBYTE
#include "nx/Transforms/Passes.h.inc"

namespace {
IntegerType subByte(Type t) {
  auto it = dyn_cast<IntegerType>(getElementTypeOrSelf(t));
  return it && it.getWidth() < 8 ? it : IntegerType();
}

Type widened(Type t) {
  IntegerType it = subByte(t);
  if (!it)
    return t;
  auto w = IntegerType::get(t.getContext(), 8, it.getSignedness());
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return rt.clone(w);
  return w;
}

// Ops that only move or select existing values: their results stay in range.
bool movesValues(Operation *op) {
  return isa<ConstantOp, UnpackBitsOp, ReshapeOp, SqueezeOp, BroadcastOp,
             TransposeOp, PadOp, SliceOp, ConcatenateOp, ReverseOp, SelectOp,
             WhileOp, IfOp, DynamicSliceOp, PutSliceOp, GatherOp, TakeOp,
             TakeAlongAxisOp, IndexedPutOp, SortOp, MaxOp, MinOp, ClipOp,
             ReduceMaxOp, ReduceMinOp>(op);
}

Value splat(OpBuilder &b, Location loc, RankedTensorType t, int64_t v) {
  auto it = cast<IntegerType>(t.getElementType());
  return ConstantOp::create(
      b, loc, t,
      DenseElementsAttr::get(t, IntegerAttr::get(it, APInt(8, v, true))));
}

// `x` (8-bit) wrapped to `bits` with `x`'s signedness.
Value wrap(OpBuilder &b, Location loc, Value x, unsigned bits) {
  auto t = cast<RankedTensorType>(x.getType());
  if (cast<IntegerType>(t.getElementType()).isUnsigned())
    return BitwiseAndOp::create(b, loc, t, x,
                                splat(b, loc, t, (1 << bits) - 1));
  Value s = splat(b, loc, t, 8 - bits);
  Value up = LeftShiftOp::create(b, loc, t, x, s);
  return RightShiftOp::create(b, loc, t, up, s);
}

struct LegalizeSubBytePass : impl::NxLegalizeSubByteBase<LegalizeSubBytePass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (fn.isExternal())
      return;
    MLIRContext *ctx = &getContext();
    OpBuilder b(ctx);
    auto u8 = IntegerType::get(ctx, 8, IntegerType::Unsigned);
    auto packedType = [&](Type t, unsigned bits) {
      int64_t n = cast<RankedTensorType>(t).getNumElements();
      return RankedTensorType::get({(n * bits + 7) / 8}, u8);
    };

    // 1. Ops whose sub-byte results need a wrap, and their widths, before
    //    any type changes.
    SmallVector<std::pair<OpResult, unsigned>> toWrap;
    // Bit counts look at the narrow width only: the operand's extension
    // bits are masked off, and clz counts 8 - bits fewer leading zeros.
    SmallVector<std::pair<Operation *, unsigned>> bitCounts;
    fn.walk([&](Operation *op) {
      if (isa<PopulationCountOp, CountLeadingZerosOp>(op))
        if (IntegerType it = subByte(op->getOperand(0).getType())) {
          bitCounts.push_back({op, it.getWidth()});
          return;
        }
      if (op->getDialect() && op->getDialect()->getNamespace() == "nx" &&
          !movesValues(op))
        for (OpResult r : op->getResults())
          if (IntegerType it = subByte(r.getType()))
            toWrap.push_back({r, it.getWidth()});
    });

    // 2. Arguments: packed bytes in, unpacked at the entry.
    Block &entry = fn.getBody().front();
    b.setInsertionPointToStart(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      IntegerType it = subByte(arg.getType());
      if (!it)
        continue;
      Type wide = widened(arg.getType());
      arg.setType(packedType(arg.getType(), it.getWidth()));
      auto unpack = UnpackBitsOp::create(b, fn.getLoc(), wide, arg,
                                         b.getI64IntegerAttr(it.getWidth()));
      arg.replaceAllUsesExcept(unpack, unpack);
    }

    // 3. Every other value and constant in 8 bits.
    fn.walk([&](Operation *op) {
      if (auto c = dyn_cast<ConstantOp>(op))
        if (IntegerType it = subByte(c.getType())) {
          auto dense = cast<DenseIntElementsAttr>(c.getValue());
          bool sign = it.isSigned();
          c.setValueAttr(dense.mapValues(
              cast<RankedTensorType>(widened(c.getType())).getElementType(),
              [&](const APInt &v) { return sign ? v.sext(8) : v.zext(8); }));
        }
      for (Region &r : op->getRegions())
        for (Block &blk : r)
          if (&blk != &entry)
            for (BlockArgument a : blk.getArguments())
              a.setType(widened(a.getType()));
      for (OpResult r : op->getResults())
        r.setType(widened(r.getType()));
    });

    for (auto [op, bits] : bitCounts) {
      Location loc = op->getLoc();
      b.setInsertionPoint(op);
      Value in = op->getOperand(0);
      auto inTy = cast<RankedTensorType>(in.getType());
      auto uTy = inTy.clone(IntegerType::get(ctx, 8, IntegerType::Unsigned));
      // Count on the unsigned bit pattern (an arithmetic shift would
      // refill the sign bits).
      Value bitsU = BitcastOp::create(b, loc, uTy, in);
      bitsU = BitwiseAndOp::create(b, loc, uTy, bitsU,
                                   splat(b, loc, uTy, (1 << bits) - 1));
      op->setOperand(0, BitcastOp::create(b, loc, inTy, bitsU));
      OpResult r = op->getResult(0);
      SmallVector<OpOperand *> uses;
      for (OpOperand &u : r.getUses())
        uses.push_back(&u);
      b.setInsertionPointAfter(op);
      Value v = r;
      auto rTy = cast<RankedTensorType>(r.getType());
      if (isa<CountLeadingZerosOp>(op))
        v = SubtractOp::create(b, loc, rTy, v, splat(b, loc, rTy, 8 - bits));
      v = wrap(b, loc, v, bits);
      for (OpOperand *u : uses)
        u->set(v);
    }

    // 4. Wraps after arithmetic.
    for (auto [r, bits] : toWrap) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &u : r.getUses())
        uses.push_back(&u);
      b.setInsertionPointAfter(r.getOwner());
      Value w = wrap(b, r.getOwner()->getLoc(), r, bits);
      for (OpOperand *u : uses)
        u->set(w);
    }

    // 5. Results: packed at the return.
    auto oldResults = fn.getFunctionType().getResults();
    SmallVector<Type> resultTypes(oldResults.begin(), oldResults.end());
    fn.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      for (OpOperand &o : ret->getOpOperands()) {
        IntegerType it = subByte(oldResults[o.getOperandNumber()]);
        if (!it)
          continue;
        Type packed = packedType(o.get().getType(), it.getWidth());
        o.set(PackBitsOp::create(b, ret.getLoc(), packed, o.get(),
                                 b.getI64IntegerAttr(it.getWidth())));
        resultTypes[o.getOperandNumber()] = packed;
      }
    });
    fn.setFunctionType(
        FunctionType::get(ctx, entry.getArgumentTypes(), resultTypes));
  }
};
} // namespace
} // namespace mlir::nx
