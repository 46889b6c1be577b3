//===- ObjectEmitter.cpp - LLVM dialect to native code --------------------===//
#include "Codegen/ObjectEmitter.h"

#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/PassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include "nxc/runtime.h"

using namespace llvm;

namespace nxc {

std::unique_ptr<TargetMachine> createTargetMachine(const TargetOptions &o,
                                                   std::string &error) {
  bool host = o.triple.empty();
  Triple triple(
      Triple::normalize(host ? sys::getDefaultTargetTriple() : o.triple));
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target) {
    error = "unknown target '" + triple.str() + "': " + error;
    return nullptr;
  }
  std::string cpu = o.cpu, features = o.features;
  if (cpu.empty())
    cpu = host ? sys::getHostCPUName().str() : "generic";
  if (features.empty() && host && o.cpu.empty()) {
    SubtargetFeatures f;
    for (auto &[name, on] : sys::getHostCPUFeatures())
      f.AddFeature(name, on);
    features = f.getString();
  }
  if (features.empty() && triple.isAArch64())
    features = "+neon";
  // Reject unknown CPUs and features here: LLVM would only warn, or abort.
  std::unique_ptr<MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "", ""));
  if (sti && !o.cpu.empty() && !sti->isCPUStringValid(cpu)) {
    error = "unknown CPU '" + cpu + "' for " + triple.str();
    return nullptr;
  }
  if (sti && !o.features.empty()) {
    SmallVector<StringRef> parts;
    StringRef(o.features).split(parts, ',', -1, false);
    for (StringRef f : parts) {
      StringRef name = f.trim();
      if (!name.consume_front("+") && !name.consume_front("-")) {
        error = "feature '" + f.str() + "' must start with + or -";
        return nullptr;
      }
      if (!llvm::any_of(
              sti->getAllProcessorFeatures(),
              [&](const SubtargetFeatureKV &kv) { return name == kv.Key; })) {
        error = "unknown feature '" + name.str() + "' for " + triple.str();
        return nullptr;
      }
    }
  }
  llvm::TargetOptions opts;
  auto tm = std::unique_ptr<TargetMachine>(
      target->createTargetMachine(triple, cpu, features, opts, Reloc::PIC_,
                                  std::nullopt, CodeGenOptLevel::Aggressive));
  if (!tm)
    error = "cannot create a target machine for '" + triple.str() + "'";
  return tm;
}

TargetInfo getTargetInfo(const TargetMachine &tm) {
  TargetInfo info;
  // The subtarget knows what the CPU implies (x86-64-v4 has AVX-512) and
  // matches feature names exactly ("-avx512fp16" is not "-avx512f").
  const MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  auto has = [&](StringRef feat) {
    return sti->checkFeatures(("+" + feat).str());
  };
  if (tm.getTargetTriple().isX86()) {
    if (has("avx512f"))
      info = {16, 8, 32, /*ldexp=*/true}; // vscalefps
    else if (has("avx2") || has("avx"))
      info = {8, 6, 16}; // 16 ymm registers: 6x16 accumulators + operands
    else
      info = {4, 4, 8};
    info.fma = has("fma");
    info.streamLine = 64; // movntps/vmovntps of whole lines
  } else if (tm.getTargetTriple().isAArch64()) {
    info = {4, 8, 8}; // 32 q registers: 8x8 accumulators = 16 registers
  } else {
    info = {4, 4, 8};
    info.fma = false;
  }
  return info;
}

int32_t dtypeCode(const std::string &t) {
  static const std::pair<const char *, int32_t> codes[] = {
      {"s8", NXC_S8},   {"s16", NXC_S16},
      {"s32", NXC_S32}, {"s64", NXC_S64},
      {"u8", NXC_U8},   {"u16", NXC_U16},
      {"u32", NXC_U32}, {"u64", NXC_U64},
      {"f16", NXC_F16}, {"bf16", NXC_BF16},
      {"f32", NXC_F32}, {"f64", NXC_F64},
      {"c64", NXC_C64}, {"c128", NXC_C128},
      {"s2", NXC_S2},   {"s4", NXC_S4},
      {"u2", NXC_U2},   {"u4", NXC_U4},
      {"f8", NXC_F8},   {"f8_e4m3fn", NXC_F8_E4M3FN}};
  for (auto &[n, c] : codes)
    if (t == n)
      return c;
  return 0;
}

/// Adds `i32 name(ptr args, ptr results, ptr workspace)` around the lowered
/// function and the `name_info` descriptor.
static bool addEntryPoint(Module &m, const GraphSig &g, uint64_t workspace,
                          std::string &error) {
  Function *impl = m.getFunction(g.name);
  if (!impl) {
    error = "internal: lowered function '" + g.name + "' not found";
    return false;
  }
  impl->setName(g.name + "__impl");
  impl->setLinkage(GlobalValue::InternalLinkage);
  LLVMContext &ctx = m.getContext();
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  // The lowered function takes each memref as its expanded descriptor:
  // (allocated, aligned, offset, sizes..., strides...).
  size_t expected = 0;
  auto rank = [](const TensorSig &t) {
    return t.packed() ? size_t(1) : t.shape.size();
  };
  for (const TensorSig &t : g.args)
    expected += 3 + 2 * rank(t);
  for (const TensorSig &t : g.results)
    expected += 3 + 2 * rank(t);
  expected += 5; // the workspace, memref<N x i8>
  if (impl->arg_size() != expected) {
    error = "internal: lowered function takes " +
            std::to_string(impl->arg_size()) + " arguments, expected " +
            std::to_string(expected);
    return false;
  }
  auto *fty = FunctionType::get(i32, {ptr, ptr, ptr}, false);
  Function *entry =
      Function::Create(fty, GlobalValue::ExternalLinkage, g.name, m);
  entry->addFnAttr(Attribute::NoUnwind);
  Argument *args = entry->getArg(0), *results = entry->getArg(1),
           *ws = entry->getArg(2);
  args->setName("args");
  results->setName("results");
  ws->setName("workspace");
  BasicBlock *body = BasicBlock::Create(ctx, "entry", entry);
  IRBuilder<> b(body);
  auto fail = [&](Value *cond, int32_t code) {
    BasicBlock *bad = BasicBlock::Create(ctx, "error", entry);
    BasicBlock *ok = BasicBlock::Create(ctx, "ok", entry);
    b.CreateCondBr(cond, bad, ok);
    b.SetInsertPoint(bad);
    b.CreateRet(ConstantInt::get(i32, code));
    b.SetInsertPoint(ok);
  };
  // Check every pointer: a NULL from the caller is a status, not a crash.
  SmallVector<Value *> callArgs;
  auto descriptor = [&](Value *p, ArrayRef<int64_t> shape) {
    callArgs.append({p, p, ConstantInt::get(i64, 0)});
    for (int64_t d : shape)
      callArgs.push_back(ConstantInt::get(i64, d));
    int64_t stride = 1;
    SmallVector<Value *> strides;
    for (int64_t d : llvm::reverse(shape)) {
      strides.push_back(ConstantInt::get(i64, stride));
      stride *= d;
    }
    callArgs.append(strides.rbegin(), strides.rend());
  };
  auto loadPtrs = [&](Value *array, const std::vector<TensorSig> &ts) {
    if (ts.empty())
      return;
    fail(b.CreateIsNull(array), NXC_ERR_NULL_POINTER);
    for (size_t i = 0; i < ts.size(); ++i) {
      Value *p = b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, array, i));
      fail(b.CreateIsNull(p), NXC_ERR_NULL_POINTER);
      // Packed sub-byte tensors reach the lowered code as their bytes.
      if (ts[i].packed())
        descriptor(p, {(int64_t)ts[i].byteSize()});
      else
        descriptor(p, ts[i].shape);
    }
  };
  loadPtrs(args, g.args);
  loadPtrs(results, g.results);
  Value *aligned = ConstantPointerNull::get(ptr);
  if (workspace > 0) {
    fail(b.CreateIsNull(ws), NXC_ERR_WORKSPACE);
    // Any alignment is accepted: the reported size includes 63 bytes of slack.
    Value *addr = b.CreatePtrToInt(ws, i64);
    Value *pad = b.CreateAnd(b.CreateSub(ConstantInt::get(i64, 0), addr),
                             ConstantInt::get(i64, 63));
    aligned = b.CreateGEP(b.getInt8Ty(), ws, pad);
  }
  descriptor(aligned, {(int64_t)std::max<uint64_t>(workspace, 1)});
  b.CreateCall(impl, callArgs);
  b.CreateRet(ConstantInt::get(i32, NXC_OK));

  // The descriptor: nxc_tensor_info {i32 dtype, i32 rank, ptr shape, i64
  // bytes}.
  StructType *tinfo = StructType::get(ctx, {i32, i32, ptr, i64});
  auto tensorArray = [&](const std::vector<TensorSig> &ts,
                         StringRef suffix) -> Constant * {
    SmallVector<Constant *> elems;
    for (auto [i, t] : llvm::enumerate(ts)) {
      SmallVector<Constant *> dims;
      for (int64_t d : t.shape)
        dims.push_back(ConstantInt::get(i64, d));
      Constant *shape = ConstantPointerNull::get(ptr);
      if (!dims.empty()) {
        auto *aty = ArrayType::get(i64, dims.size());
        shape = new GlobalVariable(m, aty, true, GlobalValue::PrivateLinkage,
                                   ConstantArray::get(aty, dims),
                                   g.name + "_" + suffix.str() +
                                       std::to_string(i) + "_shape");
      }
      elems.push_back(ConstantStruct::get(
          tinfo, {ConstantInt::get(i32, dtypeCode(t.dtype)),
                  ConstantInt::get(i32, t.shape.size()), shape,
                  ConstantInt::get(i64, t.byteSize())}));
    }
    if (elems.empty())
      return ConstantPointerNull::get(ptr);
    auto *aty = ArrayType::get(tinfo, elems.size());
    return new GlobalVariable(m, aty, true, GlobalValue::PrivateLinkage,
                              ConstantArray::get(aty, elems),
                              g.name + "_" + suffix.str());
  };
  Constant *argInfo = tensorArray(g.args, "arg");
  Constant *resInfo = tensorArray(g.results, "result");
  Constant *name = b.CreateGlobalString(g.name, g.name + "_name", 0, &m);
  StructType *finfo =
      StructType::get(ctx, {i32, i32, i32, i32, ptr, ptr, ptr, i64, ptr});
  uint64_t reported = workspace > 0 ? workspace + 63 : 0;
  auto *info = new GlobalVariable(
      m, finfo, true, GlobalValue::ExternalLinkage,
      ConstantStruct::get(finfo,
                          {ConstantInt::get(i32, NXC_ABI_VERSION),
                           ConstantInt::get(i32, g.args.size()),
                           ConstantInt::get(i32, g.results.size()),
                           ConstantInt::get(i32, 0), name, argInfo, resInfo,
                           ConstantInt::get(i64, reported), entry}),
      g.name + "_info");
  info->setAlignment(Align(8));
  return true;
}

std::unique_ptr<Module> translateToLLVMIR(mlir::ModuleOp module,
                                          LLVMContext &ctx, TargetMachine &tm,
                                          ArrayRef<GraphSig> graphs,
                                          std::string &error) {
  mlir::DialectRegistry registry;
  mlir::registerAllToLLVMIRTranslations(registry);
  module->getContext()->appendDialectRegistry(registry);
  // Workspace sizes were recorded on the functions by nxc-allocs-to-workspace.
  llvm::StringMap<uint64_t> workspace;
  module.walk([&](mlir::Operation *op) {
    if (auto attr = op->getAttrOfType<mlir::IntegerAttr>("nxc.workspace_size"))
      if (auto sym = op->getAttrOfType<mlir::StringAttr>("sym_name"))
        workspace[sym.getValue()] = attr.getInt();
  });
  auto llvmModule = mlir::translateModuleToLLVMIR(module, ctx);
  if (!llvmModule) {
    error = "internal: translation to LLVM IR failed";
    return nullptr;
  }
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  for (const GraphSig &g : graphs)
    if (!addEntryPoint(*llvmModule, g, workspace.lookup(g.name), error))
      return nullptr;
  // Functions get the target's CPU and features so the O3 middle end and
  // the backend agree on vector widths.
  for (Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", tm.getTargetCPU());
    if (!tm.getTargetFeatureString().empty())
      f.addFnAttr("target-features", tm.getTargetFeatureString());
    f.addFnAttr(Attribute::NoUnwind);
  }
  return llvmModule;
}

void optimizeModule(Module &m, TargetMachine &tm) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  ModulePassManager mpm =
      pb.buildPerModuleDefaultPipeline(OptimizationLevel::O3);
  mpm.run(m, mam);
}

bool emitCode(Module &m, TargetMachine &tm, bool assembly,
              SmallVectorImpl<char> &out, std::string &error) {
  raw_svector_ostream os(out);
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr,
                             assembly ? CodeGenFileType::AssemblyFile
                                      : CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit this file type";
    return false;
  }
  pm.run(m);
  return true;
}

} // namespace nxc
