//===- ContractReductions.cpp - FMA into split reduction accumulators -----===//
//
// A float reduction that nxc-vectorize split across vector lanes is summed
// in an order Nx does not use anyway; only its per-term products still round
// twice (multiply, then add). Contracting them is what every dot product
// does and costs the reduction one FMA per vector instead of two ops. See
// the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "Codegen/Passes.h"
#include "Codegen/Schedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_NXCCONTRACTREDUCTIONS
#include "Codegen/Passes.h.inc"

namespace {
/// f32 or f64, scalar or vector: math.fma lowers to one instruction. Narrower
/// floats would be widened around it, which changes their rounding.
bool hasFmaType(Type t) {
  Type elem = getElementTypeOrSelf(t);
  return elem.isF32() || elem.isF64();
}

/// The op defining `v` when it only reshapes its vector operand: a
/// shape_cast, or an extract of all its elements (leading unit dims).
Operation *asReshape(Value v) {
  Operation *op = v.getDefiningOp();
  if (isa_and_nonnull<vector::ShapeCastOp>(op))
    return op;
  auto extract = dyn_cast_or_null<vector::ExtractOp>(op);
  auto resultTy = dyn_cast<VectorType>(v.getType());
  if (extract && resultTy && extract.getDynamicPosition().empty() &&
      resultTy.getNumElements() ==
          extract.getSourceVectorType().getNumElements())
    return op;
  return nullptr;
}

/// Rewrites the update `acc + a * b` of iter_arg `acc` of `loop`, yielded as
/// result `i`, into math.fma; false if the update is not of that form.
bool contract(scf::ForOp loop, unsigned i) {
  BlockArgument acc = loop.getRegionIterArgs()[i];
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  auto add = yield.getOperand(i).getDefiningOp<arith::AddFOp>();
  if (!add || !hasFmaType(add.getType()) || !add->hasOneUse() ||
      add->getBlock() != loop.getBody())
    return false;
  Value other;
  if (add.getLhs() == acc)
    other = add.getRhs();
  else if (add.getRhs() == acc)
    other = add.getLhs();
  else
    return false;
  // The product may reach the add through a reshape that drops unit dims
  // (the vectorized body's rank is the tile's, the accumulator's less).
  Operation *cast = asReshape(other);
  if (cast && !cast->hasOneUse())
    return false;
  if (cast)
    other = cast->getOperand(0);
  auto mul = other.getDefiningOp<arith::MulFOp>();
  if (!mul || !mul->hasOneUse() || mul->getBlock() != loop.getBody())
    return false;
  OpBuilder b(add);
  Location loc = add.getLoc();
  auto operand = [&](Value v) -> Value {
    return v.getType() == acc.getType()
               ? v
               : vector::ShapeCastOp::create(b, loc, acc.getType(), v);
  };
  Value fma = math::FmaOp::create(b, loc, operand(mul.getLhs()),
                                  operand(mul.getRhs()), acc);
  add.replaceAllUsesWith(fma);
  add.erase();
  if (cast)
    cast->erase();
  mul.erase();
  return true;
}

struct ContractReductionsPass
    : impl::NxcContractReductionsBase<ContractReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation()->walk([&](scf::ForOp loop) {
      if (!loop->hasAttr(kReassociatedAttr))
        return;
      loop->removeAttr(kReassociatedAttr);
      if (fma)
        for (unsigned i = 0, e = loop.getNumRegionIterArgs(); i < e; ++i)
          (void)contract(loop, i);
    });
  }
};
} // namespace
} // namespace nxc
