//===- Buffers.cpp - workspace placement and copies after bufferization ---===//
#include "Codegen/Passes.h"
#include "Codegen/Schedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCALLOCSTOWORKSPACE
#define GEN_PASS_DEF_NXCCOPIESTOLINALG
#define GEN_PASS_DEF_NXCDELINEARIZEGATHERS
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

struct DelinearizeGathersPass
    : impl::NxcDelinearizeGathersBase<DelinearizeGathersPass> {
  void runOnOperation() override {
    SmallVector<vector::GatherOp> gathers;
    getOperation().walk([&](vector::GatherOp g) {
      auto mt = dyn_cast<MemRefType>(g.getBase().getType());
      if (mt && !mt.getLayout().isIdentity())
        gathers.push_back(g);
    });
    for (vector::GatherOp g : gathers)
      rewrite(g);
  }

  static void rewrite(vector::GatherOp g) {
    OpBuilder b(g);
    Location loc = g.getLoc();
    auto mt = cast<MemRefType>(g.getBase().getType());
    auto idxVecTy = g.getIndexVectorType().clone(b.getIndexType());
    auto md = memref::ExtractStridedMetadataOp::create(b, loc, g.getBase());
    auto cst = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    auto splat = [&](Value s) -> Value {
      return vector::BroadcastOp::create(b, loc, idxVecTy, s);
    };
    // Linear row-major position of the base indices, plus the offsets.
    Value lin = cst(0);
    for (auto [d, idx] : llvm::enumerate(g.getOffsets()))
      lin = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, lin, md.getSizes()[d]), idx);
    Value offsets = g.getIndices();
    if (!isa<IndexType>(g.getIndexVectorType().getElementType()))
      offsets = arith::IndexCastOp::create(b, loc, idxVecTy, offsets);
    Value pos = arith::AddIOp::create(b, loc, splat(lin), offsets);
    // Delinearize by the sizes, innermost first; weigh by the strides.
    Value addr;
    Value extent = cst(1);
    for (int64_t d = mt.getRank() - 1; d >= 0; --d) {
      Value size = md.getSizes()[d], stride = md.getStrides()[d];
      Value i = pos;
      if (d > 0) {
        Value sizes = splat(size);
        i = arith::RemUIOp::create(b, loc, pos, sizes);
        pos = arith::DivUIOp::create(b, loc, pos, sizes);
      }
      Value term = arith::MulIOp::create(b, loc, i, splat(stride));
      addr =
          addr ? arith::AddIOp::create(b, loc, addr, term).getResult() : term;
      // The view spans 1 + sum (size - 1) * stride elements.
      Value last = arith::MulIOp::create(
          b, loc, arith::SubIOp::create(b, loc, size, cst(1)), stride);
      extent = arith::AddIOp::create(b, loc, extent, last);
    }
    auto flatTy = MemRefType::get(
        {ShapedType::kDynamic}, mt.getElementType(),
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}),
        mt.getMemorySpace());
    Value flat = memref::ReinterpretCastOp::create(
        b, loc, flatTy, md.getBaseBuffer(), OpFoldResult(md.getOffset()),
        ArrayRef<OpFoldResult>{extent},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
    Value gathered = vector::GatherOp::create(b, loc, g.getVectorType(), flat,
                                              ValueRange{cst(0)}, addr,
                                              g.getMask(), g.getPassThru());
    g.replaceAllUsesWith(gathered);
    g.erase();
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
