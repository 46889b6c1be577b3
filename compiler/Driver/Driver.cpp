//===- Driver.cpp - the nxc commands --------------------------------------===//
//
// compile: graph files -> object/archive + C header (or one stage's text).
// run:     graph + case inputs -> compile in-process, link the same object
//          with ORC, call it, print or write the outputs.
//
// Output files are written to a temporary and renamed into place, so a
// failure never leaves a partial file.
//
//===----------------------------------------------------------------------===//
#include "Driver/Driver.h"

#include "Codegen/HeaderEmitter.h"
#include "Codegen/Registration.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include "nxc/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

using namespace mlir;
using json = nlohmann::json;

namespace nxc {
namespace {

void initTargets() {
  static bool done = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)done;
}

/// "file: node 12 (dot)" from the locations the importer attaches.
std::string describeLoc(Location loc) {
  std::string name, file;
  loc->walk([&](Location l) {
    if (auto n = dyn_cast<NameLoc>(l); n && name.empty())
      name = n.getName().str();
    if (auto f = dyn_cast<FileLineColLoc>(l); f && file.empty())
      file = f.getFilename().str();
    return WalkResult::advance();
  });
  if (!file.empty() && !name.empty())
    return file + ": " + name;
  return !file.empty() ? file : name;
}

/// Prints MLIR diagnostics as nxc errors and notes whether any said that
/// something is not supported yet.
struct Diagnostics {
  explicit Diagnostics(MLIRContext &ctx)
      : handler(&ctx, [this](Diagnostic &d) {
          std::string msg = d.str();
          if (msg.find("not supported yet") != std::string::npos)
            unsupported = true;
          if (d.getSeverity() == DiagnosticSeverity::Error) {
            std::string where = describeLoc(d.getLocation());
            llvm::errs() << "nxc: error: "
                         << (where.empty() ? "" : where + ": ") << msg << "\n";
          }
          return success();
        }) {}
  ScopedDiagnosticHandler handler;
  bool unsupported = false;
};

int fail(const std::string &msg, bool unsupported = false) {
  llvm::errs() << "nxc: error: " << msg << "\n";
  return unsupported ? kUnsupported : kError;
}

/// Writes `data` to `path` through a temporary file and a rename.
bool writeAtomically(const std::string &path, llvm::StringRef data,
                     std::string &error) {
  auto tmp = llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!tmp) {
    error = "cannot create " + path + ": " + llvm::toString(tmp.takeError());
    return false;
  }
  {
    llvm::raw_fd_ostream os(tmp->FD, /*shouldClose=*/false);
    os << data;
    os.flush();
    if (os.has_error()) {
      error = "cannot write " + path + ": " + os.error().message();
      os.clear_error();
      llvm::consumeError(tmp->discard());
      return false;
    }
  }
  if (llvm::Error e = tmp->keep(path)) {
    error = "cannot write " + path + ": " + llvm::toString(std::move(e));
    return false;
  }
  return true;
}

struct Compilation {
  std::unique_ptr<MLIRContext> ctx;
  OwningOpRef<ModuleOp> module;
  std::vector<CompiledGraph> graphs;
  std::unique_ptr<Diagnostics> diags;
};

/// Imports graphs; on failure prints the error and returns the exit code.
int importAll(Compilation &c, const std::vector<std::string> &files,
              const std::string &nameOverride) {
  static bool passes = (registerNxcPasses(), true);
  (void)passes;
  DialectRegistry registry;
  registerNxcDialects(registry);
  c.ctx = std::make_unique<MLIRContext>(registry);
  c.ctx->loadAllAvailableDialects();
  c.diags = std::make_unique<Diagnostics>(*c.ctx);
  c.module = ModuleOp::create(UnknownLoc::get(c.ctx.get()));
  std::set<std::string> names;
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer)
      return fail("cannot read " + file + ": " + buffer.getError().message());
    CompiledGraph g;
    g.source = llvm::sys::path::filename(file).str();
    ImportError err;
    if (!importGraph((*buffer)->getBuffer(), file, *c.module, g.sig, err,
                     nameOverride))
      return fail(file + ": " + err.message, err.unsupported);
    if (!names.insert(g.sig.name).second)
      return fail(file + ": a graph named '" + g.sig.name +
                  "' is already in this compilation (use --name)");
    c.graphs.push_back(std::move(g));
  }
  if (failed(verify(*c.module)))
    return c.diags->unsupported ? kUnsupported : kError;
  return kOk;
}

int stageFailed(Compilation &c) {
  if (c.diags->unsupported)
    return kUnsupported;
  llvm::errs() << "nxc: error: compilation failed (see above)\n";
  return kError;
}

/// Runs the whole pipeline up to `emit`; `text` receives a textual stage,
/// `code` an object or assembly.
int lower(Compilation &c, const std::string &emit, const TargetOptions &target,
          const CodegenOptions &codegen, bool timing, std::string &text,
          llvm::SmallVectorImpl<char> &code) {
  auto print = [&](auto &&printable) {
    llvm::raw_string_ostream os(text);
    printable.print(os);
  };
  if (emit == "nx") {
    print(*c.module);
    return kOk;
  }
  if (failed(runPipeline(*c.module, nxToLinalgPipeline(), timing)))
    return stageFailed(c);
  if (emit == "linalg") {
    print(*c.module);
    return kOk;
  }
  initTargets();
  std::string error;
  auto tm = createTargetMachine(target, error);
  if (!tm)
    return fail(error);
  if (failed(runPipeline(*c.module,
                         linalgToLLVMPipeline(getTargetInfo(*tm), codegen),
                         timing)))
    return stageFailed(c);
  for (CompiledGraph &g : c.graphs)
    if (auto f = c.module->lookupSymbol(g.sig.name))
      if (auto a = f->getAttrOfType<IntegerAttr>("nxc.workspace_size"))
        g.workspaceSize = a.getInt() > 0 ? a.getInt() + 63 : 0;
  if (emit == "llvm-dialect") {
    print(*c.module);
    return kOk;
  }
  llvm::LLVMContext llvmCtx;
  std::vector<GraphSig> sigs;
  for (auto &g : c.graphs)
    sigs.push_back(g.sig);
  auto llvmModule = translateToLLVMIR(*c.module, llvmCtx, *tm, sigs, error);
  if (!llvmModule)
    return fail(error);
  optimizeModule(*llvmModule, *tm);
  if (emit == "llvm-ir") {
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return kOk;
  }
  if (!emitCode(*llvmModule, *tm, emit == "asm", code, error))
    return fail(error);
  return kOk;
}

} // namespace

int compileCommand(const CompileOptions &o) {
  static const std::set<std::string> stages = {
      "nx", "linalg", "llvm-dialect", "llvm-ir", "asm", "obj"};
  if (!stages.count(o.emit))
    return fail("unknown --emit=" + o.emit +
                " (nx, linalg, llvm-dialect, llvm-ir, asm, obj)");
  if (o.inputs.empty())
    return fail("no input graph (usage: nxc compile GRAPH.json... -o OUT.o)");
  if (!o.name.empty() && o.inputs.size() > 1)
    return fail("--name applies to a single input");
  if (o.emit == "obj" && o.output.empty())
    return fail("missing -o OUT.o (or OUT.a)");
  Compilation c;
  if (int rc = importAll(c, o.inputs, o.name))
    return rc;
  std::string text;
  llvm::SmallVector<char, 0> code;
  if (int rc = lower(c, o.emit, o.target, o.codegen, o.timing, text, code))
    return rc;
  std::string error;
  if (o.emit != "obj") {
    std::string data =
        o.emit == "asm" ? std::string(code.begin(), code.end()) : text;
    if (o.output.empty() || o.output == "-") {
      llvm::outs() << data;
      return kOk;
    }
    return writeAtomically(o.output, data, error) ? kOk : fail(error);
  }
  llvm::StringRef objData(code.data(), code.size());
  std::string archive;
  if (llvm::StringRef(o.output).ends_with(".a")) {
    std::string member = llvm::sys::path::stem(o.output).str() + ".o";
    std::vector<llvm::NewArchiveMember> members;
    members.emplace_back(llvm::MemoryBufferRef(objData, member));
    auto buf = llvm::writeArchiveToBuffer(
        members, llvm::SymtabWritingMode::NormalSymtab,
        llvm::object::Archive::K_GNU,
        /*Deterministic=*/true, /*Thin=*/false);
    if (!buf)
      return fail("cannot build archive: " + llvm::toString(buf.takeError()));
    archive = (*buf)->getBuffer().str();
    objData = archive;
  }
  std::string header = o.header;
  if (header.empty()) {
    llvm::SmallString<256> h(o.output);
    llvm::sys::path::replace_extension(h, ".h");
    header = h.str().str();
  }
  std::string guard = llvm::sys::path::stem(header).str();
  // Header first: if the object cannot be written, remove the header again.
  if (!writeAtomically(header, emitHeader(c.graphs, guard), error))
    return fail(error);
  if (!writeAtomically(o.output, objData, error)) {
    llvm::sys::fs::remove(header);
    return fail(error);
  }
  return kOk;
}

//===----------------------------------------------------------------------===//
// nxc run
//===----------------------------------------------------------------------===//

namespace {

/// From nxc_buffer_alloc, as a C caller would allocate: zeroed, 64-byte
/// aligned (unaligned inputs would skew `nxc bench`), huge pages from 2 MiB.
struct Buffer {
  void *data = nullptr;
  size_t size = 0;
  Buffer(size_t n) : size(n) { data = nxc_buffer_alloc(n); }
  ~Buffer() { nxc_buffer_free(data); }
  Buffer(const Buffer &) = delete;
};

std::string shapeString(const TensorSig &t) {
  std::string s = t.dtype;
  for (int64_t d : t.shape)
    s += "[" + std::to_string(d) + "]";
  return s;
}

double halfToDouble(uint16_t h, bool bf16) {
  uint32_t bits;
  if (bf16) {
    bits = (uint32_t)h << 16;
  } else {
    uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    if (exp == 0) {
      double v = std::ldexp((double)man, -24);
      return sign ? -v : v;
    }
    if (exp == 31)
      bits = (sign << 31) | 0x7f800000 | (man << 13);
    else
      bits = (sign << 31) | ((exp - 15 + 127) << 23) | (man << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::string formatElement(const std::string &t, const char *p) {
  char buf[64];
  auto num = [&](double v, int digits) {
    if (std::isnan(v))
      return std::string("NaN");
    if (std::isinf(v))
      return std::string(v > 0 ? "Inf" : "-Inf");
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return std::string(buf);
  };
#define INT_CASE(NAME, TYPE, FMT)                                              \
  if (t == NAME) {                                                             \
    TYPE v;                                                                    \
    std::memcpy(&v, p, sizeof v);                                              \
    std::snprintf(buf, sizeof buf, FMT, v);                                    \
    return buf;                                                                \
  }
  INT_CASE("s8", int8_t, "%d")
  INT_CASE("s16", int16_t, "%d")
  INT_CASE("s32", int32_t, "%d")
  INT_CASE("s64", long long, "%lld")
  INT_CASE("u8", uint8_t, "%u")
  INT_CASE("u16", uint16_t, "%u")
  INT_CASE("u32", uint32_t, "%u")
  INT_CASE("u64", unsigned long long, "%llu")
#undef INT_CASE
  if (t == "f32") {
    float v;
    std::memcpy(&v, p, 4);
    return num(v, 9);
  }
  if (t == "f64") {
    double v;
    std::memcpy(&v, p, 8);
    return num(v, 17);
  }
  if (t == "c64" || t == "c128") { // re+imi
    double re, im;
    if (t == "c64") {
      float p2[2];
      std::memcpy(p2, p, 8);
      re = p2[0], im = p2[1];
    } else {
      std::memcpy(&re, p, 8);
      std::memcpy(&im, p + 8, 8);
    }
    int digits = t == "c64" ? 9 : 17;
    std::string imStr = num(im, digits);
    return num(re, digits) + (imStr[0] == '-' ? "" : "+") + imStr + "i";
  }
  if (t == "f8" || t == "f8_e4m3fn") {
    uint8_t v = (uint8_t)*p;
    double d;
    if (t == "f8") { // E5M2: the high byte of an f16
      d = halfToDouble((uint16_t)(v << 8), false);
    } else { // E4M3FN: bias 7, no infinities, S.1111.111 is NaN
      unsigned e = (v >> 3) & 15, m = v & 7;
      d = (e == 15 && m == 7) ? std::nan("")
          : e == 0            ? std::ldexp((double)m, -9)
                              : std::ldexp(1.0 + m / 8.0, (int)e - 7);
      if (v & 0x80)
        d = -d;
    }
    return num(d, 5);
  }
  if (t == "f16" || t == "bf16") {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return num(halfToDouble(v, t == "bf16"), 5);
  }
  return "?";
}

/// Nested-bracket print of a row-major tensor, like Nx's inspect.
void printTensor(llvm::raw_ostream &os, const TensorSig &t, const char *data) {
  unsigned bits = t.bits();
  uint64_t idx = 0;
  std::function<void(size_t, int)> rec = [&](size_t dim, int indent) {
    if (dim == t.shape.size()) {
      uint64_t bit = idx++ * bits;
      if (t.packed()) { // first element in the high bits
        unsigned v = ((uint8_t)data[bit / 8] >> (8 - bits - bit % 8)) &
                     ((1u << bits) - 1);
        bool neg = t.dtype[0] == 's' && (v >> (bits - 1));
        os << (neg ? (int)v - (1 << bits) : (int)v);
      } else {
        os << formatElement(t.dtype, data + bit / 8);
      }
      return;
    }
    os << "[";
    for (int64_t i = 0; i < t.shape[dim]; ++i) {
      if (i) {
        os << ",";
        if (dim + 1 < t.shape.size())
          os << "\n" << std::string(indent + 1, ' ');
        else
          os << " ";
      }
      rec(dim + 1, indent + 1);
    }
    os << "]";
  };
  rec(0, 0);
  os << "\n";
}

/// The object `nxc compile` would write, for this machine's architecture
/// (optionally another CPU of it).
int lowerForHost(Compilation &c, const std::string &cpu,
                 const std::string &features, const CodegenOptions &codegen,
                 llvm::SmallVector<char, 0> &code) {
  std::string text;
  TargetOptions target;
  target.cpu = cpu;
  target.features = features;
  return lower(c, "obj", target, codegen, false, text, code);
}

/// Links the very object `nxc compile` would write into this process (ORC)
/// and finds its `<name>_info`.
int linkInProcess(const llvm::SmallVector<char, 0> &code,
                  const std::string &name,
                  std::unique_ptr<llvm::orc::LLJIT> &jitOut,
                  const nxc_function_info *&info) {
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return fail("cannot start the JIT linker: " +
                llvm::toString(jit.takeError()));
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!gen)
    return fail(llvm::toString(gen.takeError()));
  llvm::orc::JITDylib &lib = (*jit)->getMainJITDylib();
  lib.addGenerator(std::move(*gen));
  // The runtime's thread pool, which the object references weakly (this
  // executable does not export its symbols dynamically).
  llvm::orc::SymbolMap runtime;
  runtime[(*jit)->mangleAndIntern("nxc_parallel_for")] = {
      llvm::orc::ExecutorAddr::fromPtr(&nxc_parallel_for),
      llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  if (auto err = lib.define(llvm::orc::absoluteSymbols(std::move(runtime))))
    return fail(llvm::toString(std::move(err)));
  if (auto err = (*jit)->addObjectFile(llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(code.data(), code.size()), name + ".o")))
    return fail("cannot load the object: " + llvm::toString(std::move(err)));
  auto sym = (*jit)->lookup(name + "_info");
  if (!sym)
    return fail("cannot link the object: " + llvm::toString(sym.takeError()));
  info = sym->toPtr<const nxc_function_info *>();
  jitOut = std::move(*jit);
  return kOk;
}

/// Result buffers of the sizes `info` gives, and the workspace.
int allocResults(const nxc_function_info *info,
                 std::vector<std::unique_ptr<Buffer>> &results,
                 std::vector<void *> &resPtrs, void *&ws) {
  for (uint32_t i = 0; i < info->num_results; ++i) {
    results.push_back(std::make_unique<Buffer>(info->results[i].byte_size));
    resPtrs.push_back(results.back()->data);
  }
  int32_t status = NXC_OK;
  ws = nxc_workspace_alloc(info, &status);
  if (status != NXC_OK)
    return fail(std::string("workspace: ") + nxc_status_string(status));
  return kOk;
}

} // namespace

int runCommand(const RunOptions &o) {
  if (o.graph.empty() || o.inputs.empty())
    return fail(
        "usage: nxc run GRAPH.json --inputs CASE.json [--out RESULT.json]");
  auto caseBuf = llvm::MemoryBuffer::getFile(o.inputs);
  if (!caseBuf)
    return fail("cannot read " + o.inputs + ": " +
                caseBuf.getError().message());
  json caseJson = json::parse((*caseBuf)->getBuffer().begin(),
                              (*caseBuf)->getBuffer().end(), nullptr, false);
  if (caseJson.is_discarded() || !caseJson.is_object())
    return fail(o.inputs + ": malformed JSON");
  auto inputsIt = caseJson.find("inputs");
  if (inputsIt == caseJson.end() || !inputsIt->is_array())
    return fail(o.inputs + ": missing \"inputs\" array");
  const json &inputs = *inputsIt;

  Compilation c;
  if (int rc = importAll(c, {o.graph}, ""))
    return rc;
  const GraphSig sig = c.graphs.front().sig;
  // Check the inputs against the params before compiling.
  if (inputs.size() != sig.args.size())
    return fail(o.inputs + ": " + std::to_string(inputs.size()) +
                " inputs for a graph with " + std::to_string(sig.args.size()) +
                " params");
  std::vector<std::unique_ptr<Buffer>> args;
  std::vector<std::vector<char>> inputBytes; // to check inputs stay unchanged
  for (size_t i = 0; i < sig.args.size(); ++i) {
    const json &t = inputs[i];
    std::string where = o.inputs + ": input " + std::to_string(i) + ": ";
    auto ty = t.is_object() ? t.find("type") : t.end();
    auto sh = t.is_object() ? t.find("shape") : t.end();
    auto da = t.is_object() ? t.find("data") : t.end();
    if (!t.is_object() || ty == t.end() || !ty->is_string() || sh == t.end() ||
        !sh->is_array() || da == t.end() || !da->is_string())
      return fail(where + "expected {\"type\", \"shape\", \"data\"}");
    std::vector<int64_t> shape;
    for (const json &d : *sh) {
      if (!d.is_number_integer())
        return fail(where + "shape entries must be integers");
      shape.push_back(d.get<int64_t>());
    }
    if (ty->get<std::string>() != sig.args[i].dtype ||
        shape != sig.args[i].shape)
      return fail(where + "is " + shapeString({ty->get<std::string>(), shape}) +
                  " but param " + std::to_string(i) + " is " +
                  shapeString(sig.args[i]));
    std::vector<char> bytes;
    if (llvm::Error e = llvm::decodeBase64(da->get<std::string>(), bytes)) {
      llvm::consumeError(std::move(e));
      return fail(where + "\"data\" is not valid base64");
    }
    uint64_t want = sig.args[i].byteSize();
    if (bytes.size() != want)
      return fail(where + "has " + std::to_string(bytes.size()) +
                  " bytes, expected " + std::to_string(want));
    args.push_back(std::make_unique<Buffer>(want));
    if (want) // an empty vector's data() may be null
      std::memcpy(args.back()->data, bytes.data(), want);
    inputBytes.push_back(std::move(bytes));
  }

  llvm::SmallVector<char, 0> code;
  if (int rc = lowerForHost(c, o.cpu, o.features, o.codegen, code))
    return rc;

  std::unique_ptr<llvm::orc::LLJIT> jit;
  const nxc_function_info *info = nullptr;
  if (int rc = linkInProcess(code, sig.name, jit, info))
    return rc;

  std::vector<std::unique_ptr<Buffer>> results;
  std::vector<const void *> argPtrs;
  std::vector<void *> resPtrs;
  for (auto &a : args)
    argPtrs.push_back(a->data);
  void *ws = nullptr;
  if (int rc = allocResults(info, results, resPtrs, ws))
    return rc;
  nxc_set_num_threads(o.threads);
  int32_t status = nxc_call(info, argPtrs.data(), resPtrs.data(), ws);
  nxc_workspace_free(ws);
  if (status != NXC_OK)
    return fail(std::string("the compiled function failed: ") +
                nxc_status_string(status));
  // Inputs are const in the ABI (and immutable BEAM binaries in the NIF).
  for (size_t i = 0; i < args.size(); ++i)
    if (!inputBytes[i].empty() &&
        std::memcmp(args[i]->data, inputBytes[i].data(), inputBytes[i].size()))
      return fail("internal error: the compiled function wrote into input " +
                  std::to_string(i));

  if (o.out.empty()) {
    for (size_t i = 0; i < sig.results.size(); ++i) {
      llvm::outs() << "output " << i << ": " << shapeString(sig.results[i])
                   << "\n";
      printTensor(llvm::outs(), sig.results[i], (const char *)results[i]->data);
    }
    return kOk;
  }
  json outs = json::array();
  for (size_t i = 0; i < sig.results.size(); ++i) {
    json t;
    t["type"] = sig.results[i].dtype;
    t["shape"] = sig.results[i].shape;
    t["data"] = llvm::encodeBase64(
        llvm::StringRef((const char *)results[i]->data, results[i]->size));
    outs.push_back(t);
  }
  json doc;
  doc["outputs"] = outs;
  std::string error;
  return writeAtomically(o.out, doc.dump() + "\n", error) ? kOk : fail(error);
}

} // namespace nxc

//===----------------------------------------------------------------------===//
// nxc bench
//===----------------------------------------------------------------------===//

namespace nxc {
namespace {

/// Deterministic inputs: floats uniform in [-1, 1), integers in [0, 64) (valid
/// shift amounts and, for small axes, valid indices; out-of-range ones are
/// clamped as Nx does), sub-byte and f8 tensors as random bytes.
void fillInput(const TensorSig &t, char *p, uint64_t &state) {
  auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  auto unit = [&]() { return (next() & 0xffffff) / 8388608.0 - 1.0; };
  uint64_t n = t.numElements();
  const std::string &d = t.dtype;
  if (t.packed() || d == "f8" || d == "f8_e4m3fn") {
    for (uint64_t i = 0; i < t.byteSize(); ++i)
      p[i] = static_cast<char>(next());
    return;
  }
  for (uint64_t i = 0; i < n; ++i) {
    if (d == "f32" || d == "c64") {
      for (int k = 0; k < (d == "c64" ? 2 : 1); ++k) {
        float v = static_cast<float>(unit());
        std::memcpy(p, &v, 4);
        p += 4;
      }
    } else if (d == "f64" || d == "c128") {
      for (int k = 0; k < (d == "c128" ? 2 : 1); ++k) {
        double v = unit();
        std::memcpy(p, &v, 8);
        p += 8;
      }
    } else if (d == "bf16" || d == "f16") {
      float v = static_cast<float>(unit());
      uint32_t b;
      std::memcpy(&b, &v, 4);
      uint16_t h;
      if (d == "bf16") {
        h = static_cast<uint16_t>(b >> 16);
      } else { // |v| < 1: a normal f16 or a small denormal-free value
        int e = static_cast<int>((b >> 23) & 0xff) - 127 + 15;
        h = static_cast<uint16_t>(
            ((b >> 16) & 0x8000) |
            (e > 0 ? (e << 10) | ((b >> 13) & 0x3ff) : 0));
      }
      std::memcpy(p, &h, 2);
      p += 2;
    } else { // integers, little-endian
      uint64_t v = next() % 64;
      unsigned bytes = t.bits() / 8;
      std::memcpy(p, &v, bytes);
      p += bytes;
    }
  }
}

} // namespace

int benchCommand(const BenchOptions &o) {
  if (o.graph.empty())
    return fail("usage: nxc bench GRAPH.json [--threads N] [--runs N] "
                "[--seconds S] [--json]");
  nxc_set_num_threads(o.threads);
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::duration d) {
    return std::chrono::duration<double>(d).count();
  };
  auto t0 = clock::now();
  Compilation c;
  if (int rc = importAll(c, {o.graph}, ""))
    return rc;
  const GraphSig sig = c.graphs.front().sig;
  llvm::SmallVector<char, 0> code;
  if (int rc = lowerForHost(c, o.cpu, o.features, o.codegen, code))
    return rc;
  double compileSeconds = seconds(clock::now() - t0);
  std::unique_ptr<llvm::orc::LLJIT> jit;
  const nxc_function_info *info = nullptr;
  if (int rc = linkInProcess(code, sig.name, jit, info))
    return rc;

  // Buffers and workspace are allocated once and reused by every call, as a
  // caller that keeps them would (no page faults inside the timed calls).
  uint64_t state = 0x6e7863; // "nxc"
  std::vector<std::unique_ptr<Buffer>> args, results;
  std::vector<const void *> argPtrs;
  std::vector<void *> resPtrs;
  for (const TensorSig &t : sig.args) {
    args.push_back(std::make_unique<Buffer>(t.byteSize()));
    fillInput(t, static_cast<char *>(args.back()->data), state);
    argPtrs.push_back(args.back()->data);
  }
  void *ws = nullptr;
  if (int rc = allocResults(info, results, resPtrs, ws))
    return rc;
  int32_t status = NXC_OK;
  auto call = [&]() {
    return nxc_call(info, argPtrs.data(), resPtrs.data(), ws);
  };
  // Warm-up: first-touch of every buffer, caches, branch predictors.
  auto warmStart = clock::now();
  do {
    if ((status = call()) != NXC_OK)
      break;
  } while (seconds(clock::now() - warmStart) < 0.05);
  std::vector<double> times;
  if (status == NXC_OK) {
    auto start = clock::now();
    while (true) {
      auto a = clock::now();
      if ((status = call()) != NXC_OK)
        break;
      times.push_back(seconds(clock::now() - a));
      if (o.runs ? times.size() >= static_cast<size_t>(o.runs)
                 : (times.size() >= 10 &&
                    seconds(clock::now() - start) >= o.seconds) ||
                       times.size() >= 1000000)
        break;
    }
  }
  nxc_workspace_free(ws);
  if (status != NXC_OK)
    return fail(std::string("the compiled function failed: ") +
                nxc_status_string(status));
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  size_t m = sorted.size();
  double median =
      m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  if (o.json) {
    nlohmann::ordered_json line; // keys in the documented order
    line["name"] = sig.name;
    line["threads"] = o.threads;
    line["runs"] = m;
    line["median_s"] = median;
    line["min_s"] = sorted.front();
    line["max_s"] = sorted.back();
    llvm::outs() << line.dump() << "\n";
    return kOk;
  }
  auto ms = [](double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f ms", s * 1e3);
    return std::string(buf);
  };
  llvm::outs() << sig.name << ": " << m << " runs, " << o.threads
               << (o.threads == 1 ? " thread" : " threads") << ": median "
               << ms(median) << ", min " << ms(sorted.front()) << ", max "
               << ms(sorted.back()) << " (compile " << ms(compileSeconds)
               << ")\n";
  return kOk;
}

} // namespace nxc
