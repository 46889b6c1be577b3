//===- Parallelize.cpp - outline parallel loops into runtime tasks --------===//
//
// nxc-vectorize marks the outermost tile loop of an op `nxc.parallel = work`
// when its iterations write disjoint slices of the results and nothing else
// outside (a parallel dim of the linalg op). After bufferization such a loop
// is a plain scf.for over memrefs. Each one doing enough work becomes
//
//   ctx = {captured values}            (a stack struct in the entry block)
//   __nxc_parallel_for(@body, &ctx, trip count)
//   func @body(ctx, begin, end) { for k in [begin, end): old body }
//
// `__nxc_parallel_for` calls the runtime's nxc_parallel_for, a weak symbol:
// objects linked without the runtime run every loop on the calling thread.
// Captured memrefs travel as their LLVM descriptors; the casts between the
// two forms cancel out in reconcile-unrealized-casts.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"
#include "Codegen/Schedule.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCPARALLELIZE
#include "Codegen/Passes.h.inc"

static constexpr StringLiteral kMark = "nxc.parallel";

void markParallel(Operation *loop, int64_t work) {
  loop->setAttr(
      kMark, IntegerAttr::get(IntegerType::get(loop->getContext(), 64), work));
}

bool isMarkedParallel(Operation *loop) { return loop->hasAttr(kMark); }

namespace {
constexpr StringLiteral kRuntimeFn = "nxc_parallel_for";
constexpr StringLiteral kDispatchFn = "__nxc_parallel_for";

struct ParallelizePass : impl::NxcParallelizeBase<ParallelizePass> {
  using NxcParallelizeBase::NxcParallelizeBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ForOp> loops;
    // Pre-order, so a marked loop inside one being outlined is skipped.
    module.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      auto work = loop->getAttrOfType<IntegerAttr>(kMark);
      if (!work || work.getInt() < minWork || loop.getNumResults() != 0)
        return WalkResult::advance();
      loops.push_back(loop);
      return WalkResult::skip();
    });
    SymbolTable symbols(module);
    LLVMTypeConverter converter(&getContext());
    func::FuncOp dispatch;
    for (scf::ForOp loop : loops) {
      if (!dispatch)
        dispatch = buildDispatch(module, symbols);
      if (failed(outline(loop, dispatch, symbols, converter)))
        return signalPassFailure();
    }
    module.walk([](scf::ForOp loop) { loop->removeAttr(kMark); });
    // Post-order: an alloc leaves a nest loop by loop, up to the task (one
    // per chunk of rows) or the function.
    module.walk([](scf::ForOp loop) { hoistIterationAllocs(loop); });
  }

  /// A buffer allocated and freed within one iteration (a row's softmax
  /// temporaries) is dead between iterations: allocate it once around the
  /// loop instead of a malloc/free per iteration.
  static void hoistIterationAllocs(scf::ForOp loop) {
    Block *body = loop.getBody();
    for (auto alloc :
         llvm::make_early_inc_range(body->getOps<memref::AllocOp>())) {
      if (alloc->getNumOperands() != 0)
        continue;
      memref::DeallocOp dealloc;
      bool escapes = false;
      for (Operation *user : alloc->getUsers()) {
        if (auto d = dyn_cast<memref::DeallocOp>(user);
            d && d->getBlock() == body)
          dealloc = d;
        else if (isa<scf::YieldOp>(user))
          escapes = true;
      }
      if (!dealloc || escapes)
        continue;
      alloc->moveBefore(loop);
      dealloc->moveAfter(loop);
    }
  }

  /// func.func private @__nxc_parallel_for(fn, ctx, n): the runtime's pool
  /// when the program links it, else fn(ctx, 0, n).
  func::FuncOp buildDispatch(ModuleOp module, SymbolTable &symbols) {
    MLIRContext *ctx = &getContext();
    Location loc = module.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto voidTy = LLVM::LLVMVoidType::get(ctx);
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto runtime = LLVM::LLVMFuncOp::create(
        b, loc, kRuntimeFn,
        LLVM::LLVMFunctionType::get(voidTy, {ptr, ptr, i64}),
        LLVM::Linkage::ExternWeak);
    symbols.insert(runtime);
    auto fn = func::FuncOp::create(b, loc, kDispatchFn,
                                   b.getFunctionType({ptr, ptr, i64}, {}));
    fn.setPrivate();
    fn->setAttr("llvm.linkage",
                LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    symbols.insert(fn);
    Block *entry = fn.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Value task = entry->getArgument(0), env = entry->getArgument(1),
          n = entry->getArgument(2);
    Value addr = LLVM::AddressOfOp::create(b, loc, ptr, runtime.getSymName());
    Value null = LLVM::ZeroOp::create(b, loc, ptr);
    Value missing =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, addr, null);
    auto taskTy = LLVM::LLVMFunctionType::get(voidTy, {ptr, i64, i64});
    scf::IfOp::create(
        b, loc, missing,
        [&](OpBuilder &tb, Location l) {
          Value zero = LLVM::ConstantOp::create(tb, l, i64, 0);
          LLVM::CallOp::create(tb, l, taskTy, ValueRange{task, env, zero, n});
          scf::YieldOp::create(tb, l);
        },
        [&](OpBuilder &eb, Location l) {
          LLVM::CallOp::create(eb, l, runtime, ValueRange{task, env, n});
          scf::YieldOp::create(eb, l);
        });
    func::ReturnOp::create(b, loc);
    return fn;
  }

  LogicalResult outline(scf::ForOp loop, func::FuncOp dispatch,
                        SymbolTable &symbols, LLVMTypeConverter &converter) {
    MLIRContext *ctx = &getContext();
    Location loc = loop.getLoc();
    auto parent = loop->getParentOfType<func::FuncOp>();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);

    // Values from outside: constants are cloned in, the rest captured.
    SetVector<Value> above;
    getUsedValuesDefinedAbove(loop.getRegion(), above);
    for (Value v : {loop.getLowerBound(), loop.getStep()})
      above.insert(v);
    SmallVector<Value> captures, cloned;
    SmallVector<Type> fields;
    for (Value v : above) {
      Operation *def = v.getDefiningOp();
      if (def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
          (def->hasTrait<OpTrait::ConstantLike>() ||
           isa<memref::GetGlobalOp>(def))) {
        cloned.push_back(v);
        continue;
      }
      Type t = converter.convertType(v.getType());
      if (!t) // leave the loop serial
        return success();
      captures.push_back(v);
      fields.push_back(t);
    }
    auto envTy = LLVM::LLVMStructType::getLiteral(ctx, fields);

    // The task: void @<parent>_par(ptr env, i64 begin, i64 end).
    OpBuilder b(ctx);
    b.setInsertionPointAfter(parent);
    auto task = func::FuncOp::create(b, loc, parent.getName().str() + "_par",
                                     b.getFunctionType({ptr, i64, i64}, {}));
    task.setPrivate();
    task->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    symbols.insert(task); // renames it if taken
    Block *entry = task.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping map;
    for (Value v : cloned)
      map.map(v, b.clone(*v.getDefiningOp())->getResult(0));
    for (auto [i, v] : llvm::enumerate(captures)) {
      Value p = LLVM::GEPOp::create(
          b, loc, ptr, envTy, entry->getArgument(0),
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      Value x = LLVM::LoadOp::create(b, loc, fields[i], p);
      if (fields[i] != v.getType())
        x = UnrealizedConversionCastOp::create(b, loc, v.getType(), x)
                .getResult(0);
      map.map(v, x);
    }
    // Iterations [begin, end) of the original loop.
    Value lb = map.lookup(loop.getLowerBound()),
          step = map.lookup(loop.getStep());
    auto bound = [&](Value k) -> Value {
      Value ki = arith::IndexCastOp::create(b, loc, b.getIndexType(), k);
      return arith::AddIOp::create(b, loc, lb,
                                   arith::MulIOp::create(b, loc, ki, step));
    };
    Value from = bound(entry->getArgument(1)),
          to = bound(entry->getArgument(2));
    auto body = cast<scf::ForOp>(b.clone(*loop, map));
    body.setLowerBound(from);
    body.setUpperBound(to);
    body->removeAttr(kMark);
    func::ReturnOp::create(b, loc);

    // The call site: fill the environment, call the dispatcher.
    Value env;
    if (captures.empty()) {
      b.setInsertionPoint(loop);
      env = LLVM::ZeroOp::create(b, loc, ptr);
    } else {
      b.setInsertionPointToStart(&parent.getBody().front());
      Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
      env = LLVM::AllocaOp::create(b, loc, ptr, envTy, one);
    }
    b.setInsertionPoint(loop);
    for (auto [i, v] : llvm::enumerate(captures)) {
      Value x = v;
      if (fields[i] != v.getType())
        x = UnrealizedConversionCastOp::create(b, loc, fields[i], v)
                .getResult(0);
      Value p = LLVM::GEPOp::create(
          b, loc, ptr, envTy, env,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      LLVM::StoreOp::create(b, loc, x, p);
    }
    // Trip count: ceil((ub - lb) / step), the loop's bounds being static or
    // at least lb <= ub (scf.for runs no iteration otherwise).
    Value span = arith::SubIOp::create(b, loc, loop.getUpperBound(),
                                       loop.getLowerBound());
    Value trips = arith::CeilDivSIOp::create(
        b, loc,
        arith::MaxSIOp::create(b, loc, span,
                               arith::ConstantIndexOp::create(b, loc, 0)),
        loop.getStep());
    Value n = arith::IndexCastOp::create(b, loc, i64, trips);
    Value fn = func::ConstantOp::create(b, loc, task.getFunctionType(),
                                        SymbolRefAttr::get(task));
    Value fnPtr =
        UnrealizedConversionCastOp::create(b, loc, ptr, fn).getResult(0);
    func::CallOp::create(b, loc, dispatch, ValueRange{fnPtr, env, n});
    loop.erase();
    return success();
  }
};
} // namespace
} // namespace nxc
