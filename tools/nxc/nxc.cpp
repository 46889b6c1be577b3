//===- nxc.cpp - the nxc command line -------------------------------------===//
#include "Driver/Driver.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using llvm::StringRef;

static const char *kUsage =
    R"(nxc - ahead-of-time compiler for Nx graphs (nx-graph v1)

usage:
  nxc compile GRAPH.json [GRAPH.json...] -o OUT.o|OUT.a [options]
  nxc run GRAPH.json --inputs CASE.json [--out RESULT.json] [--threads N]
  nxc bench GRAPH.json [--threads N] [--runs N | --seconds S] [--json]

compile options:
  -o FILE               object (.o) or static library (.a); with --emit, a text file
  --header FILE         C header to write (default: OUT with .h)
  --emit=STAGE          nx | linalg | llvm-dialect | llvm-ir | asm | obj (default)
  --name=SYMBOL         entry point name (default: the graph's "name")
  --target=TRIPLE       e.g. aarch64-linux-gnu, x86_64-linux-gnu (default: host)
  --cpu=CPU             e.g. x86-64-v3, znver4, cortex-a72 (default: host CPU)
  --features=LIST       e.g. +avx2,+fma (default: the CPU's)
  --no-vectorize        skip nxc's tiling/vectorization schedule
  --parallel-min-work=N loop nests of fewer element iterations stay serial
                        (default 131072); larger ones are split across the
                        threads the caller sets (nxc_set_num_threads)
  --timing              print time spent in each pass

bench options (times the compiled function on generated inputs, in process,
buffers and workspace reused; warm-up first):
  --threads N           threads the compiled code may use (default 1)
  --runs N              exactly N timed calls (default: >= 10 and >= --seconds)
  --seconds S           timed seconds when --runs is not given (default 1)
  --json                one line: {"name", "threads", "runs", "median_s",
                        "min_s", "max_s"}
  --cpu, --features, --no-vectorize, --parallel-min-work as for compile

run options:
  --inputs FILE         a case file: {"inputs": [tensor, ...]} (docs/graph-format.md)
  --out FILE            write {"outputs": [...]}; default: print the outputs
  --threads N           threads the compiled code may use (default 1)
  --cpu=CPU, --features=LIST
                        compile for another CPU of this architecture, e.g.
                        x86-64-v2 (the object must run on this machine)

exit status: 0 ok, 1 invalid input or failure, 2 valid graph using an op or
type nxc does not compile yet.
)";

static bool takeValue(int &i, int argc, char **argv, StringRef flag,
                      std::string &out) {
  StringRef a = argv[i];
  if (a.consume_front(flag)) {
    if (a.consume_front("=")) {
      out = a.str();
      return true;
    }
    if (a.empty() && i + 1 < argc) {
      out = argv[++i];
      return true;
    }
  }
  return false;
}

/// Parses `v`, when given, as a number in [lo, hi] into `out`; prints an
/// error and returns false otherwise.
template <typename T>
static bool number(const std::string &v, const char *flag, T &out, double lo,
                   double hi = 1e9) {
  if (v.empty())
    return true;
  double d;
  if (StringRef(v).getAsDouble(d) || !(d >= lo) || d > hi) {
    llvm::errs() << "nxc: error: " << flag
                 << " needs a number >= " << static_cast<int64_t>(lo)
                 << ", got '" << v << "'\n";
    return false;
  }
  out = static_cast<T>(d);
  return true;
}

/// The code generation flags of compile, run and bench; --parallel-min-work
/// is collected in `minWork` for `number`.
static bool codegenFlag(int &i, int argc, char **argv, nxc::CodegenOptions &o,
                        std::string &minWork) {
  if (StringRef(argv[i]) == "--no-vectorize") {
    o.vectorize = false;
    return true;
  }
  return takeValue(i, argc, argv, "--parallel-min-work", minWork);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2 || StringRef(argv[1]) == "--help" ||
      StringRef(argv[1]) == "-h") {
    llvm::outs() << kUsage;
    return argc < 2 ? 1 : 0;
  }
  if (StringRef(argv[1]) == "--version") {
    llvm::outs() << "nxc 0.1.0 (nx-graph v1, LLVM/MLIR " LLVM_VERSION_STRING
                    ")\n";
    return 0;
  }
  StringRef cmd = argv[1];
  auto bad = [&](StringRef arg) {
    llvm::errs() << "nxc: error: unknown argument '" << arg
                 << "' (see nxc --help)\n";
    return 1;
  };
  std::string minWork;
  auto minWorkOk = [&](nxc::CodegenOptions &o) {
    return number(minWork, "--parallel-min-work", o.parallelMinWork, 0, 1e18);
  };
  if (cmd == "compile") {
    nxc::CompileOptions o;
    for (int i = 2; i < argc; ++i) {
      StringRef a = argv[i];
      if (takeValue(i, argc, argv, "-o", o.output) ||
          takeValue(i, argc, argv, "--header", o.header) ||
          takeValue(i, argc, argv, "--emit", o.emit) ||
          takeValue(i, argc, argv, "--name", o.name) ||
          takeValue(i, argc, argv, "--target", o.target.triple) ||
          takeValue(i, argc, argv, "--cpu", o.target.cpu) ||
          takeValue(i, argc, argv, "--features", o.target.features) ||
          codegenFlag(i, argc, argv, o.codegen, minWork))
        continue;
      if (a == "--timing")
        o.timing = true;
      else if (a.starts_with("-") && a != "-")
        return bad(a);
      else
        o.inputs.push_back(a.str());
    }
    if (!minWorkOk(o.codegen))
      return 1;
    return nxc::compileCommand(o);
  }
  if (cmd == "run") {
    nxc::RunOptions o;
    std::string threads;
    for (int i = 2; i < argc; ++i) {
      StringRef a = argv[i];
      if (takeValue(i, argc, argv, "--inputs", o.inputs) ||
          takeValue(i, argc, argv, "--out", o.out) ||
          takeValue(i, argc, argv, "--threads", threads) ||
          takeValue(i, argc, argv, "--cpu", o.cpu) ||
          takeValue(i, argc, argv, "--features", o.features) ||
          codegenFlag(i, argc, argv, o.codegen, minWork))
        continue;
      if (a.starts_with("-"))
        return bad(a);
      else if (o.graph.empty())
        o.graph = a.str();
      else
        return bad(a);
    }
    if (!number(threads, "--threads", o.threads, 1) || !minWorkOk(o.codegen))
      return 1;
    return nxc::runCommand(o);
  }
  if (cmd == "bench") {
    nxc::BenchOptions o;
    std::string threads, runs, secs;
    for (int i = 2; i < argc; ++i) {
      StringRef a = argv[i];
      if (takeValue(i, argc, argv, "--threads", threads) ||
          takeValue(i, argc, argv, "--runs", runs) ||
          takeValue(i, argc, argv, "--seconds", secs) ||
          takeValue(i, argc, argv, "--cpu", o.cpu) ||
          takeValue(i, argc, argv, "--features", o.features) ||
          codegenFlag(i, argc, argv, o.codegen, minWork))
        continue;
      if (a == "--json")
        o.json = true;
      else if (a.starts_with("-"))
        return bad(a);
      else if (o.graph.empty())
        o.graph = a.str();
      else
        return bad(a);
    }
    if (!number(threads, "--threads", o.threads, 1) ||
        !number(runs, "--runs", o.runs, 1) ||
        !number(secs, "--seconds", o.seconds, 0) || !minWorkOk(o.codegen))
      return 1;
    return nxc::benchCommand(o);
  }
  llvm::errs() << "nxc: error: unknown command '" << cmd
               << "' (expected compile, run or bench; see nxc --help)\n";
  return 1;
}
