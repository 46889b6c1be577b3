//===- LinearAlgebra.cpp - fft, ifft, triangular_solve --------------------===//
//
// fft/ifft: a direct DFT as one linalg.generic (any length, as Nx allows);
// the twiddle angle uses (k * n) mod L in integers so it stays exact for
// long axes. triangular_solve: forward or back substitution in scf loops,
// after rewriting every variant as "left side, maybe transposed a".
//
//===----------------------------------------------------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

namespace nxc {
namespace {

template <typename OpT> struct FftLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool inverse = std::is_same_v<OpT, nx::IfftOp>;
    Location loc = op.getLoc();
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto cTy = cast<ComplexType>(outTy.getElementType());
    auto part = cast<FloatType>(cTy.getElementType());
    int64_t axis = op.getAxis(), len = op.getLength(), rank = outTy.getRank();
    Value in = adaptor.getOperand();
    auto inTy = cast<RankedTensorType>(in.getType());
    int64_t have = inTy.getDimSize(axis);
    if (have > len) { // cut
      SmallVector<int64_t> zeros(rank, 0), ones(rank, 1),
          sizes(inTy.getShape());
      sizes[axis] = len;
      in = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get(sizes, cTy), in, ValueRange{},
          ValueRange{}, ValueRange{}, zeros, sizes, ones);
    } else if (have < len) { // zero-pad
      SmallVector<int64_t> lo(rank, 0), hi(rank, 0), interior(rank, 0);
      hi[axis] = len - have;
      in = padTensor(rewriter, loc, in, lo, hi, interior,
                     scalarConst(rewriter, loc, cTy, 0));
    }
    Value acc = linalg::FillOp::create(rewriter, loc,
                                       scalarConst(rewriter, loc, cTy, 0),
                                       emptyTensor(rewriter, loc, outTy))
                    .getResult(0);
    // Loops: the result dims, then n (the input position along the axis).
    SmallVector<AffineExpr> inExprs;
    for (int64_t d = 0; d < rank; ++d)
      inExprs.push_back(rewriter.getAffineDimExpr(d == axis ? rank : d));
    auto ctx = rewriter.getContext();
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank + 1, 0, inExprs, ctx),
        AffineMap::getMultiDimIdentityMap(rank, ctx)};
    maps[1] = AffineMap::get(rank + 1, 0, maps[1].getResults(), ctx);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters.push_back(utils::IteratorType::reduction);
    double sign = inverse ? 2.0 : -2.0;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{in}, ValueRange{acc}, maps,
        iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value k = linalg::IndexOp::create(b, l, axis);
          Value n = linalg::IndexOp::create(b, l, rank);
          Value lenV = arith::ConstantIndexOp::create(b, l, len);
          Value m = arith::RemUIOp::create(
              b, l, arith::MulIOp::create(b, l, k, n), lenV);
          Value mf = arith::UIToFPOp::create(
              b, l, part,
              arith::IndexCastUIOp::create(b, l, b.getI64Type(), m));
          Value scale = arith::ConstantOp::create(
              b, l, b.getFloatAttr(part, sign * M_PI / (double)len));
          Value angle = arith::MulFOp::create(b, l, mf, scale);
          Value tw = complex::CreateOp::create(
              b, l, cTy, math::CosOp::create(b, l, angle),
              math::SinOp::create(b, l, angle));
          Value term = complex::MulOp::create(b, l, a[0], tw);
          if (inverse)
            term = complex::DivOp::create(b, l, term,
                                          scalarConst(b, l, cTy, (double)len));
          linalg::YieldOp::create(
              b, l, complex::AddOp::create(b, l, a[1], term).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Runs `core` once per batch element: the leading `batchRank` dims of every
/// input and result are flattened to K, an scf.for over K extracts each
/// input's slice (rank-reduced), `core` emits the unbatched computation at
/// the rewriter's insertion point inside the loop, and its results are
/// inserted into the batched results. Without batch dims, `core` runs once on
/// `inputs` as they are.
static SmallVector<Value>
forEachBatch(ConversionPatternRewriter &rewriter, Location loc,
             int64_t batchRank, ValueRange inputs, TypeRange resultTypes,
             function_ref<SmallVector<Value>(ValueRange)> core) {
  if (batchRank == 0)
    return core(inputs);
  auto flat = [&](RankedTensorType t) {
    int64_t k = 1;
    for (int64_t d : t.getShape().take_front(batchRank))
      k *= d;
    SmallVector<int64_t> shape{k};
    llvm::append_range(shape, t.getShape().drop_front(batchRank));
    return RankedTensorType::get(shape, t.getElementType());
  };
  auto slice = [&](RankedTensorType t) {
    return RankedTensorType::get(t.getShape().drop_front(1),
                                 t.getElementType());
  };
  SmallVector<Value> ins, inits;
  for (Value v : inputs)
    ins.push_back(
        reshapeTo(rewriter, loc, v, flat(cast<RankedTensorType>(v.getType()))));
  for (Type t : resultTypes)
    inits.push_back(
        emptyTensor(rewriter, loc, flat(cast<RankedTensorType>(t))));
  int64_t k = cast<RankedTensorType>(ins[0].getType()).getDimSize(0);
  auto c = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
  };
  auto loop = scf::ForOp::create(rewriter, loc, c(0), c(k), c(1), inits);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(loop.getBody());
  Value iv = loop.getInductionVar();
  auto offsets = [&](RankedTensorType t) {
    SmallVector<OpFoldResult> o(t.getRank(), rewriter.getIndexAttr(0));
    o[0] = iv;
    return o;
  };
  auto sizes = [&](RankedTensorType t) {
    SmallVector<OpFoldResult> sz{rewriter.getIndexAttr(1)};
    for (int64_t d : t.getShape().drop_front(1))
      sz.push_back(rewriter.getIndexAttr(d));
    return sz;
  };
  SmallVector<OpFoldResult> ones;
  SmallVector<Value> coreIns;
  for (Value v : ins) {
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<OpFoldResult> strides(t.getRank(), rewriter.getIndexAttr(1));
    coreIns.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, slice(t), v, offsets(t), sizes(t), strides));
  }
  SmallVector<Value> outs = core(coreIns);
  SmallVector<Value> yields;
  for (auto [o, acc] : llvm::zip(outs, loop.getRegionIterArgs())) {
    auto t = cast<RankedTensorType>(acc.getType());
    SmallVector<OpFoldResult> strides(t.getRank(), rewriter.getIndexAttr(1));
    yields.push_back(tensor::InsertSliceOp::create(
        rewriter, loc, o, acc, offsets(t), sizes(t), strides));
  }
  scf::YieldOp::create(rewriter, loc, yields);
  rewriter.setInsertionPointAfter(loop);
  SmallVector<Value> results;
  for (auto [r, t] : llvm::zip(loop.getResults(), resultTypes))
    results.push_back(reshapeTo(rewriter, loc, r, cast<RankedTensorType>(t)));
  return results;
}

struct TriangularSolveLowering : OpConversionPattern<nx::TriangularSolveOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::TriangularSolveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elem = op.getType().getElementType();
    if (isa<IntegerType>(elem))
      return op.emitError("triangular_solve on integers is not supported yet");
    int64_t batchRank = op.getA().getType().getRank() - 2;
    auto solve = [&](Value a, Value b) -> Value {
      auto bTy = cast<RankedTensorType>(b.getType());
      int64_t n = cast<RankedTensorType>(a.getType()).getDimSize(0);
      // x op(a) = b  <=>  op(a)^T x^T = b^T: solve on the left with a read
      // transposed once more, then transpose the solution back.
      bool left = op.getLeftSide();
      bool transposed = op.getTransposeA() != !left; // read a[j][i]
      bool lower = op.getLower() != transposed;      // shape of the matrix read
      bool vector = bTy.getRank() == 1;
      if (vector)
        b = reshapeTo(rewriter, loc, b,
                      RankedTensorType::get({n, 1}, bTy.getElementType()));
      else if (!left)
        b = transposeTo(rewriter, loc, b, {1, 0});
      int64_t cols = cast<RankedTensorType>(b.getType()).getDimSize(1);
      auto c = [&](int64_t v) {
        return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
      };
      auto readA = [&](OpBuilder &bb, Location l, Value i, Value j) -> Value {
        return transposed
                   ? tensor::ExtractOp::create(bb, l, a, ValueRange{j, i})
                   : tensor::ExtractOp::create(bb, l, a, ValueRange{i, j});
      };
      // Rows in dependency order: 0..n-1 (lower) or n-1..0 (upper).
      auto rows = scf::ForOp::create(
          rewriter, loc, c(0), c(n), c(1), ValueRange{b},
          [&](OpBuilder &ob, Location l, Value step, ValueRange x) {
            Value i =
                lower ? step
                      : arith::SubIOp::create(
                            ob, l, arith::ConstantIndexOp::create(ob, l, n - 1),
                            step)
                            .getResult();
            Value lo =
                lower ? arith::ConstantIndexOp::create(ob, l, 0).getResult()
                      : arith::AddIOp::create(
                            ob, l, i, arith::ConstantIndexOp::create(ob, l, 1))
                            .getResult();
            Value hi =
                lower ? i
                      : arith::ConstantIndexOp::create(ob, l, n).getResult();
            Value diag = readA(ob, l, i, i);
            auto colLoop = scf::ForOp::create(
                ob, l, arith::ConstantIndexOp::create(ob, l, 0),
                arith::ConstantIndexOp::create(ob, l, cols),
                arith::ConstantIndexOp::create(ob, l, 1), ValueRange{x[0]},
                [&](OpBuilder &cb, Location cl, Value col, ValueRange xc) {
                  Value rhs = tensor::ExtractOp::create(cb, cl, xc[0],
                                                        ValueRange{i, col});
                  auto dot = scf::ForOp::create(
                      cb, cl, lo, hi, arith::ConstantIndexOp::create(cb, cl, 1),
                      ValueRange{rhs},
                      [&](OpBuilder &db, Location dl, Value j, ValueRange s) {
                        Value xj = tensor::ExtractOp::create(
                            db, dl, xc[0], ValueRange{j, col});
                        Value r = emitSub(
                            db, dl, s[0],
                            emitMul(db, dl, readA(db, dl, i, j), xj, elem),
                            elem);
                        scf::YieldOp::create(db, dl, r);
                      });
                  Value xi = emitDiv(cb, cl, dot.getResult(0), diag, elem);
                  Value upd = tensor::InsertOp::create(cb, cl, xi, xc[0],
                                                       ValueRange{i, col});
                  scf::YieldOp::create(cb, cl, upd);
                });
            scf::YieldOp::create(ob, l, colLoop.getResult(0));
          });
      Value x = rows.getResult(0);
      if (vector)
        x = reshapeTo(rewriter, loc, x, bTy);
      else if (!left)
        x = transposeTo(rewriter, loc, x, {1, 0});
      return x;
    };
    auto outTy = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOp(
        op, forEachBatch(rewriter, loc, batchRank,
                         ValueRange{adaptor.getA(), adaptor.getB()},
                         TypeRange{outTy}, [&](ValueRange in) {
                           return SmallVector<Value>{solve(in[0], in[1])};
                         }));
    return success();
  }
};

// Scalar-loop helpers for lu and eigh, which work element by element on
// small matrices held in tensors.
Value ci(OpBuilder &b, Location l, int64_t v) {
  return arith::ConstantIndexOp::create(b, l, v).getResult();
}

/// scf.for lo..hi step 1 carrying `init`; `body` returns the next values.
ValueRange forLoop(
    OpBuilder &b, Location l, Value lo, Value hi, ValueRange init,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  return scf::ForOp::create(
             b, l, lo, hi, ci(b, l, 1), init,
             [&](OpBuilder &fb, Location fl, Value iv, ValueRange a) {
               scf::YieldOp::create(fb, fl, body(fb, fl, iv, a));
             })
      .getResults();
}

Value at(OpBuilder &b, Location l, Value t, Value i, Value j) {
  return tensor::ExtractOp::create(b, l, t, ValueRange{i, j}).getResult();
}

Value put(OpBuilder &b, Location l, Value v, Value t, Value i, Value j) {
  return tensor::InsertOp::create(b, l, v, t, ValueRange{i, j}).getResult();
}

struct LuLowering : OpConversionPattern<nx::LuOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::LuOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type inElem = op.getOperand().getType().getElementType();
    Type elem = op.getL().getType().getElementType(),
         pElem = op.getP().getType().getElementType();
    if (!isa<FloatType, ComplexType>(elem))
      return op.emitError("lu with non-float l/u is not supported yet");
    // Magnitudes for pivoting and the eps rule; complex ones as Complex.abs
    // (the larger part times sqrt(1 + ratio^2), which complex.abs also is).
    bool isComplex = isa<ComplexType>(elem);
    Type magnitude =
        isComplex ? cast<ComplexType>(elem).getElementType() : elem;
    auto absOf = [&](OpBuilder &b, Location l, Value v) -> Value {
      if (isComplex)
        return complex::AbsOp::create(b, l, v);
      return math::AbsFOp::create(b, l, v);
    };
    auto tc = getTypeConverter();
    auto luTy = cast<RankedTensorType>(tc->convertType(op.getL().getType()));
    auto pTy = cast<RankedTensorType>(tc->convertType(op.getP().getType()));
    int64_t batchRank = luTy.getRank() - 2;
    auto batchedL = luTy, batchedP = pTy;
    luTy = RankedTensorType::get(luTy.getShape().take_back(2),
                                 luTy.getElementType());
    pTy = RankedTensorType::get(pTy.getShape().take_back(2),
                                pTy.getElementType());
    int64_t n = luTy.getDimSize(0);
    auto factor = [&](Value operand) -> SmallVector<Value> {
      Value a = buildPointwise(rewriter, loc, luTy, operand, {},
                               [&](OpBuilder &b, Location l, ValueRange v) {
                                 return convertScalar(b, l, v[0], inElem, elem);
                               });
      Value p = buildPointwise(
          rewriter, loc, pTy, {}, {},
          [&](OpBuilder &b, Location l, ValueRange) {
            Value eq = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                             linalg::IndexOp::create(b, l, 0),
                                             linalg::IndexOp::create(b, l, 1));
            return convertScalar(
                b, l, arith::ExtUIOp::create(b, l, b.getI64Type(), eq),
                IntegerType::get(b.getContext(), 64, IntegerType::Signed),
                pElem);
          });
      // 1. Pivot: for each column j, swap in the row with the largest |a[i][j]|
      //    (i >= j, first of equals).
      auto pivoted = forLoop(
          rewriter, loc, ci(rewriter, loc, 0),
          ci(rewriter, loc, std::max<int64_t>(n - 1, 0)), ValueRange{a, p},
          [&](OpBuilder &b, Location l, Value j, ValueRange st) {
            Value start = absOf(b, l, at(b, l, st[0], j, j));
            auto best = forLoop(
                b, l, arith::AddIOp::create(b, l, j, ci(b, l, 1)), ci(b, l, n),
                ValueRange{j, start},
                [&](OpBuilder &bb, Location bl, Value i, ValueRange cur) {
                  Value v = absOf(bb, bl, at(bb, bl, st[0], i, j));
                  Value gt = arith::CmpFOp::create(
                      bb, bl, arith::CmpFPredicate::OGT, v, cur[1]);
                  return SmallVector<Value>{
                      arith::SelectOp::create(bb, bl, gt, i, cur[0]),
                      arith::SelectOp::create(bb, bl, gt, v, cur[1])};
                });
            Value m = best[0];
            auto swapped = forLoop(
                b, l, ci(b, l, 0), ci(b, l, n), ValueRange{st[0], st[1]},
                [&](OpBuilder &sb, Location sl, Value c, ValueRange t) {
                  Value aj = at(sb, sl, t[0], j, c),
                        am = at(sb, sl, t[0], m, c);
                  Value pj = at(sb, sl, t[1], j, c),
                        pm = at(sb, sl, t[1], m, c);
                  Value na = put(sb, sl, am, put(sb, sl, aj, t[0], m, c), j, c);
                  Value np = put(sb, sl, pm, put(sb, sl, pj, t[1], m, c), j, c);
                  return SmallVector<Value>{na, np};
                });
            return SmallVector<Value>(swapped.begin(), swapped.end());
          });
      Value ap = pivoted[0];
      // 2. Doolittle on the pivoted matrix.
      Value zero = scalarConst(rewriter, loc, elem, 0),
            one = scalarConst(rewriter, loc, elem, 1);
      Value zeros = linalg::FillOp::create(rewriter, loc, zero,
                                           emptyTensor(rewriter, loc, luTy))
                        .getResult(0);
      Value eps = arith::ConstantOp::create(
          rewriter, loc,
          rewriter.getFloatAttr(magnitude, op.getEps().convertToDouble()));
      // Nx writes 0 for any l or u entry whose magnitude is below eps.
      // sum over k < count of rows[row][k] * cols[k][col], in order.
      auto sumProducts = [&](OpBuilder &b, Location l, Value count, Value rows,
                             Value row, Value cols, Value col) -> Value {
        return forLoop(
            b, l, ci(b, l, 0), count, ValueRange{zero},
            [&](OpBuilder &kb, Location kl, Value k, ValueRange acc) {
              return SmallVector<Value>{
                  emitAdd(kb, kl, acc[0],
                          emitMul(kb, kl, at(kb, kl, rows, row, k),
                                  at(kb, kl, cols, k, col), elem),
                          elem)};
            })[0];
      };
      auto flushBelowEps = [&](OpBuilder &fb, Location fl, Value v) -> Value {
        Value tiny = arith::CmpFOp::create(fb, fl, arith::CmpFPredicate::OLT,
                                           absOf(fb, fl, v), eps);
        return arith::SelectOp::create(fb, fl, tiny, zero, v);
      };
      auto lu = forLoop(
          rewriter, loc, ci(rewriter, loc, 0), ci(rewriter, loc, n),
          ValueRange{zeros, zeros},
          [&](OpBuilder &b, Location l, Value j, ValueRange st) {
            Value L = put(b, l, one, st[0], j, j);
            auto U = forLoop(
                b, l, ci(b, l, 0), arith::AddIOp::create(b, l, j, ci(b, l, 1)),
                ValueRange{st[1]},
                [&](OpBuilder &ub, Location ul, Value i, ValueRange u) {
                  Value s = sumProducts(ub, ul, i, L, i, u[0], j);
                  Value v = flushBelowEps(
                      ub, ul, emitSub(ub, ul, at(ub, ul, ap, i, j), s, elem));
                  return SmallVector<Value>{put(ub, ul, v, u[0], i, j)};
                });
            Value ujj = at(b, l, U[0], j, j);
            // Below the diagonal: (a_ij - sum) / u_jj, or +-inf by the sign
            // of the numerator when u_jj is 0, as Nx.BinaryBackend.
            auto col = forLoop(
                b, l, arith::AddIOp::create(b, l, j, ci(b, l, 1)), ci(b, l, n),
                ValueRange{L},
                [&](OpBuilder &cb, Location cl, Value i, ValueRange lc) {
                  Value s = sumProducts(cb, cl, j, lc[0], i, U[0], j);
                  Value aij = at(cb, cl, ap, i, j);
                  Value q =
                      emitDiv(cb, cl, emitSub(cb, cl, aij, s, elem), ujj, elem);
                  // A complex u_jj is a struct, never == 0 in Elixir: Nx
                  // always divides.
                  if (isComplex)
                    return SmallVector<Value>{
                        put(cb, cl, flushBelowEps(cb, cl, q), lc[0], i, j)};
                  Value inf = scalarConst(cb, cl, elem, INFINITY);
                  Value signedInf = arith::SelectOp::create(
                      cb, cl,
                      arith::CmpFOp::create(cb, cl, arith::CmpFPredicate::OGE,
                                            aij, s),
                      inf, arith::NegFOp::create(cb, cl, inf));
                  Value v = arith::SelectOp::create(
                      cb, cl,
                      arith::CmpFOp::create(cb, cl, arith::CmpFPredicate::ONE,
                                            ujj, zero),
                      q, signedInf);
                  return SmallVector<Value>{
                      put(cb, cl, flushBelowEps(cb, cl, v), lc[0], i, j)};
                });
            return SmallVector<Value>{col[0], U[0]};
          });
      // a = P^T . L . U for the row-permuted identity built above.
      Value pOut = transposeTo(rewriter, loc, pivoted[1], {1, 0});
      return SmallVector<Value>{pOut, lu[0], lu[1]};
    };
    rewriter.replaceOp(
        op,
        forEachBatch(rewriter, loc, batchRank, ValueRange{adaptor.getOperand()},
                     TypeRange{batchedP, batchedL, batchedL},
                     [&](ValueRange in) { return factor(in[0]); }));
    return success();
  }
};

/// Nx.BinaryBackend.Matrix.eigh, step for step and in the same operation
/// order (every dot product summed from index 0, with no fused multiply-add),
/// so that f64 results round to what Nx writes: Householder Hessenberg
/// reduction, then QR iterations (Householder QR, reflectors as dense
/// matrices) until no entry of the accumulated eigenvectors moves by more
/// than eps; entries below eps become zero.
struct EighLowering : OpConversionPattern<nx::EighOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::EighOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto tc = getTypeConverter();
    auto vecsB =
        cast<RankedTensorType>(tc->convertType(op.getEigenvectors().getType()));
    auto valsB =
        cast<RankedTensorType>(tc->convertType(op.getEigenvalues().getType()));
    Type inElem = op.getOperand().getType().getElementType();
    Type elem = vecsB.getElementType();
    int64_t batchRank = vecsB.getRank() - 2;
    int64_t n = vecsB.getDimSize(batchRank);
    auto matTy = RankedTensorType::get({n, n}, elem);
    auto valTy = RankedTensorType::get({n}, elem);
    double epsValue = op.getEps().convertToDouble();
    int64_t maxIter = op.getMaxIter();

    auto cf = [&](OpBuilder &b, Location l, double v) {
      return scalarConst(b, l, elem, v);
    };
    auto add = [&](OpBuilder &b, Location l, Value x, Value y) {
      return arith::AddFOp::create(b, l, x, y).getResult();
    };
    auto sub = [&](OpBuilder &b, Location l, Value x, Value y) {
      return arith::SubFOp::create(b, l, x, y).getResult();
    };
    auto mul = [&](OpBuilder &b, Location l, Value x, Value y) {
      return arith::MulFOp::create(b, l, x, y).getResult();
    };
    auto div = [&](OpBuilder &b, Location l, Value x, Value y) {
      return arith::DivFOp::create(b, l, x, y).getResult();
    };
    auto cmp = [&](OpBuilder &b, Location l, arith::CmpFPredicate p, Value x,
                   Value y) {
      return arith::CmpFOp::create(b, l, p, x, y).getResult();
    };
    auto sel = [](OpBuilder &b, Location l, Value c, Value x, Value y) {
      return arith::SelectOp::create(b, l, c, x, y).getResult();
    };
    auto identity = [&](OpBuilder &b, Location l) {
      return buildPointwise(
          b, l, matTy, {}, {}, [&](OpBuilder &pb, Location pl, ValueRange) {
            Value eq =
                arith::CmpIOp::create(pb, pl, arith::CmpIPredicate::eq,
                                      linalg::IndexOp::create(pb, pl, 0),
                                      linalg::IndexOp::create(pb, pl, 1));
            return sel(pb, pl, eq, cf(pb, pl, 1), cf(pb, pl, 0));
          });
    };
    // approximate_zeros: |x| < eps becomes 0 * x.
    auto flush = [&](OpBuilder &b, Location l, Value x) {
      Value tiny = cmp(b, l, arith::CmpFPredicate::OLT,
                       math::AbsFOp::create(b, l, x), cf(b, l, epsValue));
      return sel(b, l, tiny, mul(b, l, cf(b, l, 0), x), x);
    };
    auto flushAll = [&](OpBuilder &b, Location l, Value m) {
      return buildPointwise(b, l, matTy, m, {},
                            [&](OpBuilder &pb, Location pl, ValueRange v) {
                              return flush(pb, pl, v[0]);
                            });
    };
    // x . y (or x . y^T), each entry summed over k = 0..n-1 as acc + x*y.
    auto matmul = [&](OpBuilder &b, Location l, Value x, Value y,
                      bool transposeY) {
      return forLoop(
          b, l, ci(b, l, 0), ci(b, l, n), ValueRange{emptyTensor(b, l, matTy)},
          [&](OpBuilder &ib, Location il, Value i, ValueRange ci_) {
            return SmallVector<Value>{forLoop(
                ib, il, ci(ib, il, 0), ci(ib, il, n), ci_,
                [&](OpBuilder &jb, Location jl, Value j, ValueRange cj) {
                  Value sum = forLoop(
                      jb, jl, ci(jb, jl, 0), ci(jb, jl, n),
                      ValueRange{cf(jb, jl, 0)},
                      [&](OpBuilder &kb, Location kl, Value k, ValueRange acc) {
                        Value yv = transposeY ? at(kb, kl, y, j, k)
                                              : at(kb, kl, y, k, j);
                        return SmallVector<Value>{
                            add(kb, kl, acc[0],
                                mul(kb, kl, at(kb, kl, x, i, k), yv))};
                      })[0];
                  return SmallVector<Value>{put(jb, jl, sum, cj[0], i, j)};
                })[0]};
          })[0];
    };
    // The Householder reflector (n x n) of column `col` of `m` from row
    // `start` down, acting on rows/columns >= start.
    auto reflector = [&](OpBuilder &b, Location l, Value m, Value col,
                         Value start) {
      Value norm2 = forLoop(
          b, l, start, ci(b, l, n), ValueRange{cf(b, l, 0)},
          [&](OpBuilder &rb, Location rl, Value r, ValueRange acc) {
            Value x = at(rb, rl, m, r, col);
            return SmallVector<Value>{add(rb, rl, mul(rb, rl, x, x), acc[0])};
          })[0];
      Value a0 = at(b, l, m, start, col);
      Value rest = sub(b, l, norm2, mul(b, l, a0, a0));
      Value small =
          cmp(b, l, arith::CmpFPredicate::OLT, rest, cf(b, l, epsValue));
      Value root = math::SqrtOp::create(b, l, norm2);
      Value v0 = sel(
          b, l, cmp(b, l, arith::CmpFPredicate::OLE, a0, cf(b, l, 0)),
          sub(b, l, a0, root),
          div(b, l, arith::NegFOp::create(b, l, rest), add(b, l, a0, root)));
      Value v0sq = mul(b, l, v0, v0);
      Value scale =
          div(b, l, mul(b, l, cf(b, l, 2), v0sq), add(b, l, rest, v0sq));
      auto vAt = [&](OpBuilder &vb, Location vl, Value r) {
        Value isStart =
            arith::CmpIOp::create(vb, vl, arith::CmpIPredicate::eq, r, start);
        return sel(vb, vl, isStart, cf(vb, vl, 1),
                   div(vb, vl, at(vb, vl, m, r, col), v0));
      };
      Value h = forLoop(
          b, l, start, ci(b, l, n), ValueRange{identity(b, l)},
          [&](OpBuilder &rb, Location rl, Value r, ValueRange hr) {
            Value sv = mul(rb, rl, scale, vAt(rb, rl, r));
            return SmallVector<Value>{forLoop(
                rb, rl, start, ci(rb, rl, n), hr,
                [&](OpBuilder &cb, Location cl, Value c, ValueRange hc) {
                  Value diag = arith::CmpIOp::create(
                      cb, cl, arith::CmpIPredicate::eq, r, c);
                  Value delta = sel(cb, cl, diag, cf(cb, cl, 1), cf(cb, cl, 0));
                  Value e = sub(cb, cl, delta, mul(cb, cl, sv, vAt(cb, cl, c)));
                  return SmallVector<Value>{
                      put(cb, cl, sel(cb, cl, small, delta, e), hc[0], r, c)};
                })[0]};
          })[0];
      return h;
    };
    // Householder QR of a square matrix: reflectors for columns 0..n-2.
    auto qr = [&](OpBuilder &b, Location l, Value a) {
      Value h0 = reflector(b, l, a, ci(b, l, 0), ci(b, l, 0));
      auto qrs =
          forLoop(b, l, ci(b, l, 1), ci(b, l, n - 1),
                  ValueRange{h0, matmul(b, l, h0, a, false)},
                  [&](OpBuilder &ib, Location il, Value i, ValueRange st) {
                    Value h = reflector(ib, il, st[1], i, i);
                    return SmallVector<Value>{matmul(ib, il, st[0], h, false),
                                              matmul(ib, il, h, st[1], false)};
                  });
      return std::make_pair(flushAll(b, l, qrs[0]), flushAll(b, l, qrs[1]));
    };

    auto decompose = [&](Value operand) -> SmallVector<Value> {
      OpBuilder &b = rewriter;
      Value a =
          buildPointwise(b, loc, matTy, operand, {},
                         [&](OpBuilder &pb, Location pl, ValueRange v) {
                           return convertScalar(pb, pl, v[0], inElem, elem);
                         });
      // Hessenberg reduction: reflectors for columns 0..n-2 from the row
      // below the diagonal.
      Value h0 = reflector(b, loc, a, ci(b, loc, 0), ci(b, loc, 1));
      Value hess0 = matmul(b, loc, matmul(b, loc, h0, a, false), h0, true);
      auto hq = forLoop(
          b, loc, ci(b, loc, 1), ci(b, loc, n - 1), ValueRange{hess0, h0},
          [&](OpBuilder &ib, Location il, Value i, ValueRange st) {
            Value h =
                reflector(ib, il, st[0], i,
                          arith::AddIOp::create(ib, il, i, ci(ib, il, 1)));
            Value hess =
                matmul(ib, il, matmul(ib, il, h, st[0], false), h, true);
            return SmallVector<Value>{hess, matmul(ib, il, st[1], h, false)};
          });
      Value hess = flushAll(b, loc, hq[0]), q = flushAll(b, loc, hq[1]);
      // QR iterations until the eigenvectors settle or max_iter steps.
      Type i1 = b.getI1Type(), idx = b.getIndexType();
      Value falseV = arith::ConstantIntOp::create(b, loc, i1, 0);
      auto loop = scf::WhileOp::create(
          b, loc, TypeRange{idx, matTy, matTy, i1},
          ValueRange{ci(b, loc, 0), hess, q, falseV},
          [&](OpBuilder &wb, Location wl, ValueRange st) {
            Value more = arith::CmpIOp::create(
                wb, wl, arith::CmpIPredicate::slt, st[0], ci(wb, wl, maxIter));
            Value notDone = arith::XOrIOp::create(
                wb, wl, st[3], arith::ConstantIntOp::create(wb, wl, i1, 1));
            scf::ConditionOp::create(
                wb, wl, arith::AndIOp::create(wb, wl, more, notDone), st);
          },
          [&](OpBuilder &wb, Location wl, ValueRange st) {
            auto [qn, rn] = qr(wb, wl, st[1]);
            Value an = matmul(wb, wl, rn, qn, false);
            Value qnew = matmul(wb, wl, st[2], qn, false);
            // Settled when every |q_old - q_new| <= eps (NaN counts as
            // settled, as in Nx).
            Value same = forLoop(
                wb, wl, ci(wb, wl, 0), ci(wb, wl, n),
                ValueRange{arith::ConstantIntOp::create(wb, wl, i1, 1)},
                [&](OpBuilder &ib, Location il, Value i, ValueRange acc) {
                  return SmallVector<Value>{forLoop(
                      ib, il, ci(ib, il, 0), ci(ib, il, n), acc,
                      [&](OpBuilder &jb, Location jl, Value j,
                          ValueRange acc2) {
                        Value d = math::AbsFOp::create(
                            jb, jl,
                            sub(jb, jl, at(jb, jl, st[2], i, j),
                                at(jb, jl, qnew, i, j)));
                        Value ok = cmp(jb, jl, arith::CmpFPredicate::ULE, d,
                                       cf(jb, jl, epsValue));
                        return SmallVector<Value>{
                            arith::AndIOp::create(jb, jl, acc2[0], ok)};
                      })[0]};
                })[0];
            Value next = arith::AddIOp::create(wb, wl, st[0], ci(wb, wl, 1));
            scf::YieldOp::create(wb, wl, ValueRange{next, an, qnew, same});
          });
      Value aFinal = loop.getResult(1), qFinal = loop.getResult(2);
      Value vals = forLoop(
          b, loc, ci(b, loc, 0), ci(b, loc, n),
          ValueRange{emptyTensor(b, loc, valTy)},
          [&](OpBuilder &ib, Location il, Value i, ValueRange acc) {
            Value v = flush(ib, il, at(ib, il, aFinal, i, i));
            return SmallVector<Value>{
                tensor::InsertOp::create(ib, il, v, acc[0], ValueRange{i})
                    .getResult()};
          })[0];
      return {vals, flushAll(b, loc, qFinal)};
    };
    rewriter.replaceOp(
        op,
        forEachBatch(rewriter, loc, batchRank, ValueRange{adaptor.getOperand()},
                     TypeRange{valsB, vecsB},
                     [&](ValueRange in) { return decompose(in[0]); }));
    return success();
  }
};

} // namespace

void populateLinearAlgebraPatterns(NxTypeConverter &converter,
                                   RewritePatternSet &patterns) {
  patterns.add<FftLowering<nx::FftOp>, FftLowering<nx::IfftOp>,
               TriangularSolveLowering, LuLowering, EighLowering>(
      converter, patterns.getContext());
}

} // namespace nxc
