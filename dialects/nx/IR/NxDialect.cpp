//===- NxDialect.cpp - the nx dialect -------------------------------------===//
#include "nx/IR/NxDialect.h"
#include "nx/IR/NxOps.h"

using namespace mlir;
using namespace mlir::nx;

#include "nx/IR/NxDialect.cpp.inc"

void NxDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nx/IR/NxOps.cpp.inc"
      >();
}

Operation *NxDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}
