//===- Pipeline.h - the nxc compilation pipeline ----------------*- C++ -*-===//
#ifndef NXC_CODEGEN_PIPELINE_H
#define NXC_CODEGEN_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace nxc {

/// What the schedule needs to know about the target (kept in one place).
struct TargetInfo {
  int64_t vectorWidth = 16; ///< f32 lanes per vector register
  int64_t mr = 8, nr = 32;  ///< matmul register tile
  bool ldexp = false;       ///< llvm.ldexp is an instruction (AVX-512)
  bool fma = true;          ///< llvm.fma is an instruction (FMA3, NEON)
  /// Cache line bytes where nxc streams large outputs past the caches with
  /// non-temporal stores (x86); 0 where it does not.
  int64_t streamLine = 0;
};

/// Code generation choices that are not target facts.
struct CodegenOptions {
  bool vectorize = true; ///< nxc's tiling and vectorization schedule
  /// Loop nests of fewer element iterations stay serial: below this, waking
  /// threads costs more than it saves (nxc-parallelize's min-work).
  int64_t parallelMinWork = 131072;
};

/// The passes from the nx dialect to linalg on tensors, as a textual
/// pipeline (readable, and runnable with nxc-opt --pass-pipeline).
std::string nxToLinalgPipeline();
/// The passes from linalg on tensors to the LLVM dialect.
std::string linalgToLLVMPipeline(const TargetInfo &target,
                                 const CodegenOptions &options = {});

/// Runs a textual pipeline on `module`; diagnostics go to the context.
mlir::LogicalResult runPipeline(mlir::ModuleOp module,
                                const std::string &pipeline,
                                bool timing = false);

/// Registers the "nxc-pipeline" pipelines for nxc-opt.
void registerNxcPipelines();

} // namespace nxc

#endif
