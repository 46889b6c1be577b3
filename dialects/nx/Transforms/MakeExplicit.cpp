//===- MakeExplicit.cpp - explicit broadcasting and conversion ------------===//
#include "nx/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::nx {
#define GEN_PASS_DEF_NXMAKEEXPLICIT
#include "nx/Transforms/Passes.h.inc"
} // namespace mlir::nx

using namespace mlir;
using namespace mlir::nx;

static unsigned width(Type t) {
  if (auto c = dyn_cast<ComplexType>(t))
    return c.getElementType().getIntOrFloatBitWidth();
  return t.getIntOrFloatBitWidth();
}

// Mirrors Nx.Type.merge/2 (nx/lib/nx/type.ex).
Type mlir::nx::mergeTypes(Type a, Type b) {
  if (a == b)
    return a;
  MLIRContext *ctx = a.getContext();
  auto floatOf = [&](unsigned w) -> Type {
    return w <= 32 ? Type(Float32Type::get(ctx)) : Float64Type::get(ctx);
  };
  if (isa<ComplexType>(a) || isa<ComplexType>(b)) {
    unsigned w = std::max(width(a), width(b));
    return ComplexType::get(floatOf(w));
  }
  if (isa<FloatType>(a) && isa<FloatType>(b)) {
    // f16 and bf16 merge to f32; otherwise the wider wins.
    if (width(a) == width(b))
      return floatOf(32);
    return width(a) > width(b) ? a : b;
  }
  if (isa<FloatType>(a))
    return a;
  if (isa<FloatType>(b))
    return b;
  auto ia = cast<IntegerType>(a), ib = cast<IntegerType>(b);
  if (ia.isUnsigned() == ib.isUnsigned())
    return ia.getWidth() >= ib.getWidth() ? a : b;
  auto s = ia.isUnsigned() ? ib : ia, u = ia.isUnsigned() ? ia : ib;
  unsigned w = std::min(64u, std::max(s.getWidth(), 2 * u.getWidth()));
  return IntegerType::get(ctx, w, IntegerType::Signed);
}

/// Converts `v` to `elem` and broadcasts it (numpy alignment) to `shape`.
static Value conform(OpBuilder &b, Location loc, Value v, Type elem,
                     ArrayRef<int64_t> shape) {
  auto t = cast<RankedTensorType>(v.getType());
  if (t.getElementType() != elem) {
    v = AsTypeOp::create(b, loc, RankedTensorType::get(t.getShape(), elem), v);
    t = cast<RankedTensorType>(v.getType());
  }
  if (t.getShape() != shape) {
    int64_t offset = shape.size() - t.getRank();
    auto axes = llvm::to_vector(llvm::seq<int64_t>(offset, shape.size()));
    v = BroadcastOp::create(b, loc, RankedTensorType::get(shape, elem), v,
                            axes);
  }
  return v;
}

static Type elemOf(Value v) { return getElementTypeOrSelf(v.getType()); }

/// The float types Nx stores in fewer bits than f32 (f16, bf16, f8).
static bool isNarrowFloat(Type t) {
  return isa<Float16Type, BFloat16Type, Float8E5M2Type, Float8E4M3FNType>(t);
}

namespace mlir::nx {
namespace {
struct MakeExplicitPass : impl::NxMakeExplicitBase<MakeExplicitPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (op->getDialect() == nullptr ||
          op->getDialect()->getNamespace() != "nx" || op->getNumResults() != 1)
        return;
      OpBuilder b(op);
      Location loc = op->getLoc();
      auto resTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      if (!resTy)
        return;
      Type resElem = resTy.getElementType();
      ArrayRef<int64_t> shape = resTy.getShape();
      auto setAll = [&](Type elem, unsigned from = 0) {
        for (unsigned i = from; i < op->getNumOperands(); ++i)
          op->setOperand(i, conform(b, loc, op->getOperand(i), elem, shape));
      };
      if (isa<EqualOp, NotEqualOp, LessOp, LessEqualOp, GreaterOp,
              GreaterEqualOp>(op)) {
        setAll(
            mergeTypes(elemOf(op->getOperand(0)), elemOf(op->getOperand(1))));
      } else if (isa<LogicalAndOp, LogicalOrOp, LogicalXorOp>(op)) {
        for (unsigned i = 0; i < 2; ++i)
          op->setOperand(i, conform(b, loc, op->getOperand(i),
                                    elemOf(op->getOperand(i)), shape));
      } else if (isa<AddOp, SubtractOp, MultiplyOp, DivideOp, PowOp,
                     RemainderOp, QuotientOp, Atan2Op, MaxOp, MinOp,
                     BitwiseAndOp, BitwiseOrOp, BitwiseXorOp, LeftShiftOp,
                     RightShiftOp>(op)) {
        if (isNarrowFloat(resElem) &&
            llvm::any_of(op->getOperands(),
                         [&](Value v) { return elemOf(v) != resElem; })) {
          // Nx reads each operand in its own type and rounds only the
          // result: a bf16 tensor times the f32 number 1.99 uses 1.99, not
          // its bf16 value; an s32 operand is not first rounded to f16. So
          // compute in f32 and round once.
          Type f32 = b.getF32Type();
          setAll(f32);
          retypeElements(
              b, op, [](Type) { return Type(); }, [&](Type) { return f32; });
        } else {
          setAll(resElem);
        }
      } else if (auto sel = dyn_cast<SelectOp>(op)) {
        op->setOperand(
            0, conform(b, loc, sel.getPred(), elemOf(sel.getPred()), shape));
        setAll(resElem, 1);
      } else if (isa<ClipOp, ConcatenateOp>(op)) {
        // Concatenate operands keep their own shapes; only convert them.
        for (unsigned i = 0; i < op->getNumOperands(); ++i) {
          Value v = op->getOperand(i);
          auto t = cast<RankedTensorType>(v.getType());
          op->setOperand(i, conform(b, loc, v, resElem,
                                    isa<ClipOp>(op) ? shape : t.getShape()));
        }
      } else if (isa<WindowScatterMaxOp, WindowScatterMinOp>(op)) {
        for (unsigned i :
             {1u, 2u}) { // source and init; the operand is compared as is
          Value v = op->getOperand(i);
          op->setOperand(
              i, conform(b, loc, v, resElem,
                         cast<RankedTensorType>(v.getType()).getShape()));
        }
      } else if (isa<PutSliceOp, IndexedAddOp, IndexedPutOp>(op)) {
        // The operand and the update(s) take the result type; indices stay.
        unsigned upd = isa<PutSliceOp>(op) ? 1 : 2;
        for (unsigned i : {0u, upd}) {
          Value v = op->getOperand(i);
          op->setOperand(
              i, conform(b, loc, v, resElem,
                         cast<RankedTensorType>(v.getType()).getShape()));
        }
      } else if (auto pad = dyn_cast<PadOp>(op)) {
        for (unsigned i = 0; i < 2; ++i) {
          Value v = op->getOperand(i);
          op->setOperand(
              i, conform(b, loc, v, resElem,
                         cast<RankedTensorType>(v.getType()).getShape()));
        }
      } else if (isa<DotOp, ConvOp, SumOp, ProductOp, ReduceMaxOp, ReduceMinOp,
                     ReduceOp, WindowReduceOp, MapOp, WindowSumOp,
                     WindowProductOp, WindowMaxOp, WindowMinOp, FftOp, IfftOp,
                     TriangularSolveOp>(op)) {
        for (unsigned i = 0; i < op->getNumOperands(); ++i) {
          Value v = op->getOperand(i);
          op->setOperand(
              i, conform(b, loc, v, resElem,
                         cast<RankedTensorType>(v.getType()).getShape()));
        }
      }
    });
  }
};
} // namespace
} // namespace mlir::nx
