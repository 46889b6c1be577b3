//===- Reduce.cpp - nx reductions to linalg.reduce / linalg.generic -------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {

Value buildWindowReduction(OpBuilder &b, Location loc, Value in,
                           RankedTensorType outTy, const WindowSpec &w,
                           Value init, const WindowCombine &combine,
                           bool inOrder) {
  int64_t rank = outTy.getRank();
  if (llvm::any_of(w.low, [](int64_t v) { return v != 0; }) ||
      llvm::any_of(w.high, [](int64_t v) { return v != 0; }))
    in = padTensor(b, loc, in, w.low, w.high, SmallVector<int64_t>(rank, 0),
                   init);
  // The window dims only shape the iteration space: an empty tensor of that
  // shape is a read-free operand for them.
  Value windowShape = emptyTensor(
      b, loc, RankedTensorType::get(w.dims, outTy.getElementType()));
  Value acc = linalg::FillOp::create(b, loc, init, emptyTensor(b, loc, outTy))
                  .getResult(0);
  SmallVector<AffineExpr> inExprs, winExprs, outExprs;
  for (int64_t i = 0; i < rank; ++i) {
    AffineExpr o = b.getAffineDimExpr(i), d = b.getAffineDimExpr(rank + i);
    inExprs.push_back(o * w.strides[i] + d * w.dilations[i]);
    winExprs.push_back(d);
    outExprs.push_back(o);
  }
  auto ctx = b.getContext();
  SmallVector<AffineMap> maps = {AffineMap::get(2 * rank, 0, inExprs, ctx),
                                 AffineMap::get(2 * rank, 0, winExprs, ctx),
                                 AffineMap::get(2 * rank, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  iters.append(rank, utils::IteratorType::reduction);
  bool ok = true;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{outTy}, ValueRange{in, windowShape}, ValueRange{acc},
      maps, iters, [&](OpBuilder &nb, Location l, ValueRange a) {
        Value r = combine(nb, l, a[0], a[2]);
        ok = (bool)r;
        linalg::YieldOp::create(nb, l, r ? r : a[2]);
      });
  if (!ok)
    return {};
  if (inOrder)
    generic->setAttr("nxc.in_order", b.getUnitAttr());
  return generic.getResult(0);
}

namespace {

/// Shape of `t` without the `axes` dims.
static SmallVector<int64_t> keptShape(RankedTensorType t,
                                      ArrayRef<int64_t> axes) {
  SmallVector<int64_t> s;
  for (int64_t d = 0; d < t.getRank(); ++d)
    if (!llvm::is_contained(axes, d))
      s.push_back(t.getDimSize(d));
  return s;
}

template <typename OpT> struct ReduceLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    Type inElem = inTy.getElementType();
    Type outElem = op.getType().getElementType();
    if constexpr (!std::is_same_v<OpT, nx::SumOp> &&
                  !std::is_same_v<OpT, nx::ProductOp>)
      if (isa<ComplexType>(outElem) || isa<ComplexType>(inElem))
        return op.emitError("complex '")
               << op->getName() << "' is not supported yet";
    constexpr bool isLogical =
        std::is_same_v<OpT, nx::AllOp> || std::is_same_v<OpT, nx::AnyOp>;
    if (!isLogical && inElem != outElem)
      return op.emitError("operand must have the result type; run "
                          "nx-make-explicit before lowering");
    SmallVector<int64_t> axes(op.getAxes());
    llvm::sort(axes);
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto accTy =
        RankedTensorType::get(keptShape(inTy, axes), outTy.getElementType());
    Value init;
    if constexpr (std::is_same_v<OpT, nx::SumOp> ||
                  std::is_same_v<OpT, nx::AnyOp>)
      init = scalarConst(rewriter, loc, outElem, 0);
    else if constexpr (std::is_same_v<OpT, nx::ProductOp> ||
                       std::is_same_v<OpT, nx::AllOp>)
      init = scalarConst(rewriter, loc, outElem, 1);
    else if constexpr (std::is_same_v<OpT, nx::ReduceMaxOp>)
      init = lowestValue(rewriter, loc, outElem);
    else
      init = highestValue(rewriter, loc, outElem);
    Value acc = linalg::FillOp::create(rewriter, loc, init,
                                       emptyTensor(rewriter, loc, accTy))
                    .getResult(0);
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{adaptor.getOperand()}, ValueRange{acc}, axes,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], a = args[1], r;
          if constexpr (std::is_same_v<OpT, nx::SumOp>)
            r = emitAdd(b, l, a, x, outElem);
          else if constexpr (std::is_same_v<OpT, nx::ProductOp>)
            r = emitMul(b, l, a, x, outElem);
          else if constexpr (std::is_same_v<OpT, nx::ReduceMaxOp>)
            r = emitMax(b, l, a, x, outElem);
          else if constexpr (std::is_same_v<OpT, nx::ReduceMinOp>)
            r = emitMin(b, l, a, x, outElem);
          else {
            Value nz = arith::ExtUIOp::create(b, l, a.getType(),
                                              isNonZero(b, l, x, inElem));
            r = std::is_same_v<OpT, nx::AllOp>
                    ? (Value)arith::AndIOp::create(b, l, a, nz)
                    : (Value)arith::OrIOp::create(b, l, a, nz);
          }
          linalg::YieldOp::create(b, l, r);
        });
    rewriter.replaceOp(op,
                       reshapeTo(rewriter, loc, reduce.getResult(0), outTy));
    return success();
  }
};

/// argmax/argmin: one pass carrying (best value, its index).
template <typename OpT> struct ArgReduceLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpT, nx::ArgmaxOp>;
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    Type elem = inTy.getElementType();
    if (isa<ComplexType>(elem))
      return op.emitError("complex argmax/argmin is not supported yet");
    Value input = adaptor.getOperand();
    int64_t axis;
    if (auto a = op.getAxis()) {
      axis = *a;
    } else { // over the flattened tensor
      input = reshapeTo(
          rewriter, loc, input,
          RankedTensorType::get({inTy.getNumElements()}, signless(elem)));
      inTy = RankedTensorType::get({inTy.getNumElements()}, elem);
      axis = 0;
    }
    int64_t rank = inTy.getRank();
    SmallVector<int64_t> kept = keptShape(inTy, {axis});
    auto valTy = RankedTensorType::get(kept, signless(elem));
    auto idxTy = RankedTensorType::get(kept, rewriter.getI64Type());
    // Nx.BinaryBackend starts from the first element and its index (so a
    // leading NaN, which no comparison beats, is the answer); an empty axis
    // keeps the type's extreme as the start.
    Value valInit;
    if (inTy.getDimSize(axis) > 0) {
      SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(
            rewriter.getIndexAttr(d == axis ? 1 : inTy.getDimSize(d)));
      // Copied: the accumulator must not alias (and overwrite) the input.
      Value first = tensor::ExtractSliceOp::create(rewriter, loc, valTy, input,
                                                   offs, sizes, strides);
      valInit = linalg::CopyOp::create(rewriter, loc, first,
                                       emptyTensor(rewriter, loc, valTy))
                    .getResult(0);
    } else {
      valInit =
          linalg::FillOp::create(rewriter, loc,
                                 isMax ? lowestValue(rewriter, loc, elem)
                                       : highestValue(rewriter, loc, elem),
                                 emptyTensor(rewriter, loc, valTy))
              .getResult(0);
    }
    Value idxInit = linalg::FillOp::create(
                        rewriter, loc,
                        scalarIntConst(rewriter, loc, rewriter.getI64Type(), 0),
                        emptyTensor(rewriter, loc, idxTy))
                        .getResult(0);
    SmallVector<AffineExpr> keptExprs;
    SmallVector<utils::IteratorType> iters;
    for (int64_t d = 0; d < rank; ++d) {
      iters.push_back(d == axis ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
      if (d != axis)
        keptExprs.push_back(rewriter.getAffineDimExpr(d));
    }
    AffineMap keptMap =
        AffineMap::get(rank, 0, keptExprs, rewriter.getContext());
    bool high = op.getTieBreakHigh();
    bool isF = isa<FloatType>(elem);
    bool isU = elem.isUnsignedInteger();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valTy, idxTy}, ValueRange{input},
        ValueRange{valInit, idxInit},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), keptMap,
                            keptMap},
        iters, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIdx = args[2];
          Value idx = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          // Strict comparison keeps the first of equal values (tie "low");
          // non-strict keeps the last ("high"), where Nx.BinaryBackend's
          // `==` also makes a NaN follow a NaN. Otherwise NaN never wins.
          Value better;
          if (isF) {
            using F = arith::CmpFPredicate;
            F p = isMax ? (high ? F::OGE : F::OGT) : (high ? F::OLE : F::OLT);
            better = arith::CmpFOp::create(b, l, p, x, best);
            if (high) {
              Value bothNaN = arith::AndIOp::create(
                  b, l, arith::CmpFOp::create(b, l, F::UNO, x, x),
                  arith::CmpFOp::create(b, l, F::UNO, best, best));
              better = arith::OrIOp::create(b, l, better, bothNaN);
            }
          } else {
            using P = arith::CmpIPredicate;
            P p = isMax ? (high ? (isU ? P::uge : P::sge)
                                : (isU ? P::ugt : P::sgt))
                        : (high ? (isU ? P::ule : P::sle)
                                : (isU ? P::ult : P::slt));
            better = arith::CmpIOp::create(b, l, p, x, best);
          }
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, x, best),
                         arith::SelectOp::create(b, l, better, idx, bestIdx)});
        });
    // nxc-vectorize recognizes this scan (Vectorize.cpp).
    generic->setAttr("nxc.arg_reduce", rewriter.getUnitAttr());
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Value idx = generic.getResult(1);
    Type outElem = op.getType().getElementType();
    if (outElem.getIntOrFloatBitWidth() != 64) {
      auto narrowTy = RankedTensorType::get(kept, outTy.getElementType());
      idx = buildPointwise(
          rewriter, loc, narrowTy, idx, {},
          [&](OpBuilder &b, Location l, ValueRange a) {
            return convertScalar(
                b, l, a[0],
                IntegerType::get(b.getContext(), 64, IntegerType::Signed),
                outElem);
          });
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, idx, outTy));
    return success();
  }
};

/// Window reductions: pad with the reduction's identity, then
/// buildWindowReduction.
template <typename OpT> struct WindowReduceLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elem = op.getType().getElementType();
    if (op.getOperand().getType().getElementType() != elem)
      return op.emitError("operand must have the result type; run "
                          "nx-make-explicit before lowering");
    if (isa<ComplexType>(elem) && !std::is_same_v<OpT, nx::WindowSumOp> &&
        !std::is_same_v<OpT, nx::WindowProductOp>)
      return op.emitError("complex window max/min is not supported yet");
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Value init;
    if constexpr (std::is_same_v<OpT, nx::WindowSumOp>)
      init = scalarConst(rewriter, loc, elem, 0);
    else if constexpr (std::is_same_v<OpT, nx::WindowProductOp>)
      init = scalarConst(rewriter, loc, elem, 1);
    else if constexpr (std::is_same_v<OpT, nx::WindowMaxOp>)
      init = lowestValue(rewriter, loc, elem);
    else
      init = highestValue(rewriter, loc, elem);
    WindowSpec spec{op.getWindowDimensions(), op.getStrides(),
                    op.getWindowDilations(), op.getPaddingLow(),
                    op.getPaddingHigh()};
    Value r = buildWindowReduction(
        rewriter, loc, adaptor.getOperand(), outTy, spec, init,
        [&](OpBuilder &b, Location l, Value x, Value acc) -> Value {
          if constexpr (std::is_same_v<OpT, nx::WindowSumOp>)
            return emitAdd(b, l, acc, x, elem);
          else if constexpr (std::is_same_v<OpT, nx::WindowProductOp>)
            return emitMul(b, l, acc, x, elem);
          else if constexpr (std::is_same_v<OpT, nx::WindowMaxOp>)
            return emitMax(b, l, acc, x, elem);
          else
            return emitMin(b, l, acc, x, elem);
        },
        /*inOrder=*/false);
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

namespace {
/// cumulative_*: an scf.for along the axis carrying the running value (the
/// slice of all other dims), one elementwise step per position, each written
/// into the result. Every element is read and written once; the steps are
/// vectorized across the other dims.
struct CumulativeLowering : OpConversionPattern<nx::CumulativeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::CumulativeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ty =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type nxElem = op.getType().getElementType();
    int64_t axis = op.getAxis(), n = ty.getDimSize(axis), rank = ty.getRank();
    Value in = adaptor.getOperand();
    if (n <= 1 || ty.getNumElements() == 0) {
      rewriter.replaceOp(op, in);
      return success();
    }
    SmallVector<int64_t> sliceShape;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        sliceShape.push_back(ty.getDimSize(d));
    auto sliceTy = RankedTensorType::get(sliceShape, ty.getElementType());
    auto sizes = [&]() {
      SmallVector<OpFoldResult> sz;
      for (int64_t d = 0; d < rank; ++d)
        sz.push_back(rewriter.getIndexAttr(d == axis ? 1 : ty.getDimSize(d)));
      return sz;
    };
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    auto offsets = [&](OpFoldResult at) {
      SmallVector<OpFoldResult> o(rank, rewriter.getIndexAttr(0));
      o[axis] = at;
      return o;
    };
    bool reverse = op.getReverse();
    StringRef kind = op.getKind();
    // The first position along the axis is copied as it is.
    OpFoldResult first = rewriter.getIndexAttr(reverse ? n - 1 : 0);
    Value acc0 = tensor::ExtractSliceOp::create(
        rewriter, loc, sliceTy, in, offsets(first), sizes(), strides);
    Value out0 = tensor::InsertSliceOp::create(
        rewriter, loc, acc0, emptyTensor(rewriter, loc, ty), offsets(first),
        sizes(), strides);
    auto c = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
    };
    auto loop = scf::ForOp::create(rewriter, loc, c(1), c(n), c(1),
                                   ValueRange{out0, acc0});
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    Value pos =
        reverse ? arith::SubIOp::create(rewriter, loc, c(n - 1), i).getResult()
                : i;
    Value x = tensor::ExtractSliceOp::create(rewriter, loc, sliceTy, in,
                                             offsets(pos), sizes(), strides);
    Value acc = buildPointwise(
        rewriter, loc, sliceTy, ValueRange{loop.getRegionIterArgs()[1], x}, {},
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          if (kind == "sum")
            return emitAdd(b, l, v[0], v[1], nxElem);
          if (kind == "product")
            return emitMul(b, l, v[0], v[1], nxElem);
          if (kind == "max")
            return emitMax(b, l, v[0], v[1], nxElem);
          return emitMin(b, l, v[0], v[1], nxElem);
        });
    Value out = tensor::InsertSliceOp::create(rewriter, loc, acc,
                                              loop.getRegionIterArgs()[0],
                                              offsets(pos), sizes(), strides);
    scf::YieldOp::create(rewriter, loc, ValueRange{out, acc});
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};
} // namespace

void populateReducePatterns(NxTypeConverter &converter,
                            RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<nx::SumOp>, ReduceLowering<nx::ProductOp>,
               ReduceLowering<nx::ReduceMaxOp>, ReduceLowering<nx::ReduceMinOp>,
               ReduceLowering<nx::AllOp>, ReduceLowering<nx::AnyOp>,
               ArgReduceLowering<nx::ArgmaxOp>, ArgReduceLowering<nx::ArgminOp>,
               WindowReduceLowering<nx::WindowSumOp>,
               WindowReduceLowering<nx::WindowProductOp>,
               WindowReduceLowering<nx::WindowMaxOp>,
               WindowReduceLowering<nx::WindowMinOp>, CumulativeLowering>(
      converter, patterns.getContext());
}

} // namespace nxc
