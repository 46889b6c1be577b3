//===- FuseRows.cpp - row-by-row fusion of reduce/broadcast chains --------===//
//
// Softmax, layer norm, log-softmax, attention's softmax: a chain of linalg
// ops over the same rows that reduces along a row and broadcasts the result
// back. See fuseRows. Part of the nxc-vectorize schedule.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Schedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;

namespace nxc {
namespace {
/// The map reads the row dims d0..d(n-1) as its first n results, and them
/// nowhere else.
bool rowIndexed(AffineMap m, unsigned n) {
  if (m.getNumResults() < n)
    return false;
  for (unsigned i = 0; i < m.getNumResults(); ++i) {
    AffineExpr e = m.getResult(i);
    if (i < n ? e != getAffineDimExpr(i, m.getContext())
              : llvm::any_of(
                    llvm::seq(0u, n),
                    [&](unsigned d) { return e.isFunctionOfDim(d); }))
      return false;
  }
  return true;
}

/// Can `op` join a row-fused chain over rows `rows` (the bounds of its
/// first rows.size() loops, all parallel), indexing every result by those
/// dims first. Contractions and convolutions keep their own schedules.
bool rowFusible(linalg::LinalgOp op, ArrayRef<int64_t> rows) {
  if (!op.hasPureTensorSemantics() || op.getNumLoops() < rows.size() ||
      op->hasAttr("nxc.conv") || op->hasAttr("nxc.arg_reduce") ||
      isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op.getOperation()) ||
      !isa<TilingInterface>(op.getOperation()))
    return false;
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  if (llvm::any_of(bounds, ShapedType::isDynamic))
    return false;
  for (auto [d, r] : llvm::enumerate(rows))
    if (bounds[d] != r || iters[d] != utils::IteratorType::parallel)
      return false;
  return llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &o) {
    return rowIndexed(op.getMatchingIndexingMap(&o), rows.size());
  });
}
/// The ops of a row-fused chain ending at `root` over its first `n` dims,
/// in program order; empty when there is no worthwhile chain (fewer than
/// three ops, or no reduction along the rows).
SmallVector<Operation *> rowGroup(linalg::LinalgOp root, unsigned n,
                                  const DenseSet<Operation *> &taken) {
  SmallVector<int64_t> bounds = root.getStaticLoopRanges();
  ArrayRef<int64_t> rows = ArrayRef(bounds).take_front(n);
  if (!rowFusible(root, rows))
    return {};
  Block *body = root->getBlock();
  SetVector<Operation *> group;
  group.insert(root);
  // Producers in this block reached through row-indexed operands.
  for (unsigned i = 0; i < group.size(); ++i) {
    auto op = cast<linalg::LinalgOp>(group[i]);
    for (OpOperand &o : op->getOpOperands()) {
      auto p = o.get().getDefiningOp<linalg::LinalgOp>();
      if (p && p->getBlock() == body && !taken.contains(p) &&
          rowFusible(p, rows) && rowIndexed(op.getMatchingIndexingMap(&o), n))
        group.insert(p);
    }
  }
  // Keep only producers whose every use is in the group (the others are
  // computed whole, before the loop, and read by slices).
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation *op : group.getArrayRef().drop_front())
      if (llvm::any_of(op->getUsers(),
                       [&](Operation *u) { return !group.contains(u); })) {
        group.remove(op);
        changed = true;
        break;
      }
  }
  bool reduces = llvm::any_of(group, [](Operation *op) {
    return cast<linalg::LinalgOp>(op).getNumReductionLoops() > 0;
  });
  if (group.size() < 3 || !reduces)
    return {};
  SmallVector<Operation *> ordered(group.begin(), group.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

} // namespace

/// Softmax, layer norm, log-softmax...: a chain of ops over the same rows
/// that reduce along a row and broadcast the result back. Scheduled op by
/// op, each makes a pass over the whole tensor and materializes it (six
/// passes for layer norm). Instead one loop over the rows (all leading
/// parallel dims, flattened: [8, 512, 512] attention scores are 4096 rows)
/// computes the whole chain for one row, each op tiled at that row
/// (getTiledImplementation) and fed the tiles of its producers, so a row
/// is read from memory once and its intermediates stay in L1. The loop is
/// marked parallel: rows are independent.
void fuseRows(func::FuncOp func, RewriterBase &rewriter, int64_t vectorWidth) {
  // Chains at the top level and in loops (a row block of attention that
  // fuseRowBlocks made), each block's ops last to first.
  SmallVector<Block *> blocks;
  func.walk([&](Block *b) { blocks.push_back(b); });
  SmallVector<linalg::LinalgOp> roots;
  for (Block *body : blocks)
    for (Operation &op : llvm::reverse(*body))
      if (auto l = dyn_cast<linalg::LinalgOp>(&op))
        roots.push_back(l);
  DenseSet<Operation *> taken;
  for (linalg::LinalgOp root : roots) {
    if (taken.contains(root) || root->getNumResults() != 1 ||
        root.getNumLoops() < 2)
      continue;
    SmallVector<int64_t> bounds = root.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic))
      continue;
    // The most leading dims that still leave a chain with a reduction.
    SmallVector<Operation *> ordered;
    unsigned n = root.getNumLoops() - 1;
    for (; n >= 1; --n)
      if (!(ordered = rowGroup(root, n, taken)).empty())
        break;
    if (ordered.empty())
      continue;
    int64_t rows = ShapedType::getNumElements(ArrayRef(bounds).take_front(n));
    int64_t perRow = ShapedType::getNumElements(ArrayRef(bounds).drop_front(n));
    if (rows < 2 || perRow < 4 * vectorWidth)
      continue; // short rows: per-row loops would cost more than passes
    for (Operation *op : ordered)
      taken.insert(op);

    Location loc = root.getLoc();
    rewriter.setInsertionPoint(root);
    Value init = root.getDpsInits()[0];
    auto resultTy = cast<RankedTensorType>(root->getResult(0).getType());
    int64_t rank = resultTy.getRank();
    // A root initialized by a member (a reduction's fill) gets its init
    // from that member's tile; the loop carries a fresh destination.
    Value dest = init;
    if (Operation *def = init.getDefiningOp();
        def && llvm::is_contained(ordered, def))
      dest = tensor::EmptyOp::create(rewriter, loc, resultTy.getShape(),
                                     resultTy.getElementType());
    bool ok = true;
    auto loop = scf::ForOp::create(
        rewriter, loc, arith::ConstantIndexOp::create(rewriter, loc, 0),
        arith::ConstantIndexOp::create(rewriter, loc, rows),
        arith::ConstantIndexOp::create(rewriter, loc, 1), ValueRange{dest},
        [&](OpBuilder &b, Location l, Value flat, ValueRange iter) {
          // The row's index along each leading dim (row-major).
          SmallVector<OpFoldResult> row(n);
          Value rest = flat;
          for (int64_t d = n - 1; d >= 0; --d) {
            Value idx = rest;
            if (d > 0) {
              Value size = arith::ConstantIndexOp::create(b, l, bounds[d]);
              idx = arith::RemUIOp::create(b, l, rest, size);
              rest = arith::DivUIOp::create(b, l, rest, size);
            }
            row[d] = idx;
          }
          DenseMap<Value, Value> tiles; // member result -> its row tile
          Value rowResult;
          for (Operation *op : ordered) {
            auto lop = cast<linalg::LinalgOp>(op);
            SmallVector<OpFoldResult> offsets(lop.getNumLoops(),
                                              b.getIndexAttr(0));
            SmallVector<OpFoldResult> sizes;
            for (int64_t d : lop.getStaticLoopRanges())
              sizes.push_back(b.getIndexAttr(d));
            for (unsigned d = 0; d < n; ++d) {
              offsets[d] = row[d];
              sizes[d] = b.getIndexAttr(1);
            }
            auto tiled = cast<TilingInterface>(op).getTiledImplementation(
                b, offsets, sizes);
            if (failed(tiled) || tiled->tiledOps.size() != 1) {
              ok = false;
              break;
            }
            Operation *t = tiled->tiledOps.front();
            for (OpOperand &o : t->getOpOperands()) {
              auto slice = o.get().getDefiningOp<tensor::ExtractSliceOp>();
              if (!slice)
                continue;
              Value tile = tiles.lookup(slice.getSource());
              if (tile && tile.getType() == o.get().getType())
                o.set(tile);
              else if (op == root && slice.getSource() == init) {
                OpBuilder::InsertionGuard guard(b);
                b.setInsertionPoint(t);
                o.set(tensor::ExtractSliceOp::create(
                    b, l, iter[0], slice.getMixedOffsets(),
                    slice.getMixedSizes(), slice.getMixedStrides()));
              }
            }
            for (auto [res, tv] :
                 llvm::zip(op->getResults(), tiled->tiledValues))
              tiles[res] = tv;
            if (op == root)
              rowResult = tiled->tiledValues.front();
          }
          Value next = iter[0];
          if (ok) {
            SmallVector<OpFoldResult> offs(rank, b.getIndexAttr(0)), szs,
                strides(rank, b.getIndexAttr(1));
            for (int64_t d : resultTy.getShape())
              szs.push_back(b.getIndexAttr(d));
            for (unsigned d = 0; d < n; ++d) {
              offs[d] = row[d];
              szs[d] = b.getIndexAttr(1);
            }
            next = tensor::InsertSliceOp::create(b, l, rowResult, iter[0], offs,
                                                 szs, strides);
          }
          scf::YieldOp::create(b, l, next);
        });
    if (!ok) { // leave the ops to the per-op schedules
      rewriter.eraseOp(loop);
      if (dest != init)
        rewriter.eraseOp(dest.getDefiningOp());
      continue;
    }
    markParallel(loop, rows * perRow);
    loop->setAttr(kRowLoopAttr, rewriter.getUnitAttr());
    rewriter.replaceAllUsesWith(root->getResult(0), loop.getResult(0));
    // The slices of members that the tiles replaced are dead now.
    for (Operation *op : llvm::reverse(ordered)) {
      for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
        if (isa<tensor::ExtractSliceOp>(user) && user->use_empty())
          rewriter.eraseOp(user);
      rewriter.eraseOp(op);
    }
  }
}

} // namespace nxc
