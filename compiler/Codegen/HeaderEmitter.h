//===- HeaderEmitter.h - the C header of a compiled object ------*- C++ -*-===//
#ifndef NXC_CODEGEN_HEADEREMITTER_H
#define NXC_CODEGEN_HEADEREMITTER_H

#include "Import/GraphImporter.h"

#include <string>
#include <vector>

namespace nxc {

struct CompiledGraph {
  GraphSig sig;
  uint64_t workspaceSize = 0; ///< bytes the caller provides (with slack)
  std::string source;         ///< the graph file it came from
};

/// A C header declaring each graph's entry point and descriptor, with macros
/// for argument/result sizes. `guard` names the include guard.
std::string emitHeader(const std::vector<CompiledGraph> &graphs,
                       const std::string &guard);

} // namespace nxc

#endif
