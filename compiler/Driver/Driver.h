//===- Driver.h - the nxc commands ------------------------------*- C++ -*-===//
#ifndef NXC_DRIVER_DRIVER_H
#define NXC_DRIVER_DRIVER_H

#include "Codegen/ObjectEmitter.h"
#include "Codegen/Pipeline.h"

#include <string>
#include <vector>

namespace nxc {

/// Exit codes: 0 success, 1 bad input or failure, 2 valid input that uses
/// something nxc does not compile yet.
enum ExitCode { kOk = 0, kError = 1, kUnsupported = 2 };

struct CompileOptions {
  std::vector<std::string> inputs; ///< graph files
  std::string output;              ///< .o, .a, or a text file for --emit
  std::string header;              ///< default: output with .h
  std::string emit = "obj";        ///< nx|linalg|llvm-dialect|llvm-ir|asm|obj
  std::string name;                ///< symbol override (one input only)
  TargetOptions target;
  CodegenOptions codegen;
  bool timing = false;
};

struct RunOptions {
  std::string graph, inputs, out;
  int threads = 1; ///< nxc_set_num_threads for the call
  CodegenOptions codegen;
  /// CPU and features for the host architecture (a lower x86-64 level, say):
  /// the object must still run here.
  std::string cpu, features;
};

struct BenchOptions {
  std::string graph;
  int threads = 1; ///< nxc_set_num_threads for the timed calls
  int runs = 0;    ///< 0: at least 10 runs and `seconds` of them
  double seconds = 1.0;
  bool json = false; ///< one line: name, threads, runs, median/min/max
  CodegenOptions codegen;
  std::string cpu, features;
};

int compileCommand(const CompileOptions &options);
int benchCommand(const BenchOptions &options);
int runCommand(const RunOptions &options);

} // namespace nxc

#endif
