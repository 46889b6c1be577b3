//===- Passes.h - nxc code generation passes --------------------*- C++ -*-===//
#ifndef NXC_CODEGEN_PASSES_H
#define NXC_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace nxc {
#define GEN_PASS_DECL
#include "Codegen/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "Codegen/Passes.h.inc"
} // namespace nxc

#endif
