//===- Sort.cpp - nx.sort / nx.argsort to a merge sort --------------------===//
//
// Linalg has no sort. The axis is moved last and the tensor viewed as
// [rows, n]; each row is sorted with scf loops on tensors, carrying the
// original positions for argsort: rows of 64 or more integers or floats by
// a least-significant-digit radix sort on keys that order as the sort does
// (stable, 8 bits per pass), shorter rows (and f8) by a bottom-up merge
// sort (stable, O(n log n)). Order: a total order where NaN comes after +inf,
// reversed for descending; equal keys keep their input order (Nx's sorts are
// stable).
//
//===----------------------------------------------------------------------===//
#include "Codegen/Schedule.h"
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

/// The unsigned radix key of `x` (type `t`, `bits` wide) whose order is
/// the sort's: floats by their bits with the sign flipped (negatives
/// complemented), every NaN the largest key and -0.0 the key of +0.0 (they
/// compare equal, so a stable sort keeps their input order); signed
/// integers with the sign bit flipped; all complemented for descending.
Value radixKey(OpBuilder &b, Location loc, Value x, Type t, unsigned bits,
               bool desc) {
  auto iTy = b.getIntegerType(bits);
  auto c = [&](const APInt &v) {
    return arith::ConstantOp::create(b, loc, iTy, b.getIntegerAttr(iTy, v))
        .getResult();
  };
  APInt sign = APInt::getSignMask(bits);
  Value key;
  if (isa<FloatType>(t)) {
    Value raw = arith::BitcastOp::create(b, loc, iTy, x);
    Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, raw,
                                      c(APInt::getZero(bits)));
    Value flipped = arith::SelectOp::create(
        b, loc, neg,
        arith::XOrIOp::create(b, loc, raw, c(APInt::getAllOnes(bits))),
        arith::OrIOp::create(b, loc, raw, c(sign)));
    Value zero = arith::ConstantOp::create(b, loc, t, b.getFloatAttr(t, 0.0));
    Value isZero =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, zero);
    Value isNaN =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
    key = arith::SelectOp::create(b, loc, isZero, c(sign), flipped);
    key =
        arith::SelectOp::create(b, loc, isNaN, c(APInt::getAllOnes(bits)), key);
  } else {
    key = t.isUnsignedInteger()
              ? x
              : arith::XOrIOp::create(b, loc, x, c(sign)).getResult();
  }
  if (desc)
    key = arith::XOrIOp::create(b, loc, key, c(APInt::getAllOnes(bits)));
  return key;
}

/// Sorts the 1-D `values` stably by a least-significant-digit radix sort,
/// 8 bits per pass, carrying the positions `pos`; a pass whose digit is the
/// same for every key (the high bytes of small integers) is skipped.
/// Returns the sorted {values, positions}. About 2 scans of the row per
/// byte of key, where the merge sort makes log2(n) passes of a
/// compare-and-select chain: 256 rows of 1024 f32, 15 ms -> about 2.
std::pair<Value, Value> radixSort(OpBuilder &b, Location loc, Value values,
                                  Value pos, Type nxElem, bool desc) {
  auto vTy = cast<RankedTensorType>(values.getType());
  auto pTy = cast<RankedTensorType>(pos.getType());
  int64_t n = vTy.getDimSize(0);
  unsigned bits = vTy.getElementType().getIntOrFloatBitWidth();
  auto kTy = RankedTensorType::get({n}, b.getIntegerType(bits));
  auto cTy = RankedTensorType::get({256}, b.getI64Type());
  auto c = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  auto i64 = [&](int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v).getResult();
  };
  Value zero = c(0), one = c(1), nV = c(n);
  // The keys, once.
  auto keyLoop = scf::ForOp::create(
      b, loc, zero, nV, one, ValueRange{emptyTensor(b, loc, kTy)},
      [&](OpBuilder &fb, Location l, Value i, ValueRange acc) {
        Value x = tensor::ExtractOp::create(fb, l, values, i);
        Value k = radixKey(fb, l, x, nxElem, bits, desc);
        scf::YieldOp::create(
            fb, l, Value(tensor::InsertOp::create(fb, l, k, acc[0], i)));
      });
  Value keys = keyLoop.getResult(0), positions = pos;
  Type iTy = b.getIntegerType(bits);
  auto digitOf = [&](OpBuilder &fb, Location l, Value k, unsigned shift) {
    Value sh = arith::ShRUIOp::create(
        fb, l, k,
        arith::ConstantOp::create(fb, l, iTy, fb.getIntegerAttr(iTy, shift)));
    Value d = arith::AndIOp::create(
        fb, l, sh,
        arith::ConstantOp::create(fb, l, iTy, fb.getIntegerAttr(iTy, 255)));
    return arith::IndexCastUIOp::create(fb, l, fb.getIndexType(), d)
        .getResult();
  };
  for (unsigned shift = 0; shift < bits; shift += 8) {
    // Histogram of this digit.
    Value counts =
        linalg::FillOp::create(b, loc, i64(0), emptyTensor(b, loc, cTy))
            .getResult(0);
    counts = scf::ForOp::create(
                 b, loc, zero, nV, one, ValueRange{counts},
                 [&](OpBuilder &fb, Location l, Value i, ValueRange acc) {
                   Value d = digitOf(
                       fb, l, tensor::ExtractOp::create(fb, l, keys, i), shift);
                   Value cnt = tensor::ExtractOp::create(fb, l, acc[0], d);
                   Value inc = arith::AddIOp::create(fb, l, cnt, i64(1));
                   scf::YieldOp::create(
                       fb, l,
                       Value(tensor::InsertOp::create(fb, l, inc, acc[0], d)));
                 })
                 .getResult(0);
    // Every key has the same digit: nothing moves.
    Value first =
        digitOf(b, loc, tensor::ExtractOp::create(b, loc, keys, zero), shift);
    Value same = arith::CmpIOp::create(
                     b, loc, arith::CmpIPredicate::eq,
                     tensor::ExtractOp::create(b, loc, counts, first), i64(n))
                     .getResult();
    auto pass = scf::IfOp::create(
        b, loc, same,
        [&](OpBuilder &tb, Location l) {
          scf::YieldOp::create(tb, l, ValueRange{keys, positions});
        },
        [&](OpBuilder &eb, Location l) {
          // Exclusive prefix sums: where each digit's run starts.
          auto starts = scf::ForOp::create(
              eb, l, zero, c(256), one, ValueRange{counts, i64(0)},
              [&](OpBuilder &fb, Location fl, Value d, ValueRange acc) {
                Value cnt = tensor::ExtractOp::create(fb, fl, acc[0], d);
                Value t = tensor::InsertOp::create(fb, fl, acc[1], acc[0], d);
                scf::YieldOp::create(
                    fb, fl,
                    ValueRange{t, arith::AddIOp::create(fb, fl, acc[1], cnt)});
              });
          // Scatter, in input order (stable).
          auto scatter = scf::ForOp::create(
              eb, l, zero, nV, one,
              ValueRange{starts.getResult(0), emptyTensor(eb, l, kTy),
                         emptyTensor(eb, l, pTy)},
              [&](OpBuilder &fb, Location fl, Value i, ValueRange acc) {
                Value k = tensor::ExtractOp::create(fb, fl, keys, i);
                Value p = tensor::ExtractOp::create(fb, fl, positions, i);
                Value d = digitOf(fb, fl, k, shift);
                Value at = tensor::ExtractOp::create(fb, fl, acc[0], d);
                Value atIdx =
                    arith::IndexCastOp::create(fb, fl, fb.getIndexType(), at);
                Value next = tensor::InsertOp::create(
                    fb, fl, arith::AddIOp::create(fb, fl, at, i64(1)), acc[0],
                    d);
                Value nk = tensor::InsertOp::create(fb, fl, k, acc[1], atIdx);
                Value np = tensor::InsertOp::create(fb, fl, p, acc[2], atIdx);
                scf::YieldOp::create(fb, fl, ValueRange{next, nk, np});
              });
          scf::YieldOp::create(
              eb, l, ValueRange{scatter.getResult(1), scatter.getResult(2)});
        });
    keys = pass.getResult(0);
    positions = pass.getResult(1);
  }
  // The values in their sorted order (their keys may have lost a NaN's
  // payload or a zero's sign).
  auto gather = scf::ForOp::create(
      b, loc, zero, nV, one, ValueRange{emptyTensor(b, loc, vTy)},
      [&](OpBuilder &fb, Location l, Value i, ValueRange acc) {
        Value p = tensor::ExtractOp::create(fb, l, positions, i);
        Value at = arith::IndexCastOp::create(fb, l, fb.getIndexType(), p);
        Value x = tensor::ExtractOp::create(fb, l, values, at);
        scf::YieldOp::create(
            fb, l, Value(tensor::InsertOp::create(fb, l, x, acc[0], i)));
      });
  return {gather.getResult(0), positions};
}

/// Rows long enough, of 8- to 64-bit integers or floats no narrower than
/// 16 bits (f8 is sorted as its bytes' merge), take the radix sort.
bool useRadix(Type nxElem, int64_t n) {
  if (n < 64 || !nxElem.isIntOrFloat())
    return false;
  unsigned bits = nxElem.getIntOrFloatBitWidth();
  if (bits < 8 || bits > 64 || bits % 8 != 0)
    return false;
  return !isa<FloatType>(nxElem) || bits >= 16;
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
              useRadix(nxElem, n)
                  ? radixSort(b, l, row, positions, nxElem, op.getDescending())
                  : mergeSort(b, l, row, positions, nxElem, op.getDescending());
          Value k = tensor::InsertSliceOp::create(b, l, sk, acc[0], offs, sizes,
                                                  strides);
          Value p = tensor::InsertSliceOp::create(b, l, sp, acc[1], offs, sizes,
                                                  strides);
          scf::YieldOp::create(b, l, ValueRange{k, p});
        });
    // Rows are independent: threads split them (a radix pass is about 3
    // scans of the row per key byte, a merge pass a scan per level).
    if (rows > 1)
      markParallel(rowLoop, rows * n * 16);
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
