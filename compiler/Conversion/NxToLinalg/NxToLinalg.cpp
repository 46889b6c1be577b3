//===- NxToLinalg.cpp - the convert-nx-to-linalg pass ---------------------===//
#include "Conversion/NxToLinalg/Patterns.h"
#include "Conversion/Passes.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace nxc {
#define GEN_PASS_DEF_CONVERTNXTOLINALG
#include "Conversion/Passes.h.inc"

NxTypeConverter::NxTypeConverter() {
  addConversion([](Type t) { return t; });
  addConversion([](IntegerType t) -> Type {
    return IntegerType::get(t.getContext(), t.getWidth());
  });
  // f8 values are their bytes below nx: conversions decode and encode them
  // (ScalarOps), everything else only moves bytes.
  addConversion([](Float8E5M2Type t) -> Type {
    return IntegerType::get(t.getContext(), 8);
  });
  addConversion([](Float8E4M3FNType t) -> Type {
    return IntegerType::get(t.getContext(), 8);
  });
  addConversion([this](RankedTensorType t) -> Type {
    return RankedTensorType::get(t.getShape(), convertType(t.getElementType()));
  });
  // Signedness is only a view: the bits stay the same.
  auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(b, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}

namespace {
struct ConvertNxToLinalgPass
    : impl::ConvertNxToLinalgBase<ConvertNxToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    NxTypeConverter converter;
    RewritePatternSet patterns(ctx);
    populatePointwisePatterns(converter, patterns);
    populateShapePatterns(converter, patterns);
    populateReducePatterns(converter, patterns);
    populateDotPatterns(converter, patterns);
    populateControlFlowPatterns(converter, patterns);
    populateConvolutionPatterns(converter, patterns);
    populateScalarFunctionPatterns(converter, patterns);
    populateIndexingPatterns(converter, patterns);
    populateSortPatterns(converter, patterns);
    populateLinearAlgebraPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<nx::NxDialect>();
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect, complex::ComplexDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>([&](func::ReturnOp r) {
      return converter.isLegal(r.getOperandTypes());
    });
    if (failed(
            applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
} // namespace nxc
