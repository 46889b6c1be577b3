//===- Patterns.h - nx to linalg conversion patterns ------------*- C++ -*-===//
//
// The conversion is split by op family, one file each (Pointwise, Shape,
// Reduce, DotProduct), as StableHLO's linalg conversion is. All expect the
// explicit form produced by nx-make-explicit.
//
//===----------------------------------------------------------------------===//
#ifndef NXC_CONVERSION_NXTOLINALG_PATTERNS_H
#define NXC_CONVERSION_NXTOLINALG_PATTERNS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

namespace nxc {

/// si/ui element types become signless; everything else is unchanged.
class NxTypeConverter : public mlir::TypeConverter {
public:
  NxTypeConverter();
};

using BodyBuilder = std::function<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// tensor.empty of a (signless) tensor type.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type);
/// Reshapes through collapse_shape/expand_shape (row-major order).
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      mlir::RankedTensorType type);
/// Pads with a scalar: `low`/`high` may be negative (cropping), `interior`
/// inserts that many pad values between elements.
mlir::Value padTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                      llvm::ArrayRef<int64_t> interior, mlir::Value padScalar);
/// linalg.transpose unless `perm` is the identity (result dim i = dim perm[i]).
mlir::Value transposeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                        llvm::ArrayRef<int64_t> perm);
/// A parallel linalg.generic producing `outType` from `inputs` read through
/// `maps` (identity where empty). Returns null if `body` returns null.
mlir::Value buildPointwise(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::RankedTensorType outType,
                           mlir::ValueRange inputs,
                           llvm::ArrayRef<mlir::AffineMap> maps,
                           const BodyBuilder &body);

/// The window of a window reduction (one entry per dimension).
struct WindowSpec {
  llvm::ArrayRef<int64_t> dims, strides, dilations, low, high;
};
using WindowCombine = std::function<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value x, mlir::Value acc)>;
/// Pads `in` with `init` and folds each window into `outTy` with `combine`,
/// in one linalg.generic over (output dims..., window dims...). `inOrder`
/// marks it so the vectorizer keeps the row-major order. Null if `combine`
/// fails.
mlir::Value buildWindowReduction(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::Value in, mlir::RankedTensorType outTy,
                                 const WindowSpec &window, mlir::Value init,
                                 const WindowCombine &combine, bool inOrder);

void populatePointwisePatterns(NxTypeConverter &converter,
                               mlir::RewritePatternSet &patterns);
void populateShapePatterns(NxTypeConverter &converter,
                           mlir::RewritePatternSet &patterns);
void populateReducePatterns(NxTypeConverter &converter,
                            mlir::RewritePatternSet &patterns);
void populateControlFlowPatterns(NxTypeConverter &converter,
                                 mlir::RewritePatternSet &patterns);
void populateConvolutionPatterns(NxTypeConverter &converter,
                                 mlir::RewritePatternSet &patterns);
void populateScalarFunctionPatterns(NxTypeConverter &converter,
                                    mlir::RewritePatternSet &patterns);
void populateIndexingPatterns(NxTypeConverter &converter,
                              mlir::RewritePatternSet &patterns);
void populateSortPatterns(NxTypeConverter &converter,
                          mlir::RewritePatternSet &patterns);
void populateLinearAlgebraPatterns(NxTypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);
void populateDotPatterns(NxTypeConverter &converter,
                         mlir::RewritePatternSet &patterns);

} // namespace nxc

#endif
