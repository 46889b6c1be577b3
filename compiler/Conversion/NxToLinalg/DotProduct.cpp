//===- DotProduct.cpp - nx.dot to linalg ----------------------------------===//
//
// A plain [M,K]x[K,N] product becomes linalg.matmul, which the codegen
// schedule tiles and register-blocks; every other contraction becomes one
// linalg.generic over (batch, lhs free, rhs free, contracting) dims, with no
// transposes materialized.
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

/// Leading batch dims, then [M, K] x [K, N] (or [N, K]: "B transposed", as
/// in attention's Q K^T; or A as [K, M], as in a gradient's x^T dy), real
/// types: a linalg.matmul, per batch entry a linalg.batch_matmul, which the
/// codegen register-blocks. A transposed operand is transposed once up
/// front (vectorized, a fraction of the product's cost).
/// Null when the contraction has another form.
Value buildMatmul(ConversionPatternRewriter &rewriter, Location loc,
                  nx::DotOp op, nx::DotOp::Adaptor adaptor,
                  RankedTensorType outTy, Value init) {
  auto lhsTy = op.getLhs().getType(), rhsTy = op.getRhs().getType();
  int64_t nb = op.getLhsBatch().size();
  if (isa<ComplexType>(outTy.getElementType()) || lhsTy.getRank() != nb + 2 ||
      rhsTy.getRank() != nb + 2 || op.getLhsContracting().size() != 1 ||
      op.getRhsContracting().size() != 1)
    return {};
  for (int64_t i = 0; i < nb; ++i)
    if (op.getLhsBatch()[i] != i || op.getRhsBatch()[i] != i)
      return {};
  bool transposedA = op.getLhsContracting()[0] == nb;
  if (!transposedA && op.getLhsContracting()[0] != nb + 1)
    return {};
  bool transposedB = op.getRhsContracting()[0] == nb + 1;
  if (!transposedB && op.getRhsContracting()[0] != nb)
    return {};
  Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, nb));
  perm.append({nb + 1, nb});
  if (transposedA) // A^T B, as in a gradient's x^T dy: 1200 -> 19 ms at 1000
    lhs = transposeTo(rewriter, loc, lhs, perm);
  if (transposedB)
    rhs = transposeTo(rewriter, loc, rhs, perm);
  if (nb == 0)
    return linalg::MatmulOp::create(rewriter, loc, TypeRange{outTy},
                                    ValueRange{lhs, rhs}, ValueRange{init})
        .getResult(0);
  // All batch dims as one.
  SmallVector<ReassociationIndices> re = {
      llvm::to_vector(llvm::seq<int64_t>(0, nb)), {nb}, {nb + 1}};
  auto flat = [&](Value v) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    if (nb == 1)
      return v;
    int64_t b = 1;
    for (int64_t i = 0; i < nb; ++i)
      b *= t.getDimSize(i);
    return tensor::CollapseShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({b, t.getDimSize(nb), t.getDimSize(nb + 1)},
                              t.getElementType()),
        v, re);
  };
  Value out = flat(init);
  Value bmm = linalg::BatchMatmulOp::create(
                  rewriter, loc, TypeRange{out.getType()},
                  ValueRange{flat(lhs), flat(rhs)}, ValueRange{out})
                  .getResult(0);
  if (nb == 1)
    return bmm;
  return tensor::ExpandShapeOp::create(rewriter, loc, outTy, bmm, re);
}

struct DotLowering : OpConversionPattern<nx::DotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lhsTy = op.getLhs().getType(), rhsTy = op.getRhs().getType();
    Type elem = op.getType().getElementType();
    if (lhsTy.getElementType() != elem || rhsTy.getElementType() != elem)
      return op.emitError("operands must have the result type; run "
                          "nx-make-explicit before lowering");
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value zero = scalarConst(rewriter, loc, elem, 0);
    Value init = linalg::FillOp::create(rewriter, loc, zero,
                                        emptyTensor(rewriter, loc, outTy))
                     .getResult(0);
    if (Value mm = buildMatmul(rewriter, loc, op, adaptor, outTy, init)) {
      rewriter.replaceOp(op, mm);
      return success();
    }
    int64_t nb = op.getLhsBatch().size(), nc = op.getLhsContracting().size();
    int64_t na = lhsTy.getRank() - nb - nc, nf = rhsTy.getRank() - nb - nc;
    int64_t nloops = nb + na + nf + nc;
    auto operandMap = [&](RankedTensorType t, ArrayRef<int64_t> batch,
                          ArrayRef<int64_t> contract, int64_t freeStart) {
      SmallVector<AffineExpr> exprs;
      int64_t nextFree = freeStart;
      for (int64_t d = 0; d < t.getRank(); ++d) {
        if (auto *it = llvm::find(batch, d); it != batch.end())
          exprs.push_back(rewriter.getAffineDimExpr(it - batch.begin()));
        else if (auto *it = llvm::find(contract, d); it != contract.end())
          exprs.push_back(rewriter.getAffineDimExpr(nb + na + nf +
                                                    (it - contract.begin())));
        else
          exprs.push_back(rewriter.getAffineDimExpr(nextFree++));
      }
      return AffineMap::get(nloops, 0, exprs, rewriter.getContext());
    };
    AffineMap lhsMap =
        operandMap(lhsTy, op.getLhsBatch(), op.getLhsContracting(), nb);
    AffineMap rhsMap =
        operandMap(rhsTy, op.getRhsBatch(), op.getRhsContracting(), nb + na);
    AffineMap outMap =
        AffineMap::getMultiDimIdentityMap(nb + na + nf, rewriter.getContext());
    outMap =
        AffineMap::get(nloops, 0, outMap.getResults(), rewriter.getContext());
    SmallVector<utils::IteratorType> iters(nb + na + nf,
                                           utils::IteratorType::parallel);
    iters.append(nc, utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy},
        ValueRange{adaptor.getLhs(), adaptor.getRhs()}, ValueRange{init},
        ArrayRef<AffineMap>{lhsMap, rhsMap, outMap}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l,
                                  emitAdd(b, l, args[2],
                                          emitMul(b, l, args[0], args[1], elem),
                                          elem));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateDotPatterns(NxTypeConverter &converter,
                         RewritePatternSet &patterns) {
  patterns.add<DotLowering>(converter, patterns.getContext());
}

} // namespace nxc
