//===- NxOps.cpp - nx dialect operations ----------------------------------===//
//
// Verifiers enforce Nx's shape rules (nx/lib/nx/shape.ex) and the type rules
// that can be checked from the types alone. Result types come from the graph:
// Nx computed them, and weak scalar typing means they cannot always be
// re-derived from the operand types.
//
//===----------------------------------------------------------------------===//
#include "nx/IR/NxOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::nx;

bool mlir::nx::isNxInteger(Type t) { return isa<IntegerType>(t); }
bool mlir::nx::isNxFloat(Type t) { return isa<FloatType>(t); }
bool mlir::nx::isNxComplex(Type t) { return isa<ComplexType>(t); }
bool mlir::nx::isNxPred(Type t) { return t.isUnsignedInteger(8); }

bool mlir::nx::isBroadcastableTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (auto [i, d] : llvm::enumerate(from))
    if (d != 1 && d != to[offset + i])
      return false;
  return true;
}

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

static LogicalResult checkKind(Operation *op, StringRef kind) {
  Type res = getElementTypeOrSelf(op->getResult(0).getType());
  if (kind == "float" && !isNxFloat(res) && !isNxComplex(res))
    return op->emitOpError("result must be a float or complex type, got ")
           << res;
  if (kind == "pred" && !isNxPred(res))
    return op->emitOpError("result must be u8 (a predicate), got ") << res;
  if (kind == "int") {
    if (!isNxInteger(res))
      return op->emitOpError("result must be an integer type, got ") << res;
    for (Value v : op->getOperands())
      if (!isNxInteger(getElementTypeOrSelf(v.getType())))
        return op->emitOpError("operands must be integers, got ")
               << getElementTypeOrSelf(v.getType());
  }
  return success();
}

LogicalResult mlir::nx::detail::verifyUnaryOp(Operation *op, StringRef kind) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  if (in.getShape() != out.getShape())
    return op->emitOpError("result shape ")
           << shapeStr(out.getShape()) << " differs from operand shape "
           << shapeStr(in.getShape());
  return checkKind(op, kind);
}

static LogicalResult verifyBroadcastOperands(Operation *op,
                                             ArrayRef<int64_t> shape) {
  for (auto [i, v] : llvm::enumerate(op->getOperands()))
    if (!isBroadcastableTo(tensorType(v).getShape(), shape))
      return op->emitOpError("operand ")
             << i << " of shape " << shapeStr(tensorType(v).getShape())
             << " does not broadcast to " << shapeStr(shape);
  return success();
}

LogicalResult mlir::nx::detail::verifyBinaryOp(Operation *op, StringRef kind) {
  if (failed(
          verifyBroadcastOperands(op, tensorType(op->getResult(0)).getShape())))
    return failure();
  return checkKind(op, kind);
}

static LogicalResult checkAxes(Operation *op, ArrayRef<int64_t> axes,
                               int64_t rank, StringRef what) {
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t a : axes) {
    if (a < 0 || a >= rank)
      return op->emitOpError()
             << what << " " << a << " out of range for rank " << rank;
    if (!seen.insert(a).second)
      return op->emitOpError() << what << " " << a << " repeated";
  }
  return success();
}

LogicalResult mlir::nx::detail::verifyReduceOp(Operation *op,
                                               ArrayRef<int64_t> axes,
                                               bool keepAxes, StringRef name) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  if (failed(checkAxes(op, axes, in.getRank(), "axis")))
    return failure();
  SmallVector<int64_t> expected;
  for (auto [i, d] : llvm::enumerate(in.getShape())) {
    bool reduced = llvm::is_contained(axes, (int64_t)i);
    if (!reduced)
      expected.push_back(d);
    else if (keepAxes)
      expected.push_back(1);
  }
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError("result shape ")
           << shapeStr(out.getShape()) << " should be " << shapeStr(expected);
  if ((name == "all" || name == "any") && !isNxPred(out.getElementType()))
    return op->emitOpError("result must be u8");
  return success();
}

LogicalResult mlir::nx::detail::verifyArgReduceOp(Operation *op,
                                                  std::optional<uint64_t> axis,
                                                  bool keepAxis) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  if (!isNxInteger(out.getElementType()))
    return op->emitOpError("result must be an integer type");
  SmallVector<int64_t> expected;
  if (axis) {
    if ((int64_t)*axis < 0 || (int64_t)*axis >= in.getRank())
      return op->emitOpError("axis ")
             << *axis << " out of range for rank " << in.getRank();
    for (auto [i, d] : llvm::enumerate(in.getShape()))
      if (i != *axis)
        expected.push_back(d);
      else if (keepAxis)
        expected.push_back(1);
  } else if (keepAxis) {
    expected.assign(in.getRank(), 1);
  }
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError("result shape ")
           << shapeStr(out.getShape()) << " should be " << shapeStr(expected);
  return success();
}

LogicalResult mlir::nx::detail::verifyWindowOp(Operation *op,
                                               ArrayRef<int64_t> window,
                                               ArrayRef<int64_t> strides,
                                               ArrayRef<int64_t> low,
                                               ArrayRef<int64_t> high,
                                               ArrayRef<int64_t> dilations) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  int64_t rank = in.getRank();
  for (ArrayRef<int64_t> a : {window, strides, low, high, dilations})
    if ((int64_t)a.size() != rank)
      return op->emitOpError("needs one window size, stride, padding and "
                             "dilation per dimension");
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i) {
    if (window[i] < 1 || strides[i] < 1 || dilations[i] < 1)
      return op->emitOpError(
          "window sizes, strides and dilations must be positive");
    int64_t padded = in.getDimSize(i) + low[i] + high[i];
    int64_t span = (window[i] - 1) * dilations[i] + 1;
    if (padded < span)
      return op->emitOpError("window of ") << span << " does not fit dim " << i
                                           << " of padded size " << padded;
    expected.push_back((padded - span) / strides[i] + 1);
  }
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError("result shape ")
           << shapeStr(out.getShape()) << " should be " << shapeStr(expected);
  return success();
}

/// Shape of a gather/scatter with `indices` [..., k] over `axes`:
/// indices.shape[:-1] ++ (operand dims not in axes).
static FailureOr<SmallVector<int64_t>> gatherShape(Operation *op,
                                                   RankedTensorType t,
                                                   RankedTensorType idx,
                                                   ArrayRef<int64_t> axes) {
  if (!isNxInteger(idx.getElementType()))
    return op->emitOpError("indices must be integers");
  if (idx.getRank() < 1 ||
      idx.getDimSize(idx.getRank() - 1) != (int64_t)axes.size())
    return op->emitOpError(
               "the last dim of the indices must have one entry per axis (")
           << axes.size() << ")";
  if (failed(checkAxes(op, axes, t.getRank(), "axis")))
    return failure();
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  for (int64_t d = 0; d < t.getRank(); ++d)
    if (!llvm::is_contained(axes, d))
      shape.push_back(t.getDimSize(d));
  return shape;
}

LogicalResult mlir::nx::detail::verifyIndexedOp(Operation *op,
                                                ArrayRef<int64_t> axes) {
  auto t = tensorType(op->getOperand(0)), idx = tensorType(op->getOperand(1)),
       upd = tensorType(op->getOperand(2)), out = tensorType(op->getResult(0));
  if (out.getShape() != t.getShape())
    return op->emitOpError("result shape differs from the operand's");
  auto shape = gatherShape(op, t, idx, axes);
  if (failed(shape))
    return failure();
  if (upd.getShape() != ArrayRef<int64_t>(*shape))
    return op->emitOpError("updates shape ")
           << shapeStr(upd.getShape()) << " should be " << shapeStr(*shape);
  return success();
}

LogicalResult mlir::nx::detail::verifySortOp(Operation *op, int64_t axis,
                                             StringRef name) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  if (in.getShape() != out.getShape())
    return op->emitOpError("result shape differs from the operand's");
  if (in.getRank() == 0 || axis < 0 || axis >= in.getRank())
    return op->emitOpError("axis ")
           << axis << " out of range for rank " << in.getRank();
  if (isNxComplex(in.getElementType()))
    return op->emitOpError("cannot sort complex numbers");
  if (name == "sort" && in.getElementType() != out.getElementType())
    return op->emitOpError("result type differs from the operand's");
  if (name == "argsort" && !isNxInteger(out.getElementType()))
    return op->emitOpError("result must be an integer type");
  return success();
}

LogicalResult mlir::nx::detail::verifyFftOp(Operation *op, int64_t axis,
                                            int64_t length) {
  auto in = tensorType(op->getOperand(0)), out = tensorType(op->getResult(0));
  if (!isNxComplex(out.getElementType()))
    return op->emitOpError("result must be complex");
  if (axis < 0 || axis >= in.getRank() || length < 1)
    return op->emitOpError("axis out of range or length < 1");
  SmallVector<int64_t> expected(in.getShape());
  expected[axis] = length;
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError("result shape should be ") << shapeStr(expected);
  return success();
}

LogicalResult mlir::nx::detail::verifyWindowScatterOp(Operation *op,
                                                      ArrayRef<int64_t> window,
                                                      ArrayRef<int64_t> strides,
                                                      ArrayRef<int64_t> low,
                                                      ArrayRef<int64_t> high) {
  auto in = tensorType(op->getOperand(0)), src = tensorType(op->getOperand(1)),
       init = tensorType(op->getOperand(2)), out = tensorType(op->getResult(0));
  if (init.getRank() != 0)
    return op->emitOpError("the initial value must be a scalar");
  if (out.getShape() != in.getShape())
    return op->emitOpError("result shape differs from the operand's");
  int64_t rank = in.getRank();
  for (ArrayRef<int64_t> a : {window, strides, low, high})
    if ((int64_t)a.size() != rank)
      return op->emitOpError(
          "needs one window size, stride and padding per dimension");
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < rank; ++i) {
    if (window[i] < 1 || strides[i] < 1)
      return op->emitOpError("window sizes and strides must be positive");
    int64_t padded = in.getDimSize(i) + low[i] + high[i];
    expected.push_back(
        padded < window[i] ? 0 : (padded - window[i]) / strides[i] + 1);
  }
  if (src.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError("source shape ")
           << shapeStr(src.getShape()) << " should be " << shapeStr(expected);
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " differs from result type " << getType();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::verify() {
  if (isNxComplex(getElementTypeOrSelf(getPred().getType())))
    return emitOpError("predicate must be a real number type");
  return verifyBroadcastOperands(*this, getType().getShape());
}

LogicalResult ClipOp::verify() {
  if (getType().getShape() != getOperand().getType().getShape())
    return emitOpError("result shape differs from operand shape");
  return verifyBroadcastOperands(*this, getType().getShape());
}

LogicalResult AsTypeOp::verify() {
  if (getOperand().getType().getShape() != getType().getShape())
    return emitOpError("result shape differs from operand shape");
  return success();
}

OpFoldResult AsTypeOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

LogicalResult BitcastOp::verify() {
  if (getOperand().getType().getShape() != getType().getShape())
    return emitOpError("result shape differs from operand shape");
  auto bits = [](Type t) -> int64_t {
    if (auto c = dyn_cast<ComplexType>(t))
      return 2 * c.getElementType().getIntOrFloatBitWidth();
    return t.getIntOrFloatBitWidth();
  };
  if (bits(getOperand().getType().getElementType()) !=
      bits(getType().getElementType()))
    return emitOpError("bitcast between types of different widths: ")
           << getOperand().getType().getElementType() << " to "
           << getType().getElementType();
  return success();
}

static LogicalResult verifyPacked(Operation *op, RankedTensorType packed,
                                  RankedTensorType wide, int64_t bits) {
  if (bits != 2 && bits != 4)
    return op->emitOpError("bits must be 2 or 4, got ") << bits;
  if (packed.getRank() != 1)
    return op->emitOpError("packed bytes must be rank 1");
  int64_t want = (wide.getNumElements() * bits + 7) / 8;
  if (packed.getDimSize(0) != want)
    return op->emitOpError("expected ")
           << want << " packed bytes for " << wide.getNumElements()
           << " elements of " << bits << " bits, got " << packed.getDimSize(0);
  return success();
}

LogicalResult UnpackBitsOp::verify() {
  return verifyPacked(*this, getOperand().getType(), getType(), getBits());
}

LogicalResult PackBitsOp::verify() {
  return verifyPacked(*this, getType(), getOperand().getType(), getBits());
}

LogicalResult IotaOp::verify() {
  if (getAxis() &&
      ((int64_t)*getAxis() < 0 || (int64_t)*getAxis() >= getType().getRank()))
    return emitOpError("axis ")
           << *getAxis() << " out of range for rank " << getType().getRank();
  return success();
}

LogicalResult EyeOp::verify() {
  if (getType().getRank() < 2)
    return emitOpError("needs a result of rank 2 or more");
  return success();
}

//===----------------------------------------------------------------------===//
// Shape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  if (getOperand().getType().getNumElements() != getType().getNumElements())
    return emitOpError("cannot reshape ")
           << shapeStr(getOperand().getType().getShape()) << " to "
           << shapeStr(getType().getShape()) << ": sizes differ";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x): only the final shape matters.
struct FoldReshapeChain : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getOperand().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           inner.getOperand());
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FoldReshapeChain>(context);
}

LogicalResult SqueezeOp::verify() {
  auto in = getOperand().getType();
  if (failed(checkAxes(*this, getAxes(), in.getRank(), "axis")))
    return failure();
  SmallVector<int64_t> expected;
  for (auto [i, d] : llvm::enumerate(in.getShape())) {
    if (!llvm::is_contained(getAxes(), (int64_t)i)) {
      expected.push_back(d);
    } else if (d != 1) {
      return emitOpError("cannot squeeze axis ") << i << " of size " << d;
    }
  }
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape should be ") << shapeStr(expected);
  return success();
}

LogicalResult BroadcastOp::verify() {
  auto in = getOperand().getType(), out = getType();
  if ((int64_t)getAxes().size() != in.getRank())
    return emitOpError("needs one axis per operand dimension, got ")
           << getAxes().size() << " for rank " << in.getRank();
  if (failed(checkAxes(*this, getAxes(), out.getRank(), "axis")))
    return failure();
  for (auto [i, a] : llvm::enumerate(getAxes()))
    if (in.getDimSize(i) != 1 && in.getDimSize(i) != out.getDimSize(a))
      return emitOpError("operand dim ")
             << i << " of size " << in.getDimSize(i)
             << " cannot broadcast to result dim " << a << " of size "
             << out.getDimSize(a);
  return success();
}

OpFoldResult BroadcastOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType() &&
      llvm::equal(getAxes(), llvm::seq<int64_t>(0, getType().getRank())))
    return getOperand();
  return {};
}

LogicalResult TransposeOp::verify() {
  auto in = getOperand().getType(), out = getType();
  auto perm = getPermutation();
  if ((int64_t)perm.size() != in.getRank())
    return emitOpError("permutation has ")
           << perm.size() << " entries for rank " << in.getRank();
  if (failed(checkAxes(*this, perm, in.getRank(), "permutation entry")))
    return failure();
  for (auto [i, p] : llvm::enumerate(perm))
    if (out.getDimSize(i) != in.getDimSize(p))
      return emitOpError("result dim ")
             << i << " should be " << in.getDimSize(p);
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (llvm::equal(getPermutation(), llvm::seq<int64_t>(0, getType().getRank())))
    return getOperand();
  return {};
}

LogicalResult PadOp::verify() {
  auto in = getOperand().getType();
  if (getPadValue().getType().getRank() != 0)
    return emitOpError("pad value must be a scalar");
  int64_t rank = in.getRank();
  if ((int64_t)getLow().size() != rank || (int64_t)getHigh().size() != rank ||
      (int64_t)getInterior().size() != rank)
    return emitOpError("needs one (low, high, interior) per dimension");
  for (int64_t i = 0; i < rank; ++i) {
    int64_t n = in.getDimSize(i);
    if (getInterior()[i] < 0)
      return emitOpError("interior padding must be non-negative");
    int64_t size = getLow()[i] + getHigh()[i] + n +
                   (n > 0 ? (n - 1) * getInterior()[i] : 0);
    if (size != getType().getDimSize(i))
      return emitOpError("result dim ") << i << " should be " << size;
  }
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getOperand().getType();
  int64_t rank = in.getRank();
  if ((int64_t)getStartIndices().size() != rank ||
      (int64_t)getLengths().size() != rank ||
      (int64_t)getStrides().size() != rank)
    return emitOpError("needs one start, length and stride per dimension");
  for (int64_t i = 0; i < rank; ++i) {
    int64_t start = getStartIndices()[i], len = getLengths()[i],
            stride = getStrides()[i];
    if (stride < 1)
      return emitOpError("stride must be positive");
    if (start < 0 || len < 0 || start + len > in.getDimSize(i))
      return emitOpError("slice [")
             << start << ", " << start + len << ") out of bounds of dim " << i
             << " of size " << in.getDimSize(i);
    if (getType().getDimSize(i) != (len + stride - 1) / stride)
      return emitOpError("result dim ")
             << i << " should be " << (len + stride - 1) / stride;
  }
  return success();
}

LogicalResult ConcatenateOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one operand");
  int64_t rank = getType().getRank(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " out of range for rank " << rank;
  int64_t total = 0;
  for (Value v : getInputs()) {
    auto t = tensorType(v);
    if (t.getRank() != rank)
      return emitOpError("operands must have the result's rank");
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis && t.getDimSize(i) != getType().getDimSize(i))
        return emitOpError("operand dim ") << i << " differs from the result";
    total += t.getDimSize(axis);
  }
  if (total != getType().getDimSize(axis))
    return emitOpError("result dim ") << axis << " should be " << total;
  return success();
}

LogicalResult ReverseOp::verify() {
  if (getOperand().getType() != getType())
    return emitOpError("result type differs from operand type");
  return checkAxes(*this, getAxes(), getType().getRank(), "axis");
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

static LogicalResult checkStarts(Operation *op, ValueRange starts,
                                 int64_t rank) {
  if ((int64_t)starts.size() != rank)
    return op->emitOpError("needs one start index per dimension");
  for (Value s : starts) {
    auto t = tensorType(s);
    if (t.getRank() != 0 || !isNxInteger(t.getElementType()))
      return op->emitOpError("start indices must be integer scalars");
  }
  return success();
}

/// Ops that move elements: the result has the operand's element type.
static LogicalResult sameElementType(Operation *op) {
  Type in = getElementTypeOrSelf(op->getOperand(0).getType());
  Type out = getElementTypeOrSelf(op->getResult(0).getType());
  if (in != out)
    return op->emitOpError("result element type ")
           << out << " differs from the operand's " << in;
  return success();
}

LogicalResult DynamicSliceOp::verify() {
  if (failed(sameElementType(*this)))
    return failure();
  auto in = getOperand().getType();
  if (failed(checkStarts(*this, getStartIndices(), in.getRank())))
    return failure();
  if ((int64_t)getLengths().size() != in.getRank() ||
      (int64_t)getStrides().size() != in.getRank())
    return emitOpError("needs one length and stride per dimension");
  for (int64_t i = 0; i < in.getRank(); ++i) {
    int64_t len = getLengths()[i], stride = getStrides()[i];
    if (stride < 1 || len < 0 || len > in.getDimSize(i))
      return emitOpError("length ") << len << " does not fit dim " << i;
    if (getType().getDimSize(i) != (len + stride - 1) / stride)
      return emitOpError("result dim ")
             << i << " should be " << (len + stride - 1) / stride;
  }
  return success();
}

LogicalResult PutSliceOp::verify() {
  auto in = getOperand().getType(), upd = getUpdate().getType();
  if (getType().getShape() != in.getShape())
    return emitOpError("result shape differs from the operand's");
  if (failed(checkStarts(*this, getStartIndices(), in.getRank())))
    return failure();
  if (upd.getRank() != in.getRank())
    return emitOpError("update must have the operand's rank");
  for (int64_t i = 0; i < in.getRank(); ++i)
    if (upd.getDimSize(i) > in.getDimSize(i))
      return emitOpError("update dim ") << i << " is larger than the operand's";
  return success();
}

LogicalResult GatherOp::verify() {
  if (failed(sameElementType(*this)))
    return failure();
  auto shape = gatherShape(*this, getOperand().getType(),
                           getIndices().getType(), getAxes());
  if (failed(shape))
    return failure();
  if (getType().getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError("result shape should be ") << shapeStr(*shape);
  return success();
}

LogicalResult TakeOp::verify() {
  if (failed(sameElementType(*this)))
    return failure();
  auto t = getOperand().getType(), idx = getIndices().getType();
  int64_t axis = getAxis();
  if (!isNxInteger(idx.getElementType()))
    return emitOpError("indices must be integers");
  if (axis < 0 || axis >= t.getRank())
    return emitOpError("axis ") << axis << " out of range";
  SmallVector<int64_t> shape(t.getShape().take_front(axis));
  llvm::append_range(shape, idx.getShape());
  llvm::append_range(shape, t.getShape().drop_front(axis + 1));
  if (getType().getShape() != ArrayRef<int64_t>(shape))
    return emitOpError("result shape should be ") << shapeStr(shape);
  return success();
}

LogicalResult TakeAlongAxisOp::verify() {
  if (failed(sameElementType(*this)))
    return failure();
  auto t = getOperand().getType(), idx = getIndices().getType();
  int64_t axis = getAxis();
  if (!isNxInteger(idx.getElementType()))
    return emitOpError("indices must be integers");
  if (axis < 0 || axis >= t.getRank() || idx.getRank() != t.getRank())
    return emitOpError("axis out of range or indices of another rank");
  for (int64_t d = 0; d < t.getRank(); ++d)
    if (d != axis && idx.getDimSize(d) != t.getDimSize(d))
      return emitOpError("indices dim ") << d << " differs from the operand's";
  if (getType().getShape() != idx.getShape())
    return emitOpError("result must have the indices' shape");
  return success();
}

LogicalResult CumulativeOp::verify() {
  if (!llvm::is_contained({"sum", "product", "max", "min"}, getKind()))
    return emitOpError("kind must be sum, product, max or min, got '")
           << getKind() << "'";
  auto t = getOperand().getType();
  if (getAxis() < 0 || getAxis() >= t.getRank())
    return emitOpError("axis ")
           << getAxis() << " out of range for rank " << t.getRank();
  if (getType() != t)
    return emitOpError("result type differs from operand type");
  if (isNxComplex(t.getElementType()) &&
      (getKind() == "max" || getKind() == "min"))
    return emitOpError("complex cumulative max/min (Nx raises too)");
  return success();
}

LogicalResult TriangularSolveOp::verify() {
  // Nx allows leading batch dimensions, the same on a and b.
  auto a = getA().getType(), b = getB().getType();
  int64_t ar = a.getRank(), batch = ar - 2;
  if (ar < 2 || a.getDimSize(ar - 1) != a.getDimSize(ar - 2))
    return emitOpError("a must be a square matrix or a batch of them");
  if (b.getRank() != batch + 1 && b.getRank() != batch + 2)
    return emitOpError("b must be a vector or a matrix (per batch)");
  if (a.getShape().take_front(batch) != b.getShape().take_front(batch))
    return emitOpError("a and b have different batch dimensions");
  int64_t n = a.getDimSize(ar - 1);
  bool vector = b.getRank() == batch + 1;
  int64_t along = vector || !getLeftSide() ? b.getDimSize(b.getRank() - 1)
                                           : b.getDimSize(batch);
  if (along != n)
    return emitOpError("b's dim ") << along << " does not match a's " << n;
  if (getType().getShape() != b.getShape())
    return emitOpError("result must have b's shape");
  return success();
}

LogicalResult LuOp::verify() {
  auto a = getOperand().getType();
  int64_t r = a.getRank();
  if (r < 2 || a.getDimSize(r - 1) != a.getDimSize(r - 2))
    return emitOpError("needs a square matrix or a batch of them");
  for (Type t : getResultTypes()) {
    auto rt = cast<RankedTensorType>(t);
    if (rt.getShape() != a.getShape())
      return emitOpError("p, l and u must have the operand's shape");
  }
  if (getL().getType() != getU().getType())
    return emitOpError("l and u must have the same type");
  return success();
}

LogicalResult EighOp::verify() {
  auto a = getOperand().getType();
  int64_t r = a.getRank();
  if (r < 2 || a.getDimSize(r - 1) != a.getDimSize(r - 2))
    return emitOpError("needs a square matrix or a batch of them");
  auto vecs = getEigenvectors().getType(), vals = getEigenvalues().getType();
  if (vecs.getShape() != a.getShape() ||
      vals.getShape() != a.getShape().drop_back())
    return emitOpError("eigenvectors must have the operand's shape and "
                       "eigenvalues its shape without the last axis");
  if (!isa<FloatType>(vals.getElementType()) ||
      vals.getElementType() != vecs.getElementType())
    return emitOpError("results must have one real float type");
  if (getMaxIter() < 1)
    return emitOpError("max_iter must be at least 1");
  return success();
}

//===----------------------------------------------------------------------===//
// DotOp
//===----------------------------------------------------------------------===//

LogicalResult DotOp::verify() {
  auto lhs = getLhs().getType(), rhs = getRhs().getType();
  if (getLhsContracting().size() != getRhsContracting().size())
    return emitOpError("contracting axes differ in number");
  if (getLhsBatch().size() != getRhsBatch().size())
    return emitOpError("batch axes differ in number");
  if (failed(
          checkAxes(*this, getLhsContracting(), lhs.getRank(), "lhs axis")) ||
      failed(
          checkAxes(*this, getRhsContracting(), rhs.getRank(), "rhs axis")) ||
      failed(
          checkAxes(*this, getLhsBatch(), lhs.getRank(), "lhs batch axis")) ||
      failed(checkAxes(*this, getRhsBatch(), rhs.getRank(), "rhs batch axis")))
    return failure();
  for (auto [a, b] : llvm::zip(getLhsContracting(), getRhsContracting()))
    if (lhs.getDimSize(a) != rhs.getDimSize(b))
      return emitOpError("contracting dims differ: lhs ")
             << a << " has " << lhs.getDimSize(a) << ", rhs " << b << " has "
             << rhs.getDimSize(b);
  SmallVector<int64_t> expected;
  for (auto [a, b] : llvm::zip(getLhsBatch(), getRhsBatch())) {
    if (lhs.getDimSize(a) != rhs.getDimSize(b))
      return emitOpError("batch dims differ");
    expected.push_back(lhs.getDimSize(a));
  }
  auto free = [&](RankedTensorType t, ArrayRef<int64_t> c,
                  ArrayRef<int64_t> b) {
    for (int64_t i = 0; i < t.getRank(); ++i) {
      if (llvm::is_contained(c, i) || llvm::is_contained(b, i))
        continue;
      expected.push_back(t.getDimSize(i));
    }
  };
  free(lhs, getLhsContracting(), getLhsBatch());
  free(rhs, getRhsContracting(), getRhsBatch());
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape ") << shapeStr(getType().getShape())
                                        << " should be " << shapeStr(expected);
  return success();
}

//===----------------------------------------------------------------------===//
// ConvOp
//===----------------------------------------------------------------------===//

static bool isPermutation(ArrayRef<int64_t> p, int64_t rank) {
  if ((int64_t)p.size() != rank)
    return false;
  SmallVector<bool> seen(rank, false);
  for (int64_t v : p) {
    if (v < 0 || v >= rank || seen[v])
      return false;
    seen[v] = true;
  }
  return true;
}

LogicalResult ConvOp::verify() {
  auto in = getInput().getType(), k = getKernel().getType();
  int64_t rank = in.getRank(), sp = rank - 2;
  if (rank < 3 || k.getRank() != rank || getType().getRank() != rank)
    return emitOpError("input, kernel and result must have the same rank >= 3");
  if (!isPermutation(getInputPermutation(), rank) ||
      !isPermutation(getKernelPermutation(), rank) ||
      !isPermutation(getOutputPermutation(), rank))
    return emitOpError("permutations must be permutations of the rank");
  for (ArrayRef<int64_t> a : {getStrides(), getPaddingLow(), getPaddingHigh(),
                              getInputDilation(), getKernelDilation()})
    if ((int64_t)a.size() != sp)
      return emitOpError(
          "needs one stride, padding and dilation per spatial dim");
  int64_t fg = getFeatureGroupSize(), bg = getBatchGroupSize();
  if (fg < 1 || bg < 1 || (fg > 1 && bg > 1))
    return emitOpError("group sizes must be >= 1 and not both > 1");
  auto dimIn = [&](int64_t i) {
    return in.getDimSize(getInputPermutation()[i]);
  };
  auto dimK = [&](int64_t i) {
    return k.getDimSize(getKernelPermutation()[i]);
  };
  int64_t n = dimIn(0), c = dimIn(1), o = dimK(0), ci = dimK(1);
  if (c != ci * fg)
    return emitOpError("input channels ") << c << " must be kernel channels "
                                          << ci << " x feature groups " << fg;
  if (o % fg || o % bg || n % bg)
    return emitOpError("filters and batch must divide by the group sizes");
  SmallVector<int64_t> canonical = {n / bg, o};
  for (int64_t i = 0; i < sp; ++i) {
    int64_t s = getStrides()[i], id = getInputDilation()[i],
            kd = getKernelDilation()[i];
    if (s < 1 || id < 1 || kd < 1)
      return emitOpError("strides and dilations must be positive");
    int64_t x = dimIn(i + 2), w = dimK(i + 2);
    int64_t padded = getPaddingLow()[i] + getPaddingHigh()[i] +
                     (x > 0 ? (x - 1) * id + 1 : 0);
    int64_t window = w > 0 ? (w - 1) * kd + 1 : 0;
    canonical.push_back(padded < window ? 0 : (padded - window) / s + 1);
  }
  SmallVector<int64_t> expected(rank);
  for (int64_t i = 0; i < rank; ++i)
    expected[getOutputPermutation()[i]] = canonical[i];
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape ") << shapeStr(getType().getShape())
                                        << " should be " << shapeStr(expected);
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

static LogicalResult checkScalarPred(Operation *op, Type t, StringRef what) {
  auto rt = dyn_cast<RankedTensorType>(t);
  if (!rt || rt.getRank() != 0 || isNxComplex(rt.getElementType()))
    return op->emitOpError() << what << " must be a real scalar, got " << t;
  return success();
}

static LogicalResult checkYield(Operation *op, Region &region,
                                TypeRange expected, StringRef name) {
  if (region.empty() || region.front().empty() ||
      !isa<YieldOp>(region.front().back()))
    return op->emitOpError() << name << " region must end with nx.yield";
  auto yield = cast<YieldOp>(region.front().back());
  if (yield.getValues().getTypes() != expected)
    return op->emitOpError()
           << name << " yields " << yield.getValues().getTypes()
           << ", expected " << expected;
  return success();
}

LogicalResult WhileOp::verify() {
  TypeRange state = getInitial().getTypes();
  if (getResultTypes() != state)
    return emitOpError("results must have the types of the initial state");
  for (Region *r : {&getCond(), &getBody()})
    if (r->front().getArgumentTypes() != state)
      return emitOpError("region arguments must have the types of the state");
  if (getCond().front().empty() || !isa<YieldOp>(getCond().front().back()))
    return emitOpError("the cond region must end with nx.yield");
  auto condYield = cast<YieldOp>(getCond().front().back());
  if (condYield.getValues().size() != 1 ||
      failed(checkScalarPred(*this, condYield.getValues()[0].getType(),
                             "the cond region's result")))
    return emitOpError("the cond region must yield one real scalar");
  return checkYield(*this, getBody(), state, "the body");
}

LogicalResult IfOp::verify() {
  if (failed(checkScalarPred(*this, getPred().getType(), "predicate")))
    return failure();
  if (failed(checkYield(*this, getThenRegion(), getResultTypes(), "then")))
    return failure();
  return checkYield(*this, getElseRegion(), getResultTypes(), "else");
}

/// A scalar function region: `arity` rank-0 arguments, one rank-0 result,
/// all of the element type `elem`.
static LogicalResult verifyFun(Operation *op, Region &fun, unsigned arity,
                               Type elem) {
  if (fun.empty() || fun.front().empty())
    return op->emitOpError("the function region is empty");
  Block &b = fun.front();
  auto scalar = RankedTensorType::get({}, elem);
  if (b.getNumArguments() != arity ||
      llvm::any_of(b.getArgumentTypes(), [&](Type t) { return t != scalar; }))
    return op->emitOpError("the function must take ")
           << arity << " arguments of type " << scalar;
  auto yield = dyn_cast<YieldOp>(b.back());
  if (!yield || yield.getValues().size() != 1 ||
      yield.getValues()[0].getType() != scalar)
    return op->emitOpError("the function must yield one ") << scalar;
  return success();
}

LogicalResult ReduceOp::verify() {
  if (getInit().getType().getRank() != 0)
    return emitOpError("the initial value must be a scalar");
  if (failed(detail::verifyReduceOp(*this, getAxes(), getKeepAxes(), "reduce")))
    return failure();
  return verifyFun(*this, getFun(), 2, getType().getElementType());
}

LogicalResult WindowReduceOp::verify() {
  if (getInit().getType().getRank() != 0)
    return emitOpError("the initial value must be a scalar");
  if (failed(detail::verifyWindowOp(*this, getWindowDimensions(), getStrides(),
                                    getPaddingLow(), getPaddingHigh(),
                                    getWindowDilations())))
    return failure();
  return verifyFun(*this, getFun(), 2, getType().getElementType());
}

LogicalResult MapOp::verify() {
  if (getOperand().getType().getShape() != getType().getShape())
    return emitOpError("result shape differs from operand shape");
  return verifyFun(*this, getFun(), 1, getType().getElementType());
}

#define GET_OP_CLASSES
#include "nx/IR/NxOps.cpp.inc"
