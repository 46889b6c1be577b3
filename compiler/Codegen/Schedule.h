//===- Schedule.h - pieces of the nxc-vectorize schedule --------*- C++ -*-===//
//
// nxc-vectorize (Vectorize.cpp) is the CPU tiling and vectorization
// schedule; the larger pieces of it live in their own files.
//
//===----------------------------------------------------------------------===//
#ifndef NXC_CODEGEN_SCHEDULE_H
#define NXC_CODEGEN_SCHEDULE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace nxc {

/// Marks `loop` for nxc-parallelize: its iterations write disjoint slices
/// of its results and nothing else; `work` is the loop nest's iteration
/// count (element operations), compared with min-work.
void markParallel(mlir::Operation *loop, int64_t work);
/// Whether markParallel marked `loop`.
bool isMarkedParallel(mlir::Operation *loop);

/// Row fusion (FuseRows.cpp): each chain of linalg ops in `func` over the
/// same rows that reduces along a row and broadcasts back becomes one loop
/// over the rows, marked parallel, computing the chain a row at a time.
/// Rows shorter than 4 x `vectorWidth` are left alone.
void fuseRows(mlir::func::FuncOp func, mlir::RewriterBase &rewriter,
              int64_t vectorWidth);

/// Row-block fusion (FuseBlocks.cpp): a batch matmul whose LHS a linalg
/// chain computes from another batch matmul (attention) is tiled by one
/// batch entry and a block of rows, the chain fused into that loop nest
/// (marked parallel), so the intermediates live in cache a block at a time.
void fuseRowBlocks(mlir::func::FuncOp func, mlir::RewriterBase &rewriter);

/// Unit attribute on the row loops fuseRows creates, until nxc-vectorize
/// has scheduled their bodies.
inline constexpr llvm::StringLiteral kRowLoopAttr = "nxc.rows";

/// Unit attribute: on a linalg op that nxc-vectorize split out of a float
/// reduction (its sum is reassociated), then on the loops tiling it creates;
/// nxc-contract-reductions fuses products into those loops' accumulators.
inline constexpr llvm::StringLiteral kReassociatedAttr = "nxc.reassociated";

} // namespace nxc

#endif
