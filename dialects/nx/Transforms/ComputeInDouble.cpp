//===- ComputeInDouble.cpp - what Nx computes in doubles, in f64 ----------===//
//
// Nx.BinaryBackend works on Elixir floats (doubles) and rounds only what it
// writes: lu and triangular_solve (Nx.BinaryBackend.Matrix), the accumulation
// of sum, product, dot, conv, windows and indexed_add, every :math function,
// and complex numbers (pairs of doubles). Doing the same in f32 drifts by a
// few ulps (a determinant of 47.999996 where Nx gives 48.0). Factorizations
// and complex arithmetic are always widened; accumulations and math only
// below a size, where f64 costs nothing that matters and small graphs then
// match Nx bit for bit.
//
//===----------------------------------------------------------------------===//
#include "nx/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::nx {
#define GEN_PASS_DEF_NXCOMPUTEINDOUBLE
#include "nx/Transforms/Passes.h.inc"

namespace {
/// Real floats narrower than f64.
bool isNarrowFloat(Type t) {
  auto f = dyn_cast<FloatType>(getElementTypeOrSelf(t));
  return f && f.getWidth() < 64;
}

/// c64: lu works on complex numbers as pairs of doubles in Nx too.
bool isNarrowComplex(Type t) {
  auto c = dyn_cast<ComplexType>(getElementTypeOrSelf(t));
  return c && c.getElementType().isF32();
}

/// The f64 counterpart of a narrow float or c64 type.
Type widened(Type elem, Type f64) {
  if (isa<ComplexType>(elem))
    return ComplexType::get(f64);
  return f64;
}

/// a * b, saturating (absurd sizes must not wrap into "small").
int64_t mul(int64_t a, int64_t b) {
  int64_t r;
  return llvm::MulOverflow(a, b, r) ? std::numeric_limits<int64_t>::max() : r;
}

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p = mul(p, d);
  return p;
}

/// Float math that Nx.BinaryBackend evaluates with Erlang's :math (double)
/// and rounds once: transcendental functions and the formulas Nx treats as
/// one op (sigmoid, rsqrt). Correctly rounded f32 ops (+ - * / sqrt) need no
/// widening.
bool isDoubleMath(Operation *op) {
  return isa<ExpOp, Expm1Op, LogOp, Log1pOp, SigmoidOp, CosOp, SinOp, TanOp,
             CoshOp, SinhOp, TanhOp, AcosOp, AsinOp, AtanOp, AcoshOp, AsinhOp,
             AtanhOp, RsqrtOp, CbrtOp, ErfOp, ErfcOp, ErfInvOp, PowOp, Atan2Op>(
      op);
}

/// Elements a sum or product reads; multiply-adds of a dot; target and
/// update elements of an indexed_add; window or kernel elements per output
/// of a window reduction or conv; result elements of elementwise math.
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
  if (isa<ConvOp>(op)) // an upper bound: every kernel element per output
    return mul(
        out.getNumElements(),
        cast<RankedTensorType>(op->getOperand(1).getType()).getNumElements());
  if (auto w = dyn_cast<WindowSumOp>(op))
    return mul(out.getNumElements(), product(w.getWindowDimensions()));
  if (auto w = dyn_cast<WindowProductOp>(op))
    return mul(out.getNumElements(), product(w.getWindowDimensions()));
  if (op->hasTrait<OpTrait::Elementwise>() || isa<SigmoidOp>(op))
    return out.getNumElements();
  if (auto dot = dyn_cast<DotOp>(op)) {
    int64_t k = 1;
    for (int64_t d : dot.getLhsContracting())
      k = mul(k, in.getDimSize(d));
    return mul(out.getNumElements(), k);
  }
  return in.getNumElements();
}

/// Computes `op` with the operands `pick` selects in f64 (c128 for complex)
/// and likewise its results, integer results excepted, each rounded back.
void widen(OpBuilder &b, Operation *op, function_ref<bool(Type)> pick) {
  Type f64 = b.getF64Type();
  auto operandTo = [&](Type e) -> Type {
    if (!pick(e))
      return {};
    return isa<IntegerType>(e) ? f64 : widened(e, f64);
  };
  auto resultTo = [&](Type e) -> Type {
    return isa<IntegerType>(e) ? Type() : operandTo(e);
  };
  retypeElements(b, op, operandTo, resultTo);
}

struct ComputeInDoublePass : impl::NxComputeInDoubleBase<ComputeInDoublePass> {
  using Base::Base;

  void runOnOperation() override {
    OpBuilder b(&getContext());
    getOperation().walk([&](Operation *op) {
      if (!op->getDialect() || op->getDialect()->getNamespace() != "nx")
        return;
      // Complex numbers are pairs of doubles in Nx: every op that computes
      // on c64 values does so in c128 (and its f32 operands and results,
      // like abs's, in f64), rounded once per part.
      if (!movesDataOnly(op) &&
          (llvm::any_of(op->getOperandTypes(), isNarrowComplex) ||
           llvm::any_of(op->getResultTypes(), isNarrowComplex))) {
        widen(b, op, [](Type t) {
          return isNarrowComplex(t) || getElementTypeOrSelf(t).isF32();
        });
        return;
      }
      if (!llvm::any_of(op->getOperandTypes(), isNarrowFloat) &&
          !llvm::any_of(op->getResultTypes(), isNarrowFloat))
        return;
      bool math = isDoubleMath(op);
      if (!isa<LuOp, TriangularSolveOp, EighOp>(op) &&
          !(isa<SumOp, ProductOp, DotOp, IndexedAddOp, ConvOp, WindowSumOp,
                WindowProductOp>(op) &&
            work(op) < smallBelow) &&
          !(math && work(op) < mathBelow))
        return;
      // An integer operand (lu of s64, exp of s32) is read exactly, as Nx
      // does, not first rounded to f32.
      bool ints = math || isa<LuOp, TriangularSolveOp, EighOp>(op);
      widen(b, op, [&](Type t) {
        return isNarrowFloat(t) ||
               (ints && isa<IntegerType>(getElementTypeOrSelf(t)));
      });
    });
  }
};
} // namespace
} // namespace mlir::nx
