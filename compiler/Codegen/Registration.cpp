//===- Registration.cpp - dialects and passes nxc uses --------------------===//
//
// The one translation unit that includes every upstream dialect (slow to
// compile: keep it alone).
//
//===----------------------------------------------------------------------===//
#include "Codegen/Registration.h"

#include "Codegen/Passes.h"
#include "Codegen/Pipeline.h"
#include "Conversion/Passes.h"
#include "nx/IR/NxDialect.h"
#include "nx/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

namespace nxc {

void registerNxcDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::nx::NxDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void registerNxcPasses() {
  mlir::registerAllPasses();
  mlir::nx::registerNxPasses();
  registerNxcConversionPasses();
  registerNxcCodegenPasses();
  registerNxcPipelines();
}

} // namespace nxc
