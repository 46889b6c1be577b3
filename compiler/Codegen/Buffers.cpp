//===- Buffers.cpp - workspace placement and copies after bufferization ---===//
#include "Codegen/Passes.h"
#include "Codegen/Schedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCALLOCSTOWORKSPACE
#define GEN_PASS_DEF_NXCCOPIESTOLINALG
#define GEN_PASS_DEF_NXCDISTINCTRESULTS
#define GEN_PASS_DEF_NXCREADONLYARGUMENTS
#include "Codegen/Passes.h.inc"

namespace {
constexpr int64_t kAlign = 64; // a cache line, and an AVX-512 vector

struct AllocsToWorkspacePass
    : impl::NxcAllocsToWorkspaceBase<AllocsToWorkspacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isDeclaration() || func.isPrivate())
      return;
    MLIRContext *ctx = &getContext();
    SmallVector<Operation *> allocs;
    // Only allocations outside loops: one slot then serves the whole call.
    for (Operation &op : func.getBody().front())
      if (isa<memref::AllocOp, memref::AllocaOp>(op)) {
        auto t = cast<MemRefType>(op.getResult(0).getType());
        if (t.hasStaticShape() && t.getLayout().isIdentity() &&
            op.getNumOperands() == 0)
          allocs.push_back(&op);
      }
    int64_t offset = 0;
    SmallVector<std::pair<Operation *, int64_t>> placed;
    for (Operation *op : allocs) {
      auto t = cast<MemRefType>(op->getResult(0).getType());
      Type e = t.getElementType();
      int64_t bits = isa<ComplexType>(e) ? 2 * cast<ComplexType>(e)
                                                   .getElementType()
                                                   .getIntOrFloatBitWidth()
                                         : e.getIntOrFloatBitWidth();
      int64_t bytes = t.getNumElements() * std::max<int64_t>(1, (bits + 7) / 8);
      offset = (offset + kAlign - 1) / kAlign * kAlign;
      placed.push_back({op, offset});
      offset += bytes;
    }
    auto wsType = MemRefType::get({std::max<int64_t>(offset, 1)},
                                  IntegerType::get(ctx, 8));
    Block &entry = func.getBody().front();
    if (failed(func.insertArgument(func.getNumArguments(), wsType, {},
                                   func.getLoc())))
      return signalPassFailure();
    Value ws = entry.getArguments().back();
    OpBuilder b(ctx);
    for (auto [op, off] : placed) {
      b.setInsertionPoint(op);
      Value c = arith::ConstantIndexOp::create(b, op->getLoc(), off);
      Value view = memref::ViewOp::create(
          b, op->getLoc(), op->getResult(0).getType(), ws, c, ValueRange{});
      for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      op->getResult(0).replaceAllUsesWith(view);
      op->erase();
    }
    func->setAttr("nxc.workspace_size",
                  b.getI64IntegerAttr(offset == 0 ? 0 : offset));
  }
};
/// A copy between static views whose rows are contiguous in both (a
/// function argument copied into the middle of its padding): one vector
/// load and store per row, in a loop nest whose outermost loop threads
/// share. As linalg.copy it would be serial scalar loops (conv2d's
/// 8x64x56x56 input into 58x58 rows: 0.6 ms on 1 thread or 2).
bool copyRows(OpBuilder &b, memref::CopyOp copy) {
  auto src = dyn_cast<MemRefType>(copy.getSource().getType());
  auto dst = dyn_cast<MemRefType>(copy.getTarget().getType());
  if (!src || !dst || !src.hasStaticShape() ||
      src.getShape() != dst.getShape() || src.getRank() < 2 ||
      !src.getElementType().isIntOrFloat() ||
      src.getElementTypeBitWidth() % 8 != 0)
    return false;
  int64_t row = src.getShape().back();
  if (row < 4 || row > 256 || !src.isLastDimUnitStride() ||
      !dst.isLastDimUnitStride())
    return false;
  Location loc = copy.getLoc();
  Type elem = src.getElementType();
  VectorType vt = VectorType::get({row}, elem);
  Value pad = arith::ConstantOp::create(b, loc, elem, b.getZeroAttr(elem));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t d : src.getShape().drop_back()) {
    lbs.push_back(zero);
    ubs.push_back(arith::ConstantIndexOp::create(b, loc, d));
    steps.push_back(one);
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location, ValueRange ivs) {
        SmallVector<Value> idx(ivs);
        idx.push_back(zero);
        Value v = vector::TransferReadOp::create(
            nb, loc, vt, copy.getSource(), idx, pad, ArrayRef<bool>{true});
        vector::TransferWriteOp::create(nb, loc, v, copy.getTarget(), idx,
                                        ArrayRef<bool>{true});
      });
  markParallel(nest.loops.front(), src.getNumElements());
  return true;
}

struct CopiesToLinalgPass : impl::NxcCopiesToLinalgBase<CopiesToLinalgPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      OpBuilder b(copy);
      if (copyRows(b, copy)) {
        copy.erase();
        return;
      }
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};

struct ReadOnlyArgumentsPass
    : impl::NxcReadOnlyArgumentsBase<ReadOnlyArgumentsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isDeclaration() || func.isPrivate())
      return;
    auto no = BoolAttr::get(&getContext(), false);
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (isa<TensorType>(func.getArgument(i).getType()))
        func.setArgAttr(
            i, bufferization::BufferizationDialect::kWritableAttrName, no);
  }
};

struct DistinctResultsPass : impl::NxcDistinctResultsBase<DistinctResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      llvm::SmallPtrSet<Value, 4> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        auto t = dyn_cast<MemRefType>(operand.get().getType());
        if (!t || seen.insert(operand.get()).second)
          continue;
        SmallVector<Value> dynamicSizes;
        for (int64_t i = 0; i < t.getRank(); ++i)
          if (t.isDynamicDim(i))
            dynamicSizes.push_back(
                memref::DimOp::create(b, ret.getLoc(), operand.get(), i));
        Value fresh = memref::AllocOp::create(b, ret.getLoc(), t, dynamicSizes);
        memref::CopyOp::create(b, ret.getLoc(), operand.get(), fresh);
        operand.set(fresh);
      }
    });
  }
};
} // namespace
} // namespace nxc
