//===- Convolution.cpp - nx.conv to linalg --------------------------------===//
//
// Canonicalize the layout (transposes), pad and dilate with padTensor, then
// one linalg.generic over (batch, filter, out spatial..., channel, window...)
// whose input map applies strides and the group offsets. A layout that is
// already canonical costs no transpose.
//
//===----------------------------------------------------------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/NxToLinalg/ScalarOps.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace nxc {

Value transposeTo(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> perm) {
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return v;
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  Value init =
      emptyTensor(b, loc, RankedTensorType::get(shape, t.getElementType()));
  return linalg::TransposeOp::create(b, loc, v, init, perm).getResult()[0];
}

namespace {

struct ConvLowering : OpConversionPattern<nx::ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nx::ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elem = op.getType().getElementType();
    if (op.getInput().getType().getElementType() != elem ||
        op.getKernel().getType().getElementType() != elem)
      return op.emitError("operands must have the result type; run "
                          "nx-make-explicit before lowering");
    auto outTy =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = outTy.getRank(), sp = rank - 2;
    Value zero = scalarConst(rewriter, loc, elem, 0);

    Value in = transposeTo(rewriter, loc, adaptor.getInput(),
                           op.getInputPermutation());
    Value k = transposeTo(rewriter, loc, adaptor.getKernel(),
                          op.getKernelPermutation());
    SmallVector<int64_t> lo = {0, 0}, hi = {0, 0}, inInterior = {0, 0},
                         kZero(rank, 0), kInterior = {0, 0};
    for (int64_t i = 0; i < sp; ++i) {
      lo.push_back(op.getPaddingLow()[i]);
      hi.push_back(op.getPaddingHigh()[i]);
      inInterior.push_back(op.getInputDilation()[i] - 1);
      kInterior.push_back(op.getKernelDilation()[i] - 1);
    }
    if (llvm::any_of(lo, [](int64_t v) { return v != 0; }) ||
        llvm::any_of(hi, [](int64_t v) { return v != 0; }) ||
        llvm::any_of(inInterior, [](int64_t v) { return v != 0; }))
      in = padTensor(rewriter, loc, in, lo, hi, inInterior, zero);
    if (llvm::any_of(kInterior, [](int64_t v) { return v != 0; }))
      k = padTensor(rewriter, loc, k, kZero, kZero, kInterior, zero);

    auto inTy = cast<RankedTensorType>(in.getType());
    auto kTy = cast<RankedTensorType>(k.getType());
    int64_t batch = inTy.getDimSize(0), filters = kTy.getDimSize(0),
            channels = kTy.getDimSize(1);
    int64_t fg = op.getFeatureGroupSize(), bg = op.getBatchGroupSize();

    // Canonical result (batch / bg, filters, spatial...).
    SmallVector<int64_t> canonical(rank);
    for (int64_t i = 0; i < rank; ++i)
      canonical[i] = outTy.getDimSize(op.getOutputPermutation()[i]);
    auto canonTy = RankedTensorType::get(canonical, outTy.getElementType());
    Value init = linalg::FillOp::create(rewriter, loc, zero,
                                        emptyTensor(rewriter, loc, canonTy))
                     .getResult(0);

    // Loops: n, o, s_0.., c, w_0..
    int64_t nloops = 2 + sp + 1 + sp;
    auto d = [&](int64_t i) { return rewriter.getAffineDimExpr(i); };
    AffineExpr n = d(0), o = d(1), c = d(2 + sp);
    AffineExpr inBatch = n, inChannel = c;
    if (bg > 1)
      inBatch = n + o.floorDiv(filters / bg) * (batch / bg);
    if (fg > 1)
      inChannel = o.floorDiv(filters / fg) * channels + c;
    SmallVector<AffineExpr> inExprs = {inBatch, inChannel}, kExprs = {o, c},
                            outExprs = {n, o};
    for (int64_t i = 0; i < sp; ++i) {
      AffineExpr s = d(2 + i), w = d(3 + sp + i);
      inExprs.push_back(s * op.getStrides()[i] + w);
      kExprs.push_back(w);
      outExprs.push_back(s);
    }
    auto ctx = rewriter.getContext();
    SmallVector<AffineMap> maps = {AffineMap::get(nloops, 0, inExprs, ctx),
                                   AffineMap::get(nloops, 0, kExprs, ctx),
                                   AffineMap::get(nloops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iters(2 + sp,
                                           utils::IteratorType::parallel);
    iters.append(1 + sp, utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{canonTy}, ValueRange{in, k}, ValueRange{init},
        maps, iters, [&](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(
              b, l, emitAdd(b, l, a[2], emitMul(b, l, a[0], a[1], elem), elem));
        });
    generic->setAttr("nxc.conv", rewriter.getUnitAttr()); // nxc-vectorize
    // Canonical dim i sits at result position output_permutation[i].
    SmallVector<int64_t> toResult(rank);
    for (int64_t i = 0; i < rank; ++i)
      toResult[op.getOutputPermutation()[i]] = i;
    rewriter.replaceOp(
        op, transposeTo(rewriter, loc, generic.getResult(0), toResult));
    return success();
  }
};

} // namespace

void populateConvolutionPatterns(NxTypeConverter &converter,
                                 RewritePatternSet &patterns) {
  patterns.add<ConvLowering>(converter, patterns.getContext());
}

} // namespace nxc
