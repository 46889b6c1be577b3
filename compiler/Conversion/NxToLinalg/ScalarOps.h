//===- ScalarOps.h - Nx elementwise semantics on scalars --------*- C++ -*-===//
//
// The one table of Nx's elementwise semantics: every nx elementwise op, as
// arith/math ops on signless scalars, given the Nx (signed/unsigned) element
// types. Linalg bodies for pointwise ops, reductions and dot all use it.
//
//===----------------------------------------------------------------------===//
#ifndef NXC_CONVERSION_NXTOLINALG_SCALAROPS_H
#define NXC_CONVERSION_NXTOLINALG_SCALAROPS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace nxc {

/// Float arith ops by short names, for formulas written one operation at a
/// time in a fixed order (no fast-math flags, so nothing is contracted).
struct FloatOps {
  mlir::OpBuilder &b;
  mlir::Location loc;
  mlir::Value add(mlir::Value x, mlir::Value y) {
    return mlir::arith::AddFOp::create(b, loc, x, y);
  }
  mlir::Value sub(mlir::Value x, mlir::Value y) {
    return mlir::arith::SubFOp::create(b, loc, x, y);
  }
  mlir::Value mul(mlir::Value x, mlir::Value y) {
    return mlir::arith::MulFOp::create(b, loc, x, y);
  }
  mlir::Value div(mlir::Value x, mlir::Value y) {
    return mlir::arith::DivFOp::create(b, loc, x, y);
  }
  mlir::Value cmp(mlir::arith::CmpFPredicate p, mlir::Value x, mlir::Value y) {
    return mlir::arith::CmpFOp::create(b, loc, p, x, y);
  }
  mlir::Value sel(mlir::Value c, mlir::Value x, mlir::Value y) {
    return mlir::arith::SelectOp::create(b, loc, c, x, y);
  }
  mlir::Value both(mlir::Value x, mlir::Value y) {
    return mlir::arith::AndIOp::create(b, loc, x, y);
  }
};

/// Converts scalar `v` of Nx type `from` to Nx type `to` as Nx.as_type does.
mlir::Value convertScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                          mlir::Type from, mlir::Type to);

/// Emits the scalar computation of the nx elementwise op `op` on `args`,
/// whose Nx types are `argTypes`; the result has Nx type `resultType`.
/// Returns null (after emitting an error on `op`) if it is not supported.
mlir::Value emitScalarOp(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Operation *op, mlir::ValueRange args,
                         mlir::TypeRange argTypes, mlir::Type resultType);

/// Signless version of an Nx element type (si32 -> i32).
mlir::Type signless(mlir::Type t);

/// Constants in the signless type matching Nx type `t`.
mlir::Value scalarConst(mlir::OpBuilder &b, mlir::Location loc, mlir::Type t,
                        double value);
mlir::Value scalarIntConst(mlir::OpBuilder &b, mlir::Location loc, mlir::Type t,
                           int64_t value);
/// The identity of max (lowest value) or min (highest value) for type `t`.
mlir::Value lowestValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Type t);
mlir::Value highestValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Type t);
/// x != 0 as i1.
mlir::Value isNonZero(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                      mlir::Type t);
/// x + y and x * y for any Nx element type (int, float, complex).
mlir::Value emitAdd(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);
mlir::Value emitMul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);
mlir::Value emitSub(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);
mlir::Value emitDiv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);
/// max/min with Nx's semantics (NaN propagates; integer signedness).
mlir::Value emitMax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);
mlir::Value emitMin(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    mlir::Value y, mlir::Type t);

} // namespace nxc

#endif
