//===- FuseBlocks.cpp - row blocks of contraction chains ------------------===//
//
// Attention, softmax(Q K^T / s) V: the scores are a batch x m x n tensor (8 MB
// for 8 x 512 x 512) written by the first batch matmul, read and written by
// each softmax pass, read by the second. Every row of the result needs only
// the same row of the scores, so the whole chain can run a block of rows at
// a time with the block's scores in cache. See fuseRowBlocks. Part of the
// nxc-vectorize schedule.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Schedule.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/CSE.h"

using namespace mlir;

namespace nxc {
namespace {
/// Rows per block: a block's scores (rows x n floats) stay well inside L2.
constexpr int64_t kBlockRows = 128;

/// The rows per block for `m` query rows: 128, else the largest divisor of
/// `m` from 64 to 128, multiples of 8 (the matmul's register tile) first
/// (500 rows: blocks of 100); 0 when none, or when one block is all rows.
int64_t blockRows(int64_t m) {
  for (int64_t step : {8, 1})
    for (int64_t r = kBlockRows; r >= kBlockRows / 2; r -= step)
      if (r % step == 0 && m % r == 0)
        return m == r ? 0 : r;
  return 0;
}
/// Intermediates smaller than this fit in cache whole: nothing to gain.
constexpr int64_t kMinBytes = int64_t(1) << 21;

/// The batch matmul's LHS is computed by a linalg chain that starts from
/// another contraction, and it is big enough to leave the cache.
bool isBlockCandidate(linalg::BatchMatmulOp bmm) {
  auto lhsTy = dyn_cast<RankedTensorType>(bmm.getInputs()[0].getType());
  auto outTy = dyn_cast<RankedTensorType>(bmm.getResultTypes()[0]);
  if (!bmm.hasPureTensorSemantics() || !lhsTy || !outTy ||
      !lhsTy.hasStaticShape() || !outTy.hasStaticShape() ||
      !isa<FloatType>(lhsTy.getElementType()))
    return false;
  int64_t m = lhsTy.getDimSize(1);
  if ((!blockRows(m) && m > kBlockRows) ||
      lhsTy.getNumElements() * 4 < kMinBytes)
    return false;
  // Walk the LHS's producers back to a contraction.
  SmallVector<Operation *> work;
  DenseSet<Operation *> seen;
  if (Operation *def = bmm.getInputs()[0].getDefiningOp())
    work.push_back(def);
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    if (!seen.insert(op).second || !isa<linalg::LinalgOp>(op))
      continue;
    if (isa<linalg::BatchMatmulOp>(op))
      return true;
    for (Value v : op->getOperands())
      if (Operation *def = v.getDefiningOp())
        work.push_back(def);
  }
  return false;
}
} // namespace

void fuseRowBlocks(func::FuncOp func, RewriterBase &rewriter) {
  SmallVector<linalg::BatchMatmulOp> roots;
  func.walk([&](linalg::BatchMatmulOp bmm) {
    if (isBlockCandidate(bmm))
      roots.push_back(bmm);
  });
  if (roots.empty())
    return;
  for (linalg::BatchMatmulOp bmm : roots) {
    // Up to 128 query rows (BERT's 128-token sequences) are one block: the
    // chain then runs one batch entry (head) at a time, its 64 KiB of
    // scores in L2, where op by op each pass went over all heads' scores
    // (6 MiB for 8 x 12 heads).
    int64_t m =
        cast<RankedTensorType>(bmm.getInputs()[0].getType()).getDimSize(1);
    int64_t rows = blockRows(m);
    bool wholeRows = rows == 0;
    if (wholeRows)
      rows = m;
    scf::SCFTileAndFuseOptions options;
    options.tilingOptions.setTileSizes(getAsIndexOpFoldResult(
        rewriter.getContext(), ArrayRef<int64_t>{1, rows, 0, 0}));
    // Fuse a producer only through a slice that takes a block of its rows
    // (dim 1): one taking all of them (K^T, read by every block) would be
    // recomputed per block; it stays outside, computed once. With one
    // block per batch entry nothing is computed twice.
    options.setFusionControlFn(
        [wholeRows](tensor::ExtractSliceOp slice, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          auto srcTy = slice.getSourceType();
          ArrayRef<int64_t> sizes = slice.getStaticSizes();
          if (!isa<linalg::LinalgOp>(producer.getOwner()) ||
              srcTy.getRank() < 2 || sizes.size() < 2 ||
              ShapedType::isDynamic(sizes[1]) ||
              (!wholeRows && sizes[1] >= srcTy.getDimSize(1)))
            return std::nullopt;
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        });
    rewriter.setInsertionPoint(bmm);
    auto result = scf::tileConsumerAndFuseProducersUsingSCF(
        rewriter, cast<TilingInterface>(bmm.getOperation()), options);
    Value replacement = succeeded(result)
                            ? result->replacements.lookup(bmm->getResult(0))
                            : Value();
    if (!replacement)
      continue;
    // The consumer's iterations (b m n k) stand for the nest's work; the
    // chain fused in front of it does about as much again.
    int64_t work = ShapedType::getNumElements(bmm.getStaticLoopRanges());
    rewriter.replaceOp(bmm, replacement);
    if (!result->loops.empty())
      markParallel(result->loops.front(), work);
  }
  // A block's intermediates are slices of the whole tensors' tensor.empty:
  // make them empties of the block's size, or bufferization allocates the
  // whole tensor again.
  SmallVector<tensor::ExtractSliceOp> slices;
  func.walk([&](tensor::ExtractSliceOp s) {
    if (s.getSource().getDefiningOp<tensor::EmptyOp>() &&
        s.getType().hasStaticShape())
      slices.push_back(s);
  });
  for (tensor::ExtractSliceOp s : slices) {
    rewriter.setInsertionPoint(s);
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(s, s.getType().getShape(),
                                                 s.getType().getElementType());
  }
  // The chains the loops replaced are dead now.
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(func.getBody().front())))
    if (isOpTriviallyDead(&op))
      rewriter.eraseOp(&op);
  // A producer read through two slices (the scaled scores, by the max and
  // by the exp) was fused once per slice: merge the copies.
  DominanceInfo dom(func);
  eliminateCommonSubExpressions(rewriter, dom, func);
}

} // namespace nxc
