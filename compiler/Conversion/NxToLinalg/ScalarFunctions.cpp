//===- ScalarFunctions.cpp - reduce / window_reduce / map -----------------===//
//
// An Nx `fun` is a scalar function: its region holds nx ops on rank-0
// tensors. It is compiled straight to scalar arith/math inside the linalg
// body through the same scalar table as elementwise ops. The reduction keeps
// Nx's row-major order (the fun need not be associative): such ops carry
// `nxc.in_order` so the vectorizer leaves them alone.
//
//===----------------------------------------------------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {
namespace {

Type elemOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

/// Emits the scalar function `fun` on `args` (signless scalars); null and an
/// error if it contains an op that is not elementwise.
Value emitScalarFunction(OpBuilder &b, Location loc, Region &fun,
                         ValueRange args) {
  IRMapping map;
  Block &block = fun.front();
  for (auto [arg, v] : llvm::zip(block.getArguments(), args))
    map.map(arg, v);
  auto constant = [&](nx::ConstantOp c) -> Value {
    auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
    if (!dense || !dense.isSplat()) {
      c.emitError("a scalar function constant must be a scalar");
      return {};
    }
    Attribute v = dense.getSplatValue<Attribute>();
    if (auto i = dyn_cast<IntegerAttr>(v))
      v = IntegerAttr::get(signless(i.getType()), i.getValue());
    return arith::ConstantOp::create(b, loc, cast<TypedAttr>(v));
  };
  // Folding hoists constants out of the region: rematerialize them.
  auto lookup = [&](Value v) -> Value {
    if (Value m = map.lookupOrNull(v))
      return m;
    if (auto c = v.getDefiningOp<nx::ConstantOp>())
      if (Value r = constant(c))
        return map.map(v, r), r;
    return {};
  };
  for (Operation &op : block) {
    if (auto yield = dyn_cast<nx::YieldOp>(op))
      return lookup(yield.getValues()[0]);
    Value r;
    if (auto c = dyn_cast<nx::ConstantOp>(op)) {
      if (!(r = constant(c)))
        return {};
    } else if (isa<nx::ReshapeOp, nx::BroadcastOp, nx::SqueezeOp>(op)) {
      r = lookup(op.getOperand(0)); // rank 0 to rank 0
    } else if (op.getNumResults() == 1 &&
               llvm::all_of(op.getOperandTypes(), [](Type t) {
                 return cast<RankedTensorType>(t).getRank() == 0;
               })) {
      SmallVector<Value> operands;
      SmallVector<Type> types;
      for (Value v : op.getOperands()) {
        Value m = lookup(v);
        if (!m) {
          op.emitError("a scalar function reads a value from outside it");
          return {};
        }
        operands.push_back(m);
        types.push_back(elemOf(v));
      }
      r = emitScalarOp(b, loc, &op, operands, types, elemOf(op.getResult(0)));
      if (!r)
        return {};
    } else {
      op.emitError("'") << op.getName()
                        << "' inside a scalar function is not supported yet";
      return {};
    }
    map.map(op.getResult(0), r);
  }
  return {};
}

struct ReduceFunLowering : OpConversionPattern<nx::ReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    SmallVector<int64_t> axes(op.getAxes());
    llvm::sort(axes);
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    SmallVector<int64_t> kept;
    for (int64_t d = 0; d < inTy.getRank(); ++d)
      if (!llvm::is_contained(axes, d))
        kept.push_back(inTy.getDimSize(d));
    auto accTy = RankedTensorType::get(kept, outTy.getElementType());
    Value init = tensor::ExtractOp::create(rewriter, loc, adaptor.getInit(),
                                           ValueRange{});
    Value acc = linalg::FillOp::create(rewriter, loc, init,
                                       emptyTensor(rewriter, loc, accTy))
                    .getResult(0);
    bool ok = true;
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{adaptor.getOperand()}, ValueRange{acc}, axes,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value r = emitScalarFunction(b, l, op.getFun(), {a[0], a[1]});
          ok = (bool)r;
          linalg::YieldOp::create(b, l, r ? r : a[1]);
        });
    if (!ok)
      return failure();
    reduce->setAttr("nxc.in_order", rewriter.getUnitAttr());
    rewriter.replaceOp(op,
                       reshapeTo(rewriter, loc, reduce.getResult(0), outTy));
    return success();
  }
};

struct WindowReduceFunLowering : OpConversionPattern<nx::WindowReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::WindowReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value init = tensor::ExtractOp::create(rewriter, loc, adaptor.getInit(),
                                           ValueRange{});
    WindowSpec spec{op.getWindowDimensions(), op.getStrides(),
                    op.getWindowDilations(), op.getPaddingLow(),
                    op.getPaddingHigh()};
    Value r = buildWindowReduction(
        rewriter, loc, adaptor.getOperand(), outTy, spec, init,
        [&](OpBuilder &b, Location l, Value x, Value acc) {
          return emitScalarFunction(b, l, op.getFun(), {x, acc});
        },
        /*inOrder=*/true);
    if (!r)
      return failure();
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct MapLowering : OpConversionPattern<nx::MapOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::MapOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value r = buildPointwise(rewriter, op.getLoc(), outTy, adaptor.getOperand(),
                             {}, [&](OpBuilder &b, Location l, ValueRange a) {
                               return emitScalarFunction(b, l, op.getFun(), a);
                             });
    if (!r)
      return failure();
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void populateScalarFunctionPatterns(NxTypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<ReduceFunLowering, WindowReduceFunLowering, MapLowering>(
      converter, patterns.getContext());
}

} // namespace nxc
