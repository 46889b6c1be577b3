//===- Pipeline.cpp - the nxc compilation pipeline ------------------------===//
//
// Every stage is a registered pass, so the whole pipeline can be read here
// and replayed step by step with nxc-opt. One line per pass, in order.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Pipeline.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace nxc {

static std::string join(ArrayRef<std::string> passes) {
  return llvm::join(passes, ",");
}

std::string nxToLinalgPipeline() {
  return join({
      "func.func(nx-make-explicit)", // implicit broadcast/convert made explicit
      "func.func(nx-compute-in-double)", // lu, small sums/dots in f64 as Nx
      "func.func(nx-widen-half-floats)", // f16/bf16/f8 math in f32, rounded per
                                         // op
      "func.func(nx-legalize-sub-byte)", // s2/s4/u2/u4 in 8 bits, packed I/O
      "canonicalize",
      "cse",                  // fold nx constants, reshape chains
      "convert-nx-to-linalg", // nx -> linalg/tensor/arith/math, signless
      "canonicalize",         //
      "nxc-fuse-elementwise", // elementwise chains into one generic
      "canonicalize",
      "cse",                                      //
      "func.func(nxc-recompute-cheap-producers)", // a copy per user, then
      "nxc-fuse-elementwise",                     // fused into each
      "canonicalize",
      "cse", //
  });
}

std::string linalgToLLVMPipeline(const TargetInfo &t,
                                 const CodegenOptions &options) {
  std::vector<std::string> p;
  if (options.vectorize)
    p.push_back("func.func(nxc-vectorize{vector-width=" +
                std::to_string(t.vectorWidth) + " mr=" + std::to_string(t.mr) +
                " nr=" + std::to_string(t.nr) +
                "})"); // tile + vectorize on tensors
  p.insert(
      p.end(),
      {
          "canonicalize",
          "cse",
          "func.func(nxc-read-only-arguments)", // inputs are const
          "eliminate-empty-tensors",            // write results in place
          "one-shot-bufferize{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map "
          "allow-return-allocs-from-loops}", // while loops yield new buffers
          "canonicalize",                    // drop loop-carried memrefs first
          "func.func(nxc-distinct-results)", // an output returned twice
          "buffer-results-to-out-params{modify-public-functions "
          "hoist-static-allocs}",
          "canonicalize",
          "cse",
          "canonicalize",
          "func.func(nxc-allocs-to-workspace)", // temporaries -> caller
                                                // workspace
          "buffer-deallocation-pipeline",       // frees what loops allocate
          "func.func(nxc-copies-to-linalg)", // strided memref.copy -> loops, no
                                             // runtime call
          "convert-linalg-to-loops",         // what was not vectorized
          "convert-complex-to-standard", // complex ops -> arith/math on parts
          "math-extend-to-supported-types{target-type=f32}", // f16/bf16 math in
                                                             // f32
          std::string("nxc-math-approximation{ldexp=") +
              (t.ldexp ? "true" : "false") +
              "}", // vectorizable exp/log/tanh/erf/...
          "func.func(nxc-delinearize-gathers)", // gathers from strided views
          "nxc-lower-vectors", // contract/transfer/mask -> simple vector ops
          "canonicalize",
          std::string("func.func(nxc-contract-reductions{fma=") +
              (t.fma ? "true" : "false") +
              "})", // acc + a*b -> fma in split reductions
          "func.func(nxc-streaming-stores{line=" +
              std::to_string(t.streamLine) +
              "})", // large write-only outputs bypass the caches
          "nxc-parallelize{min-work=" +
              std::to_string(options.parallelMinWork) +
              "}", // marked loops -> nxc_parallel_for tasks
          "convert-math-to-funcs{convert-ctlz=false}", // math.ipowi -> a loop
          "expand-strided-metadata",
          "lower-affine",
          "convert-scf-to-cf",
          "arith-expand{include-bf16}", // bf16 <-> f32 as integer ops
          "convert-math-to-llvm",       // intrinsics (also on vectors)
          "convert-math-to-libm",       // the rest: scalar libm calls
          "convert-vector-to-llvm",
          "convert-complex-to-llvm", // complex values as {re, im} structs
          "finalize-memref-to-llvm",
          "convert-arith-to-llvm",
          "convert-index-to-llvm",
          "convert-cf-to-llvm",
          "convert-ub-to-llvm",
          "convert-func-to-llvm", // memref descriptors; the entry point fills
                                  // them
          "reconcile-unrealized-casts",
      });
  return join(p);
}

LogicalResult runPipeline(ModuleOp module, const std::string &pipeline,
                          bool timing) {
  PassManager pm(module.getContext());
  std::string err;
  llvm::raw_string_ostream os(err);
  if (failed(parsePassPipeline(pipeline, pm, os))) {
    module.emitError("internal: bad pipeline: ") << err;
    return failure();
  }
  if (timing)
    pm.enableTiming();
  return pm.run(module);
}

void registerNxcPipelines() {
  PassPipelineRegistration<>(
      "nxc-nx-to-linalg", "nxc: nx dialect to linalg on tensors",
      [](OpPassManager &pm) {
        (void)parsePassPipeline(nxToLinalgPipeline(), pm);
      });
  PassPipelineRegistration<>(
      "nxc-linalg-to-llvm",
      "nxc: linalg on tensors to the LLVM dialect (AVX-512 tiles)",
      [](OpPassManager &pm) {
        (void)parsePassPipeline(linalgToLLVMPipeline(TargetInfo{}), pm);
      });
}

} // namespace nxc
