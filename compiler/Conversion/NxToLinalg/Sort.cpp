//===- Sort.cpp - nx.sort / nx.argsort to a merge sort --------------------===//
//
// Linalg has no sort. The axis is moved last and the tensor viewed as
// [rows, n]; each row is sorted by a bottom-up merge sort written with scf
// loops on tensors (stable, O(n log n)), carrying the original positions for
// argsort. Order: a total order where NaN comes after +inf, reversed for
// descending; equal keys keep their input order (Nx's sorts are stable).
//
//===----------------------------------------------------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nxc {
namespace {

/// True if `a` must come strictly before `b`.
Value before(OpBuilder &b, Location loc, Value x, Value y, Type t, bool desc) {
  if (desc)
    std::swap(x, y);
  if (isa<FloatType>(t)) {
    using F = arith::CmpFPredicate;
    Value lt = arith::CmpFOp::create(b, loc, F::OLT, x, y);
    Value yNan = arith::CmpFOp::create(b, loc, F::UNO, y, y);
    Value xOrd = arith::CmpFOp::create(b, loc, F::ORD, x, x);
    return arith::OrIOp::create(b, loc, lt,
                                arith::AndIOp::create(b, loc, yNan, xOrd));
  }
  return arith::CmpIOp::create(b, loc,
                               t.isUnsignedInteger()
                                   ? arith::CmpIPredicate::ult
                                   : arith::CmpIPredicate::slt,
                               x, y);
}

/// Sorts the 1-D `keys` (and `pos`, their positions) with a bottom-up merge
/// sort. Returns the sorted {keys, pos}.
std::pair<Value, Value> mergeSort(OpBuilder &b, Location loc, Value keys,
                                  Value pos, Type nxElem, bool desc) {
  auto kTy = cast<RankedTensorType>(keys.getType());
  auto pTy = cast<RankedTensorType>(pos.getType());
  int64_t n = kTy.getDimSize(0);
  Type idx = b.getIndexType();
  auto c = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  Value nV = c(n), one = c(1), zero = c(0),
        last = c(std::max<int64_t>(n - 1, 0));
  Value dk = emptyTensor(b, loc, kTy), dp = emptyTensor(b, loc, pTy);
  // while (width < n) { merge runs of `width` from src into dst; swap }
  SmallVector<Type> types = {kTy, pTy, kTy, pTy, idx};
  auto loop = scf::WhileOp::create(
      b, loc, types, ValueRange{keys, pos, dk, dp, one},
      [&](OpBuilder &bb, Location l, ValueRange a) {
        Value go =
            arith::CmpIOp::create(bb, l, arith::CmpIPredicate::slt, a[4], nV);
        scf::ConditionOp::create(bb, l, go, a);
      },
      [&](OpBuilder &ab, Location l, ValueRange a) {
        Value srcK = a[0], srcP = a[1], width = a[4];
        Value step = arith::MulIOp::create(ab, l, width, c(2));
        auto runs = scf::ForOp::create(
            ab, l, zero, nV, step, ValueRange{a[2], a[3]},
            [&](OpBuilder &fb, Location fl, Value lo, ValueRange dst) {
              Value mid = arith::MinSIOp::create(
                  fb, fl, arith::AddIOp::create(fb, fl, lo, width), nV);
              Value hi = arith::MinSIOp::create(
                  fb, fl, arith::AddIOp::create(fb, fl, lo, step), nV);
              SmallVector<Type> mt = {idx, idx, idx, kTy, pTy};
              auto merge = scf::WhileOp::create(
                  fb, fl, mt, ValueRange{lo, mid, lo, dst[0], dst[1]},
                  [&](OpBuilder &mb, Location ml, ValueRange m) {
                    Value go = arith::CmpIOp::create(
                        mb, ml, arith::CmpIPredicate::slt, m[2], hi);
                    scf::ConditionOp::create(mb, ml, go, m);
                  },
                  [&](OpBuilder &mb, Location ml, ValueRange m) {
                    Value i = m[0], j = m[1], k = m[2];
                    // Reads are clamped in range; the flags decide.
                    Value ii = arith::MinSIOp::create(mb, ml, i, last);
                    Value jj = arith::MinSIOp::create(mb, ml, j, last);
                    Value ki = tensor::ExtractOp::create(mb, ml, srcK, ii);
                    Value kj = tensor::ExtractOp::create(mb, ml, srcK, jj);
                    Value leftDone = arith::CmpIOp::create(
                        mb, ml, arith::CmpIPredicate::sge, i, mid);
                    Value rightLeft = arith::CmpIOp::create(
                        mb, ml, arith::CmpIPredicate::slt, j, hi);
                    Value rightFirst = arith::OrIOp::create(
                        mb, ml, leftDone, before(mb, ml, kj, ki, nxElem, desc));
                    Value takeRight =
                        arith::AndIOp::create(mb, ml, rightLeft, rightFirst);
                    Value from =
                        arith::SelectOp::create(mb, ml, takeRight, jj, ii);
                    Value key =
                        arith::SelectOp::create(mb, ml, takeRight, kj, ki);
                    Value p = tensor::ExtractOp::create(mb, ml, srcP, from);
                    Value nk = tensor::InsertOp::create(mb, ml, key, m[3], k);
                    Value np = tensor::InsertOp::create(mb, ml, p, m[4], k);
                    Value oneI = arith::ConstantIndexOp::create(mb, ml, 1);
                    Value zeroI = arith::ConstantIndexOp::create(mb, ml, 0);
                    Value di =
                        arith::SelectOp::create(mb, ml, takeRight, zeroI, oneI);
                    Value dj =
                        arith::SelectOp::create(mb, ml, takeRight, oneI, zeroI);
                    scf::YieldOp::create(
                        mb, ml,
                        ValueRange{arith::AddIOp::create(mb, ml, i, di),
                                   arith::AddIOp::create(mb, ml, j, dj),
                                   arith::AddIOp::create(mb, ml, k, oneI), nk,
                                   np});
                  });
              scf::YieldOp::create(
                  fb, fl, ValueRange{merge.getResult(3), merge.getResult(4)});
            });
        scf::YieldOp::create(
            ab, l,
            ValueRange{runs.getResult(0), runs.getResult(1), srcK, srcP, step});
      });
  return {loop.getResult(0), loop.getResult(1)};
}

template <typename OpT> struct SortLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isArg = std::is_same_v<OpT, nx::ArgsortOp>;
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    Type nxElem = inTy.getElementType();
    Type elem = signless(nxElem);
    int64_t rank = inTy.getRank(), axis = op.getAxis();
    int64_t n = inTy.getDimSize(axis), rows = n ? inTy.getNumElements() / n : 0;
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    if (rows == 0 || n == 0) { // nothing to sort: an empty result
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, outTy));
      return success();
    }
    // Move the axis last and view as [rows, n].
    SmallVector<int64_t> perm, inv(rank);
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        perm.push_back(d);
    perm.push_back(axis);
    for (int64_t d = 0; d < rank; ++d)
      inv[perm[d]] = d;
    Value moved = transposeTo(rewriter, loc, adaptor.getOperand(), perm);
    auto movedTy = cast<RankedTensorType>(moved.getType());
    Value keys =
        reshapeTo(rewriter, loc, moved, RankedTensorType::get({rows, n}, elem));
    auto rowK = RankedTensorType::get({n}, elem);
    auto rowP = RankedTensorType::get({n}, rewriter.getI64Type());
    auto outK = RankedTensorType::get({rows, n}, elem);
    auto outP = RankedTensorType::get({rows, n}, rewriter.getI64Type());
    Value positions = buildPointwise(
        rewriter, loc, rowP, {}, {},
        [](OpBuilder &b, Location l, ValueRange) -> Value {
          return arith::IndexCastOp::create(b, l, b.getI64Type(),
                                            linalg::IndexOp::create(b, l, 0));
        });
    auto c = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
    };
    auto rowLoop = scf::ForOp::create(
        rewriter, loc, c(0), c(rows), c(1),
        ValueRange{emptyTensor(rewriter, loc, outK),
                   emptyTensor(rewriter, loc, outP)},
        [&](OpBuilder &b, Location l, Value r, ValueRange acc) {
          SmallVector<OpFoldResult> offs = {r, b.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                             b.getIndexAttr(n)};
          SmallVector<OpFoldResult> strides = {b.getIndexAttr(1),
                                               b.getIndexAttr(1)};
          Value row = tensor::ExtractSliceOp::create(b, l, rowK, keys, offs,
                                                     sizes, strides);
          auto [sk, sp] =
              mergeSort(b, l, row, positions, nxElem, op.getDescending());
          Value k = tensor::InsertSliceOp::create(b, l, sk, acc[0], offs, sizes,
                                                  strides);
          Value p = tensor::InsertSliceOp::create(b, l, sp, acc[1], offs, sizes,
                                                  strides);
          scf::YieldOp::create(b, l, ValueRange{k, p});
        });
    Value sorted = rowLoop.getResult(isArg ? 1 : 0);
    if constexpr (isArg) {
      Type outElem = op.getType().getElementType();
      if (outElem.getIntOrFloatBitWidth() != 64)
        sorted = buildPointwise(
            rewriter, loc,
            RankedTensorType::get({rows, n}, outTy.getElementType()), sorted,
            {}, [&](OpBuilder &b, Location l, ValueRange a) {
              return convertScalar(
                  b, l, a[0],
                  IntegerType::get(b.getContext(), 64, IntegerType::Signed),
                  outElem);
            });
    }
    Value shaped = reshapeTo(
        rewriter, loc, sorted,
        RankedTensorType::get(movedTy.getShape(), outTy.getElementType()));
    rewriter.replaceOp(op, transposeTo(rewriter, loc, shaped, inv));
    return success();
  }
};

} // namespace

void populateSortPatterns(NxTypeConverter &converter,
                          RewritePatternSet &patterns) {
  patterns.add<SortLowering<nx::SortOp>, SortLowering<nx::ArgsortOp>>(
      converter, patterns.getContext());
}

} // namespace nxc
