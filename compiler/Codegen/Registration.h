//===- Registration.h - dialects and passes nxc uses ------------*- C++ -*-===//
#ifndef NXC_CODEGEN_REGISTRATION_H
#define NXC_CODEGEN_REGISTRATION_H

#include "mlir/IR/DialectRegistry.h"

namespace nxc {
/// The nx dialect, every upstream dialect and extension the pipeline uses.
void registerNxcDialects(mlir::DialectRegistry &registry);
/// nxc's passes, the upstream passes and the nxc pipelines (for nxc-opt).
void registerNxcPasses();
} // namespace nxc

#endif
