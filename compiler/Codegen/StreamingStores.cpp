//===- StreamingStores.cpp - non-temporal stores into large outputs -------===//
//
// A result much larger than the caches is written once and not read again
// by the function. Ordinary stores first fetch each line they write
// (read-for-ownership), so `exp(a) * b + c` over 16M floats moves 5 x 64 MiB
// instead of 4. Non-temporal vector stores skip that read. Each must write
// whole cache lines (a partial line is flushed on its own, far slower than
// the read it saves) and be aligned (an unaligned one is split into scalar
// stores); the caller's buffer may not be, so the loop nest is versioned on
// the buffer's address. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCSTREAMINGSTORES
#include "Codegen/Passes.h.inc"

namespace {
/// Trailing zero bits known for an index value: it is a multiple of
/// 2^result. 64 stands for zero (a multiple of everything).
unsigned knownTrailingZeros(Value v, unsigned depth = 0);

unsigned constTrailingZeros(int64_t c) {
  return c == 0 ? 64 : llvm::countr_zero<uint64_t>(c);
}

unsigned exprTrailingZeros(AffineExpr e, ValueRange dims, ValueRange syms,
                           unsigned depth) {
  if (auto c = dyn_cast<AffineConstantExpr>(e))
    return constTrailingZeros(c.getValue());
  if (auto d = dyn_cast<AffineDimExpr>(e))
    return knownTrailingZeros(dims[d.getPosition()], depth + 1);
  if (auto s = dyn_cast<AffineSymbolExpr>(e))
    return knownTrailingZeros(syms[s.getPosition()], depth + 1);
  auto bin = cast<AffineBinaryOpExpr>(e);
  unsigned l = exprTrailingZeros(bin.getLHS(), dims, syms, depth);
  unsigned r = exprTrailingZeros(bin.getRHS(), dims, syms, depth);
  switch (e.getKind()) {
  case AffineExprKind::Add:
    return std::min(l, r);
  case AffineExprKind::Mul:
    return std::min(64u, l + r);
  default: // mod, floordiv, ceildiv: nothing known
    return 0;
  }
}

unsigned knownTrailingZeros(Value v, unsigned depth) {
  if (depth > 32)
    return 0;
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return constTrailingZeros(*c);
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || arg != loop.getInductionVar())
      return 0;
    return std::min(knownTrailingZeros(loop.getLowerBound(), depth + 1),
                    knownTrailingZeros(loop.getStep(), depth + 1));
  }
  Operation *op = v.getDefiningOp();
  if (isa<arith::AddIOp, arith::SubIOp>(op))
    return std::min(knownTrailingZeros(op->getOperand(0), depth + 1),
                    knownTrailingZeros(op->getOperand(1), depth + 1));
  if (isa<arith::MulIOp>(op))
    return std::min(64u, knownTrailingZeros(op->getOperand(0), depth + 1) +
                             knownTrailingZeros(op->getOperand(1), depth + 1));
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp>(op))
    return knownTrailingZeros(op->getOperand(0), depth + 1);
  if (auto apply = dyn_cast<affine::AffineApplyOp>(op)) {
    AffineMap map = apply.getAffineMap();
    ValueRange operands = apply.getMapOperands();
    return exprTrailingZeros(map.getResult(0),
                             operands.take_front(map.getNumDims()),
                             operands.drop_front(map.getNumDims()), depth);
  }
  return 0;
}

/// Trailing zero bits of sum(index_i * stride_i) over `type`'s strides: the
/// element offset that indices (or a subview's offsets) add; 0 when a
/// stride is dynamic.
unsigned linearTrailingZeros(ArrayRef<OpFoldResult> indices, MemRefType type,
                             unsigned depth) {
  auto [strides, offset] = type.getStridesAndOffset();
  unsigned tz = 64;
  for (auto [index, stride] : llvm::zip(indices, strides)) {
    if (ShapedType::isDynamic(stride))
      return 0;
    std::optional<int64_t> c = getConstantIntValue(index);
    unsigned i = c ? constTrailingZeros(*c)
                   : knownTrailingZeros(cast<Value>(index), depth);
    tz = std::min(tz, std::min(64u, i + constTrailingZeros(stride)));
  }
  return tz;
}

/// Trailing zero bits of the element offset of `view` from its base buffer
/// (an identity-layout function argument), through subviews and reshapes.
unsigned offsetTrailingZeros(Value view, unsigned depth = 0) {
  auto type = dyn_cast<MemRefType>(view.getType());
  if (!type || depth > 32)
    return 0;
  auto [strides, offset] = type.getStridesAndOffset();
  if (!ShapedType::isDynamic(offset))
    return constTrailingZeros(offset);
  Operation *op = view.getDefiningOp();
  if (isa_and_nonnull<memref::CastOp, memref::ExpandShapeOp,
                      memref::CollapseShapeOp>(op))
    return offsetTrailingZeros(op->getOperand(0), depth + 1);
  auto subview = dyn_cast_or_null<memref::SubViewOp>(op);
  if (!subview)
    return 0;
  return std::min(offsetTrailingZeros(subview.getSource(), depth + 1),
                  linearTrailingZeros(subview.getMixedOffsets(),
                                      subview.getSourceType(), depth + 1));
}

/// log2 of the byte alignment `store` provably has relative to its base.
unsigned storeAlignmentLog2(vector::StoreOp store) {
  MemRefType type = store.getMemRefType();
  auto [strides, offset] = type.getStridesAndOffset();
  if (strides.empty() || strides.back() != 1)
    return 0;
  unsigned tz = std::min(
      offsetTrailingZeros(store.getBase()),
      linearTrailingZeros(getAsOpFoldResult(store.getIndices()), type, 0));
  unsigned elemBits = type.getElementTypeBitWidth();
  return std::min(64u, tz + llvm::countr_zero(elemBits / 8));
}

/// Collects the stores into `buffer` and its views; false if anything else
/// uses it (a read, a call, a copy), so it is not a write-only output.
bool collectWrites(Value buffer, SmallVectorImpl<Operation *> &writes) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
      if (view.getViewSource() != buffer ||
          !collectWrites(user->getResult(0), writes))
        return false;
      continue;
    }
    if (auto store = dyn_cast<vector::StoreOp>(user);
        store && store.getBase() == buffer) {
      writes.push_back(user);
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(user);
        store && store.getMemRef() == buffer)
      continue;
    if (auto store = dyn_cast<vector::MaskedStoreOp>(user);
        store && store.getBase() == buffer)
      continue;
    return false;
  }
  return true;
}

struct StreamingStoresPass : impl::NxcStreamingStoresBase<StreamingStoresPass> {
  using NxcStreamingStoresBase::NxcStreamingStoresBase;

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (line < 16 || !llvm::isPowerOf2_64(line) || fn.isExternal())
      return;
    unsigned lineLog2 = llvm::Log2_64(line);
    Block &entry = fn.getBody().front();
    // Per top-level op of the body: its streamable stores and the buffers
    // whose alignment they need.
    llvm::MapVector<Operation *, SmallVector<vector::StoreOp>> nests;
    llvm::MapVector<Operation *, llvm::SetVector<Value>> buffers;
    for (BlockArgument arg : entry.getArguments()) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !type.getElementType().isIntOrFloat() || // not complex
          type.getElementTypeBitWidth() % 8 != 0 ||
          type.getNumElements() * (type.getElementTypeBitWidth() / 8) <
              minBytes)
        continue;
      SmallVector<Operation *> writes;
      if (!collectWrites(arg, writes))
        continue;
      for (Operation *op : writes) {
        auto store = cast<vector::StoreOp>(op);
        VectorType vt = store.getVectorType();
        if (vt.getRank() != 1 || vt.isScalable() ||
            !vt.getElementType().isIntOrFloat() ||
            vt.getElementTypeBitWidth() % 8 != 0)
          continue;
        int64_t bytes = vt.getNumElements() * vt.getElementTypeBitWidth() / 8;
        if (bytes % line != 0 || storeAlignmentLog2(store) < lineLog2)
          continue;
        Operation *top = store;
        while (top->getBlock() != &entry)
          top = top->getParentOp();
        if (top->getNumResults() != 0 || isa<func::ReturnOp>(top))
          continue;
        nests[top].push_back(store);
        buffers[top].insert(arg);
      }
    }
    for (auto &[top, stores] : nests)
      version(top, stores, buffers[top].getArrayRef());
  }

  /// if (every buffer is line-aligned) { copy of `top` with streaming
  /// stores; fence } else { top }.
  void version(Operation *top, ArrayRef<vector::StoreOp> stores,
               ArrayRef<Value> bufs) {
    Location loc = top->getLoc();
    OpBuilder b(top);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value mask = arith::ConstantIndexOp::create(b, loc, line - 1);
    Value cond;
    for (Value buf : bufs) {
      Value ptr = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buf);
      Value low = arith::AndIOp::create(b, loc, ptr, mask);
      Value ok =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, low, zero);
      cond = cond ? arith::AndIOp::create(b, loc, cond, ok) : ok;
    }
    auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, cond,
                                  /*withElseRegion=*/true);
    OpBuilder thenB = ifOp.getThenBodyBuilder();
    IRMapping map;
    thenB.clone(*top, map);
    for (vector::StoreOp store : stores) {
      auto copy = cast<vector::StoreOp>(map.lookup(store.getOperation()));
      copy.setNontemporal(true);
      copy.setAlignmentAttr(thenB.getI64IntegerAttr(line));
    }
    // Streaming stores are weakly ordered: drain them before returning (the
    // runtime's pool does the same after each chunk it runs on a worker).
    LLVM::CallIntrinsicOp::create(thenB, loc, TypeRange{},
                                  thenB.getStringAttr("llvm.x86.sse.sfence"),
                                  ValueRange{}, LLVM::FastmathFlagsAttr{});
    top->moveBefore(ifOp.elseBlock()->getTerminator());
  }
};
} // namespace
} // namespace nxc
