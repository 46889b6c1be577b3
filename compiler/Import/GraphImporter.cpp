//===- GraphImporter.cpp - nx-graph JSON to the nx dialect ----------------===//
//
// Reads the format of docs/graph-format.md with nlohmann::json. The build has
// -fno-exceptions, so a throwing accessor would abort the process: every
// access below goes through the checked helpers (find + is_*), never at() or
// operator[] on unchecked input.
//
//===----------------------------------------------------------------------===//
#include "Import/GraphImporter.h"

#include "nx/IR/NxOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/JSON.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

using namespace mlir;
using json = nlohmann::json;

namespace nxc {

unsigned TensorSig::bits() const {
  return llvm::StringSwitch<unsigned>(dtype)
      .Cases({"s2", "u2"}, 2)
      .Cases({"s4", "u4"}, 4)
      .Cases({"s8", "u8", "f8", "f8_e4m3fn"}, 8)
      .Cases({"s16", "u16", "f16", "bf16"}, 16)
      .Cases({"s32", "u32", "f32"}, 32)
      .Cases({"s64", "u64", "f64", "c64"}, 64)
      .Case("c128", 128)
      .Default(0);
}

Type parseNxType(MLIRContext *ctx, llvm::StringRef name) {
  auto si = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Signed);
  };
  auto ui = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  return llvm::StringSwitch<std::function<Type()>>(name)
      .Case("s2", [&] { return si(2); })
      .Case("s4", [&] { return si(4); })
      .Case("u2", [&] { return ui(2); })
      .Case("u4", [&] { return ui(4); })
      .Cases({"f8", "f8_e5m2"}, [&] { return Float8E5M2Type::get(ctx); })
      .Case("f8_e4m3fn", [&] { return Float8E4M3FNType::get(ctx); })
      .Case("s8", [&] { return si(8); })
      .Case("s16", [&] { return si(16); })
      .Case("s32", [&] { return si(32); })
      .Case("s64", [&] { return si(64); })
      .Case("u8", [&] { return ui(8); })
      .Case("u16", [&] { return ui(16); })
      .Case("u32", [&] { return ui(32); })
      .Case("u64", [&] { return ui(64); })
      .Case("f16", [&] { return Float16Type::get(ctx); })
      .Case("bf16", [&] { return BFloat16Type::get(ctx); })
      .Case("f32", [&] { return Float32Type::get(ctx); })
      .Case("f64", [&] { return Float64Type::get(ctx); })
      .Case("c64", [&] { return ComplexType::get(Float32Type::get(ctx)); })
      .Case("c128", [&] { return ComplexType::get(Float64Type::get(ctx)); })
      .Default([] { return Type(); })();
}

std::string nxTypeName(Type t) {
  if (auto i = dyn_cast<IntegerType>(t))
    return (i.isUnsigned() ? "u" : "s") + std::to_string(i.getWidth());
  if (isa<Float8E5M2Type>(t))
    return "f8";
  if (isa<Float8E4M3FNType>(t))
    return "f8_e4m3fn";
  if (t.isF16())
    return "f16";
  if (t.isBF16())
    return "bf16";
  if (t.isF32())
    return "f32";
  if (t.isF64())
    return "f64";
  if (auto c = dyn_cast<ComplexType>(t))
    return c.getElementType().isF32() ? "c64" : "c128";
  return "?";
}

namespace {

// Nx ops (0.7 and newer) that are valid input but not compiled yet: they are
// reported as unsupported (exit code 2), not as malformed input.
const llvm::StringSet<> kKnownUnsupported = {"optional",
                                             "top_k",
                                             "fft2",
                                             "ifft2",
                                             "qr",
                                             "cholesky",
                                             "eigh",
                                             "svd",
                                             "solve",
                                             "determinant",
                                             "runtime_call",
                                             "token",
                                             "attach_token",
                                             "block",
                                             "cumulative_sum",
                                             "cumulative_product",
                                             "cumulative_min",
                                             "cumulative_max",
                                             "all_close",
                                             "logical_not",
                                             "phase",
                                             "from_binary",
                                             "to_pointer",
                                             "from_pointer",
                                             "random_uniform",
                                             "random_normal",
                                             "reduce_precision",
                                             "bitwise_not_"};

constexpr int64_t kMaxRank = 32;

/// A JSON term for an error message, cut to a readable length.
std::string brief(const json &j) {
  std::string s = j.dump();
  return s.size() <= 80 ? s : s.substr(0, 77) + "...";
}
constexpr uint64_t kMaxBytes = uint64_t(1) << 40; // 1 TiB: beyond is absurd
/// eigh of matrices up to this size follows Nx.BinaryBackend natively (at
/// most ~25 ms per call for n = 16 at Nx's max_iter of 1000; 0.45 s at 32).
constexpr int64_t kNativeEighMaxN = 16;

struct Failure {};

class Importer {
public:
  Importer(ModuleOp module, StringRef file, ImportError &error)
      : ctx(module.getContext()), module(module), builder(ctx), file(file),
        error(error) {}

  bool run(const json &root, GraphSig &sig, StringRef nameOverride);

private:
  /// A parameter scope (root, while cond/body, fun, composite default) is
  /// closed: its nodes see only each other. A cond branch is open: it also
  /// sees the scopes around it, up to the enclosing parameter scope.
  struct Scope {
    std::vector<Value> params;
    llvm::DenseMap<int64_t, SmallVector<Value, 1>> values; // tuples: several
    bool open = false;
  };

  // --- error reporting -------------------------------------------------
  bool fail(const std::string &msg, bool unsupported = false) {
    if (error.message.empty()) {
      error.message = context.empty() ? msg : context + ": " + msg;
      error.unsupported = unsupported;
    }
    return false;
  }

  // --- checked JSON accessors ------------------------------------------
  const json *field(const json &obj, const char *key) {
    if (!obj.is_object())
      return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }
  bool getInt(const json &j, int64_t &out, const std::string &what) {
    if (j.is_number_integer() && !j.is_number_unsigned()) {
      out = j.get<int64_t>();
      return true;
    }
    if (j.is_number_unsigned() &&
        j.get<uint64_t>() <= (uint64_t)std::numeric_limits<int64_t>::max()) {
      out = (int64_t)j.get<uint64_t>();
      return true;
    }
    return fail(what + " must be an integer, got " + brief(j));
  }
  bool getIntList(const json &j, SmallVectorImpl<int64_t> &out,
                  const std::string &what) {
    const json *list = &j;
    if (j.is_object()) // {"tuple": [...]}
      list = field(j, "tuple");
    if (!list || !list->is_array())
      return fail(what + " must be a list of integers, got " + brief(j));
    out.clear();
    for (const json &e : *list) {
      int64_t v;
      if (!getInt(e, v, what + " entry"))
        return false;
      out.push_back(v);
    }
    return true;
  }
  /// "padding": [{lo, hi}, ...] into `lo` and `hi`.
  bool getPadding(const json &opts, SmallVectorImpl<int64_t> &lo,
                  SmallVectorImpl<int64_t> &hi) {
    const json *p = opt(opts, "padding");
    if (!p || !p->is_array())
      return fail("padding must be a list of {lo, hi} tuples");
    SmallVector<int64_t> pair;
    for (const json &e : *p) {
      if (!getIntList(e, pair, "padding") || pair.size() != 2)
        return fail("padding entries are {lo, hi}");
      lo.push_back(pair[0]);
      hi.push_back(pair[1]);
    }
    return true;
  }
  /// A list option that must be present.
  bool getListOpt(const json &opts, const char *key,
                  SmallVectorImpl<int64_t> &out) {
    const json *v = opt(opts, key);
    return v ? getIntList(*v, out, key)
             : fail(std::string("missing option ") + key);
  }
  /// The options of a window op: strides, padding and (if `dil`) dilations.
  bool getWindowOpts(const json &opts, SmallVectorImpl<int64_t> &strides,
                     SmallVectorImpl<int64_t> *dil,
                     SmallVectorImpl<int64_t> &lo,
                     SmallVectorImpl<int64_t> &hi) {
    return getListOpt(opts, "strides", strides) &&
           (!dil || getListOpt(opts, "window_dilations", *dil)) &&
           getPadding(opts, lo, hi);
  }
  /// A boolean option: absent is false, anything but true/false an error.
  bool boolOpt(const json &opts, const char *key, bool &out) {
    const json *v = opt(opts, key);
    out = false;
    if (!v || v->is_null())
      return true;
    if (!v->is_boolean())
      return fail(std::string(key) + " must be true or false, got " +
                  brief(*v));
    out = v->get<bool>();
    return true;
  }
  const json *opt(const json &opts, const char *key) {
    const json *o = field(opts, "opts");
    return o ? field(*o, key) : nullptr;
  }

  // --- types and values ------------------------------------------------
  bool parseTensorType(const json &node, RankedTensorType &out);
  Value ref(const json &term, const std::string &what);
  const SmallVector<Value, 1> *lookup(const json &term,
                                      const std::string &what);
  bool refList(const json &term, SmallVectorImpl<Value> &out,
               const std::string &what);
  bool parseResultTypes(const json &node, SmallVectorImpl<Type> &types);
  bool importRegion(Region &region, TypeRange params, const json &scopeTerm,
                    bool open, ArrayRef<Type> yieldTypes, bool yieldPred,
                    bool convertOutputs = true);
  Value conform(Value v, Type type);
  bool importFun(const json &term, Region &region, unsigned arity, Type elem);
  bool importWhile(const json &args, ArrayRef<Type> types,
                   SmallVectorImpl<Value> &results);
  bool importCond(const json &args, ArrayRef<Type> types,
                  SmallVectorImpl<Value> &results);
  bool buildConstant(const json &value, RankedTensorType type, Value &out);
  bool buildLiteral(const json &tensor, RankedTensorType type, Value &out);
  bool importNode(const json &node);
  bool importScopeNodes(const json &nodes);
  bool finishOp(Operation *op);

  MLIRContext *ctx;
  ModuleOp module;
  OpBuilder builder;
  std::string file;
  ImportError &error;
  std::string context;
  std::vector<Scope> scopes;
  llvm::DenseSet<int64_t> seenIds;
  /// `fun` nodes: their scope, imported into each op that refers to them.
  llvm::DenseMap<int64_t, const json *> funs;
  Location loc = UnknownLoc::get(ctx);
  /// Whether Nx.BinaryBackend, which the numbers must match, computes some
  /// composites its own way instead of their default scope: Nx up to 0.11
  /// (`optional`, with native eigh and sequential cumulative ops). From
  /// Nx 0.12 on (`block`) it runs the default scope. Read from
  /// `producer.nx`; a graph that does not say is taken as Nx 0.7.
  bool backendComposites = true;
};

/// Nx's "major.minor[.patch...]" as major * 1000 + minor; -1 if malformed.
static int64_t nxVersionKey(const std::string &v) {
  unsigned major = 0, minor = 0;
  StringRef rest(v);
  if (rest.consumeInteger(10, major) || !rest.consume_front(".") ||
      rest.consumeInteger(10, minor) || major > 1000 || minor > 999)
    return -1;
  return major * 1000 + minor;
}

bool Importer::parseTensorType(const json &obj, RankedTensorType &out) {
  const json *type = field(obj, "type");
  const json *shape = field(obj, "shape");
  if (!type || !type->is_string())
    return fail("missing or non-string \"type\"");
  if (!shape || !shape->is_array())
    return fail("missing or non-array \"shape\"");
  std::string name = type->get<std::string>();
  Type elem = parseNxType(ctx, name);
  if (!elem)
    return fail("unknown type '" + name + "'");
  if ((int64_t)shape->size() > kMaxRank)
    return fail("rank " + std::to_string(shape->size()) + " exceeds " +
                std::to_string(kMaxRank));
  SmallVector<int64_t> dims;
  uint64_t elems = 1;
  bool overflow = false;
  for (const json &d : *shape) {
    int64_t v;
    if (!getInt(d, v, "dimension"))
      return false;
    if (v < 0)
      return fail("negative dimension " + std::to_string(v));
    overflow |= v != 0 && elems > kMaxBytes / (uint64_t)v;
    elems = overflow ? elems : elems * (uint64_t)v;
    dims.push_back(v);
  }
  unsigned bits =
      isa<ComplexType>(elem)
          ? 2 * cast<ComplexType>(elem).getElementType().getIntOrFloatBitWidth()
          : elem.getIntOrFloatBitWidth();
  // Sub-byte elements are packed, but compute in (at most) one byte each.
  if (overflow || elems > kMaxBytes / std::max(1u, bits / 8))
    return fail("tensor of shape " + brief(*shape) + " is absurdly large");
  out = RankedTensorType::get(dims, elem);
  return true;
}

Value Importer::ref(const json &term, const std::string &what) {
  const json *r = field(term, "ref");
  if (!r) {
    fail(what + " must be a tensor reference {\"ref\": id}, got " +
         brief(term));
    return {};
  }
  int64_t id;
  if (!getInt(*r, id, what + " ref"))
    return {};
  const SmallVector<Value, 1> *vals = lookup(term, what);
  if (!vals)
    return {};
  if (vals->size() != 1) {
    fail(what + " refers to node " + std::to_string(id) +
         ", which is a tuple (use elem)");
    return {};
  }
  return vals->front();
}

const SmallVector<Value, 1> *Importer::lookup(const json &term,
                                              const std::string &what) {
  const json *r = field(term, "ref");
  int64_t id;
  if (!r || !getInt(*r, id, what + " ref")) {
    if (!r)
      fail(what + " must be a tensor reference {\"ref\": id}, got " +
           brief(term));
    return nullptr;
  }
  // Innermost scope first, then outward through open (cond branch) scopes.
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    auto found = it->values.find(id);
    if (found != it->values.end())
      return &found->second;
    if (!it->open)
      break;
  }
  fail(what + " refers to node " + std::to_string(id) +
       ", which is not defined earlier in this scope (dangling, forward or "
       "cyclic reference)");
  return nullptr;
}

/// A ref, or {"tuple": [refs]}, flattened.
bool Importer::refList(const json &term, SmallVectorImpl<Value> &out,
                       const std::string &what) {
  if (const json *t = field(term, "tuple")) {
    if (!t->is_array())
      return fail(what + " tuple must be a list");
    for (const json &e : *t)
      if (!refList(e, out, what))
        return false;
    return true;
  }
  const SmallVector<Value, 1> *vals = lookup(term, what);
  if (!vals)
    return false;
  out.append(vals->begin(), vals->end());
  return true;
}

bool Importer::parseResultTypes(const json &node,
                                SmallVectorImpl<Type> &types) {
  const json *results = field(node, "results");
  if (!results || !results->is_array() || results->empty())
    return fail("a tuple node needs a non-empty \"results\" list");
  for (const json &r : *results) {
    if (field(r, "type") && *field(r, "type") == "tuple")
      return fail("nested tuple results are not supported yet", true);
    RankedTensorType t;
    if (!parseTensorType(r, t))
      return false;
    types.push_back(t);
  }
  return true;
}

/// Converts and broadcasts `v` to `type` (cond branches may produce a
/// narrower type or a smaller shape than the node).
Value Importer::conform(Value v, Type type) {
  auto from = cast<RankedTensorType>(v.getType());
  auto to = cast<RankedTensorType>(type);
  if (from == to)
    return v;
  if (!nx::isBroadcastableTo(from.getShape(), to.getShape())) {
    fail("a branch result of shape " + std::to_string(from.getRank()) +
         "-d cannot become the node's shape");
    return {};
  }
  if (from.getElementType() != to.getElementType())
    v = nx::AsTypeOp::create(builder, loc, from.clone(to.getElementType()), v);
  if (from.getShape() != to.getShape()) {
    int64_t offset = to.getRank() - from.getRank();
    v = nx::BroadcastOp::create(
        builder, loc, to, v,
        llvm::to_vector(llvm::seq<int64_t>(offset, to.getRank())));
  }
  return v;
}

/// Imports {"scope": S} into `region` (one block with `params` as
/// arguments) and terminates it with nx.yield of its outputs.
bool Importer::importRegion(Region &region, TypeRange params,
                            const json &scopeTerm, bool open,
                            ArrayRef<Type> yieldTypes, bool yieldPred,
                            bool convertOutputs) {
  const json *scope = field(scopeTerm, "scope");
  const json *nodes = scope ? field(*scope, "nodes") : nullptr;
  const json *outputs = scope ? field(*scope, "outputs") : nullptr;
  if (!nodes || !outputs || !outputs->is_array())
    return fail("expected {\"scope\": {\"nodes\": [...], \"outputs\": [...]}}");
  Block *block = new Block();
  region.push_back(block);
  for (Type t : params)
    block->addArgument(t, loc);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(block);
  Scope inner;
  inner.open = open;
  for (BlockArgument a : block->getArguments())
    inner.params.push_back(a);
  scopes.push_back(std::move(inner));
  std::string saved = context;
  Location savedLoc = loc;
  bool ok = importScopeNodes(*nodes);
  SmallVector<Value> outs;
  if (ok) {
    context = saved;
    loc = savedLoc;
    for (const json &o : *outputs)
      if (!(ok = refList(o, outs, "scope output")))
        break;
  }
  if (ok && yieldPred && outs.size() != 1)
    ok = fail("a while cond scope must output one scalar");
  if (ok && !yieldPred && outs.size() != yieldTypes.size())
    ok = fail("scope outputs " + std::to_string(outs.size()) +
              " values, the node has " + std::to_string(yieldTypes.size()));
  if (ok && !yieldPred && !convertOutputs)
    for (auto [i, vt] : llvm::enumerate(llvm::zip(outs, yieldTypes)))
      if (std::get<0>(vt).getType() != std::get<1>(vt)) {
        ok = fail("the loop body's output " + std::to_string(i) +
                  " has another type or shape than the loop state");
        break;
      }
  if (ok && !yieldPred)
    for (auto [v, t] : llvm::zip(outs, yieldTypes))
      if (!(v = conform(v, t)))
        ok = false;
  scopes.pop_back();
  if (!ok)
    return false;
  nx::YieldOp::create(builder, loc, outs);
  return true;
}

/// Imports the `fun` node that `term` refers to as a scalar function region
/// taking `arity` rank-0 tensors of `elem`.
bool Importer::importFun(const json &term, Region &region, unsigned arity,
                         Type elem) {
  const json *r = field(term, "ref");
  int64_t id;
  if (!r || !getInt(*r, id, "function ref"))
    return r ? false
             : fail("the function must be a {\"ref\": id} to a fun node");
  auto it = funs.find(id);
  if (it == funs.end())
    return fail("function ref " + std::to_string(id) +
                " is not a fun node defined earlier");
  const json *params = field(*field(*it->second, "scope"), "params");
  if (!params || !params->is_array() || params->size() != arity)
    return fail("the fun must take " + std::to_string(arity) + " scalars");
  auto scalar = RankedTensorType::get({}, elem);
  SmallVector<Type> types(arity, scalar);
  for (const json &p : *params) {
    RankedTensorType t;
    if (!parseTensorType(p, t))
      return false;
    if (t.getRank() != 0)
      return fail("fun params must be scalars");
  }
  // The fun's params carry the caller's types; Nx converts to the node's.
  return importRegion(region, types, *it->second, false, {scalar}, false);
}

bool Importer::importWhile(const json &args, ArrayRef<Type> types,
                           SmallVectorImpl<Value> &results) {
  if (args.size() != 3)
    return fail("expects [initial, {cond scope}, {body scope}]");
  SmallVector<Value> initial;
  if (!refList(args[0], initial, "initial state"))
    return false;
  if (TypeRange(ValueRange(initial)) != TypeRange(types))
    return fail("initial state types differ from the node's results");
  auto w = nx::WhileOp::create(builder, loc, types, initial);
  Location whileLoc = loc;
  if (!importRegion(w.getCond(), types, args[1], false, {}, true) ||
      !importRegion(w.getBody(), types, args[2], false, types, false,
                    /*convertOutputs=*/false)) {
    w->erase();
    return false;
  }
  loc = whileLoc;
  if (!finishOp(w))
    return false;
  results.append(w.getResults().begin(), w.getResults().end());
  return true;
}

bool Importer::importCond(const json &args, ArrayRef<Type> types,
                          SmallVectorImpl<Value> &results) {
  if (args.size() != 2 || !args[0].is_array() || args[0].empty())
    return fail("expects [[{tuple: [pred, {scope}]}, ...], {otherwise scope}]");
  Location condLoc = loc;
  // Clause i becomes nx.if(pred_i) { branch_i } else { clause i+1 ... }.
  std::function<nx::IfOp(size_t)> build = [&](size_t i) -> nx::IfOp {
    const json *clause = field(args[0][i], "tuple");
    if (!clause || !clause->is_array() || clause->size() != 2) {
      fail("a cond clause must be {\"tuple\": [pred, {scope}]}");
      return {};
    }
    Value pred = ref((*clause)[0], "cond predicate");
    if (!pred)
      return {};
    loc = condLoc;
    auto ifOp = nx::IfOp::create(builder, loc, types, pred);
    if (!importRegion(ifOp.getThenRegion(), {}, (*clause)[1], true, types,
                      false)) {
      ifOp->erase();
      return {};
    }
    loc = condLoc;
    if (i + 1 == args[0].size()) {
      if (!importRegion(ifOp.getElseRegion(), {}, args[1], true, types,
                        false)) {
        ifOp->erase();
        return {};
      }
      return ifOp;
    }
    Block *elseBlock = new Block();
    ifOp.getElseRegion().push_back(elseBlock);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(elseBlock);
    Scope elseScope;
    elseScope.open = true;
    scopes.push_back(std::move(elseScope));
    nx::IfOp nested = build(i + 1);
    scopes.pop_back();
    if (!nested) {
      ifOp->erase();
      return {};
    }
    nx::YieldOp::create(builder, condLoc, nested.getResults());
    return ifOp;
  };
  nx::IfOp top = build(0);
  loc = condLoc;
  if (!top || !finishOp(top))
    return false;
  results.append(top.getResults().begin(), top.getResults().end());
  return true;
}

/// Reads a JSON number or special-float atom as a double or an integer.
bool Importer::buildConstant(const json &v, RankedTensorType type, Value &out) {
  Type elem = type.getElementType();
  Attribute scalar;
  auto toDouble = [&](const json &n, double &d) {
    if (n.is_number())
      d = n.get<double>();
    else if (n == "infinity")
      d = std::numeric_limits<double>::infinity();
    else if (n == "neg_infinity")
      d = -std::numeric_limits<double>::infinity();
    else if (n == "nan")
      d = std::numeric_limits<double>::quiet_NaN();
    else
      return fail("number expected, got " + brief(n));
    return true;
  };
  if (auto ct = dyn_cast<ComplexType>(elem)) {
    const json *parts = field(v, "complex");
    double re = 0, im = 0;
    if (parts) {
      if (!parts->is_array() || parts->size() != 2 ||
          !toDouble((*parts)[0], re) || !toDouble((*parts)[1], im))
        return fail("a complex constant is {\"complex\": [re, im]}");
    } else if (!toDouble(v, re)) {
      return false;
    }
    auto &sem = cast<FloatType>(ct.getElementType()).getFloatSemantics();
    auto cvt = [&](double d) {
      APFloat f(d);
      bool lost;
      f.convert(sem, APFloat::rmNearestTiesToEven, &lost);
      return f;
    };
    std::complex<APFloat> value(cvt(re), cvt(im));
    auto attr =
        DenseElementsAttr::get(type, ArrayRef<std::complex<APFloat>>(value));
    out = nx::ConstantOp::create(builder, loc, type, attr);
    return finishOp(out.getDefiningOp());
  }
  if (field(v, "complex"))
    return fail("a complex constant for a real type");
  if (auto it = dyn_cast<IntegerType>(elem)) {
    APInt value;
    if (v.is_number_unsigned())
      value = APInt(64, v.get<uint64_t>());
    else if (v.is_number_integer())
      value = APInt(64, (uint64_t)v.get<int64_t>(), true);
    else
      return fail("integer constant expected, got " + brief(v));
    scalar = IntegerAttr::get(elem, value.trunc(it.getWidth()));
  } else if (auto ft = dyn_cast<FloatType>(elem)) {
    double d;
    if (v.is_number())
      d = v.get<double>();
    else if (v == "infinity")
      d = std::numeric_limits<double>::infinity();
    else if (v == "neg_infinity")
      d = -std::numeric_limits<double>::infinity();
    else if (v == "nan")
      d = std::numeric_limits<double>::quiet_NaN();
    else
      return fail("float constant expected, got " + brief(v));
    // E4M3FN has no infinity: Nx saturates to the largest finite value.
    if (isa<Float8E4M3FNType>(elem) && std::isinf(d))
      d = d > 0 ? 448.0 : -448.0;
    APFloat f(d);
    bool lost;
    // Nx writes a bf16 number as the high half of its nearest f32: the f32
    // rounds to nearest, the bf16 is truncated (1.99 -> 1.984375).
    if (ft.isBF16()) {
      f.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      f.convert(ft.getFloatSemantics(), APFloat::rmTowardZero, &lost);
    } else {
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    }
    scalar = FloatAttr::get(elem, f);
  } else {
    return fail("unexpected constant type");
  }
  auto attr = DenseElementsAttr::get(type, scalar);
  out = nx::ConstantOp::create(builder, loc, type, attr);
  return finishOp(out.getDefiningOp());
}

bool Importer::buildLiteral(const json &t, RankedTensorType type, Value &out) {
  const json *tensor = field(t, "tensor");
  if (!tensor)
    return fail("expected {\"tensor\": ...}, got " + brief(t));
  RankedTensorType litType;
  if (!parseTensorType(*tensor, litType))
    return false;
  if (litType != type)
    return fail("literal tensor type differs from the node's type");
  const json *data = field(*tensor, "data");
  if (!data || !data->is_string())
    return fail("literal tensor has no base64 \"data\"");
  std::vector<char> bytes;
  if (llvm::Error e = llvm::decodeBase64(data->get<std::string>(), bytes)) {
    llvm::consumeError(std::move(e));
    return fail("literal tensor \"data\" is not valid base64");
  }
  TensorSig sig{nxTypeName(type.getElementType()), {}};
  sig.shape.assign(type.getShape().begin(), type.getShape().end());
  if (bytes.size() != sig.byteSize())
    return fail("literal tensor has " + std::to_string(bytes.size()) +
                " bytes, expected " + std::to_string(sig.byteSize()));
  DenseElementsAttr attr;
  if (type.getNumElements() == 0) {
    attr = DenseElementsAttr::get(type, ArrayRef<Attribute>{});
  } else if (sig.packed()) {
    // Packed sub-byte integers, first element in the high bits.
    unsigned bits = sig.bits();
    SmallVector<APInt> values;
    for (int64_t i = 0, n = type.getNumElements(); i < n; ++i) {
      uint64_t bit = (uint64_t)i * bits;
      unsigned byte = (uint8_t)bytes[bit / 8];
      unsigned v = (byte >> (8 - bits - bit % 8)) & ((1u << bits) - 1);
      values.push_back(APInt(bits, v, false, /*implicitTrunc=*/true));
    }
    attr = DenseElementsAttr::get(type, values);
  } else {
    attr = DenseElementsAttr::getFromRawBuffer(type, bytes);
  }
  out = nx::ConstantOp::create(builder, loc, type, attr);
  return finishOp(out.getDefiningOp());
}

bool Importer::finishOp(Operation *op) {
  // Verify now so that a shape or type error names this node.
  std::string diag;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
    if (diag.empty())
      diag = d.str();
    return success();
  });
  if (failed(mlir::verify(op))) {
    // A verifier may refuse valid Nx that is not compiled yet (complex lu):
    // that is exit code 2, like every other "not supported yet".
    bool unsupported = llvm::StringRef(diag).contains("not supported yet");
    return fail(diag.empty() ? "invalid operation" : diag, unsupported);
  }
  return true;
}

bool Importer::importNode(const json &node) {
  context = "node ?";
  if (!node.is_object())
    return fail("node must be an object, got " + brief(node).substr(0, 80));
  const json *idj = field(node, "id");
  const json *opj = field(node, "op");
  int64_t id = -1;
  std::string op = opj && opj->is_string() ? opj->get<std::string>() : "?";
  if (idj && idj->is_number_integer())
    id = idj->get<int64_t>();
  context = "node " + (idj ? brief(*idj) : std::string("?")) + " (" + op + ")";
  if (!idj || !idj->is_number_integer())
    return fail("missing or non-integer \"id\"");
  if (!opj || !opj->is_string())
    return fail("missing or non-string \"op\"");
  if (!seenIds.insert(id).second)
    return fail("duplicate node id " + std::to_string(id));
  const json *argsp = field(node, "args");
  if (!argsp || !argsp->is_array())
    return fail("missing or non-array \"args\"");
  const json &args = *argsp;
  loc = NameLoc::get(StringAttr::get(ctx, context),
                     FileLineColLoc::get(ctx, file, 0, 0));

  const json *typej = field(node, "type");
  SmallVector<Type> resultTypes;
  RankedTensorType type;
  bool isTuple = typej && *typej == "tuple";
  if (isTuple) {
    if (!parseResultTypes(node, resultTypes))
      return false;
  } else {
    if (!parseTensorType(node, type))
      return false;
    resultTypes.push_back(type);
  }
  SmallVector<Value, 1> results; // set by tuple-capable ops
  static const llvm::StringSet<> tupleOps = {
      "while", "cond", "composite", "metadata", "optional", "lu"};
  if (isTuple && !tupleOps.contains(op)) {
    if (kKnownUnsupported.contains(op))
      return fail("tuple-valued op '" + op + "' is not supported yet", true);
    return fail("op '" + op + "' cannot produce a tuple");
  }

  auto arity = [&](size_t n) {
    if (args.size() == n)
      return true;
    return fail("expects " + std::to_string(n) + " args, got " +
                std::to_string(args.size()));
  };
  Value result;
  auto unary = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    if (!arity(1))
      return false;
    Value a = ref(args[0], "operand");
    if (!a)
      return false;
    result = OpT::create(builder, loc, type, a);
    return true;
  };
  auto binary = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    if (!arity(2))
      return false;
    Value a = ref(args[0], "left operand"),
          b = a ? ref(args[1], "right operand") : Value();
    if (!b)
      return false;
    result = OpT::create(builder, loc, type, a, b);
    return true;
  };
  auto reduce = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    if (!arity(2))
      return false;
    Value a = ref(args[0], "operand");
    if (!a)
      return false;
    int64_t rank = cast<RankedTensorType>(a.getType()).getRank();
    SmallVector<int64_t> axes;
    const json *axesj = opt(args[1], "axes");
    if (!axesj || axesj->is_null())
      axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    else if (!getIntList(*axesj, axes, "axes"))
      return false;
    bool keepAxes;
    if (!boolOpt(args[1], "keep_axes", keepAxes))
      return false;
    result = OpT::create(builder, loc, type, a, axes, keepAxes);
    return true;
  };
  auto window = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a;
    SmallVector<int64_t> dims, strides, dil, lo, hi;
    if (!arity(3) || !(a = ref(args[0], "operand")) ||
        !getIntList(args[1], dims, "window dimensions") ||
        !getWindowOpts(args[2], strides, &dil, lo, hi))
      return false;
    result = OpT::create(builder, loc, type, a, dims, strides, lo, hi, dil);
    return true;
  };
  auto fft = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a;
    if (!arity(2) || !(a = ref(args[0], "operand")))
      return false;
    auto t = cast<RankedTensorType>(a.getType());
    int64_t axis = t.getRank() - 1, length = -1;
    const json *axisj = opt(args[1], "axis"), *lenj = opt(args[1], "length");
    if (axisj && !axisj->is_null() && !getInt(*axisj, axis, "axis"))
      return false;
    if (lenj && !lenj->is_null() && !getInt(*lenj, length, "length"))
      return false;
    if (length < 0 && axis >= 0 && axis < t.getRank())
      length = t.getDimSize(axis);
    result = OpT::create(builder, loc, type, a, axis, length);
    return true;
  };
  // take and take_along_axis: [t, indices, axis].
  auto take = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a, idx;
    int64_t axis;
    if (!arity(3) || !(a = ref(args[0], "operand")) ||
        !(idx = ref(args[1], "indices")) || !getInt(args[2], axis, "axis"))
      return false;
    result = OpT::create(builder, loc, type, a, idx, axis);
    return true;
  };
  auto sort = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a;
    if (!arity(2) || !(a = ref(args[0], "operand")))
      return false;
    int64_t axis = 0;
    const json *axisj = opt(args[1], "axis");
    if (axisj && !getInt(*axisj, axis, "axis"))
      return false;
    const json *dir = opt(args[1], "direction");
    if (dir && *dir != "asc" && *dir != "desc")
      return fail("direction must be \"asc\" or \"desc\", got " + brief(*dir));
    result = OpT::create(builder, loc, type, a, axis, dir && *dir == "desc");
    return true;
  };
  auto indexed = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a, idx, upd;
    SmallVector<int64_t> axes;
    if (!arity(4) || !(a = ref(args[0], "operand")) ||
        !(idx = ref(args[1], "indices")) || !(upd = ref(args[2], "updates")))
      return false;
    const json *axesj = opt(args[3], "axes");
    if (!axesj || axesj->is_null())
      axes = llvm::to_vector(
          llvm::seq<int64_t>(0, cast<RankedTensorType>(a.getType()).getRank()));
    else if (!getIntList(*axesj, axes, "axes"))
      return false;
    result = OpT::create(builder, loc, type, a, idx, upd, axes);
    return true;
  };
  // Start indices: refs to scalars, or integers (made s64 constants).
  auto startRefs = [&](const json &list, SmallVectorImpl<Value> &out) -> bool {
    if (!list.is_array())
      return fail("start indices must be a list");
    for (const json &s : list) {
      if (field(s, "ref")) {
        Value v = ref(s, "start index");
        if (!v)
          return false;
        out.push_back(v);
        continue;
      }
      int64_t i;
      if (!getInt(s, i, "start index"))
        return false;
      auto t = RankedTensorType::get(
          {}, IntegerType::get(ctx, 64, IntegerType::Signed));
      out.push_back(nx::ConstantOp::create(
          builder, loc, t,
          DenseElementsAttr::get(t, APInt(64, (uint64_t)i, true))));
    }
    return true;
  };
  auto windowScatter = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    Value a, src, init;
    SmallVector<int64_t> dims, strides, lo, hi;
    if (!arity(5) || !(a = ref(args[0], "operand")) ||
        !(src = ref(args[1], "source")) ||
        !(init = ref(args[2], "initial value")) ||
        !getIntList(args[3], dims, "window dimensions") ||
        !getWindowOpts(args[4], strides, nullptr, lo, hi))
      return false;
    result =
        OpT::create(builder, loc, type, a, src, init, dims, strides, lo, hi);
    return true;
  };
  auto argReduce = [&](auto tag) -> bool {
    using OpT = decltype(tag);
    if (!arity(2))
      return false;
    Value a = ref(args[0], "operand");
    if (!a)
      return false;
    IntegerAttr axisAttr;
    if (const json *axis = opt(args[1], "axis"); axis && !axis->is_null()) {
      int64_t v;
      if (!getInt(*axis, v, "axis"))
        return false;
      if (v < 0)
        return fail("axis must be non-negative");
      axisAttr = builder.getI64IntegerAttr(v);
    }
    bool keep;
    if (!boolOpt(args[1], "keep_axis", keep))
      return false;
    const json *tie = opt(args[1], "tie_break");
    if (tie && *tie != "low" && *tie != "high")
      return fail("tie_break must be \"low\" or \"high\", got " + brief(*tie));
    result =
        OpT::create(builder, loc, type, a, axisAttr, builder.getBoolAttr(keep),
                    builder.getBoolAttr(tie && *tie == "high"));
    return true;
  };

// One Case per op; kept as a table, so not reflowed.
// clang-format off
#define UNARY(NAME, OP) .Case(NAME, [&] { return unary(nx::OP{}); })
#define BINARY(NAME, OP) .Case(NAME, [&] { return binary(nx::OP{}); })
  bool ok =
      llvm::StringSwitch<std::function<bool()>>(op)
          .Case("parameter",
                [&] {
                  int64_t i;
                  if (!arity(1) || !getInt(args[0], i, "parameter index"))
                    return false;
                  // In a cond branch: the enclosing parameter scope's.
                  auto scope = scopes.rbegin();
                  while (scope->open && std::next(scope) != scopes.rend())
                    ++scope;
                  auto &params = scope->params;
                  if (i < 0 || i >= (int64_t)params.size())
                    return fail("parameter index " + std::to_string(i) +
                                " out of range (" +
                                std::to_string(params.size()) + " params)");
                  if (params[i].getType() != type)
                    return fail("type/shape differs from its param's");
                  result = params[i];
                  return true;
                })
          .Case("constant",
                [&] { return arity(1) && buildConstant(args[0], type, result); })
          .Case("tensor",
                [&] { return arity(1) && buildLiteral(args[0], type, result); })
          .Case("metadata",
                [&] {
                  if (args.empty())
                    return fail("expects at least 1 arg");
                  if (isTuple) { // a container: its elements pass through
                    if (!refList(args[0], results, "operand"))
                      return false;
                    if (TypeRange(ValueRange(results)) != TypeRange(resultTypes))
                      return fail("tuple element types differ from the node's results");
                    return true;
                  }
                  result = ref(args[0], "operand");
                  if (result && result.getType() != type)
                    return fail("type/shape differs from its operand's");
                  return (bool)result;
                })
          .Case("composite",
                [&] {
                  // Compile the default implementation inline.
                  if (!arity(4))
                    return false;
                  const json *ops = &args[1];
                  const json *scope = field(args[3], "scope");
                  if (!ops->is_array() || !scope)
                    return fail("expects [name, [operands], opts, {scope}]");
                  Scope inner;
                  for (const json &o : *ops) {
                    Value v = ref(o, "composite operand");
                    if (!v)
                      return false;
                    inner.params.push_back(v);
                  }
                  std::string saved = context;
                  scopes.push_back(std::move(inner));
                  const json *nodes = field(*scope, "nodes");
                  const json *outs = field(*scope, "outputs");
                  bool good = nodes && outs && outs->is_array();
                  if (!good)
                    fail("composite default scope must have nodes and outputs");
                  good = good && importScopeNodes(*nodes);
                  SmallVector<Value> outVals;
                  if (good) {
                    context = saved;
                    for (const json &o : *outs)
                      if (!(good = refList(o, outVals, "composite output")))
                        break;
                  }
                  scopes.pop_back();
                  if (!good)
                    return false;
                  if (TypeRange(ValueRange(outVals)) != TypeRange(resultTypes))
                    return fail("composite results differ from the node's type");
                  if (isTuple)
                    results.append(outVals.begin(), outVals.end());
                  else
                    result = outVals.front();
                  // eigh natively for small real matrices: Nx.BinaryBackend
                  // has its own eigh (in doubles), which Nx's evaluator
                  // runs instead of the default scope, and whose
                  // eigenvectors can differ from the default's in sign.
                  // It costs O(n^4) per QR step, so larger matrices keep the
                  // default scope (kNativeEighMaxN).
                  if (args[0] == "eigh" && isTuple && ops->size() == 1 &&
                      resultTypes.size() == 2 && backendComposites) {
                    Value operand = ref((*ops)[0], "composite operand");
                    auto at = operand ? dyn_cast<RankedTensorType>(
                                            operand.getType())
                                      : RankedTensorType();
                    const json *epsj = opt(args[2], "eps");
                    const json *iterj = opt(args[2], "max_iter");
                    int64_t n = at && at.getRank() >= 2
                                    ? at.getDimSize(at.getRank() - 1)
                                    : 0;
                    if (at && !isa<ComplexType>(at.getElementType()) &&
                        n >= 2 && n <= kNativeEighMaxN && epsj &&
                        epsj->is_number() && iterj &&
                        iterj->is_number_integer() &&
                        iterj->get<int64_t>() >= 1) {
                      auto eigh = nx::EighOp::create(
                          builder, loc, resultTypes[0], resultTypes[1],
                          operand, builder.getF64FloatAttr(epsj->get<double>()),
                          builder.getI64IntegerAttr(iterj->get<int64_t>()));
                      results.assign(eigh->result_begin(), eigh->result_end());
                      return finishOp(eigh);
                    }
                    return true;
                  }
                  // cumulative_* natively: one pass instead of the default
                  // scope's log-depth scan (imported above all the same, so
                  // it is validated; its now dead ops fold away). Only along
                  // an outer axis, where each step is a contiguous vector
                  // (8.6x faster on f32[1024,1024], bench/run_ops.py); along
                  // the innermost axis the scan stays faster. Not for 16-
                  // and 8-bit floats, where Nx rounds every step.
                  static const llvm::StringMap<StringRef> cumulative = {
                      {"cumulative_sum", "sum"},
                      {"cumulative_product", "product"},
                      {"cumulative_max", "max"},
                      {"cumulative_min", "min"}};
                  auto kind = args[0].is_string()
                                  ? cumulative.find(args[0].get<std::string>())
                                  : cumulative.end();
                  if (isTuple || kind == cumulative.end() || ops->size() != 1)
                    return true;
                  Type elem = type.getElementType();
                  if (elem.isF16() || elem.isBF16() ||
                      isa<Float8E5M2Type, Float8E4M3FNType>(elem))
                    return true;
                  // From Nx 0.12 the reference sums and multiplies floats
                  // in the default scope's tree order; max, min and integer
                  // arithmetic give the same result in any order.
                  if (!backendComposites && !isa<IntegerType>(elem) &&
                      (kind->second == "sum" || kind->second == "product"))
                    return true;
                  // Options the default scope does not need are only read
                  // here: anything unexpected keeps the inlined scope.
                  const json *axisj = opt(args[2], "axis");
                  const json *revj = opt(args[2], "reverse");
                  if (!axisj || !axisj->is_number_integer() || !revj ||
                      !revj->is_boolean())
                    return true;
                  int64_t axis = axisj->get<int64_t>();
                  if (axis < 0 || axis >= type.getRank() - 1)
                    return true;
                  Value operand = ref((*ops)[0], "composite operand");
                  if (!operand || operand.getType() != type)
                    return fail("cumulative operand type differs from the "
                                "node's type");
                  result = nx::CumulativeOp::create(builder, loc, type, operand,
                                                    kind->second, axis,
                                                    revj->get<bool>());
                  return finishOp(result.getDefiningOp());
                })
          UNARY("abs", AbsOp) UNARY("negate", NegateOp) UNARY("sign", SignOp)
          UNARY("floor", FloorOp) UNARY("ceil", CeilOp) UNARY("round", RoundOp)
          UNARY("bitwise_not", BitwiseNotOp)
          UNARY("population_count", PopulationCountOp)
          UNARY("count_leading_zeros", CountLeadingZerosOp)
          UNARY("exp", ExpOp) UNARY("expm1", Expm1Op) UNARY("log", LogOp)
          UNARY("log1p", Log1pOp) UNARY("sigmoid", SigmoidOp)
          UNARY("cos", CosOp) UNARY("sin", SinOp) UNARY("tan", TanOp)
          UNARY("cosh", CoshOp) UNARY("sinh", SinhOp) UNARY("tanh", TanhOp)
          UNARY("acos", AcosOp) UNARY("asin", AsinOp) UNARY("atan", AtanOp)
          UNARY("acosh", AcoshOp) UNARY("asinh", AsinhOp)
          UNARY("atanh", AtanhOp) UNARY("sqrt", SqrtOp) UNARY("rsqrt", RsqrtOp)
          UNARY("cbrt", CbrtOp) UNARY("erf", ErfOp) UNARY("erfc", ErfcOp)
          UNARY("erf_inv", ErfInvOp) UNARY("is_nan", IsNanOp)
          UNARY("is_infinity", IsInfinityOp) UNARY("real", RealOp)
          UNARY("imag", ImagOp) UNARY("conjugate", ConjugateOp)
          UNARY("as_type", AsTypeOp) UNARY("bitcast", BitcastOp)
          UNARY("reshape", ReshapeOp)
          BINARY("add", AddOp) BINARY("subtract", SubtractOp)
          BINARY("multiply", MultiplyOp) BINARY("divide", DivideOp)
          BINARY("pow", PowOp) BINARY("remainder", RemainderOp)
          BINARY("quotient", QuotientOp) BINARY("atan2", Atan2Op)
          BINARY("max", MaxOp) BINARY("min", MinOp)
          BINARY("bitwise_and", BitwiseAndOp) BINARY("bitwise_or", BitwiseOrOp)
          BINARY("bitwise_xor", BitwiseXorOp)
          BINARY("left_shift", LeftShiftOp) BINARY("right_shift", RightShiftOp)
          BINARY("equal", EqualOp) BINARY("not_equal", NotEqualOp)
          BINARY("less", LessOp) BINARY("less_equal", LessEqualOp)
          BINARY("greater", GreaterOp) BINARY("greater_equal", GreaterEqualOp)
          BINARY("logical_and", LogicalAndOp) BINARY("logical_or", LogicalOrOp)
          BINARY("logical_xor", LogicalXorOp)
          .Case("sum", [&] { return reduce(nx::SumOp{}); })
          .Case("product", [&] { return reduce(nx::ProductOp{}); })
          .Case("reduce_max", [&] { return reduce(nx::ReduceMaxOp{}); })
          .Case("reduce_min", [&] { return reduce(nx::ReduceMinOp{}); })
          .Case("all", [&] { return reduce(nx::AllOp{}); })
          .Case("any", [&] { return reduce(nx::AnyOp{}); })
          .Case("argmax", [&] { return argReduce(nx::ArgmaxOp{}); })
          .Case("window_scatter_max",
                [&] { return windowScatter(nx::WindowScatterMaxOp{}); })
          .Case("window_scatter_min",
                [&] { return windowScatter(nx::WindowScatterMinOp{}); })
          .Case("window_sum", [&] { return window(nx::WindowSumOp{}); })
          .Case("window_product", [&] { return window(nx::WindowProductOp{}); })
          .Case("window_max", [&] { return window(nx::WindowMaxOp{}); })
          .Case("window_min", [&] { return window(nx::WindowMinOp{}); })
          .Case("argmin", [&] { return argReduce(nx::ArgminOp{}); })
          .Case("fun",
                [&] {
                  if (args.empty() || !field(args[0], "scope"))
                    return fail("expects [{\"scope\": ...}, opaque]");
                  funs[id] = &args[0];
                  return true;
                })
          .Case("reduce",
                [&] {
                  Value a, init;
                  if (!arity(4) || !(a = ref(args[0], "operand")) ||
                      !(init = ref(args[1], "initial value")))
                    return false;
                  int64_t rank = cast<RankedTensorType>(a.getType()).getRank();
                  SmallVector<int64_t> axes;
                  const json *axesj = opt(args[2], "axes");
                  if (!axesj || axesj->is_null())
                    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
                  else if (!getIntList(*axesj, axes, "axes"))
                    return false;
                  bool keep;
                  if (!boolOpt(args[2], "keep_axes", keep))
                    return false;
                  auto r = nx::ReduceOp::create(builder, loc, type, a, init, axes, keep);
                  Location l = loc;
                  if (!importFun(args[3], r.getFun(), 2, type.getElementType())) {
                    r->erase();
                    return false;
                  }
                  loc = l;
                  result = r;
                  return true;
                })
          .Case("window_reduce",
                [&] {
                  Value a, init;
                  SmallVector<int64_t> dims, strides, dil, lo, hi;
                  if (!arity(5) || !(a = ref(args[0], "operand")) ||
                      !(init = ref(args[1], "initial value")) ||
                      !getIntList(args[2], dims, "window dimensions") ||
                      !getWindowOpts(args[3], strides, &dil, lo, hi))
                    return false;
                  auto r = nx::WindowReduceOp::create(builder, loc, type, a, init, dims,
                                                      strides, lo, hi, dil);
                  Location l = loc;
                  if (!importFun(args[4], r.getFun(), 2, type.getElementType())) {
                    r->erase();
                    return false;
                  }
                  loc = l;
                  result = r;
                  return true;
                })
          .Case("map",
                [&] {
                  Value a;
                  if (!arity(3) || !(a = ref(args[0], "operand")))
                    return false;
                  auto r = nx::MapOp::create(builder, loc, type, a);
                  Location l = loc;
                  if (!importFun(args[2], r.getFun(), 1, type.getElementType())) {
                    r->erase();
                    return false;
                  }
                  loc = l;
                  result = r;
                  return true;
                })
          .Case("while",
                [&] { return importWhile(args, resultTypes, results); })
          .Case("cond",
                [&] { return importCond(args, resultTypes, results); })
          .Case("elem",
                [&] {
                  int64_t i;
                  if (!arity(2) || !getInt(args[1], i, "element index"))
                    return false;
                  const SmallVector<Value, 1> *tuple = lookup(args[0], "tuple");
                  if (!tuple)
                    return false;
                  if (i < 0 || i >= (int64_t)tuple->size())
                    return fail("element " + std::to_string(i) + " of a " +
                                std::to_string(tuple->size()) + "-tuple");
                  result = (*tuple)[i];
                  return true;
                })
          .Case("iota",
                [&] {
                  if (!arity(1))
                    return false;
                  IntegerAttr axis;
                  if (!args[0].is_null()) {
                    int64_t a;
                    if (!getInt(args[0], a, "axis"))
                      return false;
                    if (a < 0)
                      return fail("axis must be non-negative");
                    axis = builder.getI64IntegerAttr(a);
                  }
                  result = nx::IotaOp::create(builder, loc, type, axis);
                  return true;
                })
          .Case("eye",
                [&] {
                  if (!arity(0))
                    return false;
                  result = nx::EyeOp::create(builder, loc, type);
                  return true;
                })
          .Case("squeeze",
                [&] {
                  SmallVector<int64_t> axes;
                  Value a;
                  if (!arity(2) || !(a = ref(args[0], "operand")) ||
                      !getIntList(args[1], axes, "axes"))
                    return false;
                  result = nx::SqueezeOp::create(builder, loc, type, a, axes);
                  return true;
                })
          .Case("broadcast",
                [&] {
                  SmallVector<int64_t> shape, axes;
                  Value a;
                  if (!arity(3) || !(a = ref(args[0], "operand")) ||
                      !getIntList(args[1], shape, "shape") ||
                      !getIntList(args[2], axes, "axes"))
                    return false;
                  if (ArrayRef<int64_t>(shape) != type.getShape())
                    return fail("broadcast shape differs from the node's shape");
                  result = nx::BroadcastOp::create(builder, loc, type, a, axes);
                  return true;
                })
          .Case("transpose",
                [&] {
                  SmallVector<int64_t> perm;
                  Value a;
                  if (!arity(2) || !(a = ref(args[0], "operand")) ||
                      !getIntList(args[1], perm, "permutation"))
                    return false;
                  result = nx::TransposeOp::create(builder, loc, type, a, perm);
                  return true;
                })
          .Case("reverse",
                [&] {
                  SmallVector<int64_t> axes;
                  Value a;
                  if (!arity(2) || !(a = ref(args[0], "operand")) ||
                      !getIntList(args[1], axes, "axes"))
                    return false;
                  result = nx::ReverseOp::create(builder, loc, type, a, axes);
                  return true;
                })
          .Case("pad",
                [&] {
                  Value a, v;
                  if (!arity(3) || !(a = ref(args[0], "operand")) ||
                      !(v = ref(args[1], "pad value")))
                    return false;
                  if (!args[2].is_array())
                    return fail("padding config must be a list");
                  SmallVector<int64_t> lo, hi, in, cfg;
                  for (const json &t : args[2]) {
                    if (!getIntList(t, cfg, "padding config") || cfg.size() != 3)
                      return fail("padding config entries are {lo, hi, interior}");
                    lo.push_back(cfg[0]);
                    hi.push_back(cfg[1]);
                    in.push_back(cfg[2]);
                  }
                  result = nx::PadOp::create(builder, loc, type, a, v, lo, hi, in);
                  return true;
                })
          .Case("slice",
                [&] {
                  Value a;
                  if (!arity(4) || !(a = ref(args[0], "operand")))
                    return false;
                  if (args[1].is_array() && !args[1].empty() &&
                      field(args[1][0], "ref")) {
                    SmallVector<Value> starts;
                    SmallVector<int64_t> lengths, strides;
                    if (!startRefs(args[1], starts) ||
                        !getIntList(args[2], lengths, "lengths") ||
                        !getIntList(args[3], strides, "strides"))
                      return false;
                    result = nx::DynamicSliceOp::create(builder, loc, type, a, starts,
                                                        lengths, strides);
                    return true;
                  }
                  SmallVector<int64_t> starts, lengths, strides;
                  if (!getIntList(args[1], starts, "start indices") ||
                      !getIntList(args[2], lengths, "lengths") ||
                      !getIntList(args[3], strides, "strides"))
                    return false;
                  // Nx clamps start indices so the window fits.
                  auto inTy = cast<RankedTensorType>(a.getType());
                  if (starts.size() == (size_t)inTy.getRank() &&
                      lengths.size() == starts.size())
                    for (size_t i = 0; i < starts.size(); ++i)
                      starts[i] = std::max<int64_t>(
                          0, std::min(starts[i], inTy.getDimSize(i) - lengths[i]));
                  result = nx::SliceOp::create(builder, loc, type, a, starts,
                                               lengths, strides);
                  return true;
                })
          .Case("concatenate",
                [&] {
                  int64_t axis;
                  if (!arity(2) || !args[0].is_array() ||
                      !getInt(args[1], axis, "axis"))
                    return args.size() == 2 && !args[0].is_array()
                               ? fail("operands must be a list")
                               : false;
                  SmallVector<Value> ins;
                  for (const json &r : args[0]) {
                    Value v = ref(r, "operand");
                    if (!v)
                      return false;
                    ins.push_back(v);
                  }
                  result = nx::ConcatenateOp::create(builder, loc, type, ins,
                                                     builder.getI64IntegerAttr(axis));
                  return true;
                })
          .Case("stack", // Nx >= 0.9: concatenate along a new axis
                [&] {
                  int64_t axis;
                  if (!arity(2) || !args[0].is_array() || !getInt(args[1], axis, "axis"))
                    return args.size() == 2 && !args[0].is_array()
                               ? fail("operands must be a list")
                               : false;
                  if (axis < 0 || axis >= type.getRank())
                    return fail("axis " + std::to_string(axis) + " out of range");
                  SmallVector<Value> ins;
                  for (const json &r : args[0]) {
                    Value v = ref(r, "operand");
                    if (!v)
                      return false;
                    auto t = cast<RankedTensorType>(v.getType());
                    SmallVector<int64_t> shape(t.getShape());
                    if ((int64_t)shape.size() + 1 != type.getRank())
                      return fail("operands must have rank " + std::to_string(type.getRank() - 1));
                    shape.insert(shape.begin() + axis, 1);
                    auto reshaped = nx::ReshapeOp::create(
                        builder, loc, RankedTensorType::get(shape, t.getElementType()), v);
                    if (!finishOp(reshaped))
                      return false;
                    ins.push_back(reshaped);
                  }
                  result = nx::ConcatenateOp::create(builder, loc, type, ins,
                                                     builder.getI64IntegerAttr(axis));
                  return true;
                })
          .Case("select",
                [&] {
                  Value p, t, f;
                  if (!arity(3) || !(p = ref(args[0], "predicate")) ||
                      !(t = ref(args[1], "on_true")) ||
                      !(f = ref(args[2], "on_false")))
                    return false;
                  result = nx::SelectOp::create(builder, loc, type, p, t, f);
                  return true;
                })
          .Case("clip",
                [&] {
                  Value a, lo, hi;
                  if (!arity(3) || !(a = ref(args[0], "operand")) ||
                      !(lo = ref(args[1], "min")) || !(hi = ref(args[2], "max")))
                    return false;
                  result = nx::ClipOp::create(builder, loc, type, a, lo, hi);
                  return true;
                })
          .Case("conv",
                [&] {
                  Value in, k;
                  if (!arity(3) || !(in = ref(args[0], "input")) ||
                      !(k = ref(args[1], "kernel")))
                    return false;
                  SmallVector<int64_t> strides, idil, kdil, ip, kp, op_, lo, hi;
                  int64_t fg = 1, bg = 1;
                  auto list = [&](const char *key, SmallVectorImpl<int64_t> &out) {
                    return getListOpt(args[2], key, out);
                  };
                  auto num = [&](const char *key, int64_t &out) {
                    const json *v = opt(args[2], key);
                    return v ? getInt(*v, out, key) : fail(std::string("missing option ") + key);
                  };
                  if (!list("strides", strides) || !list("input_dilation", idil) ||
                      !list("kernel_dilation", kdil) || !list("input_permutation", ip) ||
                      !list("kernel_permutation", kp) || !list("output_permutation", op_) ||
                      !num("feature_group_size", fg) || !num("batch_group_size", bg))
                    return false;
                  if (!getPadding(args[2], lo, hi))
                    return false;
                  result = nx::ConvOp::create(
                      builder, loc, type, in, k, strides, lo, hi, idil, kdil,
                      (uint64_t)fg, (uint64_t)bg,
                      ip, kp, op_);
                  return true;
                })
          .Case("put_slice",
                [&] {
                  Value a, upd;
                  SmallVector<Value> starts;
                  if (!arity(3) || !(a = ref(args[0], "operand")) ||
                      !startRefs(args[1], starts) || !(upd = ref(args[2], "update")))
                    return false;
                  result = nx::PutSliceOp::create(builder, loc, type, a, upd, starts);
                  return true;
                })
          .Case("gather",
                [&] {
                  Value a, idx;
                  SmallVector<int64_t> axes;
                  const json *axesj = args.size() == 3 ? opt(args[2], "axes") : nullptr;
                  if (!arity(3) || !(a = ref(args[0], "operand")) ||
                      !(idx = ref(args[1], "indices")))
                    return false;
                  if (!axesj || axesj->is_null())
                    axes = llvm::to_vector(llvm::seq<int64_t>(
                        0, cast<RankedTensorType>(a.getType()).getRank()));
                  else if (!getIntList(*axesj, axes, "axes"))
                    return false;
                  result = nx::GatherOp::create(builder, loc, type, a, idx, axes);
                  return true;
                })
          .Case("take", [&] { return take(nx::TakeOp{}); })
          .Case("take_along_axis",
                [&] { return take(nx::TakeAlongAxisOp{}); })
          .Case("fft", [&] { return fft(nx::FftOp{}); })
          .Case("ifft", [&] { return fft(nx::IfftOp{}); })
          .Case("lu",
                [&] {
                  Value a;
                  if (!arity(3) || !(a = ref(args[1], "operand")))
                    return false;
                  if (resultTypes.size() != 3)
                    return fail("lu produces a 3-tuple {p, l, u}");
                  double eps = 1e-10;
                  if (const json *e = opt(args[2], "eps"); e && !e->is_null()) {
                    if (!e->is_number())
                      return fail("eps must be a number");
                    eps = e->get<double>();
                  }
                  auto lu = nx::LuOp::create(builder, loc, resultTypes[0], resultTypes[1],
                                             resultTypes[2], a, builder.getF64FloatAttr(eps));
                  if (!finishOp(lu))
                    return false;
                  results.append(lu->getResults().begin(), lu->getResults().end());
                  return true;
                })
          .Case("triangular_solve",
                [&] {
                  Value a, b;
                  if (!arity(3) || !(a = ref(args[0], "a")) || !(b = ref(args[1], "b")))
                    return false;
                  bool left = true, lower = true;
                  const json *l = opt(args[2], "left_side"), *lo = opt(args[2], "lower");
                  if ((l && !l->is_boolean()) || (lo && !lo->is_boolean()))
                    return fail("left_side and lower must be true or false");
                  left = !l || l->get<bool>();
                  lower = !lo || lo->get<bool>();
                  const json *t = opt(args[2], "transform_a");
                  if (t && *t != "none" && *t != "transpose" && *t != "conjugate")
                    return fail("transform_a must be \"none\", \"transpose\" or "
                                "\"conjugate\", got " + brief(*t));
                  // Nx 0.13's :conjugate solves with conj(a), not its transpose
                  // (Nx.BinaryBackend.Matrix); on real matrices it is :none.
                  if (t && *t == "conjugate" &&
                      isa<ComplexType>(cast<RankedTensorType>(a.getType()).getElementType()))
                    a = nx::ConjugateOp::create(builder, loc, a.getType(), a);
                  result = nx::TriangularSolveOp::create(builder, loc, type, a, b, left, lower,
                                                         t && *t == "transpose");
                  return true;
                })
          .Case("sort", [&] { return sort(nx::SortOp{}); })
          .Case("argsort", [&] { return sort(nx::ArgsortOp{}); })
          .Case("indexed_add", [&] { return indexed(nx::IndexedAddOp{}); })
          .Case("indexed_put", [&] { return indexed(nx::IndexedPutOp{}); })
          .Case("dot",
                [&] {
                  Value a, b;
                  SmallVector<int64_t> ca, ba, cb, bb;
                  if (!arity(6) || !(a = ref(args[0], "lhs")) ||
                      !getIntList(args[1], ca, "lhs contracting axes") ||
                      !getIntList(args[2], ba, "lhs batch axes") ||
                      !(b = ref(args[3], "rhs")) ||
                      !getIntList(args[4], cb, "rhs contracting axes") ||
                      !getIntList(args[5], bb, "rhs batch axes"))
                    return false;
                  result = nx::DotOp::create(builder, loc, type, a, b, ca, ba,
                                             cb, bb);
                  return true;
                })
          .Default([&] {
            if (kKnownUnsupported.contains(op))
              return fail("op '" + op + "' is not supported yet", true);
            return fail("unknown op '" + op + "'");
          })();
#undef UNARY
#undef BINARY
  // clang-format on
  if (!ok)
    return false;
  if (isTuple) {
    if (results.size() != resultTypes.size())
      return fail("internal: tuple arity mismatch");
    scopes.back().values[id] = results;
    return true;
  }
  if (op == "fun") // not a tensor: recorded in `funs`
    return true;
  if (!result && results.size() == 1) // while/cond with a single result
    result = results.front();
  if (!result)
    return fail("internal: no value for the node");
  if (Operation *def = result.getDefiningOp();
      def && def->getBlock() == builder.getInsertionBlock() &&
      def->getLoc() == loc && !isa<nx::ConstantOp>(def) && !finishOp(def))
    return false;
  if (result.getType() != type)
    return fail("node type/shape differs from its operand's (" +
                nxTypeName(getElementTypeOrSelf(result.getType())) + ")");
  scopes.back().values[id] = {result};
  return true;
}

bool Importer::importScopeNodes(const json &nodes) {
  if (!nodes.is_array())
    return fail("\"nodes\" must be an array");
  for (const json &n : nodes)
    if (!importNode(n))
      return false;
  return true;
}

bool Importer::run(const json &root, GraphSig &sig, StringRef nameOverride) {
  if (!root.is_object())
    return fail("top level must be a JSON object");
  const json *format = field(root, "format");
  const json *version = field(root, "version");
  if (!format || *format != "nx-graph")
    return fail("not an nx-graph file (\"format\" must be \"nx-graph\")");
  if (!version || !version->is_number_integer() || version->get<int64_t>() != 1)
    return fail("unsupported nx-graph version " +
                (version ? brief(*version) : std::string("(missing)")) +
                " (nxc reads version 1)");
  if (const json *producer = field(root, "producer"))
    if (const json *nxv = field(*producer, "nx"); nxv && nxv->is_string())
      // Malformed versions (-1) count as Nx 0.7, like a missing one.
      backendComposites = nxVersionKey(nxv->get<std::string>()) < 12;
  const json *name = field(root, "name");
  sig.name = nameOverride.str();
  if (sig.name.empty()) {
    if (!name || !name->is_string())
      return fail("missing \"name\"");
    sig.name = name->get<std::string>();
  }
  auto isIdent = [](const std::string &s) {
    if (s.empty() || std::isdigit((unsigned char)s[0]))
      return false;
    return llvm::all_of(
        s, [](char c) { return std::isalnum((unsigned char)c) || c == '_'; });
  };
  if (!isIdent(sig.name))
    return fail("graph name '" + sig.name + "' is not a C identifier");

  const json *params = field(root, "params");
  const json *nodes = field(root, "nodes");
  const json *outputs = field(root, "outputs");
  if (!params || !params->is_array())
    return fail("missing or non-array \"params\"");
  if (!nodes || !nodes->is_array())
    return fail("missing or non-array \"nodes\"");
  if (!outputs || !outputs->is_array())
    return fail("missing or non-array \"outputs\"");

  SmallVector<Type> argTypes;
  for (auto [i, p] : llvm::enumerate(*params)) {
    context = "param " + std::to_string(i);
    RankedTensorType t;
    if (!parseTensorType(p, t))
      return false;
    argTypes.push_back(t);
    sig.args.push_back({nxTypeName(t.getElementType()), t.getShape().vec()});
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto func =
      func::FuncOp::create(builder, FileLineColLoc::get(ctx, file, 0, 0),
                           sig.name, builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Scope root_scope;
  for (BlockArgument a : entry->getArguments())
    root_scope.params.push_back(a);
  scopes.push_back(std::move(root_scope));
  if (!importScopeNodes(*nodes))
    return false;
  SmallVector<Value> results;
  for (auto [i, o] : llvm::enumerate(*outputs)) {
    context = "output " + std::to_string(i);
    Value v = ref(o, "output");
    if (!v)
      return false;
    results.push_back(v);
    auto t = cast<RankedTensorType>(v.getType());
    sig.results.push_back({nxTypeName(t.getElementType()), t.getShape().vec()});
  }
  func::ReturnOp::create(builder, func.getLoc(), results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  context.clear();
  return true;
}

} // namespace

/// Deepest [ / { nesting outside strings. Checked before parsing so that
/// no recursive walk (ours or a JSON printer's) can exhaust the stack.
static size_t nestingDepth(StringRef text) {
  size_t depth = 0, max = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '[' || c == '{')
      max = std::max(max, ++depth);
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return max;
}

bool importGraph(StringRef text, StringRef fileName, ModuleOp module,
                 GraphSig &sig, ImportError &error, StringRef nameOverride) {
  constexpr size_t kMaxDepth = 256;
  if (size_t depth = nestingDepth(text); depth > kMaxDepth) {
    error.message = "JSON nested " + std::to_string(depth) +
                    " levels deep (at most " + std::to_string(kMaxDepth) + ")";
    return false;
  }
  json root = json::parse(text.begin(), text.end(), nullptr,
                          /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    // nlohmann without exceptions cannot say where; llvm::json can.
    std::string where = "malformed JSON";
    if (auto parsed = llvm::json::parse(text); !parsed)
      where += ": " + llvm::toString(parsed.takeError());
    error.message = where;
    return false;
  }
  Importer importer(module, fileName, error);
  return importer.run(root, sig, nameOverride);
}

} // namespace nxc
