//===- Passes.h - nx dialect passes -----------------------------*- C++ -*-===//
#ifndef NX_TRANSFORMS_PASSES_H
#define NX_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "nx/IR/NxOps.h"

namespace mlir::nx {
#define GEN_PASS_DECL
#include "nx/Transforms/Passes.h.inc"

/// Nx.Type.merge: the type both operands of a comparison convert to.
Type mergeTypes(Type a, Type b);

/// Ops that only move, select or convert elements (or carry regions whose
/// scalar bodies are typed on their own): widening passes leave them alone.
bool movesDataOnly(Operation *op);

/// Computes `op` in other element types: each tensor operand whose element
/// type `operandTo` maps to a type (null: keep) is converted with nx.as_type
/// before `op`; each tensor result `resultTo` maps takes the new type and is
/// converted back to its old one right after `op`.
void retypeElements(OpBuilder &b, Operation *op,
                    function_ref<Type(Type)> operandTo,
                    function_ref<Type(Type)> resultTo);

#define GEN_PASS_REGISTRATION
#include "nx/Transforms/Passes.h.inc"
} // namespace mlir::nx

#endif // NX_TRANSFORMS_PASSES_H
