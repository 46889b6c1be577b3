//===- Shape.cpp - nx shape ops to tensor/linalg --------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {

Value reshapeTo(OpBuilder &b, Location loc, Value v, RankedTensorType type) {
  auto src = cast<RankedTensorType>(v.getType());
  if (src == type)
    return v;
  if (src.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, type, v,
                                         ArrayRef<ReassociationIndices>{});
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, v,
                                           ArrayRef<ReassociationIndices>{});
  // Row-major order is preserved by collapsing to 1-D and expanding again.
  Value flat = v;
  if (src.getRank() != 1) {
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, src.getRank()));
    flat = tensor::CollapseShapeOp::create(
        b, loc,
        RankedTensorType::get({src.getNumElements()}, src.getElementType()), v,
        ArrayRef<ReassociationIndices>{all});
  }
  if (type.getRank() == 1)
    return flat;
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                       ArrayRef<ReassociationIndices>{all});
}

Value padTensor(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, ArrayRef<int64_t> interior,
                Value padScalar) {
  auto inTy = cast<RankedTensorType>(v.getType());
  // Fill a tensor holding the non-negative padding, insert the operand with
  // stride interior+1, then crop the negative padding.
  SmallVector<int64_t> full, insertAt, crop, strides, outShape;
  bool needsCrop = false;
  for (int64_t i = 0; i < inTy.getRank(); ++i) {
    int64_t n = inTy.getDimSize(i), lo = low[i], hi = high[i], in = interior[i];
    int64_t dilated = n > 0 ? (n - 1) * in + n : 0;
    full.push_back(std::max<int64_t>(lo, 0) + std::max<int64_t>(hi, 0) +
                   dilated);
    insertAt.push_back(std::max<int64_t>(lo, 0));
    crop.push_back(std::max<int64_t>(-lo, 0));
    strides.push_back(in + 1);
    outShape.push_back(lo + hi + dilated);
    needsCrop |= lo < 0 || hi < 0;
  }
  auto fullTy = RankedTensorType::get(full, inTy.getElementType());
  Value filled =
      linalg::FillOp::create(b, loc, padScalar, emptyTensor(b, loc, fullTy))
          .getResult(0);
  Value r = tensor::InsertSliceOp::create(b, loc, v, filled, ValueRange{},
                                          ValueRange{}, ValueRange{}, insertAt,
                                          inTy.getShape(), strides);
  if (needsCrop)
    r = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(outShape, inTy.getElementType()), r,
        ValueRange{}, ValueRange{}, ValueRange{}, crop, outShape,
        SmallVector<int64_t>(inTy.getRank(), 1));
  return r;
}

namespace {

template <typename OpT>
RankedTensorType convertedType(const OpConversionPattern<OpT> &p, Type t) {
  return cast<RankedTensorType>(p.getTypeConverter()->convertType(t));
}

/// reshape and squeeze only change the shape.
template <typename OpT> struct ReshapeLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       reshapeTo(rewriter, op.getLoc(), adaptor.getOperand(),
                                 convertedType(*this, op.getType())));
    return success();
  }
};

struct BroadcastLowering : OpConversionPattern<nx::BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    auto outTy = convertedType(*this, op.getType());
    // Drop the size-1 dims that broadcast, so the read is a projected
    // permutation (which the vectorizer handles).
    SmallVector<int64_t> keptShape;
    SmallVector<AffineExpr> exprs;
    for (auto [i, a] : llvm::enumerate(op.getAxes())) {
      if (inTy.getDimSize(i) == 1 && outTy.getDimSize(a) != 1)
        continue;
      keptShape.push_back(inTy.getDimSize(i));
      exprs.push_back(rewriter.getAffineDimExpr(a));
    }
    Value src =
        reshapeTo(rewriter, loc, adaptor.getOperand(),
                  RankedTensorType::get(keptShape, outTy.getElementType()));
    AffineMap map =
        AffineMap::get(outTy.getRank(), 0, exprs, rewriter.getContext());
    Value r = buildPointwise(
        rewriter, loc, outTy, src, {map},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<nx::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy = convertedType(*this, op.getType());
    auto t = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getOperand(),
        emptyTensor(rewriter, op.getLoc(), outTy), op.getPermutation());
    rewriter.replaceOp(op, t.getResult());
    return success();
  }
};

struct SliceLowering : OpConversionPattern<nx::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy = convertedType(*this, op.getType());
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, outTy, adaptor.getOperand(), ValueRange{}, ValueRange{},
        ValueRange{}, op.getStartIndices(), outTy.getShape(), op.getStrides());
    return success();
  }
};

struct PadLowering : OpConversionPattern<nx::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value padValue = tensor::ExtractOp::create(
        rewriter, op.getLoc(), adaptor.getPadValue(), ValueRange{});
    rewriter.replaceOp(op, padTensor(rewriter, op.getLoc(),
                                     adaptor.getOperand(), op.getLow(),
                                     op.getHigh(), op.getInterior(), padValue));
    return success();
  }
};

struct ConcatenateLowering : OpConversionPattern<nx::ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = convertedType(*this, op.getType());
    int64_t axis = op.getAxis();
    Value acc = emptyTensor(rewriter, loc, outTy);
    SmallVector<int64_t> offsets(outTy.getRank(), 0);
    for (Value v : adaptor.getInputs()) {
      auto t = cast<RankedTensorType>(v.getType());
      acc = tensor::InsertSliceOp::create(
          rewriter, loc, v, acc, ValueRange{}, ValueRange{}, ValueRange{},
          offsets, t.getShape(), SmallVector<int64_t>(t.getRank(), 1));
      offsets[axis] += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, acc);
    return success();
  }
};

struct ReverseLowering : OpConversionPattern<nx::ReverseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::ReverseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy = convertedType(*this, op.getType());
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < outTy.getRank(); ++d) {
      AffineExpr e = rewriter.getAffineDimExpr(d);
      if (llvm::is_contained(op.getAxes(), d))
        e = rewriter.getAffineConstantExpr(outTy.getDimSize(d) - 1) - e;
      exprs.push_back(e);
    }
    AffineMap map =
        AffineMap::get(outTy.getRank(), 0, exprs, rewriter.getContext());
    rewriter.replaceOp(op, buildPointwise(rewriter, op.getLoc(), outTy,
                                          adaptor.getOperand(), {map},
                                          [](OpBuilder &, Location,
                                             ValueRange a) { return a[0]; }));
    return success();
  }
};

/// Packed sub-byte bytes to one 8-bit value per element. Element i sits in
/// byte i / per, `bits * (i % per)` bits below its top.
struct UnpackBitsLowering : OpConversionPattern<nx::UnpackBitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::UnpackBitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = convertedType(*this, op.getType());
    int64_t bits = op.getBits(), per = 8 / bits, n = outTy.getNumElements();
    bool isSigned =
        !cast<IntegerType>(op.getType().getElementType()).isUnsigned();
    auto flatTy = RankedTensorType::get({n}, rewriter.getI8Type());
    AffineExpr d0 = rewriter.getAffineDimExpr(0);
    AffineMap byteOf = AffineMap::get(1, 0, {d0.floorDiv(per)}, getContext());
    Value flat = buildPointwise(
        rewriter, loc, flatTy, adaptor.getOperand(), {byteOf},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type i8 = b.getI8Type();
          Value k =
              arith::RemUIOp::create(b, l, linalg::IndexOp::create(b, l, 0),
                                     arith::ConstantIndexOp::create(b, l, per));
          Value k8 = arith::IndexCastUIOp::create(b, l, i8, k);
          // shift = 8 - bits * (k + 1)
          Value shift = arith::SubIOp::create(
              b, l, scalarIntConst(b, l, i8, 8 - bits),
              arith::MulIOp::create(b, l, k8, scalarIntConst(b, l, i8, bits)));
          Value v = arith::ShRUIOp::create(b, l, a[0], shift);
          Value up = arith::ShLIOp::create(b, l, v,
                                           scalarIntConst(b, l, i8, 8 - bits));
          Value amount = scalarIntConst(b, l, i8, 8 - bits);
          return isSigned ? (Value)arith::ShRSIOp::create(b, l, up, amount)
                          : (Value)arith::ShRUIOp::create(b, l, up, amount);
        });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, flat, outTy));
    return success();
  }
};

/// 8-bit values to packed sub-byte bytes: byte j ORs elements j*per + k,
/// each masked and shifted to `bits * k` bits below the top. The flat input
/// is zero-padded to whole bytes first, so the last byte's spare bits are 0.
struct PackBitsLowering : OpConversionPattern<nx::PackBitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::PackBitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = convertedType(*this, op.getType());
    int64_t bits = op.getBits(), per = 8 / bits;
    int64_t n = op.getOperand().getType().getNumElements();
    int64_t bytes = outTy.getDimSize(0);
    Type i8 = rewriter.getI8Type();
    Value flat = reshapeTo(rewriter, loc, adaptor.getOperand(),
                           RankedTensorType::get({n}, i8));
    if (bytes * per != n)
      flat = padTensor(rewriter, loc, flat, {0}, {bytes * per - n}, {0},
                       scalarIntConst(rewriter, loc, i8, 0));
    AffineExpr d0 = rewriter.getAffineDimExpr(0);
    SmallVector<Value> inputs(per, flat);
    SmallVector<AffineMap> maps;
    for (int64_t k = 0; k < per; ++k)
      maps.push_back(AffineMap::get(1, 0, {d0 * per + k}, getContext()));
    rewriter.replaceOp(
        op, buildPointwise(
                rewriter, loc, outTy, inputs, maps,
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value acc = scalarIntConst(b, l, i8, 0);
                  for (int64_t k = 0; k < per; ++k) {
                    Value v = arith::AndIOp::create(
                        b, l, a[k], scalarIntConst(b, l, i8, (1 << bits) - 1));
                    v = arith::ShLIOp::create(
                        b, l, v, scalarIntConst(b, l, i8, 8 - bits * (k + 1)));
                    acc = arith::OrIOp::create(b, l, acc, v);
                  }
                  return acc;
                }));
    return success();
  }
};

} // namespace

void populateShapePatterns(NxTypeConverter &converter,
                           RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering<nx::ReshapeOp>, ReshapeLowering<nx::SqueezeOp>,
               BroadcastLowering, TransposeLowering, SliceLowering, PadLowering,
               ConcatenateLowering, ReverseLowering, UnpackBitsLowering,
               PackBitsLowering>(converter, patterns.getContext());
}

} // namespace nxc
