//===- ObjectEmitter.h - LLVM dialect to native code ------------*- C++ -*-===//
#ifndef NXC_CODEGEN_OBJECTEMITTER_H
#define NXC_CODEGEN_OBJECTEMITTER_H

#include "Codegen/Pipeline.h"
#include "Import/GraphImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace nxc {

struct TargetOptions {
  std::string triple;   ///< empty: the host
  std::string cpu;      ///< empty: the host CPU (or "generic" when cross)
  std::string features; ///< empty: the host's (or the CPU's defaults)
};

/// nxc_dtype code and element bytes of an Nx type name (0 if unknown).
int32_t dtypeCode(const std::string &type);

/// Creates the target machine (PIC, O3). Returns null and sets `error`.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error);

/// Vector width and tile sizes for `tm` (AVX-512, AVX2, NEON, scalar).
TargetInfo getTargetInfo(const llvm::TargetMachine &tm);

/// Translates a module in the LLVM dialect to LLVM IR and adds, for each
/// graph, the public entry point and its `<name>_info` descriptor
/// (docs/abi.md). `workspace` gives each graph's workspace bytes.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &ctx,
                                                llvm::TargetMachine &tm,
                                                llvm::ArrayRef<GraphSig> graphs,
                                                std::string &error);

/// Runs LLVM's O3 middle end (loop vectorizer, inliner, ...).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &tm);

/// Emits an object file or assembly into `out`.
bool emitCode(llvm::Module &module, llvm::TargetMachine &tm, bool assembly,
              llvm::SmallVectorImpl<char> &out, std::string &error);

} // namespace nxc

#endif
