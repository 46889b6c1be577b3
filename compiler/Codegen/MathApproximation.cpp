//===- MathApproximation.cpp - vectorizable math --------------------------===//
#include "Codegen/Passes.h"
#include "Codegen/VectorMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCMATHAPPROXIMATION
#include "Codegen/Passes.h.inc"

namespace {
// f32 constant `v` shaped like `like` (a scalar or a vector); with
// `likeElement`, of `like`'s own float type.
Value f32Const(OpBuilder &b, Location loc, Type like, double v,
               bool likeElement = false) {
  FloatAttr attr = likeElement ? b.getFloatAttr(getElementTypeOrSelf(like), v)
                               : b.getF32FloatAttr(static_cast<float>(v));
  if (auto vt = dyn_cast<VectorType>(like))
    return arith::ConstantOp::create(
        b, loc, vt, DenseElementsAttr::get(vt, attr.getValue()));
  return arith::ConstantOp::create(b, loc, attr);
}

bool isF32(Type t) { return getElementTypeOrSelf(t).isF32(); }

// The polynomial log/exp work on normal numbers only: log flushes denormal
// inputs to FLT_MIN and exp flushes denormal results to 0, where Nx (double
// math rounded once) keeps them. Scale into the normal range and back:
//   log(x)  = log(x * 2^32) - 32 ln 2   when 0 < x < FLT_MIN (log2: - 32)
//   exp(x)  = exp(x + 32 ln 2) * 2^-32   when x < ln FLT_MIN
// (2^-32 times a normal rounds once to the right denormal). One compare and
// two selects per element, still vectorized.
void guardDenormals(Operation *root, const DenseSet<Operation *> &exact) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isa<math::LogOp, math::Log2Op, math::ExpOp>(op) &&
        isF32(op->getResult(0).getType()) && !exact.contains(op))
      ops.push_back(op);
  });
  constexpr double two32 = 4294967296.0, ln2 = 0.69314718055994530942;
  for (Operation *op : ops) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    Value x = op->getOperand(0);
    Type t = x.getType();
    Value res;
    if (isa<math::ExpOp>(op)) {
      Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                          f32Const(b, loc, t, -87.33654475));
      Value shifted =
          arith::AddFOp::create(b, loc, x, f32Const(b, loc, t, 32 * ln2));
      Value arg = arith::SelectOp::create(b, loc, small, shifted, x);
      Value e = math::ExpOp::create(b, loc, arg);
      Value scale = arith::SelectOp::create(b, loc, small,
                                            f32Const(b, loc, t, 1.0 / two32),
                                            f32Const(b, loc, t, 1.0));
      res = arith::MulFOp::create(b, loc, e, scale);
    } else {
      // x < FLT_MIN is also true for 0 and negatives: scaling keeps their
      // -inf / NaN, and subtracting a finite offset from those changes nothing.
      Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                          f32Const(b, loc, t, 1.17549435e-38));
      Value scaled =
          arith::MulFOp::create(b, loc, x, f32Const(b, loc, t, two32));
      Value arg = arith::SelectOp::create(b, loc, small, scaled, x);
      Value l = isa<math::LogOp>(op)
                    ? math::LogOp::create(b, loc, arg).getResult()
                    : math::Log2Op::create(b, loc, arg).getResult();
      double off = isa<math::LogOp>(op) ? 32 * ln2 : 32.0;
      Value sub = arith::SelectOp::create(
          b, loc, small, f32Const(b, loc, t, off), f32Const(b, loc, t, 0.0));
      res = arith::SubFOp::create(b, loc, l, sub);
    }
    op->getResult(0).replaceAllUsesWith(res);
    op->erase();
  }
}

/// The float a scalar, splat or broadcast constant holds.
static std::optional<APFloat> splatFloat(Value v) {
  if (auto bc = v.getDefiningOp<vector::BroadcastOp>())
    v = bc.getSource();
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto splat = dyn_cast<SplatElementsAttr>(attr))
    attr = splat.getSplatValue<Attribute>();
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValue();
  return std::nullopt;
}

/// pow with a small integer constant exponent (`x ** 2` in layer norm's
/// variance, `x ** 3` in GELU) as multiplications. x*x is exactly Nx's
/// double-precision pow rounded once; x*x*x and x^4 round twice (<= 1 ulp).
/// Signed zeros and infinities come out as pow gives them; NaN is handled by
/// the select the nx lowering puts around pow.
struct PowToMultiply : OpRewritePattern<math::PowFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::PowFOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<APFloat> f = splatFloat(op.getRhs());
    if (!f)
      return failure();
    bool lost;
    f->convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    double e = f->convertToDouble();
    Location loc = op.getLoc();
    Value x = op.getLhs();
    auto mul = [&](Value a, Value b) {
      return arith::MulFOp::create(rewriter, loc, a, b).getResult();
    };
    Value r;
    if (e == 1)
      r = x;
    else if (e == 2)
      r = mul(x, x);
    else if (e == 3)
      r = mul(mul(x, x), x);
    else if (e == 4) {
      Value sq = mul(x, x);
      r = mul(sq, sq);
    } else if (e == -1)
      r = arith::DivFOp::create(
          rewriter, loc, f32Const(rewriter, loc, x.getType(), 1.0, true), x);
    else if (e == 0)
      r = f32Const(rewriter, loc, x.getType(), 1.0, true);
    else
      return failure();
    rewriter.replaceOp(op, r);
    return success();
  }
};

// Nx's pow returns NaN for a NaN operand, so the lowering guards it with
// select(isnan(x) | isnan(y), NaN, pow(x, y)). Once pow(x, 2) has become
// x * x, the product is NaN whenever x is: drop the compare and the select
// (two of the five ops per element in a variance).
struct DropPropagatedNaNSelect : OpRewritePattern<arith::SelectOp> {
  using OpRewritePattern::OpRewritePattern;
  static bool isConst(Value v, function_ref<bool(const APFloat &)> pred) {
    std::optional<APFloat> f = splatFloat(v);
    return f && pred(*f);
  }
  LogicalResult matchAndRewrite(arith::SelectOp op,
                                PatternRewriter &rewriter) const override {
    auto cmp = op.getCondition().getDefiningOp<arith::CmpFOp>();
    if (!cmp || cmp.getPredicate() != arith::CmpFPredicate::UNO ||
        !isConst(op.getTrueValue(), [](const APFloat &f) { return f.isNaN(); }))
      return failure();
    // The compare must test exactly one value for NaN.
    auto notNaN = [](const APFloat &f) { return !f.isNaN(); };
    Value tested = cmp.getLhs();
    if (isConst(tested, notNaN))
      tested = cmp.getRhs();
    else if (cmp.getRhs() != tested && !isConst(cmp.getRhs(), notNaN))
      return failure();
    Operation *def = op.getFalseValue().getDefiningOp();
    if (!isa_and_nonnull<arith::MulFOp, arith::AddFOp, arith::SubFOp,
                         arith::DivFOp>(def) ||
        !llvm::is_contained(def->getOperands(), tested))
      return failure();
    rewriter.replaceOp(op, op.getFalseValue());
    return success();
  }
};

/// exp on f32 vectors where ldexp is one instruction (AVX-512 vscalefps):
///   n = round(x / ln 2)         the 1.5 * 2^23 shift: one fma, and the low
///                               mantissa bits of the sum are n as an integer
///   r = x - n ln 2              in two steps (Cody-Waite), exact to ~2^-33
///   e^r                         degree-6 polynomial, c0 = c1 = 1, relative
///                               error 7e-8 on |r| <= ln 2 / 2 (f32 Horner)
///   exp(x) = ldexp(e^r, n)      one rounding, denormal and overflowing
///                               results included
/// x is clamped to [-104, 89] first (exp(-104) < 2^-150 rounds to 0, exp(89)
/// overflows) with compares that keep NaN. 15 vector ops against MLIR's 19
/// plus 3 for the denormal guard.
struct ExpViaLdexp : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ExpOp op,
                                PatternRewriter &rewriter) const override {
    auto vt = dyn_cast<VectorType>(op.getType());
    if (!vt || !vt.getElementType().isF32() || vt.isScalable())
      return failure();
    Location loc = op.getLoc();
    // llvm.ldexp takes 1-D vectors.
    auto flat = VectorType::get({vt.getNumElements()}, rewriter.getF32Type());
    auto ints = VectorType::get({vt.getNumElements()}, rewriter.getI32Type());
    Value x = op.getOperand();
    if (vt.getRank() != 1)
      x = vector::ShapeCastOp::create(rewriter, loc, flat, x);
    auto c = [&](double v) { return f32Const(rewriter, loc, flat, v); };
    auto fma = [&](Value a, Value b, Value acc) {
      return math::FmaOp::create(rewriter, loc, a, b, acc).getResult();
    };
    // select(x uge lo, x, lo) and select(x ule hi, x, hi): vmaxps/vminps
    // with the operand order that passes a NaN x through.
    auto clamp = [&](arith::CmpFPredicate pred, Value v, double bound) {
      Value b = c(bound);
      Value keep = arith::CmpFOp::create(rewriter, loc, pred, v, b);
      return arith::SelectOp::create(rewriter, loc, keep, v, b).getResult();
    };
    x = clamp(arith::CmpFPredicate::UGE, x, -104.0);
    x = clamp(arith::CmpFPredicate::ULE, x, 89.0);
    constexpr double shift = 12582912.0; // 1.5 * 2^23
    Value t = fma(x, c(1.44269504088896341), c(shift));
    Value n = arith::SubFOp::create(rewriter, loc, t, c(shift));
    Value shiftBits = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            ints, rewriter.getI32IntegerAttr(
                      llvm::bit_cast<int32_t>(static_cast<float>(shift)))));
    Value ni = arith::SubIOp::create(
        rewriter, loc, arith::BitcastOp::create(rewriter, loc, ints, t),
        shiftBits);
    Value r = fma(n, c(-0.693359375), x);
    r = fma(n, c(2.12194440e-4), r);
    static constexpr double coeffs[] = {1.384360366500914e-3,
                                        8.374196477234364e-3,
                                        4.166800528764725e-2,
                                        1.6666430234909058e-1,
                                        4.999999403953552e-1,
                                        1.0,
                                        1.0};
    Value p = c(coeffs[0]);
    for (double k : llvm::drop_begin(coeffs))
      p = fma(p, r, c(k));
    // llvm.intr.ldexp takes a scalar exponent only: call the intrinsic.
    Value res = LLVM::CallIntrinsicOp::create(
                    rewriter, loc, flat, rewriter.getStringAttr("llvm.ldexp"),
                    ValueRange{p, ni})
                    .getResult(0);
    if (vt.getRank() != 1)
      res = vector::ShapeCastOp::create(rewriter, loc, vt, res);
    rewriter.replaceOp(op, res);
    return success();
  }
};

/// Elements `op` computes per call of its function: its vector's lanes
/// times the trip counts of the loops around it (unknown: as good as
/// unbounded).
int64_t elementsPerCall(Operation *op) {
  constexpr int64_t unbounded = std::numeric_limits<int64_t>::max();
  int64_t n = 1;
  if (auto vt = dyn_cast<VectorType>(op->getResult(0).getType()))
    n = vt.getNumElements();
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp()) {
    if (isa<FunctionOpInterface>(p))
      break;
    auto loop = dyn_cast<scf::ForOp>(p);
    if (!loop) {
      if (isa<LoopLikeOpInterface>(p))
        return unbounded; // scf.while: data-dependent
      continue;
    }
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                           ub = getConstantIntValue(loop.getUpperBound()),
                           step = getConstantIntValue(loop.getStep());
    if (!lb || !ub || !step || *step <= 0)
      return unbounded;
    int64_t trips = *ub > *lb ? (*ub - *lb + *step - 1) / *step : 0;
    if (trips != 0 && n > unbounded / trips)
      return unbounded;
    n *= trips;
  }
  return n;
}

struct MathApproximationPass
    : impl::NxcMathApproximationBase<MathApproximationPass> {
  using Base::Base;
  // The vector math fallbacks loop over lanes with scf.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registry.insert<scf::SCFDialect>();
  }

  void runOnOperation() override {
    // Math on a few elements per call stays libm (glibc's expf, logf, ...
    // round correctly in all but rare cases, as Nx's double math rounded
    // once does; the polynomials are within an ulp): small graphs give Nx's
    // numbers bit for bit, at a cost of microseconds.
    DenseSet<Operation *> exact;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::MathDialect>(op->getDialect()) &&
          op->getNumResults() == 1 && isF32(op->getResult(0).getType()) &&
          !isa<math::FmaOp, math::AbsFOp, math::CopySignOp, math::FloorOp,
               math::CeilOp, math::RoundOp, math::RoundEvenOp, math::TruncOp,
               math::SqrtOp, math::PowFOp>(op) &&
          elementsPerCall(op) < exactBelow)
        exact.insert(op);
    });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    auto apply = [&](RewritePatternSet &&set) {
      SmallVector<Operation *> ops;
      getOperation()->walk([&](Operation *op) {
        if (!exact.contains(op))
          ops.push_back(op);
      });
      return applyOpPatternsGreedily(
          ops, FrozenRewritePatternSet(std::move(set)), config);
    };
    {
      RewritePatternSet pow(&getContext());
      pow.add<PowToMultiply, DropPropagatedNaNSelect>(&getContext());
      if (failed(apply(std::move(pow))))
        return signalPassFailure();
    }
    // Our f32-vector expansions first (sin, cos, atan, powf, remf, ...):
    // they are accurate for every input, and run before guardDenormals and
    // MLIR's patterns so that whatever math ops they leave get handled too.
    {
      RewritePatternSet vectorMath(&getContext());
      populateNxcVectorMathPatterns(vectorMath);
      if (ldexp)
        vectorMath.add<ExpViaLdexp>(&getContext());
      if (failed(apply(std::move(vectorMath))))
        return signalPassFailure();
    }
    guardDenormals(getOperation(), exact);
    RewritePatternSet patterns(&getContext());
    // Only approximations that keep Nx's f32 tolerance and IEEE special
    // values (measured over the corpus). MLIR's sin/cos lose accuracy for
    // large arguments, atan/atan2 the sign of zero, cbrt infinities: on f32
    // vectors those are expanded above; scalars and f64 stay libm calls.
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      return llvm::is_contained(
          {math::ExpOp::getOperationName(), math::ExpM1Op::getOperationName(),
           math::LogOp::getOperationName(), math::Log1pOp::getOperationName(),
           math::Log2Op::getOperationName(), math::TanhOp::getOperationName(),
           math::ErfOp::getOperationName()},
          name);
    });
    if (failed(apply(std::move(patterns))))
      return signalPassFailure();
    // The op-list driver leaves the expansions' constants where they were
    // made: fold and unique them (no patterns).
    if (failed(applyPatternsGreedily(getOperation(),
                                     RewritePatternSet(&getContext()))))
      signalPassFailure();
  }
};
} // namespace
} // namespace nxc
