//===- ControlFlow.cpp - nx.while / nx.if to scf --------------------------===//
//
// Regions move into scf.while / scf.if unchanged; their nx ops are converted
// by the same conversion afterwards, and nx.yield becomes scf.condition or
// scf.yield depending on where it now sits.
//
//===----------------------------------------------------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {
namespace {

/// Scalar tensor predicate (any real Nx type) -> i1 "non-zero".
Value predicateToI1(OpBuilder &b, Location loc, Value pred, Type nxType) {
  Value scalar = tensor::ExtractOp::create(b, loc, pred, ValueRange{});
  return isNonZero(b, loc, scalar, nxType);
}

SmallVector<Type> convertTypes(const TypeConverter &tc, TypeRange types) {
  SmallVector<Type> out;
  for (Type t : types)
    out.push_back(tc.convertType(t));
  return out;
}

struct WhileLowering : OpConversionPattern<nx::WhileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::WhileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto types = convertTypes(*getTypeConverter(), op.getResultTypes());
    auto loop = scf::WhileOp::create(rewriter, op.getLoc(), types,
                                     adaptor.getInitial());
    rewriter.inlineRegionBefore(op.getCond(), loop.getBefore(),
                                loop.getBefore().end());
    rewriter.inlineRegionBefore(op.getBody(), loop.getAfter(),
                                loop.getAfter().end());
    if (failed(rewriter.convertRegionTypes(&loop.getBefore(),
                                           *getTypeConverter())) ||
        failed(
            rewriter.convertRegionTypes(&loop.getAfter(), *getTypeConverter())))
      return failure();
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

struct IfLowering : OpConversionPattern<nx::IfOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto types = convertTypes(*getTypeConverter(), op.getResultTypes());
    Value cond = predicateToI1(rewriter, op.getLoc(), adaptor.getPred(),
                               op.getPred().getType().getElementType());
    auto ifOp =
        scf::IfOp::create(rewriter, op.getLoc(), types, cond,
                          /*addThenBlock=*/false, /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenRegion(), ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseRegion(), ifOp.getElseRegion(),
                                ifOp.getElseRegion().end());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct YieldLowering : OpConversionPattern<nx::YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *parent = op->getParentOp();
    auto loop = dyn_cast<scf::WhileOp>(parent);
    if (loop && op->getParentRegion() == &loop.getBefore()) {
      // The cond region: continue with the unchanged state if non-zero.
      Type predType =
          cast<RankedTensorType>(op.getValues()[0].getType()).getElementType();
      Value cond = predicateToI1(rewriter, op.getLoc(), adaptor.getValues()[0],
                                 predType);
      rewriter.replaceOpWithNewOp<scf::ConditionOp>(
          op, cond, loop.getBefore().front().getArguments());
      return success();
    }
    if (!isa<scf::WhileOp, scf::IfOp>(parent))
      return rewriter.notifyMatchFailure(op, "parent not converted yet");
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, adaptor.getValues());
    return success();
  }
};

} // namespace

void populateControlFlowPatterns(NxTypeConverter &converter,
                                 RewritePatternSet &patterns) {
  patterns.add<WhileLowering, IfLowering, YieldLowering>(converter,
                                                         patterns.getContext());
}

} // namespace nxc
