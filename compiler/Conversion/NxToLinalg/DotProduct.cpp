//===- DotProduct.cpp - nx.dot to linalg ----------------------------------===//
//
// A contraction with free dims on both sides becomes linalg.matmul or
// linalg.batch_matmul (operands transposed and folded as needed), which the
// codegen schedule tiles and register-blocks; matrix-vector and dot
// products become one linalg.generic reduction, with no transposes.
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

/// `t` with each group of dims folded into one.
RankedTensorType foldedType(RankedTensorType t,
                            ArrayRef<ReassociationIndices> groups) {
  SmallVector<int64_t> shape;
  for (const ReassociationIndices &g : groups) {
    int64_t n = 1;
    for (int64_t d : g)
      n *= t.getDimSize(d);
    shape.push_back(n);
  }
  return RankedTensorType::get(shape, t.getElementType());
}

/// `v` with each group of dims folded into one (nothing when every group is
/// a single dim).
Value collapseGroups(OpBuilder &b, Location loc, Value v,
                     ArrayRef<ReassociationIndices> groups) {
  auto t = cast<RankedTensorType>(v.getType());
  if (groups.size() == static_cast<size_t>(t.getRank()))
    return v;
  return tensor::CollapseShapeOp::create(b, loc, foldedType(t, groups), v,
                                         groups);
}

/// Consecutive groups of the given sizes (a group of none is dropped).
SmallVector<ReassociationIndices> consecutiveGroups(ArrayRef<int64_t> sizes) {
  SmallVector<ReassociationIndices> groups;
  int64_t next = 0;
  for (int64_t n : sizes) {
    if (n == 0)
      continue;
    groups.emplace_back(llvm::to_vector(llvm::seq<int64_t>(next, next + n)));
    next += n;
  }
  return groups;
}

/// A contraction with free dims on both sides, real types: the operands
/// are transposed (only where needed) to [batch, M..., K...] and
/// [batch, K..., N...], folded to [B, M, K] x [B, K, N], and multiplied by
/// linalg.matmul (no batch dims) or linalg.batch_matmul, which the codegen
/// register-blocks; the product unfolds to Nx's [batch, M..., N...]. A
/// dense layer on [batch, seq, features] (Nx.dot(x, w) with x of rank 3)
/// was one generic loop nest: 628 ms for 8x128x512 by 512x512. A
/// transpose is a fraction of the product's cost (A^T B, a gradient's
/// x^T dy: 1200 -> 19 ms at 1000). Null for other contractions: matrix by
/// vector products and dot products stay reductions along the contiguous
/// contracting dim.
Value buildMatmul(ConversionPatternRewriter &rewriter, Location loc,
                  nx::DotOp op, nx::DotOp::Adaptor adaptor,
                  RankedTensorType outTy, Value zero) {
  auto lhsTy = op.getLhs().getType(), rhsTy = op.getRhs().getType();
  ArrayRef<int64_t> lhsBatch = op.getLhsBatch(), rhsBatch = op.getRhsBatch();
  ArrayRef<int64_t> lhsContract = op.getLhsContracting(),
                    rhsContract = op.getRhsContracting();
  int64_t nb = lhsBatch.size(), nc = lhsContract.size();
  int64_t na = lhsTy.getRank() - nb - nc, nf = rhsTy.getRank() - nb - nc;
  if (isa<ComplexType>(outTy.getElementType()) || na == 0 || nf == 0 || nc == 0)
    return {};
  auto freeDims = [](int64_t rank, ArrayRef<int64_t> batch,
                     ArrayRef<int64_t> contract) {
    SmallVector<int64_t> dims;
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(batch, d) && !llvm::is_contained(contract, d))
        dims.push_back(d);
    return dims;
  };
  SmallVector<int64_t> lhsPerm(lhsBatch), rhsPerm(rhsBatch);
  llvm::append_range(lhsPerm, freeDims(lhsTy.getRank(), lhsBatch, lhsContract));
  llvm::append_range(lhsPerm, lhsContract);
  llvm::append_range(rhsPerm, rhsContract);
  llvm::append_range(rhsPerm, freeDims(rhsTy.getRank(), rhsBatch, rhsContract));
  Value lhs = collapseGroups(
      rewriter, loc, transposeTo(rewriter, loc, adaptor.getLhs(), lhsPerm),
      consecutiveGroups({nb, na, nc}));
  Value rhs = collapseGroups(
      rewriter, loc, transposeTo(rewriter, loc, adaptor.getRhs(), rhsPerm),
      consecutiveGroups({nb, nc, nf}));
  SmallVector<ReassociationIndices> outGroups = consecutiveGroups({nb, na, nf});
  RankedTensorType flatTy = foldedType(outTy, outGroups);
  // The fill at the folded shape: the register tiles start from it.
  Value init = linalg::FillOp::create(rewriter, loc, zero,
                                      emptyTensor(rewriter, loc, flatTy))
                   .getResult(0);
  Value product =
      nb == 0 ? linalg::MatmulOp::create(rewriter, loc, TypeRange{flatTy},
                                         ValueRange{lhs, rhs}, ValueRange{init})
                    .getResult(0)
              : linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{flatTy},
                                              ValueRange{lhs, rhs},
                                              ValueRange{init})
                    .getResult(0);
  if (flatTy == outTy)
    return product;
  return tensor::ExpandShapeOp::create(rewriter, loc, outTy, product,
                                       outGroups);
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
    if (Value mm = buildMatmul(rewriter, loc, op, adaptor, outTy, zero)) {
      rewriter.replaceOp(op, mm);
      return success();
    }
    Value init = linalg::FillOp::create(rewriter, loc, zero,
                                        emptyTensor(rewriter, loc, outTy))
                     .getResult(0);
    int64_t nb = op.getLhsBatch().size(), nc = op.getLhsContracting().size();
    int64_t na = lhsTy.getRank() - nb - nc, nf = rhsTy.getRank() - nb - nc;
    int64_t nloops = nb + na + nf + nc;
    // Loops: batch, lhs free, then rhs free and contracting. A vector by
    // matrix product ([K] x [K, N]) runs its contracting loop outside the
    // rhs's contiguous free dim instead: out[:] += x[k] * W[k, :], vector
    // steps along N, the same order of additions per output (1024 x 1024:
    // 7 ms as dot products down W's columns).
    bool contractOutside = na == 0 && nf > 0;
    int64_t rhsFreeStart = nb + na + (contractOutside ? nc : 0);
    int64_t contractStart = nb + na + (contractOutside ? 0 : nf);
    auto operandMap = [&](RankedTensorType t, ArrayRef<int64_t> batch,
                          ArrayRef<int64_t> contract, int64_t freeStart) {
      SmallVector<AffineExpr> exprs;
      int64_t nextFree = freeStart;
      for (int64_t d = 0; d < t.getRank(); ++d) {
        if (auto *it = llvm::find(batch, d); it != batch.end())
          exprs.push_back(rewriter.getAffineDimExpr(it - batch.begin()));
        else if (auto *it = llvm::find(contract, d); it != contract.end())
          exprs.push_back(rewriter.getAffineDimExpr(contractStart +
                                                    (it - contract.begin())));
        else
          exprs.push_back(rewriter.getAffineDimExpr(nextFree++));
      }
      return AffineMap::get(nloops, 0, exprs, rewriter.getContext());
    };
    AffineMap lhsMap =
        operandMap(lhsTy, op.getLhsBatch(), op.getLhsContracting(), nb);
    AffineMap rhsMap = operandMap(rhsTy, op.getRhsBatch(),
                                  op.getRhsContracting(), rhsFreeStart);
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < nb + na; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t d = 0; d < nf; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(rhsFreeStart + d));
    AffineMap outMap =
        AffineMap::get(nloops, 0, outExprs, rewriter.getContext());
    SmallVector<utils::IteratorType> iters(nloops,
                                           utils::IteratorType::parallel);
    for (int64_t d = 0; d < nc; ++d)
      iters[contractStart + d] = utils::IteratorType::reduction;
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
