//===- Passes.td - nxc conversion passes --------------------*- tablegen -*-===//
#ifndef NXC_CONVERSION_PASSES_TD
#define NXC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNxToLinalg : Pass<"convert-nx-to-linalg", "ModuleOp"> {
  let summary = "Lower the nx dialect to linalg, tensor, arith and math";
  let description = [{
    Expects the explicit form of nx-make-explicit. Elementwise ops become
    linalg.generic (so that they fuse), reductions linalg.reduce, dot
    linalg.matmul or a contraction linalg.generic, shape ops tensor ops.
    Signed and unsigned element types become signless; function signatures
    are converted too.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
    "::mlir::complex::ComplexDialect"
  ];
}

#endif
