//===- Vectorize.cpp - the CPU tiling and vectorization schedule ----------===//
//
// Tile sizes (target knowledge) come in as pass options; the transformations
// are MLIR's own: scf::tileUsingSCF, linalg::vectorize and
// hoistLoopInvariantSubsets.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"
#include "Codegen/Schedule.h"
#include "Conversion/NxToLinalg/Patterns.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include <cstring>

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCVECTORIZE
#include "Codegen/Passes.h.inc"

namespace {

/// Largest power-of-two-ish tile <= `max` that divides `n` (so tiles stay
/// static and need no masks); 0 if none >= `min`.
static int64_t dividingTile(int64_t n, int64_t max, int64_t min) {
  for (int64_t t = max; t >= min; --t)
    if (n % t == 0)
      return t;
  return 0;
}

static FailureOr<scf::SCFTilingResult>
tile(RewriterBase &rewriter, Operation *op, ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(op);
  auto result = scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(result))
    return failure();
  rewriter.replaceOp(op, result->replacements);
  return result;
}

/// For nxc-parallelize: the position, among the loops that tiling `op` by
/// `sizes` creates (one per nonzero size, outermost first), of the outermost
/// one over a parallel dim that runs more than once, and the op's iteration
/// count. Leading dims only: the loop must not sit inside a reduction loop.
/// Every result is indexed by the dim, so its iterations write disjoint
/// slices and nothing else.
static std::optional<std::pair<unsigned, int64_t>>
parallelLoop(linalg::LinalgOp op, ArrayRef<int64_t> sizes) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  if (llvm::any_of(bounds, ShapedType::isDynamic))
    return std::nullopt;
  int64_t work = ShapedType::getNumElements(bounds);
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  unsigned position = 0;
  for (unsigned d = 0; d < sizes.size() && d < bounds.size(); ++d) {
    if (iters[d] != utils::IteratorType::parallel)
      return std::nullopt;
    if (!sizes[d])
      continue;
    bool indexed = llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &o) {
      return op.getMatchingIndexingMap(&o).isFunctionOfDim(d);
    });
    if (indexed && bounds[d] > sizes[d])
      return std::make_pair(position, work);
    ++position;
  }
  return std::nullopt;
}

/// Tiles `op` and marks its parallel loop (see parallelLoop).
static FailureOr<scf::SCFTilingResult> tileMarked(RewriterBase &rewriter,
                                                  linalg::LinalgOp op,
                                                  ArrayRef<int64_t> sizes) {
  auto par = parallelLoop(op, sizes);
  auto result = tile(rewriter, op, sizes);
  if (succeeded(result) && par && par->first < result->loops.size())
    markParallel(result->loops[par->first], par->second);
  return result;
}

static LogicalResult vectorizeOp(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> sizes,
                                 bool contraction = false) {
  rewriter.setInsertionPoint(op);
  SmallVector<bool> scalable(sizes.size(), false);
  auto result = linalg::vectorize(rewriter, op, sizes, scalable,
                                  /*vectorizeNDExtract=*/true,
                                  /*flatten1DDepthwiseConv=*/false,
                                  /*assumeDynamicDimsMatchVecSizes=*/false,
                                  /*createNamedContraction=*/contraction);
  if (failed(result))
    return failure();
  if (op->getNumResults())
    rewriter.replaceOp(op, result->replacements);
  else
    rewriter.eraseOp(op);
  return success();
}

/// A constant [k, n] matrix in the [n / tn, k, tn] panel layout of
/// scheduleMatmul's packed B: panel p holds columns p * tn .. p * tn + tn - 1.
static DenseElementsAttr packPanels(DenseElementsAttr b, int64_t k, int64_t n,
                                    int64_t tn) {
  Type elem = b.getElementType();
  auto type = RankedTensorType::get({n / tn, k, tn}, elem);
  if (b.isSplat())
    return DenseElementsAttr::get(type, b.getSplatValue<Attribute>());
  // Whole elements as bytes (the matmul's are floats of 16 to 64 bits).
  size_t width = elem.getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = b.getRawData();
  std::vector<char> out(raw.size());
  char *dst = out.data();
  for (int64_t p = 0; p < n / tn; ++p)
    for (int64_t r = 0; r < k; ++r, dst += tn * width)
      std::memcpy(dst, raw.data() + (r * n + p * tn) * width, tn * width);
  return DenseElementsAttr::getFromRawBuffer(type, out);
}

struct VectorizePass : impl::NxcVectorizeBase<VectorizePass> {
  using NxcVectorizeBase::NxcVectorizeBase;

  /// Register-blocked matmul: (mr x nr) output tile in vector registers for
  /// the whole k loop, one rank-1 update (outer product) per k.
  LogicalResult scheduleMatmul(RewriterBase &rewriter, linalg::MatmulOp mm) {
    auto ty = dyn_cast<RankedTensorType>(mm.getResultTypes()[0]);
    auto aTy = dyn_cast<RankedTensorType>(mm.getInputs()[0].getType());
    if (!ty || !aTy || !ty.hasStaticShape() || !aTy.hasStaticShape() ||
        !ty.getElementType().isIntOrFloat())
      return failure();
    int64_t m = ty.getDimSize(0), n = ty.getDimSize(1), k = aTy.getDimSize(1);
    if (k == 0 || m == 0 || n == 0)
      return failure();
    // Columns or rows that no register tile divides (1000 = 31 x 32 + 8):
    // split off the rest, so the bulk keeps full tiles. Tiles that divided
    // instead (8 x 25 for 1000 columns) ran at 2.6 GFLOP/s, not 110.
    if (int64_t at = columnSplit(n))
      return splitMatmul(rewriter, mm, 1, at);
    if (m > mr && m % mr != 0)
      return splitMatmul(rewriter, mm, 0, m / mr * mr);
    int64_t tm = dividingTile(m, mr, 1), tn = dividingTile(n, nr, 4);
    if (!tm || !tn)
      return failure();
    // C = fill(c) then accumulated (c = 0 for a plain dot): each register
    // tile starts from c instead. Filling all of C first is a memset of C,
    // and every tile then reads it back from memory.
    Value fillValue = tileFills.lookup(mm); // a batch entry's, taken already
    if (!fillValue)
      fillValue = takeFill(rewriter, mm);
    Operation *rowTiled = mm;
    SmallVector<int64_t> rowTile = {tm, tn, 0};
    // Large B: column panels outermost, the panels of B packed first into
    // one contiguous [N / tn, K, tn] buffer (a parallel copy), each reused by
    // every row tile. Unpacked, a panel's rows are N floats apart (4 KiB at
    // N = 1024): L1 set conflicts and a TLB walk per few rows. Panels are
    // independent: the panel loop is the one threads split. The copy pays
    // off from 64 row tiles (512 rows on AVX-512) reading each panel; below,
    // a panel is read from L2 cheaper than copied (MLP 256x784 -> 512:
    // 3.24 -> 3.11 ms unpacked; matmul 1024^3 19.0 -> 20.2 ms unpacked).
    // Constant weights are packed here, at compile time: no copy per call,
    // so every matmul wide enough for panels gets them.
    DenseElementsAttr constB;
    if (auto c = mm.getInputs()[1].getDefiningOp<arith::ConstantOp>())
      constB = dyn_cast<DenseElementsAttr>(c.getValue());
    // From 16 row tiles, a B of 4 MiB or more is also read panel by panel,
    // in place: each panel (K x 32 floats) then comes from L2 for all row
    // tiles but the first, where rows outermost streamed all of B once per
    // row tile. [128, 1024] x [1024, 2816], twice, summed (a gated MLP):
    // 22.5 -> 15.4 ms; one of them 8.2-9.5 -> 7.6-7.8 (packing: 7.9). A B
    // of 1-2 MiB (the MLP's 784 x 512) stays faster rows outermost (3.09
    // against 3.13-3.20 ms): it is read again from L3.
    bool inPlace =
        !constB && m >= 16 * tm && m < 64 * tm &&
        k * n * int64_t(ty.getElementTypeBitWidth() / 8) >= (int64_t(4) << 20);
    if (n >= 512 && n > tn && n % tn == 0 && k >= 64 &&
        (m >= (constB ? 4 : 64) * tm || inPlace)) {
      Location loc = mm.getLoc(); // `mm` is erased by the tiling
      Type elem = ty.getElementType();
      int64_t panels = n / tn;
      rewriter.setInsertionPoint(mm);
      linalg::TransposeOp pack;
      Value packed;
      if (constB) {
        packed = arith::ConstantOp::create(rewriter, loc,
                                           packPanels(constB, k, n, tn));
      } else if (!inPlace) {
        Value b3 = tensor::ExpandShapeOp::create(
            rewriter, loc, RankedTensorType::get({k, panels, tn}, elem),
            mm.getInputs()[1], SmallVector<ReassociationIndices>{{0}, {1, 2}});
        Value buf = tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<int64_t>{panels, k, tn}, elem);
        pack = linalg::TransposeOp::create(rewriter, loc, b3, buf,
                                           ArrayRef<int64_t>{1, 0, 2});
        packed = pack.getResult()[0];
      }
      int64_t work = m * n * k;
      auto cols = tile(rewriter, mm, {0, tn, 0});
      if (failed(cols))
        return failure();
      auto loop = cast<scf::ForOp>(cols->loops.front().getOperation());
      auto panelMm = cast<linalg::MatmulOp>(cols->tiledOps.front());
      if (packed) {
        rewriter.setInsertionPoint(panelMm);
        Value p = arith::DivUIOp::create(
            rewriter, loc, loop.getInductionVar(),
            arith::ConstantIndexOp::create(rewriter, loc, tn));
        Value panel = tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get({k, tn}, elem), packed,
            ArrayRef<OpFoldResult>{p, rewriter.getIndexAttr(0),
                                   rewriter.getIndexAttr(0)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(k),
                                   rewriter.getIndexAttr(tn)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(1)});
        panelMm->setOperand(1, panel);
      }
      markParallel(loop, work);
      if (pack)
        (void)scheduleGeneric(rewriter, pack);
      rowTiled = panelMm;
      rowTile = {tm, 0, 0};
    }
    auto outer =
        tileMarked(rewriter, cast<linalg::LinalgOp>(rowTiled), rowTile);
    if (failed(outer))
      return failure();
    if (fillValue) { // the tile's start value, in registers after folding
      auto tileOp = cast<linalg::LinalgOp>(outer->tiledOps.front());
      OpOperand &init = tileOp.getDpsInitsMutable()[0];
      rewriter.setInsertionPoint(tileOp);
      auto f = linalg::FillOp::create(rewriter, tileOp.getLoc(), fillValue,
                                      init.get());
      init.set(f.getResult(0));
      (void)vectorizeOp(rewriter, f, {});
    }
    auto inner = tile(rewriter, outer->tiledOps.front(), {0, 0, 1});
    if (failed(inner))
      return failure();
    // vector.contract, later lowered to outer products (FMAs).
    return vectorizeOp(rewriter, inner->tiledOps.front(), {},
                       /*contraction=*/true);
  }

  /// Where to split `n` matmul columns so that each part's register tile
  /// rows are whole vectors or fit in one (LLVM lowers rows of 25 or 28, a
  /// vector and a ragged piece, badly): after the last multiple of nr, then
  /// of the vector width (60 = 32 + 16 + 12). 0 when `n` needs no split.
  /// Attention with 60-wide heads: 26.5 -> 5.8 ms; MLP 250 x 784 -> 500 ->
  /// 500: 5.7 -> 3.0 ms.
  int64_t columnSplit(int64_t n) {
    if (n > nr)
      return n % nr ? n / nr * nr : 0;
    if (n <= vectorWidth || n % vectorWidth == 0)
      return 0;
    return n / vectorWidth * vectorWidth;
  }

  /// Splits `mm` along `dim` (0: rows, 1: columns) at `at`, and schedules
  /// both parts, each starting its tiles from `mm`'s fill. Fails only when
  /// nothing was split (`mm` is intact); a part left unscheduled is
  /// computed as loops, from the fill again.
  LogicalResult splitMatmul(RewriterBase &rewriter, linalg::MatmulOp mm,
                            unsigned dim, int64_t at) {
    Value fillValue = tileFills.lookup(mm);
    bool taken = !fillValue;
    if (!fillValue)
      fillValue = takeFill(rewriter, mm);
    auto refill = [&](linalg::MatmulOp op) {
      if (!fillValue)
        return;
      rewriter.setInsertionPoint(op);
      OpOperand &init = op.getDpsInitsMutable()[0];
      init.set(
          linalg::FillOp::create(rewriter, op.getLoc(), fillValue, init.get())
              .getResult(0));
    };
    rewriter.setInsertionPoint(mm);
    auto [first, second] =
        linalg::splitOp(rewriter, cast<TilingInterface>(mm.getOperation()), dim,
                        rewriter.getIndexAttr(at));
    if (!first) {
      if (taken)
        refill(mm);
      return failure();
    }
    for (TilingInterface part : {first, second}) {
      auto pm = dyn_cast_or_null<linalg::MatmulOp>(part.getOperation());
      if (!pm)
        continue;
      if (fillValue)
        tileFills[pm] = fillValue;
      if (failed(scheduleMatmul(rewriter, pm)))
        refill(pm);
    }
    return success();
  }

  /// One batch entry at a time, each a linalg.matmul on [M, K] x [K, N]
  /// slices, scheduled like any matmul (so B panels are packed per entry).
  LogicalResult scheduleBatchMatmul(RewriterBase &rewriter,
                                    linalg::BatchMatmulOp bmm) {
    auto ty = dyn_cast<RankedTensorType>(bmm.getResultTypes()[0]);
    auto aTy = dyn_cast<RankedTensorType>(bmm.getInputs()[0].getType());
    if (!ty || !ty.hasStaticShape() || !isa<FloatType>(ty.getElementType()) ||
        !bmm.hasPureTensorSemantics() || ty.getDimSize(0) == 0 || !aTy ||
        !aTy.hasStaticShape())
      return failure();
    // The entries' matmuls start their tiles from the fill (scheduleMatmul)
    // when they will be scheduled; the checks are the same.
    Value fillValue;
    if (dividingTile(ty.getDimSize(1), mr, 1) &&
        dividingTile(ty.getDimSize(2), nr, 4) && aTy.getDimSize(2) != 0)
      fillValue = takeFill(rewriter, bmm);
    auto perEntry = tileMarked(rewriter, bmm, {1, 0, 0, 0});
    if (failed(perEntry))
      return failure();
    auto entry = cast<linalg::BatchMatmulOp>(perEntry->tiledOps.front());
    rewriter.setInsertionPoint(entry);
    Location loc = entry.getLoc();
    SmallVector<ReassociationIndices> re = {{0, 1}, {2}};
    auto drop = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      return tensor::CollapseShapeOp::create(
          rewriter, loc,
          RankedTensorType::get({t.getDimSize(1), t.getDimSize(2)},
                                t.getElementType()),
          v, re);
    };
    Value out = entry.getDpsInits()[0];
    auto mm = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{drop(out).getType()},
        ValueRange{drop(entry.getInputs()[0]), drop(entry.getInputs()[1])},
        ValueRange{drop(out)});
    if (fillValue)
      tileFills[mm] = fillValue;
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(entry, out.getType(),
                                                       mm.getResult(0), re);
    return scheduleMatmul(rewriter, mm);
  }

  /// A reduction along the contiguous (innermost) axis as written is a chain
  /// of horizontal reductions. Split it: lane j of a `ratio`-wide accumulator
  /// sums elements j, j + ratio, ... (one vector add per step, several
  /// registers to hide the add latency), then one horizontal reduction per
  /// output. Reassociates, like XLA; reductions Nx orders (user functions,
  /// `nxc.in_order`) are left alone. Returns the two new ops to schedule;
  /// `op` is updated when it was collapsed but not split.
  FailureOr<linalg::SplitReductionResult>
  splitInnerReduction(RewriterBase &rewriter, linalg::LinalgOp &op) {
    if (!op.hasPureTensorSemantics() || op->hasAttr("nxc.in_order") ||
        op.getNumDpsInits() != 1 || op.getNumLoops() == 0 ||
        !op.hasOnlyProjectedPermutations() ||
        op.hasIndexSemantics()) // splitReduction does not remap linalg.index

      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic))
      return failure();
    SmallVector<unsigned> red;
    op.getReductionDims(red);
    unsigned n = op.getNumLoops();
    if (red.empty() || red.back() != n - 1)
      return failure();
    // Trailing reduction dims that are contiguous in every operand fold into
    // one (sum over all axes becomes a 1-D reduction).
    for (unsigned i = 0; i < red.size(); ++i)
      if (red[i] != n - red.size() + i)
        return failure();
    if (red.size() > 1) {
      ReassociationIndices fold;
      for (unsigned d : red)
        fold.push_back(d);
      SmallVector<ReassociationIndices> folds;
      for (unsigned d = 0; d < n - red.size(); ++d)
        folds.push_back({static_cast<int64_t>(d)});
      folds.push_back(fold);
      if (!linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), folds))
        return failure();
      rewriter.setInsertionPoint(op);
      if (!isa<linalg::GenericOp>(op.getOperation())) {
        auto g = linalg::generalizeNamedOp(rewriter, op);
        if (failed(g))
          return failure();
        op = *g;
      }
      auto collapsed =
          linalg::collapseOpIterationDims(op, ArrayRef(folds), rewriter);
      if (failed(collapsed))
        return failure();
      rewriter.replaceOp(op, collapsed->results);
      op = collapsed->collapsedOp;
      bounds = op.getStaticLoopRanges();
      n = op.getNumLoops();
    }
    // Every input must walk the reduced dim contiguously, or not at all
    // (per-row values broadcast along it, like a mean recomputed into the
    // variance's body).
    AffineExpr reduced = rewriter.getAffineDimExpr(n - 1);
    for (OpOperand *in : op.getDpsInputOperands()) {
      AffineMap m = op.getMatchingIndexingMap(in);
      if (!m.isFunctionOfDim(n - 1))
        continue;
      if (m.getResults().back() != reduced)
        return failure();
    }
    int64_t len = bounds.back(), ratio = 0;
    for (int64_t r : {4 * vectorWidth, 2 * vectorWidth, int64_t(vectorWidth)})
      if (len % r == 0 && len >= 2 * r) {
        ratio = r;
        break;
      }
    if (!ratio)
      return failure();
    unsigned outRank =
        op.getMatchingIndexingMap(op.getDpsInitOperand(0)).getNumResults();
    rewriter.setInsertionPoint(op);
    auto split = linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
      return linalg::SplitReductionOptions{ratio, outRank,
                                           /*innerParallel=*/true};
    });
    if (succeeded(split))
      split->splitLinalgOp->setAttr(kReassociatedAttr, rewriter.getUnitAttr());
    return split;
  }

  /// A long contiguous vector reduced to a scalar (sum of 16M floats) is
  /// one memory stream on one core. Split it into 64 contiguous chunks
  /// (reassociating, as splitInnerReduction does), reduce 4 chunks side by
  /// side (4 streams in flight: one Zen 4 core reads ~30 GB/s instead of
  /// ~21) in a loop over the chunks that threads share, then combine.
  LogicalResult scheduleLongReduction(RewriterBase &rewriter,
                                      linalg::LinalgOp op) {
    constexpr int64_t chunks = 64, streams = 4;
    int64_t lanes = 4 * vectorWidth;
    if (!op.hasPureTensorSemantics() || op->hasAttr("nxc.in_order") ||
        op.getNumLoops() != 1 || op.getNumReductionLoops() != 1 ||
        op.getNumDpsInits() != 1 || op.hasIndexSemantics() ||
        !llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *in) {
          return op.getMatchingIndexingMap(in).isIdentity();
        }))
      return failure();
    int64_t len = op.getStaticLoopRanges()[0];
    if (ShapedType::isDynamic(len) || len < (int64_t(1) << 20) ||
        len % (chunks * lanes) != 0)
      return failure();
    rewriter.setInsertionPoint(op);
    auto split = linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
      return linalg::SplitReductionOptions{chunks, 0, /*innerParallel=*/false};
    });
    if (failed(split))
      return failure();
    linalg::LinalgOp partial = split->splitLinalgOp; // [chunks, len / chunks]
    partial->setAttr(kReassociatedAttr, rewriter.getUnitAttr());
    if (auto inner = splitInnerReduction(rewriter, partial); succeeded(inner)) {
      (void)scheduleGeneric(rewriter, inner->splitLinalgOp, lanes, streams);
      (void)scheduleGeneric(rewriter, inner->resultCombiningLinalgOp, lanes);
    } else {
      (void)scheduleGeneric(rewriter, partial);
    }
    (void)scheduleGeneric(rewriter, split->resultCombiningLinalgOp);
    return success();
  }

  /// argmax/argmin along the innermost axis (the generic Reduce.cpp tags
  /// `nxc.arg_reduce`): lane j scans elements j, j + W, ... with the op's own
  /// comparison, keeping (best, index); then the best value over the lanes
  /// and, among lanes holding it, the lowest index (tie "low", strict
  /// comparison) or the highest (tie "high"). That is the first/last index of
  /// the maximum, exactly what the sequential scan returns. Every lane starts
  /// from the scan's start (element 0): when that is NaN every lane stays NaN
  /// (tie "high": moves to later NaNs), and no lane is NaN otherwise, so
  /// "holds the best" is `ueq`.
  LogicalResult vectorizeArgReduce(RewriterBase &rewriter,
                                   linalg::GenericOp g) {
    if (!g->hasAttr("nxc.arg_reduce") || !g.hasPureTensorSemantics() ||
        g.getNumDpsInputs() != 1 || g.getNumDpsInits() != 2)
      return failure();
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    unsigned n = g.getNumLoops();
    SmallVector<unsigned> red;
    g.getReductionDims(red);
    if (llvm::any_of(bounds, ShapedType::isDynamic) || red.size() != 1 ||
        red[0] != n - 1 ||
        !g.getMatchingIndexingMap(g.getDpsInputOperand(0)).isIdentity())
      return failure();
    int64_t len = bounds.back(), w = vectorWidth;
    if (len < 2 * w)
      return failure();
    // Exactly the scan Reduce.cpp builds (index, index_cast, cmp, 2 selects,
    // yield; 4 more ops for the float NaN tie rule), comparing the input
    // itself: nothing was fused into it.
    Block *body = g.getBody();
    Operation *cmp = nullptr;
    for (Operation &o : body->getOperations())
      if (!cmp && isa<arith::CmpFOp, arith::CmpIOp>(o))
        cmp = &o;
    if (!cmp || cmp->getOperand(0) != body->getArgument(0) ||
        cmp->getOperand(1) != body->getArgument(1))
      return failure();
    bool isF = isa<arith::CmpFOp>(cmp), high, isMax, isU = false;
    if (auto c = dyn_cast<arith::CmpFOp>(cmp)) {
      using F = arith::CmpFPredicate;
      F p = c.getPredicate();
      isMax = p == F::OGT || p == F::OGE;
      high = p == F::OGE || p == F::OLE;
      if (!isMax && p != F::OLT && p != F::OLE)
        return failure();
    } else {
      using P = arith::CmpIPredicate;
      P p = cast<arith::CmpIOp>(cmp).getPredicate();
      isMax = p == P::sgt || p == P::sge || p == P::ugt || p == P::uge;
      high = p == P::sge || p == P::sle || p == P::uge || p == P::ule;
      isU = p == P::ugt || p == P::uge || p == P::ult || p == P::ule;
    }
    if (body->getOperations().size() != (isF && high ? 10u : 6u))
      return failure();
    // A row no vector divides (1000 on AVX-512): the scan's state after the
    // first len / w * w elements is exactly its (best, index), so a second
    // op (scalar loops, its linalg.index offset by the split) continues from
    // it over the rest. Whole, the row was scanned scalar: 3.2 ms instead
    // of 0.08 for 1024 rows.
    if (len % w != 0) {
      rewriter.setInsertionPoint(g);
      auto [first, rest] =
          linalg::splitOp(rewriter, cast<TilingInterface>(g.getOperation()),
                          n - 1, rewriter.getIndexAttr(len / w * w));
      auto head = dyn_cast_or_null<linalg::GenericOp>(first.getOperation());
      if (!head || !rest)
        return failure();
      (void)vectorizeArgReduce(rewriter, head);
      return success();
    }
    int64_t rows = 1;
    for (unsigned d = 0; d + 1 < n; ++d)
      rows *= bounds[d];

    Location loc = g.getLoc();
    rewriter.setInsertionPoint(g);
    // Everything as [rows, len] and [rows].
    auto toShape = [&](Value v, ArrayRef<int64_t> shape) {
      auto ty = cast<RankedTensorType>(v.getType());
      return reshapeTo(rewriter, loc, v,
                       RankedTensorType::get(shape, ty.getElementType()));
    };
    Value in = toShape(g.getDpsInputOperand(0)->get(), {rows, len});
    Value vals = toShape(g.getDpsInits()[0], {rows});
    Value idxs = toShape(g.getDpsInits()[1], {rows});
    Type elem = cast<RankedTensorType>(in.getType()).getElementType();
    // Indices within a row in 32 bits when they fit: one index vector of W
    // lanes per value vector instead of two of W/2 i64 lanes.
    bool narrowIdx = len <= std::numeric_limits<int32_t>::max();
    Type i64 = rewriter.getI64Type();
    Type idxElem = narrowIdx ? rewriter.getI32Type() : i64;
    auto vTy = VectorType::get({w}, elem), iTy = VectorType::get({w}, idxElem);
    auto cIdx = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
    };
    SmallVector<int64_t> lanes = llvm::to_vector(llvm::seq<int64_t>(0, w));
    auto idxConst = [&](int64_t v) {
      return rewriter.getIntegerAttr(idxElem, v).getValue();
    };
    SmallVector<APInt> laneIdx;
    for (int64_t j : lanes)
      laneIdx.push_back(idxConst(j));
    Value iota = arith::ConstantOp::create(
        rewriter, loc, iTy, DenseElementsAttr::get(iTy, laneIdx));
    int64_t noIdxValue = narrowIdx
                             ? (high ? std::numeric_limits<int32_t>::min()
                                     : std::numeric_limits<int32_t>::max())
                             : (high ? std::numeric_limits<int64_t>::min()
                                     : std::numeric_limits<int64_t>::max());
    Value noIdx = arith::ConstantOp::create(
        rewriter, loc, iTy, DenseElementsAttr::get(iTy, idxConst(noIdxValue)));
    Value pad = arith::ConstantOp::create(rewriter, loc, elem,
                                          rewriter.getZeroAttr(elem));
    using K = vector::CombiningKind;
    K valKind = isF ? (isMax ? K::MAXIMUMF : K::MINIMUMF)
                    : (isMax ? (isU ? K::MAXUI : K::MAXSI)
                             : (isU ? K::MINUI : K::MINSI));
    // Two interleaved scans (vectors k and k + W) when the row allows: the
    // compare/select chain of one would otherwise bound the loop (argmax of
    // f32[1024,1024], 1 thread: 93 -> 78 us with i32 indices; four streams
    // measured slower, 92 us).
    int64_t streams = len % (2 * w) == 0 ? 2 : 1;
    auto rowLoop = scf::ForOp::create(
        rewriter, loc, cIdx(0), cIdx(rows), cIdx(1), ValueRange{vals, idxs},
        [&](OpBuilder &b, Location l, Value r, ValueRange acc) {
          Value v0 = vector::BroadcastOp::create(
              b, l, vTy, tensor::ExtractOp::create(b, l, acc[0], r));
          Value start = tensor::ExtractOp::create(b, l, acc[1], r);
          if (narrowIdx)
            start = arith::TruncIOp::create(b, l, idxElem, start);
          Value i0 = vector::BroadcastOp::create(b, l, iTy, start);
          SmallVector<Value> init;
          for (int64_t s = 0; s < streams; ++s)
            init.append({v0, i0});
          auto scan = scf::ForOp::create(
              b, l, cIdx(0), cIdx(len), cIdx(streams * w), init,
              [&](OpBuilder &b, Location l, Value k0, ValueRange best) {
                SmallVector<Value> next;
                for (int64_t s = 0; s < streams; ++s) {
                  Value k =
                      s == 0 ? k0
                             : arith::AddIOp::create(
                                   b, l, k0,
                                   arith::ConstantIndexOp::create(b, l, s * w));
                  Value bestV = best[2 * s], bestI = best[2 * s + 1];
                  Value x = vector::TransferReadOp::create(
                      b, l, vTy, in, ValueRange{r, k}, pad,
                      ArrayRef<bool>{true});
                  Value better;
                  if (isF) {
                    using F = arith::CmpFPredicate;
                    better = arith::CmpFOp::create(
                        b, l, cast<arith::CmpFOp>(cmp).getPredicate(), x,
                        bestV);
                    if (high)
                      better = arith::OrIOp::create(
                          b, l, better,
                          arith::AndIOp::create(
                              b, l, arith::CmpFOp::create(b, l, F::UNO, x, x),
                              arith::CmpFOp::create(b, l, F::UNO, bestV,
                                                    bestV)));
                  } else
                    better = arith::CmpIOp::create(
                        b, l, cast<arith::CmpIOp>(cmp).getPredicate(), x,
                        bestV);
                  Value idx = arith::AddIOp::create(
                      b, l,
                      vector::BroadcastOp::create(
                          b, l, iTy,
                          arith::IndexCastOp::create(b, l, idxElem, k)),
                      iota);
                  next.push_back(
                      arith::SelectOp::create(b, l, better, x, bestV));
                  next.push_back(
                      arith::SelectOp::create(b, l, better, idx, bestI));
                }
                scf::YieldOp::create(b, l, next);
              });
          // The best value over every lane of every stream, then among the
          // lanes holding it the lowest (highest) index: each stream's lanes
          // follow the same rules as one stream's.
          Value m;
          for (int64_t s = 0; s < streams; ++s) {
            Value part = vector::ReductionOp::create(b, l, valKind,
                                                     scan.getResult(2 * s));
            m = s == 0 ? part
                       : vector::makeArithReduction(b, l, valKind, m, part);
          }
          Value mv = vector::BroadcastOp::create(b, l, vTy, m);
          Value cand;
          for (int64_t s = 0; s < streams; ++s) {
            Value bestV = scan.getResult(2 * s),
                  bestI = scan.getResult(2 * s + 1);
            Value eq = isF ? arith::CmpFOp::create(
                                 b, l, arith::CmpFPredicate::UEQ, bestV, mv)
                                 .getResult()
                           : arith::CmpIOp::create(
                                 b, l, arith::CmpIPredicate::eq, bestV, mv)
                                 .getResult();
            Value c = arith::SelectOp::create(b, l, eq, bestI, noIdx);
            cand = s == 0 ? c
                   : high ? arith::MaxSIOp::create(b, l, cand, c).getResult()
                          : arith::MinSIOp::create(b, l, cand, c).getResult();
          }
          Value i = vector::ReductionOp::create(
              b, l, high ? K::MAXSI : K::MINSI, cand);
          if (narrowIdx)
            i = arith::ExtSIOp::create(b, l, i64, i);
          scf::YieldOp::create(
              b, l,
              ValueRange{tensor::InsertOp::create(b, l, m, acc[0], r),
                         tensor::InsertOp::create(b, l, i, acc[1], r)});
        });
    if (rows > 1) // each row writes its own two elements
      markParallel(rowLoop, rows * len);
    SmallVector<Value> results;
    for (unsigned i = 0; i < 2; ++i)
      results.push_back(
          toShape(rowLoop.getResult(i),
                  cast<RankedTensorType>(g.getResultTypes()[i]).getShape()));
    rewriter.replaceOp(g, results);
    return success();
  }

  /// A float convolution (the generic Convolution.cpp tags `nxc.conv`, loops
  /// n, o, spatial..., c, window...) whose innermost spatial dim has stride
  /// 1: a register block of `to` filters x `w` output columns, one vector
  /// accumulator per filter, kept in registers through the whole c/window
  /// reduction; each tap is one contiguous input vector read shared by the
  /// `to` filters, times a broadcast kernel scalar (FMA).
  /// A 1x1 convolution with unit strides and no groups (a ResNet or
  /// MobileNet bottleneck) is a matmul per image: out[n] = K x in[n], with K
  /// as [o, c] and in[n] as [c, pixels]. As a batch matmul (K broadcast to
  /// each image, 16 KiB per image at 64 x 64) it gets the matmul's register
  /// tiles: 8x64x56x56 with 64 filters, 2.6-3.3 -> ~2.0 ms. Rows that are
  /// not whole vectors go along the filters first (vectorizeConvByFilters):
  /// 8x512x7x7 to 2048 filters took 19.7 ms here (K, 4 MiB, copied per
  /// image; 49 columns of matmul tiles), 8.4 there.
  LogicalResult pointwiseConv(RewriterBase &rewriter, linalg::GenericOp g) {
    std::optional<SmallVector<int64_t>> convLoops = convBounds(g);
    if (!convLoops)
      return failure();
    SmallVector<int64_t> bounds = *convLoops;
    auto outTy = cast<RankedTensorType>(g.getResultTypes()[0]);
    auto inTy = dyn_cast<RankedTensorType>(g.getDpsInputs()[0].getType());
    auto kTy = dyn_cast<RankedTensorType>(g.getDpsInputs()[1].getType());
    Type elem = outTy.getElementType();
    int64_t nloops = bounds.size(), sp = (nloops - 3) / 2;
    if (!isa<FloatType>(elem) || !inTy || !kTy || !outTy.hasStaticShape() ||
        !inTy.hasStaticShape() || inTy.getElementType() != elem ||
        kTy.getElementType() != elem ||
        llvm::any_of(ArrayRef(bounds).take_back(sp),
                     [](int64_t b) { return b != 1; }))
      return failure();
    // Maps (n, c, s + w...), (o, c, w...), (n, o, s...) over loops
    // (n, o, s..., c, w...), and a body acc + in * k.
    MLIRContext *ctx = g.getContext();
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> in = {d(0), d(2 + sp)}, k = {d(1), d(2 + sp)},
                            out = {d(0), d(1)};
    for (int64_t i = 0; i < sp; ++i) {
      in.push_back(d(2 + i) + d(3 + sp + i));
      k.push_back(d(3 + sp + i));
      out.push_back(d(2 + i));
    }
    auto map = [&](ArrayRef<AffineExpr> e) {
      return AffineMap::get(nloops, 0, e, ctx);
    };
    Block *body = g.getBody();
    auto add = dyn_cast<arith::AddFOp>(
        body->getTerminator()->getOperand(0).getDefiningOp());
    auto mul = add ? add.getRhs().getDefiningOp<arith::MulFOp>() : nullptr;
    if (g.getIndexingMapsArray() !=
            SmallVector<AffineMap>{map(in), map(k), map(out)} ||
        body->getOperations().size() != 3 || !mul ||
        add.getLhs() != body->getArgument(2) ||
        mul.getLhs() != body->getArgument(0) ||
        mul.getRhs() != body->getArgument(1) ||
        inTy.getShape().drop_front(2) != outTy.getShape().drop_front(2))
      return failure();
    int64_t n = bounds[0], o = bounds[1], c = bounds[2 + sp], pixels = 1;
    for (int64_t i = 0; i < sp; ++i)
      pixels *= bounds[2 + i];
    Location loc = g.getLoc();
    rewriter.setInsertionPoint(g);
    SmallVector<ReassociationIndices> img = {{0}, {1}};
    img.push_back(llvm::to_vector(llvm::seq<int64_t>(2, 2 + sp)));
    SmallVector<ReassociationIndices> ker = {
        {0}, llvm::to_vector(llvm::seq<int64_t>(1, 2 + sp))};
    Value x = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({n, c, pixels}, elem),
        g.getDpsInputs()[0], img);
    Value k2 = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({o, c}, elem), g.getDpsInputs()[1],
        ker);
    Value kb = linalg::BroadcastOp::create(
                   rewriter, loc, k2,
                   tensor::EmptyOp::create(rewriter, loc,
                                           ArrayRef<int64_t>{n, o, c}, elem),
                   ArrayRef<int64_t>{0})
                   .getResult()[0];
    // The output's fill, if any, stays a fill (of the flat view): the
    // matmul's tiles start from its value.
    auto flatTy = RankedTensorType::get({n, o, pixels}, elem);
    Value init = g.getDpsInits()[0];
    Value flatInit;
    if (auto fill = init.getDefiningOp<linalg::FillOp>())
      flatInit = linalg::FillOp::create(
                     rewriter, loc, fill.getInputs()[0],
                     Value(tensor::CollapseShapeOp::create(
                         rewriter, loc, flatTy, fill.getDpsInits()[0], img)))
                     .getResult(0);
    else
      flatInit =
          tensor::CollapseShapeOp::create(rewriter, loc, flatTy, init, img);
    auto bmm =
        linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{flatTy},
                                      ValueRange{kb, x}, ValueRange{flatInit});
    rewriter.replaceOp(g, tensor::ExpandShapeOp::create(rewriter, loc, outTy,
                                                        bmm.getResult(0), img));
    (void)scheduleGeneric(rewriter, cast<linalg::LinalgOp>(kb.getDefiningOp()));
    (void)scheduleBatchMatmul(rewriter, bmm);
    return success();
  }

  /// A loop [lb, ub) by `step` carrying one value; its induction variable is
  /// pushed on `ivs` while `body` builds the next value from the carried
  /// one. Marked for threads when `parallelWork` (the op's whole work) > 0.
  static scf::ForOp nestedLoop(OpBuilder &b, Location loc, int64_t lb,
                               int64_t ub, int64_t step, Value init,
                               SmallVector<Value> &ivs,
                               function_ref<Value(OpBuilder &, Value)> body,
                               int64_t parallelWork = 0) {
    auto c = [&](int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    auto loop = scf::ForOp::create(
        b, loc, c(lb), c(ub), c(step), ValueRange{init},
        [&](OpBuilder &nb, Location, Value iv, ValueRange args) {
          ivs.push_back(iv);
          Value r = body(nb, args[0]);
          ivs.pop_back();
          scf::YieldOp::create(nb, loc, r);
        });
    if (parallelWork > 0)
      markParallel(loop, parallelWork);
    return loop;
  }

  /// Output columns [lb, ub) in `width`-wide vectors: whole vectors over
  /// the largest multiple of `lanes`, then one narrower vector for the rest
  /// (55 = 3 x 16 + 7). Halving widths for the rest (4 + 2 + 1) cost a block
  /// of FMAs each: a 55-wide conv ran at 21.6 ms instead of 17.2.
  struct ColumnSegment {
    int64_t lb, ub, width;
  };
  static SmallVector<ColumnSegment> columnSegments(int64_t cols,
                                                   int64_t lanes) {
    SmallVector<ColumnSegment> segments;
    int64_t full = cols / lanes * lanes;
    if (full)
      segments.push_back({0, full, lanes});
    if (full < cols)
      segments.push_back({full, cols, cols - full});
    return segments;
  }

  /// `e` = stride * d`out` + dilation * d`win`: the stride, if 1 or 2 (and
  /// the dilation at most 8), else 0.
  static int64_t columnStride(AffineExpr e, int64_t out, int64_t win) {
    MLIRContext *ctx = e.getContext();
    for (int64_t stride : {1, 2})
      for (int64_t dil = 1; dil <= 8; ++dil)
        if (e == getAffineDimExpr(out, ctx) * stride +
                     getAffineDimExpr(win, ctx) * dil)
          return stride;
    return 0;
  }

  /// A vector of `ty` from `src` at `idx` along the innermost dim, one
  /// element every `stride`. At stride 2 a read of a stride-2 slice, which
  /// deinterleaveStride2Reads makes two vector loads and one shuffle.
  static Value readColumns(OpBuilder &b, Location loc, VectorType ty, Value src,
                           ValueRange idx, Value pad, int64_t stride) {
    if (stride == 1)
      return vector::TransferReadOp::create(b, loc, ty, src, idx, pad,
                                            ArrayRef<bool>{true});
    int64_t rank = idx.size();
    SmallVector<OpFoldResult> offs(idx.begin(), idx.end());
    SmallVector<int64_t> sizes(rank, 1), strides(rank, 1);
    sizes.back() = ty.getDimSize(0);
    strides.back() = stride;
    Value slice = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(sizes, ty.getElementType()), src, offs,
        getAsIndexOpFoldResult(b.getContext(), sizes),
        getAsIndexOpFoldResult(b.getContext(), strides));
    return vector::TransferReadOp::create(
        b, loc, ty, slice,
        SmallVector<Value>(rank, arith::ConstantIndexOp::create(b, loc, 0)),
        pad, ArrayRef<bool>{true});
  }

  /// The stride (1 or 2) along the innermost output dim of a window
  /// reduction that vectorizeWindow takes, else 0.
  static int64_t windowStride(linalg::GenericOp g) {
    if (!g.hasPureTensorSemantics() || g->hasAttr("nxc.in_order") ||
        g.getNumDpsInputs() != 2 || g.getNumDpsInits() != 1 ||
        g.getNumLoops() % 2 != 0 || g.getNumLoops() == 0)
      return 0;
    int64_t rank = g.getNumLoops() / 2;
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    Type elem = cast<RankedTensorType>(g.getResultTypes()[0]).getElementType();
    // The input's type may differ (a small window_sum computed in f64).
    Type inElem =
        cast<RankedTensorType>(g.getDpsInputs()[0].getType()).getElementType();
    if (llvm::any_of(
            bounds,
            [](int64_t b) { return ShapedType::isDynamic(b) || b == 0; }) ||
        !elem.isIntOrFloat() || elem.getIntOrFloatBitWidth() < 8 ||
        !inElem.isIntOrFloat() || inElem.getIntOrFloatBitWidth() < 8 ||
        !g.getDpsInputs()[1].getDefiningOp<tensor::EmptyOp>() ||
        g.payloadUsesValueFromOperand(g.getDpsInputOperand(1)))
      return 0;
    MLIRContext *ctx = g.getContext();
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> window, out;
    for (int64_t i = 0; i < rank; ++i) {
      out.push_back(dim(i));
      window.push_back(dim(rank + i));
    }
    AffineMap inMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
    if (g.getMatchingIndexingMap(g.getDpsInputOperand(1)) !=
            AffineMap::get(2 * rank, 0, window, ctx) ||
        g.getMatchingIndexingMap(g.getDpsInitOperand(0)) !=
            AffineMap::get(2 * rank, 0, out, ctx) ||
        inMap.getNumResults() != rank)
      return 0;
    for (int64_t i = 0; i < 2 * rank; ++i)
      if ((i < rank) !=
          linalg::isParallelIterator(g.getIteratorTypesArray()[i]))
        return 0;
    int64_t stride =
        columnStride(inMap.getResults().back(), rank - 1, 2 * rank - 1);
    // The body: elementwise arith/math ops on the window element and the
    // accumulator (and values from outside), as vectors.
    if (!stride ||
        !llvm::all_of(g.getBody()->without_terminator(), [&](Operation &op) {
          return op.getNumResults() == 1 &&
                 op.hasTrait<OpTrait::Elementwise>() &&
                 op.getNumRegions() == 0 &&
                 llvm::all_of(op.getOperandTypes(),
                              [](Type t) { return t.isIntOrIndexOrFloat(); });
        }))
      return 0;
    return stride;
  }

  /// A window reduction (window_max/min/sum/product: max and average
  /// pooling; NxToLinalg's buildWindowReduction: loops (out..., window...),
  /// input (stride * out + dilation * window), a read-free operand giving
  /// the window's shape) whose innermost output dim has stride 1 or 2: one
  /// vector of output columns per step, its accumulator in a register
  /// through the window loops, which keep their order (window_sum adds in
  /// the same order per element). Each tap is one vector read (at stride 2,
  /// two loads and a shuffle). As scalar loops, a 3x3 max pool at stride 2
  /// over 8x64x112x112 took 6 ms (4 GB/s).
  LogicalResult vectorizeWindow(RewriterBase &rewriter, linalg::GenericOp g) {
    int64_t stride = windowStride(g);
    if (!stride)
      return failure();
    int64_t rank = g.getNumLoops() / 2;
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    Type elem = cast<RankedTensorType>(g.getResultTypes()[0]).getElementType();
    Type inElem =
        cast<RankedTensorType>(g.getDpsInputs()[0].getType()).getElementType();
    AffineMap inMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
    Block *body = g.getBody();
    int64_t lanes =
        std::max<int64_t>(1, vectorWidth * 32 /
                                 std::max(elem.getIntOrFloatBitWidth(),
                                          inElem.getIntOrFloatBitWidth()));
    int64_t cols = bounds[rank - 1];
    SmallVector<ColumnSegment> segments = columnSegments(cols, lanes);

    Location loc = g.getLoc();
    rewriter.setInsertionPoint(g);
    Value fillValue = takeFillOfType(rewriter, g, elem);
    Value in = g.getDpsInputs()[0];
    // A padded input (a fill with the input inserted) is padded one plane
    // at a time inside the loops over the other dims (paddedSlab): a max
    // pool's padded copy of [8, 64, 112, 112] otherwise goes through memory
    // (a 27 MB fill and copy).
    auto padIns = in.getDefiningOp<tensor::InsertSliceOp>();
    Value padValue = padIns ? planePadValue(padIns, g) : Value();
    Value image = in; // what the taps read: one padded plane when padValue
    Value pad = arith::ConstantOp::create(rewriter, loc, elem,
                                          rewriter.getZeroAttr(elem));
    Value inPad = arith::ConstantOp::create(rewriter, loc, inElem,
                                            rewriter.getZeroAttr(inElem));
    int64_t parDim = -1;
    for (int64_t i = 0; i < rank - 1 && parDim < 0; ++i)
      if (bounds[i] > 1)
        parDim = i;
    int64_t work = ShapedType::getNumElements(bounds);
    VectorType vTy;
    bool ok = true;
    // The body once per tap on vectors: block arguments (element, window,
    // accumulator) and outside values broadcast.
    auto combine = [&](OpBuilder &b, Value x, Value acc) -> Value {
      IRMapping map;
      map.map(body->getArgument(0), x);
      map.map(body->getArgument(2), acc);
      for (Operation &op : body->without_terminator()) {
        SmallVector<Value> operands;
        for (Value v : op.getOperands()) {
          if (Value m = map.lookupOrNull(v)) {
            operands.push_back(m);
            continue;
          }
          operands.push_back(vector::BroadcastOp::create(
              b, loc, VectorType::get(vTy.getShape(), v.getType()), v));
        }
        OperationState st(loc, op.getName(), operands,
                          TypeRange{VectorType::get(vTy.getShape(),
                                                    op.getResult(0).getType())},
                          op.getAttrs());
        map.map(op.getResult(0), b.create(st)->getResult(0));
      }
      Value r = map.lookupOrNull(body->getTerminator()->getOperand(0));
      if (!r) {
        ok = false;
        return acc;
      }
      return r;
    };
    std::function<Value(OpBuilder &, SmallVector<Value> &, Value)> parallel =
        [&](OpBuilder &b, SmallVector<Value> &ivs, Value result) -> Value {
      int64_t d = ivs.size();
      auto loopOver = [&](int64_t lb, int64_t ub, int64_t step, Value init) {
        return nestedLoop(
                   b, loc, lb, ub, step, init, ivs,
                   [&](OpBuilder &nb, Value arg) {
                     return parallel(nb, ivs, arg);
                   },
                   d == parDim ? work : 0)
            .getResult(0);
      };
      if (d == rank - 1) {
        for (const ColumnSegment &seg : segments) {
          vTy = VectorType::get({seg.width}, elem);
          result = loopOver(seg.lb, seg.ub, seg.width, result);
        }
        return result;
      }
      if (d == rank - 2 && padValue)
        image = paddedSlab(b, loc, padIns, padValue, ivs);
      if (d < rank - 1)
        return loopOver(0, bounds[d], 1, result);
      Value acc =
          fillValue
              ? vector::BroadcastOp::create(b, loc, vTy, fillValue).getResult()
              : vector::TransferReadOp::create(b, loc, vTy, result, ivs, pad,
                                               ArrayRef<bool>{true})
                    .getResult();
      std::function<Value(OpBuilder &, SmallVector<Value> &, Value)> taps =
          [&](OpBuilder &b, SmallVector<Value> &all, Value acc) -> Value {
        int64_t d = all.size();
        if (d < 2 * rank) {
          return nestedLoop(b, loc, 0, bounds[d], 1, acc, all,
                            [&](OpBuilder &nb, Value arg) {
                              return taps(nb, all, arg);
                            })
              .getResult(0);
        }
        SmallVector<Value> xIdx;
        for (auto [i, e] : llvm::enumerate(inMap.getResults()))
          xIdx.push_back(
              padValue && int64_t(i) < rank - 2
                  ? arith::ConstantIndexOp::create(b, loc, 0).getResult()
                  : affine::AffineApplyOp::create(
                        b, loc, AffineMap::get(2 * rank, 0, e), all)
                        .getResult());
        Value x = readColumns(b, loc, VectorType::get(vTy.getShape(), inElem),
                              image, xIdx, inPad, stride);
        return combine(b, x, acc);
      };
      SmallVector<Value> all(ivs);
      Value r = taps(b, all, acc);
      return vector::TransferWriteOp::create(b, loc, r, result, ivs,
                                             ArrayRef<bool>{true})
          .getResult();
    };
    SmallVector<Value> ivs;
    Value result = parallel(rewriter, ivs, g.getDpsInits()[0]);
    if (!ok)
      return failure(); // not reached: every body value is mapped
    rewriter.replaceOp(g, result);
    return success();
  }

  /// The kernel of an `nxc.conv` generic with loops (n, o, spatial...,
  /// c, window...) packed per block of `to` filters: [O / to, C, window...,
  /// to], so the `to` filters' values for one tap are contiguous. The loops
  /// over the packed dims are (ob, c, window..., t).
  Value packKernel(RewriterBase &rewriter, Location loc, Value kernel,
                   AffineMap kMap, ArrayRef<int64_t> bounds, int64_t to) {
    MLIRContext *ctx = rewriter.getContext();
    int64_t nloops = bounds.size(), sp = (nloops - 3) / 2;
    unsigned pdims = 3 + sp; // ob, c, window..., t
    SmallVector<AffineExpr> toLoops(nloops, getAffineConstantExpr(0, ctx));
    toLoops[1] = getAffineDimExpr(0, ctx) * to +
                 getAffineDimExpr(pdims - 1, ctx); // o = ob * to + t
    for (int64_t i = 0; i <= sp; ++i)              // c, window...
      toLoops[2 + sp + i] = getAffineDimExpr(1 + i, ctx);
    AffineMap kPacked = kMap.compose(AffineMap::get(pdims, 0, toLoops, ctx));
    SmallVector<int64_t> shape = {bounds[1] / to};
    for (int64_t i = 0; i <= sp; ++i)
      shape.push_back(bounds[2 + sp + i]);
    shape.push_back(to);
    Type elem = cast<ShapedType>(kernel.getType()).getElementType();
    // A kernel laid out (o, c, window...) as the loops are: per block, a 2-D
    // transpose of [to, C x window] into [C x window, to], which
    // scheduleGeneric runs in square register tiles (16 x 16 on AVX-512).
    // Written over the 5-D shape, the same copy ran as scalar loops reading
    // a filter apart: with 512 x 512 x 3 x 3 filters (9.4 MB, packed on
    // every call), the 8 x 512 x 7 x 7 convolution took 18.2 ms, now 17.4.
    bool plain = kMap.getNumResults() == 2 + sp &&
                 kMap.getResult(0) == getAffineDimExpr(1, ctx);
    for (int64_t i = 0; plain && i <= sp; ++i)
      plain = kMap.getResult(1 + i) == getAffineDimExpr(2 + sp + i, ctx);
    if (plain) {
      int64_t inner = 1;
      for (int64_t i = 0; i <= sp; ++i)
        inner *= bounds[2 + sp + i];
      SmallVector<ReassociationIndices> rows = {{0}, {}};
      for (int64_t i = 0; i <= sp; ++i)
        rows[1].push_back(1 + i);
      Value flat = tensor::CollapseShapeOp::create(rewriter, loc, kernel, rows);
      Value blocks = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get({bounds[1] / to, to, inner}, elem), flat,
          SmallVector<ReassociationIndices>{{0, 1}, {2}});
      Value empty = tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<int64_t>{bounds[1] / to, inner, to}, elem);
      AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
                 d2 = getAffineDimExpr(2, ctx);
      auto t = linalg::GenericOp::create(
          rewriter, loc, TypeRange{empty.getType()}, ValueRange{blocks},
          ValueRange{empty},
          ArrayRef<AffineMap>{AffineMap::get(3, 0, {d0, d2, d1}, ctx),
                              rewriter.getMultiDimIdentityMap(3)},
          SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
          [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(b, l, args[0]);
          });
      SmallVector<ReassociationIndices> back = {{0}, {}, {2 + sp}};
      for (int64_t i = 0; i <= sp; ++i)
        back[1].push_back(1 + i);
      Value res = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, elem), t.getResult(0),
          back);
      OpBuilder::InsertionGuard guard(rewriter);
      (void)scheduleGeneric(rewriter, t);
      return res;
    }
    Value empty = tensor::EmptyOp::create(rewriter, loc, shape, elem);
    SmallVector<utils::IteratorType> iters(pdims,
                                           utils::IteratorType::parallel);
    return linalg::GenericOp::create(
               rewriter, loc, TypeRange{empty.getType()}, ValueRange{kernel},
               ValueRange{empty},
               ArrayRef<AffineMap>{kPacked,
                                   rewriter.getMultiDimIdentityMap(pdims)},
               iters,
               [](OpBuilder &b, Location l, ValueRange args) {
                 linalg::YieldOp::create(b, l, args[0]);
               })
        .getResult(0);
  }

  /// Loops over dims [offset + ivs.size(), bounds.size()) of a nest,
  /// carrying `init` (a register block's accumulators); each pushes its
  /// induction variable on `ivs` while `body` builds the next accumulators
  /// at the innermost level.
  static SmallVector<Value> accumulateLoops(
      OpBuilder &b, Location loc, ArrayRef<int64_t> bounds, int64_t offset,
      SmallVector<Value> &ivs, ValueRange init,
      function_ref<SmallVector<Value>(OpBuilder &, ValueRange)> body) {
    int64_t d = offset + ivs.size();
    if (d == int64_t(bounds.size()))
      return body(b, init);
    auto c = [&](int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    auto loop = scf::ForOp::create(
        b, loc, c(0), c(bounds[d]), c(1), init,
        [&](OpBuilder &nb, Location, Value iv, ValueRange args) {
          ivs.push_back(iv);
          SmallVector<Value> r =
              accumulateLoops(nb, loc, bounds, offset, ivs, args, body);
          ivs.pop_back();
          scf::YieldOp::create(nb, loc, r);
        });
    return SmallVector<Value>(loop.getResults());
  }

  /// The static loop bounds of an `nxc.conv` generic on tensors (loops n,
  /// o, spatial..., c, window..., none empty) whose output is (n, o,
  /// spatial...) in loop order; nothing otherwise.
  static std::optional<SmallVector<int64_t>> convBounds(linalg::GenericOp g) {
    if (!g->hasAttr("nxc.conv") || !g.hasPureTensorSemantics() ||
        g.getNumDpsInputs() != 2 || g.getNumDpsInits() != 1)
      return std::nullopt;
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    int64_t nloops = bounds.size(), sp = (nloops - 3) / 2;
    if (sp < 1 || nloops != 3 + 2 * sp ||
        llvm::any_of(
            bounds,
            [](int64_t b) { return ShapedType::isDynamic(b) || b == 0; }))
      return std::nullopt;
    AffineMap outMap = g.getMatchingIndexingMap(g.getDpsInitOperand(0));
    if (outMap.getNumResults() != 2 + sp ||
        !llvm::all_of(llvm::seq<int64_t>(0, 2 + sp), [&](int64_t i) {
          return outMap.getResult(i) == getAffineDimExpr(i, g.getContext());
        }))
      return std::nullopt;
    return bounds;
  }

  /// Convolutions whose output rows are not a whole number of vectors
  /// (ResNet's 28, 14 and 7 wide images, where vectorizeConv's last,
  /// narrower vector per row costs as much as a whole one): vectors along
  /// the filters instead. A register block is `fvecs` vectors of filters
  /// times `pix` output pixels, taken in order over the flattened spatial
  /// dims (no padding lanes, any row width): per tap, `fvecs` vector loads
  /// of the packed kernel and one broadcast input value per pixel, each
  /// used by `fvecs` FMAs. The block is transposed once into the output.
  /// 1 thread, 3x3 filters, padding 1: 8x512x7x7 by 512 filters 26.1 ->
  /// 17.4 ms (60% -> 90% of the FMA peak); 8x256x14x14 by 256 and
  /// 8x128x28x28 by 128, 18.6 -> 16.7 ms (85% -> 94%). Four filter vectors
  /// by 6 pixels, or one by 24, measured slower.
  LogicalResult vectorizeConvByFilters(RewriterBase &rewriter,
                                       linalg::GenericOp g) {
    std::optional<SmallVector<int64_t>> convLoops = convBounds(g);
    if (!convLoops)
      return failure();
    SmallVector<int64_t> bounds = *convLoops;
    auto outTy = cast<RankedTensorType>(g.getResultTypes()[0]);
    Type elem = outTy.getElementType();
    if (getElementTypeOrSelf(g.getDpsInputOperand(1)->get().getType()) != elem)
      return failure();
    int64_t nloops = bounds.size(), sp = (nloops - 3) / 2;
    AffineMap inMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
    AffineMap kMap = g.getMatchingIndexingMap(g.getDpsInputOperand(1));
    int64_t w = vectorWidth;
    // The input independent of the filter (no feature or batch groups).
    if (llvm::any_of(inMap.getResults(),
                     [](AffineExpr e) { return e.isFunctionOfDim(1); }) ||
        bounds[1] % w != 0 || !elem.isF32())
      return failure();
    // Rows of whole vectors stay in vectorizeConv; so do rows of whole
    // vectors and a half one on AVX-512, whose half vector (ymm) costs half
    // a zmm on Zen 4: 56 = 3 x 16 + 8 ran 1.5-2% faster there. On AVX2 the
    // half vector (xmm) costs a whole one: 28 = 3 x 8 + 4, 23.3 -> 16.5 ms
    // here.
    // Strides vectorizeConv cannot read (3 and more: a ViT's or ConvNeXt's
    // patches) come here whatever the row: ConvNeXt's 4x4 stem at stride 4
    // ran as loops, 9.9 ms, and a 3x3 at stride 3, 51 ms.
    int64_t cols = bounds[1 + sp];
    bool rowPath = columnStride(inMap.getResults().back(), 1 + sp, nloops - 1);
    if (rowPath &&
        (cols % w == 0 || (w >= 16 && cols > w && cols % w == w / 2)))
      return failure();
    int64_t fvecs = bounds[1] % (2 * w) == 0 ? 2 : 1, to = fvecs * w;
    // Accumulators: 24 of AVX-512's 32 registers (28 spilled: each
    // broadcast is used `fvecs` times, so it takes a register too), 12 of
    // AVX2's 16. Blocks of equal size where the pixels allow: 49 = 4 x 10 +
    // 9, not 4 x 12 + 1 (a block of one pixel loads 2 vectors per 2 FMAs).
    int64_t pixels = 1;
    for (int64_t d = 2; d < 2 + sp; ++d)
      pixels *= bounds[d];
    int64_t maxPix = (w >= 16 ? 24 : 12) / fvecs;
    int64_t nblocks = (pixels + maxPix - 1) / maxPix;
    int64_t pix = (pixels + nblocks - 1) / nblocks;

    Location loc = g.getLoc();
    rewriter.setInsertionPoint(g);
    Value fillValue = takeFillOfType(rewriter, g, elem);
    Value in = g.getDpsInputOperand(0)->get(),
          kernel = g.getDpsInputOperand(1)->get(), out = g.getDpsInits()[0];
    Value packed = packKernel(rewriter, loc, kernel, kMap, bounds, to);
    auto cIdx = [&](OpBuilder &b, int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    // The output with its spatial dims flattened: [N, O, pixels].
    SmallVector<ReassociationIndices> flat = {{0}, {1}, {}};
    for (int64_t d = 2; d < 2 + sp; ++d)
      flat[2].push_back(d);
    Value outFlat =
        tensor::CollapseShapeOp::create(rewriter, loc, out, flat).getResult();
    auto padIns = in.getDefiningOp<tensor::InsertSliceOp>();
    Value padValue = padIns ? imagePadValue(padIns, g) : Value();
    Value image = in;
    // Filter blocks outside the images where the kernel outweighs the
    // input (deep layers: 9.4 MB of 512 x 512 x 3 x 3 filters against 0.8
    // MB of 8 x 512 x 7 x 7 images): a block's packed filters then stay in
    // L2 across the batch, and the input is padded whole, once. Else images
    // outside, each padded into its own copy in L2 (as vectorizeConv), and
    // `image` is that copy.
    bool filtersOuter =
        ShapedType::getNumElements(
            cast<ShapedType>(kernel.getType()).getShape()) >
        ShapedType::getNumElements(cast<ShapedType>(in.getType()).getShape());
    Value zero = arith::ConstantOp::create(rewriter, loc, elem,
                                           rewriter.getZeroAttr(elem));
    VectorType vTy = VectorType::get({w}, elem);
    int64_t parDim = bounds[0] > 1 ? 0 : (bounds[1] > to ? 1 : -1);
    int64_t work = ShapedType::getNumElements(bounds);

    // One block of `np` pixels from `p0` for filters [o0, o0 + to).
    auto block = [&](OpBuilder &b, Value n, Value ob, Value p0, int64_t np,
                     Value acc) -> Value {
      Value o0 = arith::MulIOp::create(b, loc, ob, cIdx(b, to));
      VectorType tTy = VectorType::get({w, np}, elem),
                 pTy = VectorType::get({np, w}, elem);
      // accs[f * np + i]: filters o0 + f * w ..., pixel p0 + i.
      SmallVector<Value> accs;
      for (int64_t f = 0; f < fvecs; ++f) {
        if (fillValue) {
          for (int64_t i = 0; i < np; ++i)
            accs.push_back(vector::BroadcastOp::create(b, loc, vTy, fillValue));
          continue;
        }
        Value of = arith::AddIOp::create(b, loc, o0, cIdx(b, f * w));
        Value t = vector::TransferReadOp::create(b, loc, tTy, acc,
                                                 ValueRange{n, of, p0}, zero,
                                                 ArrayRef<bool>{true, true});
        Value byPixel =
            vector::TransposeOp::create(b, loc, t, ArrayRef<int64_t>{1, 0});
        for (int64_t i = 0; i < np; ++i)
          accs.push_back(vector::ExtractOp::create(b, loc, byPixel, i));
      }
      // Each pixel's spatial indices, once per block.
      SmallVector<SmallVector<Value>> pixIvs;
      for (int64_t i = 0; i < np; ++i) {
        Value p = arith::AddIOp::create(b, loc, p0, cIdx(b, i));
        SmallVector<Value> ivs(sp);
        for (int64_t d = 1 + sp; d > 2; --d) {
          ivs[d - 2] = arith::RemUIOp::create(b, loc, p, cIdx(b, bounds[d]));
          p = arith::DivUIOp::create(b, loc, p, cIdx(b, bounds[d]));
        }
        ivs[0] = p;
        pixIvs.push_back(ivs);
      }
      SmallVector<Value> red; // the c and window ivs
      auto tap = [&](OpBuilder &b, ValueRange cur) -> SmallVector<Value> {
        SmallVector<Value> wv;
        for (int64_t f = 0; f < fvecs; ++f) {
          SmallVector<Value> kIdx = {ob};
          kIdx.append(red.begin(), red.end());
          kIdx.push_back(cIdx(b, f * w));
          wv.push_back(vector::TransferReadOp::create(
              b, loc, vTy, packed, kIdx, zero, ArrayRef<bool>{true}));
        }
        SmallVector<Value> next(cur);
        for (int64_t i = 0; i < np; ++i) {
          SmallVector<Value> all = {n, o0};
          all.append(pixIvs[i]);
          all.append(red.begin(), red.end());
          SmallVector<Value> xIdx;
          for (AffineExpr e : inMap.getResults())
            xIdx.push_back(affine::AffineApplyOp::create(
                b, loc, AffineMap::get(nloops, 0, e), all));
          if (padValue && !filtersOuter) // the image's own padded copy
            xIdx[0] = cIdx(b, 0);
          Value x = vector::BroadcastOp::create(
              b, loc, vTy, tensor::ExtractOp::create(b, loc, image, xIdx));
          for (int64_t f = 0; f < fvecs; ++f)
            next[f * np + i] =
                vector::FMAOp::create(b, loc, x, wv[f], cur[f * np + i]);
        }
        return next;
      };
      SmallVector<Value> res =
          accumulateLoops(b, loc, bounds, 2 + sp, red, accs, tap);
      for (int64_t f = 0; f < fvecs; ++f) {
        Value byPixel = arith::ConstantOp::create(
            b, loc, pTy, DenseElementsAttr::get(pTy, b.getZeroAttr(elem)));
        for (int64_t i = 0; i < np; ++i)
          byPixel =
              vector::InsertOp::create(b, loc, res[f * np + i], byPixel, i);
        Value t = vector::TransposeOp::create(b, loc, byPixel,
                                              ArrayRef<int64_t>{1, 0});
        Value of = arith::AddIOp::create(b, loc, o0, cIdx(b, f * w));
        acc = vector::TransferWriteOp::create(b, loc, t, acc,
                                              ValueRange{n, of, p0},
                                              ArrayRef<bool>{true, true})
                  .getResult();
      }
      return acc;
    };
    int64_t full = pixels / pix * pix;
    auto pixelBlocks = [&](OpBuilder &b, Value n, Value ob,
                           SmallVector<Value> &ivs, Value acc) {
      if (full > 0)
        acc = nestedLoop(b, loc, 0, full, pix, acc, ivs,
                         [&](OpBuilder &b, Value acc) {
                           return block(b, n, ob, ivs.back(), pix, acc);
                         })
                  .getResult(0);
      if (pixels > full)
        acc = block(b, n, ob, cIdx(b, full), pixels - full, acc);
      return acc;
    };
    SmallVector<Value> ivs;
    Value result;
    if (filtersOuter) {
      result =
          nestedLoop(
              rewriter, loc, 0, bounds[1] / to, 1, outFlat, ivs,
              [&](OpBuilder &b, Value acc) -> Value {
                return nestedLoop(
                           b, loc, 0, bounds[0], 1, acc, ivs,
                           [&](OpBuilder &b, Value acc) {
                             return pixelBlocks(b, ivs[1], ivs[0], ivs, acc);
                           },
                           bounds[1] / to > 1 ? 0 : work)
                    .getResult(0);
              },
              bounds[1] / to > 1 ? work : 0)
              .getResult(0);
    } else {
      result =
          nestedLoop(
              rewriter, loc, 0, bounds[0], 1, outFlat, ivs,
              [&](OpBuilder &b, Value acc) -> Value {
                if (padValue)
                  image = paddedSlab(b, loc, padIns, padValue, ivs);
                return nestedLoop(
                           b, loc, 0, bounds[1] / to, 1, acc, ivs,
                           [&](OpBuilder &b, Value acc) {
                             return pixelBlocks(b, ivs[0], ivs[1], ivs, acc);
                           },
                           parDim == 1 ? work : 0)
                    .getResult(0);
              },
              parDim == 0 ? work : 0)
              .getResult(0);
    }
    result = tensor::ExpandShapeOp::create(rewriter, loc, outTy, result, flat)
                 .getResult();
    rewriter.replaceOp(g, result);
    return success();
  }

  LogicalResult vectorizeConv(RewriterBase &rewriter, linalg::GenericOp g) {
    std::optional<SmallVector<int64_t>> convLoops = convBounds(g);
    if (!convLoops)
      return failure();
    SmallVector<int64_t> bounds = *convLoops;
    auto outTy = cast<RankedTensorType>(g.getResultTypes()[0]);
    Type elem = outTy.getElementType();
    if (!isa<FloatType>(elem))
      return failure();
    int64_t nloops = bounds.size(), sp = (nloops - 3) / 2;
    AffineMap inMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
    AffineMap kMap = g.getMatchingIndexingMap(g.getDpsInputOperand(1));
    int64_t sLast = 1 + sp, wLast = nloops - 1;
    // The input column: stride * output column + dilation * window column.
    // A stride of 2 (a ResNet's downsampling) reads every other input
    // column: the read of a stride-2 slice becomes two vector loads and one
    // deinterleaving shuffle (deinterleaveStride2Reads), shared by the
    // block's filters. As scalar loops, 8x64x56x56 to 128 filters at stride
    // 2 took 365 ms.
    int64_t stride = columnStride(inMap.getResults().back(), sLast, wLast);
    if (!stride)
      return failure();
    SmallVector<ColumnSegment> segments =
        columnSegments(bounds[sLast], vectorWidth);
    // Filters per block: they share each input vector, unless the input
    // index depends on the filter (feature/batch groups). 16 accumulators
    // fit AVX-512's 32 registers; 8 the 16 of AVX2.
    int64_t to = inMap.getResult(0).isFunctionOfDim(1) ||
                         inMap.getResult(1).isFunctionOfDim(1)
                     ? 1
                     : (vectorWidth >= 16 ? 16 : 8);
    while (bounds[1] % to != 0)
      to /= 2;
    // One filter per block (depthwise: the input depends on the filter)
    // leaves one accumulator, a chain of dependent FMAs (9 for 3x3, 4
    // cycles each). Blocks of `rows` output rows instead, up to 8, each
    // reading its own input vectors: 8x256x28x28 depthwise 3x3 0.95 ->
    // 0.61 ms (21 GB/s, the memory's speed here), 8x512x14x14 0.52 ->
    // 0.39.
    int64_t rows = 1;
    if (to == 1 && sp >= 2)
      for (int64_t r = 8; r > 1 && rows == 1; --r)
        if (bounds[sLast - 1] % r == 0)
          rows = r;

    Location loc = g.getLoc();
    rewriter.setInsertionPoint(g);
    // Accumulators start from a fill's value in registers: the output is
    // then written once instead of filled, read back and written.
    Value fillValue = takeFillOfType(rewriter, g, elem);
    Value in = g.getDpsInputOperand(0)->get(),
          kernel = g.getDpsInputOperand(1)->get(), out = g.getDpsInits()[0];
    VectorType vTy; // of the segment being built
    Value pad = arith::ConstantOp::create(rewriter, loc, elem,
                                          rewriter.getZeroAttr(elem));
    auto cIdx = [&](OpBuilder &b, int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    // The kernel packed per block of `to` filters: [O / to, C, window...,
    // to], so the `to` scalars a tap broadcasts share one cache line. Read
    // in place they are a filter's C x window floats apart (2304 bytes for
    // 64 x 3 x 3): 16 lines per tap, and the block's kernel slice
    // outgrows L1. A copy per call (small next to the convolution); the
    // loops over the packed dims are (ob, c, window..., t).
    Value packed =
        to > 1 ? packKernel(rewriter, loc, kernel, kMap, bounds, to) : Value();
    auto apply = [&](OpBuilder &b, AffineMap m, ValueRange ivs) {
      SmallVector<Value> r;
      for (AffineExpr e : m.getResults())
        r.push_back(affine::AffineApplyOp::create(
            b, loc, AffineMap::get(nloops, 0, e), ivs));
      return r;
    };
    // Parallel loops (n, o by `to`, spatial, innermost by `width`) carry the
    // output tensor; the reduction loops (c, window) carry the accumulators.
    SmallVector<int64_t> steps(2 + sp, 1);
    steps[1] = to;
    if (rows > 1)
      steps[sLast - 1] = rows;
    // Threads split the batch, or the filter blocks of a single image.
    int64_t parDim = bounds[0] > 1 ? 0 : (bounds[1] > to ? 1 : -1);
    int64_t work = ShapedType::getNumElements(bounds);
    // A padded input (the images inserted into a tensor filled with the pad
    // value) is padded one image at a time inside the batch loop, only its
    // border filled: the padded copy of one image (860 KiB for 64 x 58 x 58)
    // is written and read in L2, where padding the whole batch first (6.9
    // MiB) goes through L3 (conv 8x64x56x56: 17.3 -> 16.9-17.0 ms).
    auto padIns = in.getDefiningOp<tensor::InsertSliceOp>();
    Value padValue = padIns ? imagePadValue(padIns, g) : Value();
    Value image = in; // what the taps read: one padded image when padValue
    std::function<Value(OpBuilder &, SmallVector<Value> &, Value)> parallel =
        [&](OpBuilder &b, SmallVector<Value> &ivs, Value acc) -> Value {
      int64_t d = ivs.size();
      if (d == 1 && padValue)
        image = paddedSlab(b, loc, padIns, padValue, ivs);
      // One loop over dim d carrying the output; the next dim inside.
      auto loopOver = [&](int64_t lb, int64_t ub, int64_t step, Value init) {
        return nestedLoop(
                   b, loc, lb, ub, step, init, ivs,
                   [&](OpBuilder &nb, Value arg) {
                     return parallel(nb, ivs, arg);
                   },
                   d == parDim ? work : 0)
            .getResult(0);
      };
      if (d == sLast) { // one loop per column segment
        for (const ColumnSegment &seg : segments) {
          vTy = VectorType::get({seg.width}, elem);
          acc = loopOver(seg.lb, seg.ub, seg.width, acc);
        }
        return acc;
      }
      if (d < 2 + sp)
        return loopOver(0, bounds[d], steps[d], acc);
      // One register block: accumulator t * rows + r for filter t, row r.
      auto filterIvs = [&](OpBuilder &b, int64_t t, int64_t r) {
        SmallVector<Value> v(ivs);
        if (t)
          v[1] = arith::AddIOp::create(b, loc, v[1], cIdx(b, t));
        if (r)
          v[sLast - 1] =
              arith::AddIOp::create(b, loc, v[sLast - 1], cIdx(b, r));
        return v;
      };
      SmallVector<Value> accs;
      for (int64_t t = 0; t < to; ++t)
        for (int64_t r = 0; r < rows; ++r)
          accs.push_back(
              fillValue ? vector::BroadcastOp::create(b, loc, vTy, fillValue)
                              .getResult()
                        : vector::TransferReadOp::create(
                              b, loc, vTy, acc, filterIvs(b, t, r), pad,
                              ArrayRef<bool>{true})
                              .getResult());
      SmallVector<Value> all(ivs); // then the c and window ivs
      auto tap = [&](OpBuilder &b, ValueRange cur) -> SmallVector<Value> {
        SmallVector<Value> xs; // one input vector per row
        for (int64_t r = 0; r < rows; ++r) {
          SmallVector<Value> allR(all);
          if (r)
            allR[sLast - 1] =
                arith::AddIOp::create(b, loc, all[sLast - 1], cIdx(b, r));
          SmallVector<Value> xIdx = apply(b, inMap, allR);
          if (padValue) // the image's own padded copy
            xIdx[0] = cIdx(b, 0);
          xs.push_back(readColumns(b, loc, vTy, image, xIdx, pad, stride));
        }
        SmallVector<Value> next;
        // The packed kernel's [o / to, c, window...] for this tap.
        SmallVector<Value> pIdx;
        if (packed) {
          pIdx.push_back(arith::DivUIOp::create(b, loc, all[1], cIdx(b, to)));
          for (int64_t i = 0; i <= sp; ++i)
            pIdx.push_back(all[2 + sp + i]);
        }
        for (int64_t t = 0; t < to; ++t) {
          SmallVector<Value> kIvs(all);
          if (t)
            kIvs[1] = arith::AddIOp::create(b, loc, kIvs[1], cIdx(b, t));
          SmallVector<Value> tIdx(pIdx);
          tIdx.push_back(cIdx(b, t));
          Value kv = packed ? tensor::ExtractOp::create(b, loc, packed, tIdx)
                            : tensor::ExtractOp::create(b, loc, kernel,
                                                        apply(b, kMap, kIvs));
          Value kb = vector::BroadcastOp::create(b, loc, vTy, kv);
          for (int64_t r = 0; r < rows; ++r)
            next.push_back(
                vector::FMAOp::create(b, loc, kb, xs[r], cur[t * rows + r]));
        }
        return next;
      };
      SmallVector<Value> res =
          accumulateLoops(b, loc, bounds, 0, all, accs, tap);
      for (int64_t t = 0; t < to; ++t)
        for (int64_t r = 0; r < rows; ++r)
          acc = vector::TransferWriteOp::create(b, loc, res[t * rows + r], acc,
                                                filterIvs(b, t, r),
                                                ArrayRef<bool>{true})
                    .getResult();
      return acc;
    };
    SmallVector<Value> ivs;
    Value result = parallel(rewriter, ivs, out);
    rewriter.replaceOp(g, result);
    return success();
  }

  /// Elementwise ops and reductions: innermost dim in vectors of
  /// `vectorWidth` (masked remainder), one vector per step. `innerTile`
  /// overrides the width (a split reduction's accumulator, kept whole);
  /// `rowTile` rows of dim 0 go side by side in one tile.
  LogicalResult scheduleGeneric(RewriterBase &rewriter, linalg::LinalgOp op,
                                int64_t innerTile = 0, int64_t rowTile = 1) {
    // nxc.in_order: a user function reduction whose order must not change.
    if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0 ||
        op->hasAttr("nxc.in_order") ||
        !llvm::all_of(op.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isProjectedPermutation(); }))
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic) ||
        llvm::any_of(bounds, [](int64_t b) { return b == 0; }))
      return failure();
    // Static full tiles only: a short innermost dim is one vector; a longer
    // one is split by the widest power of two <= vectorWidth that divides it
    // (masked remainders do not vectorize every body); dims without one stay
    // loops for LLVM's vectorizer.
    // Bodies with transcendental functions (long dependency chains of
    // polynomial steps) take two vectors per step: interleaved, the two
    // chains keep the FMA pipes busy where one would wait on latency.
    // tanh and erf (two polynomials and a division: GELU) take four where
    // there are 32 vector registers (AVX-512): 1.68 -> 1.60 ms on GELU over
    // 4M, where four slowed exp(a) * b + c by 5-10%.
    int64_t chains = 1;
    if (op.getNumReductionLoops() == 0)
      op->walk([&](Operation *o) {
        if (isa<math::TanhOp, math::ErfOp>(o) && vectorWidth >= 16)
          chains = 4;
        else if (isa<math::MathDialect>(o->getDialect()))
          chains = std::max<int64_t>(chains, 2);
      });
    int64_t maxWidth = innerTile ? innerTile : chains * vectorWidth;
    int64_t inner = bounds.back(), width = std::min<int64_t>(inner, maxWidth);
    // A long innermost dim that no whole register divides (4M + 5, 1000 on
    // AVX-512) is split in two ops: full steps over the largest multiple of
    // the step, then one short vector for the rest. Left as loops it ran
    // serially, at 1.31 ms instead of 0.92 for exp over 4M + 5.
    // Elementwise only: splitting a reduction would change its order.
    if (inner > maxWidth && inner % vectorWidth != 0 && !innerTile &&
        op.getNumReductionLoops() == 0) {
      rewriter.setInsertionPoint(op);
      auto [main, rest] = linalg::splitOp(
          rewriter, cast<TilingInterface>(op.getOperation()), bounds.size() - 1,
          rewriter.getIndexAttr(inner / maxWidth * maxWidth));
      if (!main || !rest)
        return failure();
      (void)scheduleGeneric(rewriter, cast<linalg::LinalgOp>(*main), 0,
                            rowTile);
      (void)scheduleGeneric(rewriter, cast<linalg::LinalgOp>(*rest), 0,
                            rowTile);
      return success();
    }
    while (inner > maxWidth && width >= 4 && inner % width != 0)
      width /= 2;
    if (inner % width != 0 || (inner > maxWidth && width < 4))
      return failure();
    SmallVector<int64_t> sizes(bounds.size(), 1);
    sizes.back() = width;
    if (bounds.size() > 1 && bounds[0] % rowTile == 0)
      sizes[0] = rowTile;
    // An input read across the output's rows (a transpose): make the tile
    // square so each of its rows is one contiguous vector read, transposed
    // in registers, instead of `width` scalar gathers.
    if (op.getNumReductionLoops() == 0 && !innerTile) {
      for (OpOperand *in : op.getDpsInputOperands()) {
        AffineMap m = op.getMatchingIndexingMap(in);
        if (m.getNumResults() == 0)
          continue;
        auto last = dyn_cast<AffineDimExpr>(m.getResults().back());
        if (!last || last.getPosition() == bounds.size() - 1)
          continue;
        int64_t p = last.getPosition();
        if (width == vectorWidth && bounds[p] % width == 0)
          sizes[p] = width;
        break;
      }
    }
    if (failed(linalg::vectorizeOpPrecondition(op, {}, {},
                                               /*vectorizeNDExtract=*/true)))
      return failure();
    bool reassociated = op->hasAttr(kReassociatedAttr);
    auto tiled = tileMarked(rewriter, op, sizes);
    if (failed(tiled))
      return failure();
    if (reassociated) { // the loops over reduced dims (one per tiled dim)
      SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
      unsigned next = 0;
      for (auto [size, iter] : llvm::zip(sizes, iters)) {
        if (size == 0 || next == tiled->loops.size())
          continue;
        Operation *loop = tiled->loops[next++];
        if (iter == utils::IteratorType::reduction)
          loop->setAttr(kReassociatedAttr, rewriter.getUnitAttr());
      }
    }
    return vectorizeOp(rewriter, tiled->tiledOps.front(), {});
  }

  /// The pad value when `ins` puts a batch of slabs (more than one: dims
  /// before `outer`, not padded) into a fill at constant offsets with unit
  /// strides, so that a reader can pad one slab at a time (paddedSlab);
  /// null otherwise.
  static Value slabPadValue(tensor::InsertSliceOp ins, int64_t outer) {
    auto fill = ins.getDest().getDefiningOp<linalg::FillOp>();
    RankedTensorType src = ins.getSourceType();
    SmallVector<OpFoldResult> offsets = ins.getMixedOffsets();
    if (!fill || !ins.hasUnitStride() || !src.hasStaticShape() || outer < 1 ||
        outer >= src.getRank() ||
        !llvm::all_of(
            offsets,
            [](OpFoldResult o) { return getConstantIntValue(o).has_value(); }))
      return Value();
    int64_t slabs = 1;
    for (int64_t d = 0; d < outer; ++d) {
      if (src.getDimSize(d) != ins.getType().getDimSize(d) ||
          getConstantIntValue(offsets[d]) != 0)
        return Value();
      slabs *= src.getDimSize(d);
    }
    return slabs >= 2 ? fill.getInputs()[0] : Value();
  }

  /// The pad value when `conv` (an `nxc.conv` generic) reading `ins` as its
  /// input pads its batch of images one at a time (vectorizeConv).
  static Value imagePadValue(tensor::InsertSliceOp ins,
                             linalg::GenericOp conv) {
    AffineMap inMap = conv.getMatchingIndexingMap(conv.getDpsInputOperand(0));
    if (inMap.getResult(0) != getAffineDimExpr(0, conv.getContext()))
      return Value();
    return slabPadValue(ins, 1);
  }

  /// The pad value when the window reduction `g` (vectorizeWindow) reading
  /// `ins` pads one plane (its last two dims) at a time: along the other
  /// dims its window is 1 wide at stride 1.
  static Value planePadValue(tensor::InsertSliceOp ins, linalg::GenericOp g) {
    int64_t rank = g.getNumLoops() / 2;
    if (rank < 3 || !windowStride(g))
      return Value();
    AffineMap inMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    MLIRContext *ctx = g.getContext();
    for (int64_t d = 0; d < rank - 2; ++d)
      if (bounds[rank + d] != 1 ||
          inMap.getResult(d) !=
              getAffineDimExpr(d, ctx) + getAffineDimExpr(rank + d, ctx))
        return Value();
    return slabPadValue(ins, rank - 2);
  }

  /// One slab of `padIns`'s padded tensor, at `outerIvs` along its leading
  /// dims (each of size 1 in the slab): the border filled strip by strip,
  /// the source's slab inserted. Padded a slab at a time inside the loops
  /// over the leading dims, the copy is written and read in cache, where
  /// padding the whole tensor first goes through memory.
  static Value paddedSlab(OpBuilder &b, Location loc,
                          tensor::InsertSliceOp padIns, Value padValue,
                          ValueRange outerIvs) {
    ArrayRef<int64_t> full = padIns.getType().getShape();
    ArrayRef<int64_t> src = padIns.getSourceType().getShape();
    Type elem = padIns.getType().getElementType();
    int64_t rank = full.size(), outer = outerIvs.size();
    SmallVector<int64_t> lo(rank), shape(full);
    for (int64_t d = 0; d < rank; ++d)
      lo[d] = *getConstantIntValue(padIns.getMixedOffsets()[d]);
    for (int64_t d = 0; d < outer; ++d)
      shape[d] = 1;
    auto attrs = [&](ArrayRef<int64_t> v) {
      return getAsIndexOpFoldResult(b.getContext(), v);
    };
    SmallVector<int64_t> ones(rank, 1);
    Value img = tensor::EmptyOp::create(b, loc, shape, elem);
    // The border, strip by strip: along dim d its low and high parts, over
    // the interior of the padded dims before it and all of the dims after.
    for (int64_t d = outer; d < rank; ++d) {
      int64_t hi = full[d] - lo[d] - src[d];
      for (auto [start, size] :
           {std::pair(int64_t(0), lo[d]), std::pair(full[d] - hi, hi)}) {
        if (size <= 0)
          continue;
        SmallVector<int64_t> offs(rank, 0), sizes(shape);
        for (int64_t e = outer; e < d; ++e) {
          offs[e] = lo[e];
          sizes[e] = src[e];
        }
        offs[d] = start;
        sizes[d] = size;
        Value stripEmpty = tensor::EmptyOp::create(b, loc, sizes, elem);
        Value strip =
            linalg::FillOp::create(b, loc, padValue, stripEmpty).getResult(0);
        img = tensor::InsertSliceOp::create(b, loc, strip, img, attrs(offs),
                                            attrs(sizes), attrs(ones));
      }
    }
    SmallVector<int64_t> srcOne(src), offs(lo);
    SmallVector<OpFoldResult> at = attrs(SmallVector<int64_t>(rank, 0));
    for (int64_t d = 0; d < outer; ++d) {
      srcOne[d] = 1;
      offs[d] = 0;
      at[d] = outerIvs[d];
    }
    Value one = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(srcOne, elem), padIns.getSource(), at,
        attrs(srcOne), attrs(ones));
    return tensor::InsertSliceOp::create(b, loc, one, img, attrs(offs),
                                         attrs(srcOne), attrs(ones));
  }

  /// The padding around a batch that convolutions pad one image at a time
  /// (imagePadValue), or window reductions one plane at a time
  /// (planePadValue): only the destination of insert_slices read as the
  /// input of such generics.
  static bool padsSlabs(linalg::FillOp fill) {
    auto padsBatch = [&](Operation *u) {
      auto ins = dyn_cast<tensor::InsertSliceOp>(u);
      return ins && ins.getDest() == fill.getResult(0) && !ins->use_empty() &&
             llvm::all_of(ins->getUses(), [&](OpOperand &use) {
               auto g = dyn_cast<linalg::GenericOp>(use.getOwner());
               return g && use.getOperandNumber() == 0 &&
                      (g->hasAttr("nxc.conv") ? bool(imagePadValue(ins, g))
                                              : bool(planePadValue(ins, g)));
             });
    };
    return !fill->use_empty() && llvm::all_of(fill->getUsers(), padsBatch);
  }

  /// Only read as the init of contractions or convolutions, whose register
  /// tiles start from its value instead (takeFill).
  static bool initializesContraction(linalg::FillOp fill) {
    return !fill->use_empty() &&
           llvm::all_of(fill->getUsers(), [](Operation *u) {
             auto g = dyn_cast<linalg::GenericOp>(u);
             return isa<linalg::MatmulOp, linalg::BatchMatmulOp>(u) ||
                    u->hasAttr("nxc.conv") || (g && windowStride(g));
           });
  }

  /// A fill of a fresh tensor whose innermost dim no vector width divides
  /// (a padded 58-wide image) would stay a serial scalar loop, or take
  /// narrow vectors: fill it flat instead, as one run of the widest vectors
  /// that divide its size, split across threads. (The copy
  /// into the padding's middle is nxc-copies-to-linalg's.)
  void flattenFills(RewriterBase &rewriter) {
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp fill) { fills.push_back(fill); });
    for (linalg::FillOp fill : fills) {
      auto ty = dyn_cast<RankedTensorType>(fill.getResult(0).getType());
      auto empty = fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>();
      if (!ty || !empty || initializesContraction(fill) || padsSlabs(fill) ||
          !ty.hasStaticShape() || ty.getRank() < 2 ||
          ty.getShape().back() % vectorWidth == 0 ||
          ty.getNumElements() % 4 != 0 || fill->getParentOfType<scf::ForOp>())
        continue;
      rewriter.setInsertionPoint(fill);
      Location loc = fill.getLoc();
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, ty.getRank()));
      // The fill's own destination, viewed flat: a returned result is still
      // written in place (a fresh flat tensor would be copied out).
      Value flat = tensor::CollapseShapeOp::create(
          rewriter, loc, empty, ArrayRef<ReassociationIndices>{all});
      Value filled =
          linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], flat)
              .getResult(0);
      rewriter.replaceOp(fill, tensor::ExpandShapeOp::create(
                                   rewriter, loc, ty, filled,
                                   ArrayRef<ReassociationIndices>{all}));
    }
  }

  /// Elementwise generics over contiguous tensors whose innermost dim no
  /// vector width divides (an NHWC image's 3 channels, 10 logits per row):
  /// one flat dim instead, so a row is not a short vector of its own.
  /// exp over [50176, 3]: 0.120 -> 0.025 ms (as over [150528]). Top level
  /// only, identity maps (no broadcast, no transpose), and no operand read
  /// through a slice, so every view stays contiguous.
  void flattenElementwise(RewriterBase &rewriter) {
    SmallVector<linalg::GenericOp> ops;
    for (Operation &op : getOperation().getBody().front())
      if (auto g = dyn_cast<linalg::GenericOp>(&op))
        ops.push_back(g);
    for (linalg::GenericOp g : ops) {
      SmallVector<int64_t> bounds = g.getStaticLoopRanges();
      if (!g.hasPureTensorSemantics() || bounds.size() < 2 ||
          g.getNumReductionLoops() != 0 || g.hasIndexSemantics() ||
          llvm::any_of(bounds, ShapedType::isDynamic) ||
          bounds.back() % vectorWidth == 0 ||
          !llvm::all_of(g.getIndexingMapsArray(),
                        [](AffineMap m) { return m.isIdentity(); }) ||
          llvm::any_of(g->getOperands(), [](Value v) {
            return isa_and_nonnull<tensor::ExtractSliceOp>(v.getDefiningOp());
          }))
        continue;
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, bounds.size()));
      rewriter.setInsertionPoint(g);
      auto flat = linalg::collapseOpIterationDims(
          g, ArrayRef<ReassociationIndices>{all}, rewriter);
      if (succeeded(flat))
        rewriter.replaceOp(g, flat->results);
    }
  }

  /// A result returned through a reshape (`return collapse_shape(%r)`, as
  /// Nx graphs ending in a reshape give) bufferizes to a temporary plus a
  /// copy into the caller's output. When %r is computed into a tensor.empty
  /// (through DPS inits and loop iter_args), allocate that empty in the
  /// returned shape and reshape it instead: the reshapes then cancel after
  /// bufferization and the result is written in place.
  void reshapeDestinations(RewriterBase &rewriter) {
    getOperation().walk([&](func::ReturnOp ret) {
      for (Value v : ret.getOperands()) {
        auto collapse = v.getDefiningOp<tensor::CollapseShapeOp>();
        auto expand = v.getDefiningOp<tensor::ExpandShapeOp>();
        if (!collapse && !expand)
          continue;
        Value src = collapse ? collapse.getSrc() : expand.getSrc();
        auto resTy = cast<RankedTensorType>(v.getType());
        if (!resTy.hasStaticShape())
          continue;
        // Walk to the tensor.empty the value is computed into.
        Value cur = src;
        for (int depth = 0; depth < 16 && cur; ++depth) {
          if (cur.getDefiningOp<tensor::EmptyOp>())
            break;
          auto res = dyn_cast<OpResult>(cur);
          if (!res) {
            cur = nullptr;
            break;
          }
          Operation *def = res.getOwner();
          if (auto dps = dyn_cast<DestinationStyleOpInterface>(def))
            cur = dps.getTiedOpOperand(res)->get();
          else if (auto loop = dyn_cast<scf::ForOp>(def))
            cur = loop.getInitArgs()[res.getResultNumber()];
          else
            cur = nullptr;
        }
        auto empty = cur ? cur.getDefiningOp<tensor::EmptyOp>() : nullptr;
        if (!empty || empty.getType() != src.getType())
          continue;
        rewriter.setInsertionPoint(empty);
        Value whole = tensor::EmptyOp::create(
            rewriter, empty.getLoc(), resTy.getShape(), resTy.getElementType());
        Value shaped = collapse ? tensor::ExpandShapeOp::create(
                                      rewriter, empty.getLoc(), empty.getType(),
                                      whole, collapse.getReassociationIndices())
                                      .getResult()
                                : tensor::CollapseShapeOp::create(
                                      rewriter, empty.getLoc(), empty.getType(),
                                      whole, expand.getReassociationIndices())
                                      .getResult();
        rewriter.replaceOp(empty, shaped);
      }
    });
  }

  /// A reduction over trailing contiguous dims and over outer dims too, with
  /// parallel dims between (batch-norm statistics over [N, H, W] of NCHW):
  /// as written, a serial chain of horizontal reductions of a few elements
  /// (6.4 MB summed in 1.2 ms). Split in two ops: the first reduces only the
  /// trailing dims into partials, started from the combiner's neutral
  /// element (then split across lanes, splitInnerReduction); the second
  /// combines the partials over the outer reduction dims into the original
  /// init, vectorized along the parallel dims. Reassociates, as
  /// splitInnerReduction does; reductions Nx orders are left alone.
  FailureOr<std::pair<linalg::LinalgOp, linalg::LinalgOp>>
  splitOuterReductions(RewriterBase &rewriter, linalg::LinalgOp op) {
    if (auto reduce = dyn_cast<linalg::ReduceOp>(op.getOperation())) {
      SmallVector<unsigned> red;
      op.getReductionDims(red);
      unsigned n = op.getNumLoops();
      // Only when the split applies (trailing and outer reduction dims).
      if (red.empty() || red.back() != n - 1 || red.size() == n ||
          llvm::equal(red, llvm::seq<unsigned>(n - red.size(), n)))
        return failure();
      rewriter.setInsertionPoint(reduce);
      auto generic = linalg::generalizeNamedOp(rewriter, reduce);
      if (failed(generic))
        return failure();
      op = *generic;
    }
    auto g = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!g || !g.hasPureTensorSemantics() || g->hasAttr("nxc.in_order") ||
        g.getNumDpsInits() != 1 || g.hasIndexSemantics() ||
        !cast<linalg::LinalgOp>(g.getOperation())
             .hasOnlyProjectedPermutations())
      return failure();
    SmallVector<int64_t> bounds = g.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic))
      return failure();
    int64_t n = bounds.size(), kept = n;
    while (kept > 0 &&
           linalg::isReductionIterator(g.getIteratorTypesArray()[kept - 1]))
      --kept;
    int64_t inner = 1;
    for (int64_t d = kept; d < n; ++d)
      inner *= bounds[d];
    if (kept == n || g.getNumReductionLoops() == unsigned(n - kept) ||
        inner < 2 * vectorWidth)
      return failure();
    ReassociationIndices suffix = llvm::to_vector(llvm::seq<int64_t>(kept, n));
    if (!linalg::areDimSequencesPreserved(
            g.getIndexingMapsArray(), ArrayRef<ReassociationIndices>{suffix}))
      return failure();
    SmallVector<Operation *> combiners;
    if (!matchReduction(g.getRegionOutputArgs(), 0, combiners) ||
        combiners.size() != 1 || combiners[0]->getNumOperands() != 2)
      return failure();
    Operation *combiner = combiners[0];
    std::optional<TypedAttr> neutral = arith::getNeutralElement(combiner);
    BlockArgument outArg = g.getRegionOutputArgs()[0];
    if (!neutral || (combiner->getOperand(0) != outArg &&
                     combiner->getOperand(1) != outArg))
      return failure();
    Location loc = g.getLoc();
    auto outTy = cast<RankedTensorType>(g.getResultTypes()[0]);
    Type elem = outTy.getElementType();
    MLIRContext *ctx = g.getContext();
    // Partials over the kept loops (the reduced suffix dropped).
    SmallVector<int64_t> partialShape(bounds.begin(), bounds.begin() + kept);
    rewriter.setInsertionPoint(g);
    Value empty = tensor::EmptyOp::create(rewriter, loc, partialShape, elem);
    Value init = linalg::FillOp::create(
                     rewriter, loc,
                     arith::ConstantOp::create(rewriter, loc, elem, *neutral)
                         .getResult(),
                     empty)
                     .getResult(0);
    SmallVector<AffineMap> maps = g.getIndexingMapsArray();
    SmallVector<AffineExpr> keptDims;
    for (int64_t d = 0; d < kept; ++d)
      keptDims.push_back(getAffineDimExpr(d, ctx));
    maps.back() = AffineMap::get(n, 0, keptDims, ctx);
    // Every kept loop is parallel here (the outer reduction dims index the
    // partials); only the suffix reduces.
    SmallVector<utils::IteratorType> piters(kept,
                                            utils::IteratorType::parallel);
    piters.append(n - kept, utils::IteratorType::reduction);
    auto partial = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, g.getDpsInputs(),
        ValueRange{init}, maps, piters);
    rewriter.cloneRegionBefore(g.getRegion(), partial.getRegion(),
                               partial.getRegion().begin());
    // The combination: the original init, the combiner alone.
    AffineMap outMap = g.getIndexingMapsArray().back();
    SmallVector<AffineMap> cmaps = {
        AffineMap::getMultiDimIdentityMap(kept, ctx),
        AffineMap::get(kept, 0, outMap.getResults(), ctx)};
    SmallVector<utils::IteratorType> citers = g.getIteratorTypesArray();
    citers.resize(kept);
    unsigned outPos = combiner->getOperand(0) == outArg ? 0 : 1;
    auto combine = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{partial.getResult(0)},
        ValueRange{g.getDpsInits()[0]}, cmaps, citers,
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> operands(2);
          operands[outPos] = args[1];
          operands[1 - outPos] = args[0];
          OperationState st(l, combiner->getName(), operands,
                            combiner->getResultTypes(), combiner->getAttrs());
          linalg::YieldOp::create(b, l, b.create(st)->getResult(0));
        });
    combine->setAttr(kReassociatedAttr, rewriter.getUnitAttr());
    rewriter.replaceOp(g, combine.getResult(0));
    return std::make_pair(cast<linalg::LinalgOp>(partial.getOperation()),
                          cast<linalg::LinalgOp>(combine.getOperation()));
  }

  /// A reduction along its innermost dim, split across vector lanes
  /// (splitInnerReduction) where it can be; else as scheduleGeneric does.
  void scheduleReduction(RewriterBase &rewriter, linalg::LinalgOp op) {
    auto split = splitInnerReduction(rewriter, op);
    if (failed(split)) {
      (void)scheduleGeneric(rewriter, op);
      return;
    }
    auto partial = split->splitLinalgOp;
    // The accumulator's fill: vector stores, not a scalar loop per lane.
    if (split->fillOp)
      (void)scheduleGeneric(rewriter, split->fillOp,
                            partial.getStaticLoopRanges().back());
    (void)scheduleGeneric(rewriter, partial,
                          partial.getStaticLoopRanges().back());
    (void)scheduleGeneric(rewriter, split->resultCombiningLinalgOp,
                          4 * vectorWidth);
  }

  /// A reduction along the innermost dim alone, at least two vectors long
  /// but no multiple of one (rows of 1000 or 1001 floats): split in two
  /// ops, the second continuing from the first's result. The first, a
  /// multiple of the vector width, is reduced across lanes; the rest is one
  /// short vector. Whole, it was folded through one serial chain of
  /// horizontal reductions, 8 or 1 elements at a time (softmax over 1024 x
  /// 1001: 3.2 ms against 0.44 over 1024 x 1024).
  FailureOr<std::pair<linalg::LinalgOp, linalg::LinalgOp>>
  peelReductionTail(RewriterBase &rewriter, linalg::LinalgOp op) {
    if (!op.hasPureTensorSemantics() || op->hasAttr("nxc.in_order") ||
        op.getNumDpsInits() != 1 || op.getNumLoops() == 0 ||
        !op.hasOnlyProjectedPermutations() || op.hasIndexSemantics())
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    SmallVector<unsigned> red;
    op.getReductionDims(red);
    unsigned n = op.getNumLoops();
    if (llvm::any_of(bounds, ShapedType::isDynamic) || red.size() != 1 ||
        red[0] != n - 1)
      return failure();
    int64_t len = bounds.back();
    if (len % vectorWidth == 0 || len < 2 * vectorWidth)
      return failure();
    rewriter.setInsertionPoint(op);
    auto [main, rest] = linalg::splitOp(
        rewriter, cast<TilingInterface>(op.getOperation()), n - 1,
        rewriter.getIndexAttr(len / vectorWidth * vectorWidth));
    if (!main || !rest)
      return failure();
    return std::make_pair(cast<linalg::LinalgOp>(main.getOperation()),
                          cast<linalg::LinalgOp>(rest.getOperation()));
  }

  /// For contractions whose init is `linalg.fill(c)`: detaches the fill
  /// (the contraction then writes into the fill's destination) and returns
  /// c, which the register tiles start from.
  Value takeFill(RewriterBase &rewriter, linalg::LinalgOp op) {
    auto fill = op.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
    if (!fill)
      return {};
    Value c = fill.getInputs()[0];
    op.getDpsInitsMutable()[0].set(fill.getDpsInits()[0]);
    return c; // an unused fill is dropped by the final canonicalization
  }
  /// takeFill for a fill whose value has type `elem`; else nothing.
  Value takeFillOfType(RewriterBase &rewriter, linalg::LinalgOp op, Type elem) {
    auto fill = op.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
    return fill && fill.getInputs()[0].getType() == elem
               ? takeFill(rewriter, op)
               : Value();
  }
  /// A batch entry's matmul -> the fill its batch matmul's tiles start from.
  DenseMap<Operation *, Value> tileFills;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    fuseRowBlocks(getOperation(), rewriter);
    fuseRows(getOperation(), rewriter, vectorWidth);
    reshapeDestinations(rewriter);
    flattenFills(rewriter);
    flattenElementwise(rewriter);
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    // Fills that only initialize contractions wait for them (takeFill).
    SmallVector<linalg::FillOp> deferred;
    for (linalg::LinalgOp op : ops) {
      if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation());
          fill && (initializesContraction(fill) || padsSlabs(fill))) {
        deferred.push_back(fill);
        continue;
      }
      if (auto mm = dyn_cast<linalg::MatmulOp>(op.getOperation());
          mm && succeeded(scheduleMatmul(rewriter, mm)))
        continue;
      if (isa<linalg::MatmulOp>(op.getOperation()))
        continue; // large un-blocked contractions stay loops for now
      if (auto bmm = dyn_cast<linalg::BatchMatmulOp>(op.getOperation())) {
        (void)scheduleBatchMatmul(rewriter, bmm);
        continue;
      }
      if (auto g = dyn_cast<linalg::GenericOp>(op.getOperation());
          g && (succeeded(vectorizeArgReduce(rewriter, g)) ||
                succeeded(vectorizeConvByFilters(rewriter, g)) ||
                succeeded(pointwiseConv(rewriter, g)) ||
                succeeded(vectorizeConv(rewriter, g)) ||
                succeeded(vectorizeWindow(rewriter, g))))
        continue;
      if (succeeded(scheduleLongReduction(rewriter, op)))
        continue;
      if (auto parts = peelReductionTail(rewriter, op); succeeded(parts)) {
        scheduleReduction(rewriter, parts->first);
        (void)scheduleGeneric(rewriter, parts->second);
        continue;
      }
      if (auto parts = splitOuterReductions(rewriter, op); succeeded(parts)) {
        if (auto tail = peelReductionTail(rewriter, parts->first);
            succeeded(tail)) {
          scheduleReduction(rewriter, tail->first);
          (void)scheduleGeneric(rewriter, tail->second);
        } else {
          scheduleReduction(rewriter, parts->first);
        }
        (void)scheduleGeneric(rewriter, parts->second);
        continue;
      }
      scheduleReduction(rewriter, op);
    }
    for (linalg::FillOp fill : deferred) // contractions left as loops
      if (!fill->use_empty())
        (void)scheduleGeneric(rewriter, fill);
    // Fold the full-tile slices away, then keep loop-carried tiles (the
    // matmul accumulator) in registers across the loops that update them.
    RewritePatternSet patterns(&getContext());
    for (RegisteredOperationName name : getContext().getRegisteredOperations())
      name.getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    deinterleaveStride2Reads(rewriter);
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) // post-order: innermost first
      hoistLoopInvariantSubsets(rewriter, loop);
    hoistInvariantComputations();
    keepRowPassesRolled();
  }

  /// Pure computations on loop-invariant values move out of loops that run
  /// at least once (so nothing runs that would not have): a row block of
  /// attention packs K^T's panels once per batch entry, not once per block.
  /// MLIR's LICM leaves loop nests alone (scf.for is not speculatable).
  /// Never out of a loop threads split: a tensor.empty hoisted out of it
  /// becomes one buffer that every thread's iterations write (each
  /// iteration's temporaries must stay inside, allocated per thread).
  void hoistInvariantComputations() {
    SmallVector<scf::ForOp> loops; // the subset hoisting replaced some
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      std::optional<APInt> trips = loop.getStaticTripCount();
      if (!trips || trips->isZero() || isMarkedParallel(loop))
        continue;
      // Not a tensor the loop then inserts into (a padded plane's border):
      // hoisted, each iteration would insert into a copy of it.
      auto insertedInto = [](Operation *op) {
        return llvm::any_of(op->getUses(), [](OpOperand &use) {
          auto ins = dyn_cast<tensor::InsertSliceOp>(use.getOwner());
          return ins && use.get() == ins.getDest();
        });
      };
      moveLoopInvariantCode(
          {&loop.getRegion()},
          [&](Value v, Region *) { return loop.isDefinedOutsideOfLoop(v); },
          [&](Operation *op, Region *) {
            return isMemoryEffectFree(op) && !insertedInto(op);
          },
          [&](Operation *op, Region *) { op->moveBefore(loop); });
    }
  }

  /// A fused row makes several passes over the same row (sum, variance,
  /// normalization), each a loop already unrolled to 4 vectors. Unrolled
  /// fully by LLVM, the passes' loads of the same addresses become one
  /// value each, live across passes: 64 zmm of row spilled to the stack.
  /// Kept rolled, each pass reloads its row from L1.
  void keepRowPassesRolled() {
    LLVM::LoopAnnotationAttr rolled;
    getOperation().walk([&](scf::ForOp rows) {
      if (!rows->hasAttr(kRowLoopAttr))
        return;
      rows->removeAttr(kRowLoopAttr);
      if (!rolled)
        rolled = unrollDisabled();
      rows.getBody()->walk(
          [&](scf::ForOp pass) { pass->setAttr("loop_annotation", rolled); });
    });
  }
  LLVM::LoopAnnotationAttr unrollDisabled() {
    return LLVM::LoopAnnotationAttr::get(
        &getContext(), /*disableNonforced=*/nullptr, /*vectorize=*/nullptr,
        /*interleave=*/nullptr,
        LLVM::LoopUnrollAttr::get(&getContext(),
                                  BoolAttr::get(&getContext(), true), {}, {},
                                  {}, {}, {}, {}),
        {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {});
  }

  /// A vector read of a slice with stride 2 along the innermost dim (the
  /// even/odd halves of Nx's associative scans, strided `slice`) would become
  /// W scalar loads. The W elements span 2W-1 contiguous ones of the
  /// unstrided source: read them as two vectors (at 0 and W-1, both in
  /// bounds) and deinterleave with one shuffle.
  void deinterleaveStride2Reads(RewriterBase &rewriter) {
    SmallVector<vector::TransferReadOp> reads;
    getOperation().walk([&](vector::TransferReadOp r) { reads.push_back(r); });
    for (vector::TransferReadOp read : reads) {
      VectorType vt = read.getVectorType();
      if (vt.getRank() == 0)
        continue;
      int64_t w = vt.getShape().back(), rank = read.getIndices().size();
      if (vt.isScalable() || w < 2 || read.getMask() ||
          !read.getPermutationMap().isMinorIdentity() ||
          !llvm::all_of(
              vt.getShape().drop_back(), [](int64_t d) { return d == 1; }) ||
          !llvm::all_of(
              read.getInBoundsValues(), [](bool b) { return b; }) ||
          !isa<RankedTensorType>(read.getBase().getType()))
        continue;
      // Compose the chain of same-rank slices down to a unit-stride source.
      rewriter.setInsertionPoint(read);
      Location loc = read.getLoc();
      Value src = read.getBase();
      SmallVector<Value> idx(read.getIndices());
      int64_t stride = 1;
      bool ok = true;
      SmallVector<Operation *> created;
      while (auto es = src.getDefiningOp<tensor::ExtractSliceOp>()) {
        if (es.getSourceType().getRank() != rank ||
            es.getResultType().getRank() != rank ||
            ShapedType::isDynamicShape(es.getStaticStrides())) {
          ok = false;
          break;
        }
        SmallVector<OpFoldResult> offs = es.getMixedOffsets();
        for (int64_t d = 0; d < rank; ++d) {
          int64_t st = es.getStaticStrides()[d];
          Value scaled = idx[d];
          if (st != 1)
            scaled = arith::MulIOp::create(
                rewriter, loc, idx[d],
                arith::ConstantIndexOp::create(rewriter, loc, st));
          idx[d] = arith::AddIOp::create(
              rewriter, loc, scaled,
              getValueOrCreateConstantIndexOp(rewriter, loc, offs[d]));
        }
        stride *= es.getStaticStrides().back();
        src = es.getSource();
      }
      if (!ok || stride != 2) {
        // Leave the read as it was (the index ops fold away as dead code).
        continue;
      }
      Type elem = vt.getElementType();
      auto flatTy = VectorType::get({w}, elem);
      Value v1 = vector::TransferReadOp::create(rewriter, loc, flatTy, src, idx,
                                                read.getPadding(),
                                                ArrayRef<bool>{true});
      SmallVector<Value> idx2(idx);
      idx2.back() = arith::AddIOp::create(
          rewriter, loc, idx.back(),
          arith::ConstantIndexOp::create(rewriter, loc, w - 1));
      Value v2 = vector::TransferReadOp::create(rewriter, loc, flatTy, src,
                                                idx2, read.getPadding(),
                                                ArrayRef<bool>{true});
      SmallVector<int64_t> mask;
      for (int64_t k = 0; k < w; ++k)
        mask.push_back(2 * k < w ? 2 * k : w + (2 * k - (w - 1)));
      Value even = vector::ShuffleOp::create(rewriter, loc, v1, v2, mask);
      if (vt.getRank() != 1)
        even = vector::ShapeCastOp::create(rewriter, loc, vt, even);
      rewriter.replaceOp(read, even);
    }
  }
};
} // namespace
} // namespace nxc
