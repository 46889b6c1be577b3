//===- Indexing.cpp - slices, gathers and scatters ------------------------===//
//
// Out-of-range indices follow XLA (what EXLA runs): start indices and gather
// indices are clamped so the read stays in bounds; scatter updates whose
// index is out of range are skipped. Compiled code never reads or writes
// outside a buffer.
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

Type elemOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

/// An integer scalar of Nx type `t` as an index.
Value toIndex(OpBuilder &b, Location loc, Value v, Type t) {
  if (t.isUnsignedInteger())
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), v);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// Clamps to [0, hi]. Indices from unsigned types are never negative: a
/// u64 >= 2^63 is large, not below 0, so it compares unsigned.
Value clampIndex(OpBuilder &b, Location loc, Value i, int64_t hi,
                 bool isUnsigned = false) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value top = arith::ConstantIndexOp::create(b, loc, std::max<int64_t>(hi, 0));
  if (isUnsigned)
    return arith::MinUIOp::create(b, loc, i, top);
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, i, zero),
                                top);
}

/// indices[at] (of Nx type `t`) as an index clamped to [0, dimSize - 1]:
/// the read of every gather-like op.
Value clampedIndexAt(OpBuilder &b, Location loc, Value indices, ValueRange at,
                     Type t, int64_t dimSize) {
  Value v = tensor::ExtractOp::create(b, loc, indices, at);
  return clampIndex(b, loc, toIndex(b, loc, v, t), dimSize - 1,
                    t.isUnsignedInteger());
}

/// i in [0, size): one unsigned compare also rejects negative indices.
Value inBounds(OpBuilder &b, Location loc, Value i, int64_t size) {
  Value n = arith::ConstantIndexOp::create(b, loc, size);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, i, n);
}

/// Clamped start offsets: scalar tensors -> index in [0, dim - size].
SmallVector<OpFoldResult> startOffsets(OpBuilder &b, Location loc,
                                       ValueRange starts, ValueRange nxStarts,
                                       ArrayRef<int64_t> dims,
                                       ArrayRef<int64_t> sizes) {
  SmallVector<OpFoldResult> offsets;
  for (auto [i, s] : llvm::enumerate(starts)) {
    Value scalar = tensor::ExtractOp::create(b, loc, s, ValueRange{});
    Type t = elemOf(nxStarts[i]);
    Value idx = toIndex(b, loc, scalar, t);
    offsets.push_back(
        clampIndex(b, loc, idx, dims[i] - sizes[i], t.isUnsignedInteger()));
  }
  return offsets;
}

struct DynamicSliceLowering : OpConversionPattern<nx::DynamicSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::DynamicSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto offsets = startOffsets(
        rewriter, op.getLoc(), adaptor.getStartIndices(), op.getStartIndices(),
        op.getOperand().getType().getShape(), op.getLengths());
    SmallVector<OpFoldResult> sizes, strides;
    for (int64_t i = 0; i < outTy.getRank(); ++i) {
      sizes.push_back(rewriter.getIndexAttr(outTy.getDimSize(i)));
      strides.push_back(rewriter.getIndexAttr(op.getStrides()[i]));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, outTy, adaptor.getOperand(), offsets, sizes, strides);
    return success();
  }
};

struct PutSliceLowering : OpConversionPattern<nx::PutSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::PutSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto upd = op.getUpdate().getType();
    auto offsets = startOffsets(rewriter, op.getLoc(),
                                adaptor.getStartIndices(), op.getStartIndices(),
                                op.getType().getShape(), upd.getShape());
    SmallVector<OpFoldResult> sizes, strides;
    for (int64_t i = 0; i < upd.getRank(); ++i) {
      sizes.push_back(rewriter.getIndexAttr(upd.getDimSize(i)));
      strides.push_back(rewriter.getIndexAttr(1));
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, adaptor.getUpdate(), adaptor.getOperand(), offsets, sizes, strides);
    return success();
  }
};

/// A generic over the result whose body computes the operand coordinate
/// with `coords` (from the loop indices) and reads it with tensor.extract.
Value buildGatherLike(
    OpBuilder &b, Location loc, RankedTensorType outTy, Value source,
    const std::function<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
        &coords) {
  return buildPointwise(b, loc, outTy, {}, {},
                        [&](OpBuilder &nb, Location l, ValueRange) -> Value {
                          SmallVector<Value> ivs;
                          for (int64_t d = 0; d < outTy.getRank(); ++d)
                            ivs.push_back(linalg::IndexOp::create(nb, l, d));
                          return tensor::ExtractOp::create(nb, l, source,
                                                           coords(nb, l, ivs));
                        });
}

struct GatherLowering : OpConversionPattern<nx::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto t = op.getOperand().getType();
    auto idxTy = op.getIndices().getType();
    int64_t batch = idxTy.getRank() - 1;
    Value indices = adaptor.getIndices();
    Type idxElem = idxTy.getElementType();
    Value r = buildGatherLike(
        rewriter, op.getLoc(), outTy, adaptor.getOperand(),
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          SmallVector<Value> coord(t.getRank());
          for (auto [j, axis] : llvm::enumerate(op.getAxes())) {
            SmallVector<Value> at(ivs.take_front(batch));
            at.push_back(arith::ConstantIndexOp::create(b, l, j));
            coord[axis] =
                clampedIndexAt(b, l, indices, at, idxElem, t.getDimSize(axis));
          }
          int64_t next = batch;
          for (int64_t d = 0; d < t.getRank(); ++d)
            if (!coord[d])
              coord[d] = ivs[next++];
          return coord;
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct TakeLowering : OpConversionPattern<nx::TakeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::TakeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto t = op.getOperand().getType();
    int64_t axis = op.getAxis(), ir = op.getIndices().getType().getRank();
    Value indices = adaptor.getIndices();
    Type idxElem = op.getIndices().getType().getElementType();
    Value r = buildGatherLike(
        rewriter, op.getLoc(), outTy, adaptor.getOperand(),
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          SmallVector<Value> coord(ivs.take_front(axis));
          coord.push_back(clampedIndexAt(b, l, indices, ivs.slice(axis, ir),
                                         idxElem, t.getDimSize(axis)));
          llvm::append_range(coord, ivs.drop_front(axis + ir));
          return coord;
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct TakeAlongAxisLowering : OpConversionPattern<nx::TakeAlongAxisOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::TakeAlongAxisOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto t = op.getOperand().getType();
    int64_t axis = op.getAxis();
    Value indices = adaptor.getIndices();
    Type idxElem = op.getIndices().getType().getElementType();
    Value r =
        buildGatherLike(rewriter, op.getLoc(), outTy, adaptor.getOperand(),
                        [&](OpBuilder &b, Location l, ValueRange ivs) {
                          SmallVector<Value> coord(ivs);
                          coord[axis] = clampedIndexAt(
                              b, l, indices, ivs, idxElem, t.getDimSize(axis));
                          return coord;
                        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// indexed_add / indexed_put: loops over the updates in row-major order (so
/// later duplicates win for put), each updating one element in place.
template <typename OpT> struct IndexedLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto t = op.getOperand().getType();
    auto updTy = op.getUpdates().getType();
    Type elem = t.getElementType();
    int64_t batch = op.getIndices().getType().getRank() - 1;
    Type idxElem = op.getIndices().getType().getElementType();
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d = 0; d < updTy.getRank(); ++d) {
      lbs.push_back(arith::ConstantIndexOp::create(rewriter, loc, 0));
      ubs.push_back(
          arith::ConstantIndexOp::create(rewriter, loc, updTy.getDimSize(d)));
      steps.push_back(arith::ConstantIndexOp::create(rewriter, loc, 1));
    }
    auto nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{adaptor.getOperand()},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          SmallVector<Value> coord(t.getRank());
          Value ok = arith::ConstantOp::create(b, l, b.getBoolAttr(true));
          for (auto [j, axis] : llvm::enumerate(op.getAxes())) {
            SmallVector<Value> at(ivs.take_front(batch));
            at.push_back(arith::ConstantIndexOp::create(b, l, j));
            Value i = toIndex(
                b, l, tensor::ExtractOp::create(b, l, indices, at), idxElem);
            ok = arith::AndIOp::create(b, l, ok,
                                       inBounds(b, l, i, t.getDimSize(axis)));
            coord[axis] = i;
          }
          int64_t next = batch;
          for (int64_t d = 0; d < t.getRank(); ++d)
            if (!coord[d])
              coord[d] = ivs[next++];
          Value u = tensor::ExtractOp::create(b, l, updates, ivs);
          auto ifOp = scf::IfOp::create(
              b, l, ok,
              [&](OpBuilder &tb, Location tl) {
                Value v = u;
                if constexpr (std::is_same_v<OpT, nx::IndexedAddOp>) {
                  Value old = tensor::ExtractOp::create(tb, tl, acc[0], coord);
                  v = emitAdd(tb, tl, old, u, elem);
                }
                scf::YieldOp::create(
                    tb, tl,
                    tensor::InsertOp::create(tb, tl, v, acc[0], coord)
                        .getResult());
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, acc[0]);
              });
          return {ifOp.getResult(0)};
        });
    rewriter.replaceOp(op, nest.results.empty() ? adaptor.getOperand()
                                                : nest.results[0]);
    return success();
  }
};

/// window_scatter_max/min: for each source element, a scan of its window
/// (the last best in row-major order, as Nx.BinaryBackend picks), then an add
/// into the result at the selected position. As in Nx.BinaryBackend, the
/// operand is padded with the init value, padding takes part in the scan,
/// and a source element whose window selects padding is dropped.
template <typename OpT>
struct WindowScatterLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpT, nx::WindowScatterMaxOp>;
    Location loc = op.getLoc();
    auto inTy = op.getOperand().getType();
    Type inElem = inTy.getElementType(), elem = op.getType().getElementType();
    if (isa<ComplexType>(inElem))
      return op.emitError("complex window_scatter is not supported yet");
    auto outTy = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    int64_t rank = inTy.getRank();
    Value in = adaptor.getOperand(), src = adaptor.getSource();
    Value init = tensor::ExtractOp::create(
        rewriter, loc, adaptor.getInitValue(), ValueRange{});
    Value pad =
        convertScalar(rewriter, loc, init,
                      op.getInitValue().getType().getElementType(), inElem);
    Value start = linalg::FillOp::create(rewriter, loc, init,
                                         emptyTensor(rewriter, loc, outTy))
                      .getResult(0);
    auto c = [&](OpBuilder &b, Location l, int64_t v) {
      return arith::ConstantIndexOp::create(b, l, v).getResult();
    };
    SmallVector<Value> lbs, ubs, steps, wlbs, wubs;
    for (int64_t d = 0; d < rank; ++d) {
      lbs.push_back(c(rewriter, loc, 0));
      ubs.push_back(c(rewriter, loc, op.getSource().getType().getDimSize(d)));
      steps.push_back(c(rewriter, loc, 1));
      wubs.push_back(c(rewriter, loc, op.getWindowDimensions()[d]));
    }
    auto nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{start},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          Value no = arith::ConstantOp::create(b, l, b.getBoolAttr(false));
          SmallVector<Value> scanInit = {pad, no, no}; // best, found, in bounds
          for (int64_t d = 0; d < rank; ++d)
            scanInit.push_back(c(b, l, 0));
          auto scan = scf::buildLoopNest(
              b, l, lbs, wubs, steps, scanInit,
              [&](OpBuilder &sb, Location sl, ValueRange w,
                  ValueRange st) -> scf::ValueVector {
                SmallVector<Value> coord;
                Value inb =
                    arith::ConstantOp::create(sb, sl, sb.getBoolAttr(true));
                for (int64_t d = 0; d < rank; ++d) {
                  Value p = arith::AddIOp::create(
                      sb, sl,
                      arith::MulIOp::create(sb, sl, ivs[d],
                                            c(sb, sl, op.getStrides()[d])),
                      w[d]);
                  p = arith::SubIOp::create(sb, sl, p,
                                            c(sb, sl, op.getPaddingLow()[d]));
                  inb = arith::AndIOp::create(
                      sb, sl, inb, inBounds(sb, sl, p, inTy.getDimSize(d)));
                  coord.push_back(
                      clampIndex(sb, sl, p, inTy.getDimSize(d) - 1));
                }
                Value v = arith::SelectOp::create(
                    sb, sl, inb, tensor::ExtractOp::create(sb, sl, in, coord),
                    pad);
                Value strictly; // non-strict: the last of equal values wins, as
                                // in Nx
                if (isa<FloatType>(inElem))
                  strictly =
                      arith::CmpFOp::create(sb, sl,
                                            isMax ? arith::CmpFPredicate::OGE
                                                  : arith::CmpFPredicate::OLE,
                                            v, st[0]);
                else
                  strictly = arith::CmpIOp::create(
                      sb, sl,
                      isMax ? (inElem.isUnsignedInteger()
                                   ? arith::CmpIPredicate::uge
                                   : arith::CmpIPredicate::sge)
                            : (inElem.isUnsignedInteger()
                                   ? arith::CmpIPredicate::ule
                                   : arith::CmpIPredicate::sle),
                      v, st[0]);
                Value notFound = arith::XOrIOp::create(
                    sb, sl, st[1],
                    arith::ConstantOp::create(sb, sl, sb.getBoolAttr(true)));
                Value better = arith::OrIOp::create(sb, sl, notFound, strictly);
                scf::ValueVector next = {
                    arith::SelectOp::create(sb, sl, better, v, st[0]),
                    arith::ConstantOp::create(sb, sl, sb.getBoolAttr(true)),
                    arith::SelectOp::create(sb, sl, better, inb, st[2])};
                for (int64_t d = 0; d < rank; ++d)
                  next.push_back(arith::SelectOp::create(sb, sl, better,
                                                         coord[d], st[3 + d]));
                return next;
              });
          Value found = scan.results[2]; // selected, and not padding
          SmallVector<Value> best(scan.results.begin() + 3, scan.results.end());
          Value s = tensor::ExtractOp::create(b, l, src, ivs);
          auto ifOp = scf::IfOp::create(
              b, l, found,
              [&](OpBuilder &tb, Location tl) {
                Value old = tensor::ExtractOp::create(tb, tl, acc[0], best);
                Value upd = tensor::InsertOp::create(
                    tb, tl, emitAdd(tb, tl, old, s, elem), acc[0], best);
                scf::YieldOp::create(tb, tl, upd);
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, acc[0]);
              });
          return {ifOp.getResult(0)};
        });
    rewriter.replaceOp(op, nest.results.empty() ? start : nest.results[0]);
    return success();
  }
};

} // namespace

void populateIndexingPatterns(NxTypeConverter &converter,
                              RewritePatternSet &patterns) {
  patterns
      .add<DynamicSliceLowering, PutSliceLowering, GatherLowering, TakeLowering,
           TakeAlongAxisLowering, IndexedLowering<nx::IndexedAddOp>,
           IndexedLowering<nx::IndexedPutOp>,
           WindowScatterLowering<nx::WindowScatterMaxOp>,
           WindowScatterLowering<nx::WindowScatterMinOp>>(
          converter, patterns.getContext());
}

} // namespace nxc
