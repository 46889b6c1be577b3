//===- Passes.h - nxc conversion passes -------------------------*- C++ -*-===//
#ifndef NXC_CONVERSION_PASSES_H
#define NXC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace nxc {
#define GEN_PASS_DECL
#include "Conversion/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "Conversion/Passes.h.inc"
} // namespace nxc

#endif
