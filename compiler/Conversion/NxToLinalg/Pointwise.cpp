//===- Pointwise.cpp - elementwise nx ops to linalg.generic ---------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value buildPointwise(OpBuilder &b, Location loc, RankedTensorType outType,
                     ValueRange inputs, ArrayRef<AffineMap> maps,
                     const BodyBuilder &body) {
  unsigned rank = outType.getRank();
  SmallVector<AffineMap> indexing(maps);
  if (indexing.empty())
    indexing.assign(inputs.size(), b.getMultiDimIdentityMap(rank));
  indexing.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  bool ok = true;
  auto generic = linalg::GenericOp::create(
      b, loc, outType, inputs, ValueRange{emptyTensor(b, loc, outType)},
      indexing, iters, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        ok = (bool)v;
        if (!v) // keep the region valid; the caller erases the op
          v = args.back();
        linalg::YieldOp::create(nb, nloc, v);
      });
  if (!ok) // the conversion driver rolls the op back
    return {};
  return generic.getResult(0);
}

namespace {

/// Any nx elementwise op whose operands already have the result's shape.
template <typename OpT> struct PointwiseLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resTy = cast<RankedTensorType>(op->getResult(0).getType());
    SmallVector<Type> argTypes;
    for (Value v : op->getOperands()) {
      auto t = cast<RankedTensorType>(v.getType());
      if (t.getShape() != resTy.getShape())
        return op->emitError("operand shapes must match the result; run "
                             "nx-make-explicit before lowering");
      argTypes.push_back(t.getElementType());
    }
    auto outTy =
        cast<RankedTensorType>(this->getTypeConverter()->convertType(resTy));
    Value r =
        buildPointwise(rewriter, op.getLoc(), outTy, adaptor.getOperands(), {},
                       [&](OpBuilder &b, Location loc, ValueRange args) {
                         return emitScalarOp(b, loc, op, args, argTypes,
                                             resTy.getElementType());
                       });
    if (!r)
      return failure();
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<nx::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense)
      return op.emitError("only dense literals are supported");
    Type elem = signless(dense.getElementType());
    if (elem != dense.getElementType())
      dense = dense.bitcast(elem);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, dense);
    return success();
  }
};

/// iota and eye: values computed from the iteration indices.
template <typename OpT>
struct IndexGeneratorLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resTy = op.getType();
    Type elem = resTy.getElementType();
    auto outTy =
        cast<RankedTensorType>(this->getTypeConverter()->convertType(resTy));
    int64_t rank = resTy.getRank();
    Value r = buildPointwise(
        rewriter, op.getLoc(), outTy, {}, {},
        [&](OpBuilder &b, Location loc, ValueRange) -> Value {
          auto idx = [&](int64_t d) {
            return linalg::IndexOp::create(b, loc, d).getResult();
          };
          Value i64;
          if constexpr (std::is_same_v<OpT, nx::IotaOp>) {
            Value index;
            if (auto axis = op.getAxis()) {
              index = idx(*axis);
            } else { // row-major position in the whole tensor
              index = arith::ConstantIndexOp::create(b, loc, 0);
              for (int64_t d = 0; d < rank; ++d) {
                Value dim =
                    arith::ConstantIndexOp::create(b, loc, resTy.getDimSize(d));
                index = arith::AddIOp::create(
                    b, loc, arith::MulIOp::create(b, loc, index, dim), idx(d));
              }
            }
            i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
          } else {
            Value eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                             idx(rank - 2), idx(rank - 1));
            i64 = arith::ExtUIOp::create(b, loc, b.getI64Type(), eq);
          }
          return convertScalar(
              b, loc, i64,
              IntegerType::get(b.getContext(), 64, IntegerType::Signed), elem);
        });
    if (!r)
      return failure();
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void populatePointwisePatterns(NxTypeConverter &converter,
                               RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConstantLowering, IndexGeneratorLowering<nx::IotaOp>,
               IndexGeneratorLowering<nx::EyeOp>>(converter, ctx);
  patterns.add<
      PointwiseLowering<nx::AbsOp>, PointwiseLowering<nx::NegateOp>,
      PointwiseLowering<nx::SignOp>, PointwiseLowering<nx::FloorOp>,
      PointwiseLowering<nx::CeilOp>, PointwiseLowering<nx::RoundOp>,
      PointwiseLowering<nx::BitwiseNotOp>,
      PointwiseLowering<nx::PopulationCountOp>,
      PointwiseLowering<nx::CountLeadingZerosOp>, PointwiseLowering<nx::ExpOp>,
      PointwiseLowering<nx::Expm1Op>, PointwiseLowering<nx::LogOp>,
      PointwiseLowering<nx::Log1pOp>, PointwiseLowering<nx::SigmoidOp>,
      PointwiseLowering<nx::CosOp>, PointwiseLowering<nx::SinOp>,
      PointwiseLowering<nx::TanOp>, PointwiseLowering<nx::CoshOp>,
      PointwiseLowering<nx::SinhOp>, PointwiseLowering<nx::TanhOp>,
      PointwiseLowering<nx::AcosOp>, PointwiseLowering<nx::AsinOp>,
      PointwiseLowering<nx::AtanOp>, PointwiseLowering<nx::AcoshOp>,
      PointwiseLowering<nx::AsinhOp>, PointwiseLowering<nx::AtanhOp>,
      PointwiseLowering<nx::SqrtOp>, PointwiseLowering<nx::RsqrtOp>,
      PointwiseLowering<nx::CbrtOp>, PointwiseLowering<nx::ErfOp>,
      PointwiseLowering<nx::ErfcOp>, PointwiseLowering<nx::ErfInvOp>,
      PointwiseLowering<nx::IsNanOp>, PointwiseLowering<nx::IsInfinityOp>,
      PointwiseLowering<nx::RealOp>, PointwiseLowering<nx::ImagOp>,
      PointwiseLowering<nx::ConjugateOp>, PointwiseLowering<nx::AsTypeOp>,
      PointwiseLowering<nx::BitcastOp>, PointwiseLowering<nx::AddOp>,
      PointwiseLowering<nx::SubtractOp>, PointwiseLowering<nx::MultiplyOp>,
      PointwiseLowering<nx::DivideOp>, PointwiseLowering<nx::PowOp>,
      PointwiseLowering<nx::RemainderOp>, PointwiseLowering<nx::QuotientOp>,
      PointwiseLowering<nx::Atan2Op>, PointwiseLowering<nx::MaxOp>,
      PointwiseLowering<nx::MinOp>, PointwiseLowering<nx::BitwiseAndOp>,
      PointwiseLowering<nx::BitwiseOrOp>, PointwiseLowering<nx::BitwiseXorOp>,
      PointwiseLowering<nx::LeftShiftOp>, PointwiseLowering<nx::RightShiftOp>,
      PointwiseLowering<nx::EqualOp>, PointwiseLowering<nx::NotEqualOp>,
      PointwiseLowering<nx::LessOp>, PointwiseLowering<nx::LessEqualOp>,
      PointwiseLowering<nx::GreaterOp>, PointwiseLowering<nx::GreaterEqualOp>,
      PointwiseLowering<nx::LogicalAndOp>, PointwiseLowering<nx::LogicalOrOp>,
      PointwiseLowering<nx::LogicalXorOp>, PointwiseLowering<nx::SelectOp>,
      PointwiseLowering<nx::ClipOp>>(converter, ctx);
}

} // namespace nxc
