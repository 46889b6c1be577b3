//===- nxc-opt.cpp - run nxc passes on MLIR files (for lit tests) ---------===//
#include "Codegen/Registration.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  nxc::registerNxcPasses();
  mlir::DialectRegistry registry;
  nxc::registerNxcDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nxc optimizer driver\n", registry));
}
