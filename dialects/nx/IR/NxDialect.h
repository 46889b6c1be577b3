//===- NxDialect.h - the nx dialect -----------------------------*- C++ -*-===//
#ifndef NX_IR_NXDIALECT_H
#define NX_IR_NXDIALECT_H

#include "mlir/IR/Dialect.h"

#include "nx/IR/NxDialect.h.inc"

#endif // NX_IR_NXDIALECT_H
