//===- fuzz_import.cpp - libFuzzer target: JSON import + verifier ---------===//
//
// Any byte string must either import into a verified module or be rejected
// with an error: no crash, no sanitizer report, no abort. Built by
// scripts/fuzz.sh with -fsanitize=fuzzer,address,undefined.
//
//===----------------------------------------------------------------------===//
#include "Import/GraphImporter.h"
#include "nx/IR/NxDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    registry.insert<mlir::nx::NxDialect, mlir::func::FuncDialect>();
    auto *c =
        new mlir::MLIRContext(registry, mlir::MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    return c;
  }();
  mlir::ScopedDiagnosticHandler quiet(
      ctx, [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(ctx));
  nxc::GraphSig sig;
  nxc::ImportError error;
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  if (nxc::importGraph(text, "fuzz.json", *module, sig, error))
    (void)mlir::verify(*module); // an imported module must verify
  return 0;
}
