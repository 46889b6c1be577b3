//===- GraphImporter.h - nx-graph JSON to the nx dialect --------*- C++ -*-===//
#ifndef NXC_IMPORT_GRAPHIMPORTER_H
#define NXC_IMPORT_GRAPHIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nxc {

/// A tensor in the public signature, with Nx's type name ("f32", "u8", ...).
struct TensorSig {
  std::string dtype;
  std::vector<int64_t> shape;

  uint64_t numElements() const {
    uint64_t n = 1;
    for (int64_t d : shape)
      n *= static_cast<uint64_t>(d);
    return n;
  }
  /// Bits per element: 2 and 4 for the packed sub-byte integers.
  unsigned bits() const;
  /// Bytes in memory: sub-byte elements are packed, the last byte padded.
  uint64_t byteSize() const { return (numElements() * bits() + 7) / 8; }
  bool packed() const { return bits() < 8; }
};

/// The flat signature of one imported graph.
struct GraphSig {
  std::string name;
  std::vector<TensorSig> args, results;
};

/// Why an import failed: the input is wrong, or it is valid Nx that nxc does
/// not compile yet. `message` names the node id and op where there is one.
struct ImportError {
  bool unsupported = false;
  std::string message;
};

/// Parses an nx-graph v1 document into `module` as one `func.func` of nx ops
/// named after the graph (or `nameOverride`). Never aborts on bad input.
bool importGraph(llvm::StringRef json, llvm::StringRef fileName,
                 mlir::ModuleOp module, GraphSig &sig, ImportError &error,
                 llvm::StringRef nameOverride = "");

/// Nx type name <-> MLIR element type (si/ui integers carry signedness).
mlir::Type parseNxType(mlir::MLIRContext *ctx, llvm::StringRef name);
std::string nxTypeName(mlir::Type type);

} // namespace nxc

#endif // NXC_IMPORT_GRAPHIMPORTER_H
