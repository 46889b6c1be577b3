//===- NxOps.h - nx dialect operations --------------------------*- C++ -*-===//
#ifndef NX_IR_NXOPS_H
#define NX_IR_NXOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nx/IR/NxDialect.h"

namespace mlir::nx {
/// Element type predicates on Nx's types (integers are signed or unsigned).
bool isNxInteger(Type t);
bool isNxFloat(Type t);
bool isNxComplex(Type t);
/// True for ui8, the type of Nx predicates.
bool isNxPred(Type t);
/// True if `from` broadcasts to `to` under Nx's (numpy's) rules: aligned on
/// the right, each dim equal or 1.
bool isBroadcastableTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to);

namespace detail {
LogicalResult verifyUnaryOp(Operation *op, StringRef kind);
LogicalResult verifyBinaryOp(Operation *op, StringRef kind);
LogicalResult verifyReduceOp(Operation *op, ArrayRef<int64_t> axes,
                             bool keepAxes, StringRef name);
LogicalResult verifyArgReduceOp(Operation *op, std::optional<uint64_t> axis,
                                bool keepAxis);
LogicalResult verifyWindowOp(Operation *op, ArrayRef<int64_t> window,
                             ArrayRef<int64_t> strides, ArrayRef<int64_t> low,
                             ArrayRef<int64_t> high,
                             ArrayRef<int64_t> dilations);
LogicalResult verifyIndexedOp(Operation *op, ArrayRef<int64_t> axes);
LogicalResult verifySortOp(Operation *op, int64_t axis, StringRef name);
LogicalResult verifyFftOp(Operation *op, int64_t axis, int64_t length);
LogicalResult verifyWindowScatterOp(Operation *op, ArrayRef<int64_t> window,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> low,
                                    ArrayRef<int64_t> high);
} // namespace detail
} // namespace mlir::nx

#define GET_OP_CLASSES
#include "nx/IR/NxOps.h.inc"

#endif // NX_IR_NXOPS_H
