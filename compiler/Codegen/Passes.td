//===- Passes.td - nxc code generation passes ---------------*- tablegen -*-===//
#ifndef NXC_CODEGEN_PASSES_TD
#define NXC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def NxcMathApproximation : Pass<"nxc-math-approximation"> {
  let summary = "Expand math ops into vectorizable polynomial approximations";
  let description = [{
    Rewrites math.exp, log, tanh, erf, sin, cos, ... on f32 into arith
    polynomials (MLIR's populateMathPolynomialApproximationPatterns) so that
    they vectorize instead of becoming scalar libm calls. Ops without an
    approximation stay and become libm calls later.

    With `ldexp`, f32 vector exp is nxc's own: n = round(x log2 e) by the
    1.5 * 2^23 shift, a degree-6 polynomial for e^r, and llvm.ldexp for the
    2^n, which AVX-512 does in one vscalefps that also rounds denormal and
    overflowing results correctly (no range guard needed). Only where ldexp
    is an instruction: elsewhere LLVM would call libm per lane.

    Math that computes fewer than `exact-below` elements per call (lanes
    times the constant trip counts of the loops around it) is left to libm,
    whose f32 functions round correctly in all but rare cases, as Nx's
    double math rounded once does: small graphs match Nx bit for bit.
  }];
  let options = [
    Option<"ldexp", "ldexp", "bool", "false",
           "vector exp scales by 2^n with llvm.ldexp (AVX-512 vscalefps)">,
    Option<"exactBelow", "exact-below", "int64_t", "256",
           "f32 math ops computing fewer elements per call (vector lanes "
           "times constant loop trip counts) stay libm calls">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def NxcAllocsToWorkspace : Pass<"nxc-allocs-to-workspace", "func::FuncOp"> {
  let summary = "Place static temporaries in a caller-provided workspace";
  let description = [{
    Replaces every statically shaped memref.alloc/alloca at the top level of
    a public function by a memref.view into a new trailing `memref<Nxi8>`
    argument (64-byte aligned offsets, bump allocated), drops their
    deallocs, and records the byte size as `nxc.workspace_size`. Calls then
    do no malloc and touch no fresh pages.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def NxcReadOnlyArguments : Pass<"nxc-read-only-arguments", "func::FuncOp"> {
  let summary = "Mark public function arguments as not writable";
  let description = [{
    The arguments of an entry point are the caller's inputs, `const` in the
    C ABI and immutable BEAM binaries behind the NIF. Marking them
    `bufferization.writable = false` makes one-shot-bufferize copy an input
    before an in-place update (a put_slice in a while loop) instead of
    writing into the caller's buffer.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def NxcDistinctResults : Pass<"nxc-distinct-results", "func::FuncOp"> {
  let summary = "Give each returned memref its own buffer";
  let description = [{
    A graph may return one value twice (two outputs that CSE made equal).
    Each output is a separate caller buffer, so every repeated return operand
    gets a fresh allocation and a copy; buffer-results-to-out-params then
    turns each allocation into its own output argument.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def NxcDelinearizeGathers
    : Pass<"nxc-delinearize-gathers", "func::FuncOp"> {
  let summary = "Address vector.gather on strided memrefs by their strides";
  let description = [{
    The linalg vectorizer turns a data-dependent tensor.extract into a
    vector.gather whose offsets are linear positions in the row-major
    tensor. Bufferized, the tensor may be a strided view (a slice of a
    padded or larger buffer), where MLIR 22's gather lowering adds those
    offsets to the innermost index as if the rows were contiguous, and reads
    the wrong elements (fixed upstream after 22 by llvm-project#184706).
    This pass runs after bufferization: for each gather from a memref that
    is not contiguous row-major, it splits the linear positions into
    indices by the memref's sizes, multiplies them by its strides, and
    gathers from a 1-D view of the underlying buffer.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def NxcCopiesToLinalg : Pass<"nxc-copies-to-linalg", "func::FuncOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    A memref.copy between strided views lowers to a call of MLIR's runtime
    library (memrefCopy), which generated objects must not need. A copy of
    static rows contiguous in both views (a padding's middle) becomes a loop
    nest with one vector transfer per row, its outermost loop marked
    `nxc.parallel`; any other as linalg.copy becomes plain loops (LLVM turns
    contiguous ones into memcpy).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect"];
}

def NxcFuseElementwise : Pass<"nxc-fuse-elementwise"> {
  let summary = "Elementwise fusion that never turns a product into a generic";
  let description = [{
    linalg-fuse-elementwise-ops (elementwise producers fused into their
    single user, reshapes propagated by expanding loops, constant folding),
    except that a reshape is never folded into a contraction: a
    linalg.matmul or linalg.batch_matmul followed by an expand_shape (a
    dense layer on [batch, seq, features]) stays a named op, which
    nxc-vectorize register-blocks, instead of becoming a linalg.generic.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect"];
}

def NxcRecomputeCheapProducers
    : Pass<"nxc-recompute-cheap-producers", "func::FuncOp"> {
  let summary = "Give each user of a cheap elementwise op its own copy";
  let description = [{
    On linalg on tensors, between two rounds of linalg-fuse-elementwise-ops.
    An all-parallel linalg.generic with identity output map whose body is at
    most `max-ops` arith ops, read as an input by two or more generics, is
    cloned once per extra user. Elementwise fusion (single-user producers
    only) then folds every copy into its user: the value is recomputed
    instead of stored to a temporary and loaded back. A linalg.reduce among
    the readers (softmax's max of x / t) is first rewritten as the
    equivalent linalg.generic, which fusion accepts.
  }];
  let options = [
    Option<"maxOps", "max-ops", "int64_t", "2",
           "arith ops in a body that still count as cheap">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NxcVectorize : Pass<"nxc-vectorize", "func::FuncOp"> {
  let summary = "Tile and vectorize linalg ops (the CPU codegen schedule)";
  let description = [{
    On tensors, before bufferization. linalg.matmul: register-blocked tiles
    (`mr` x `nr`, k by 1) with the accumulator hoisted out of the k loop.
    Elementwise and reduction ops with projected-permutation maps: the
    innermost dimension tiled by `vector-width`, others by 1, then
    vectorized; transposed reads tiled square; reductions along the
    contiguous axis split across lanes. argmax/argmin scans (`nxc.arg_reduce`)
    and float convolutions (`nxc.conv`) become lane-parallel vector loops.
    Everything else is left for convert-linalg-to-loops.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "f32 lanes per vector register (16 for AVX-512, 8 for AVX2/NEON x2)">,
    Option<"mr", "mr", "int64_t", "8", "matmul register tile rows">,
    Option<"nr", "nr", "int64_t", "32", "matmul register tile columns">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect"]; // loop annotations
}

def NxcParallelize : Pass<"nxc-parallelize", "::mlir::ModuleOp"> {
  let summary = "Outline marked parallel loops into nxc_parallel_for tasks";
  let description = [{
    After bufferization. Each scf.for that nxc-vectorize marked
    `nxc.parallel = work` (iterations write disjoint result slices) with
    `work >= min-work`, outermost first, becomes a private task function
    `(ptr env, i64 begin, i64 end)` running iterations [begin, end), and a
    call `__nxc_parallel_for(task, env, trips)` with the loop's live-in
    values in a stack struct. The dispatcher calls the runtime's weak
    `nxc_parallel_for`, or the task over all iterations when the program
    does not link it.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", "131072",
           "iterations of a loop nest (elements) below which it stays serial">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def NxcContractReductions
    : Pass<"nxc-contract-reductions", "func::FuncOp"> {
  let summary = "Fuse products into the accumulators of split reductions";
  let description = [{
    After nxc-lower-vectors. In a loop that nxc-vectorize marked
    `nxc.reassociated` (the lane-parallel part of a float reduction it split,
    so the sum's order is already not Nx's sequential one), a loop-carried
    float accumulator updated as `acc + a * b`, where the product has no
    other use, becomes `math.fma a, b, acc`: one rounding instead of two per
    term, as in a dot product (Nx's own `dot` of the same values contracts
    the same way). Sums over a product such as the variance
    `sum((x - mean) ** 2)` then take one FMA per vector instead of a multiply
    and an add. Reductions kept in Nx's order, scans and elementwise ops are
    never touched. Without `fma` (a target with no FMA instructions, where
    llvm.fma would become a libm call per lane) the pass only drops the
    markers.
  }];
  let options = [
    Option<"fma", "fma", "bool", "true",
           "the target has FMA instructions">,
  ];
  let dependentDialects = ["::mlir::math::MathDialect"];
}

def NxcLowerVectors : Pass<"nxc-lower-vectors"> {
  let summary = "Lower high-level vector ops one pattern group at a time";
  let description = [{
    contract -> outer products -> FMAs, transfer ops to loads/stores, masks,
    multi-reductions, transposes, shape casts. Applying all groups in one
    greedy rewrite can loop; they run one after another.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def NxcStreamingStores : Pass<"nxc-streaming-stores", "func::FuncOp"> {
  let summary = "Non-temporal vector stores into large write-only outputs";
  let description = [{
    After nxc-lower-vectors. A result buffer (a function argument after
    buffer-results-to-out-params) of at least `min-bytes` that the function
    only writes is not worth caching; ordinary stores first read each line
    they write (read-for-ownership), so an elementwise map of three inputs
    moves five streams instead of four. Its vector stores that write whole
    cache lines (`line` bytes, at an offset that is a provable multiple of
    `line`) become `nontemporal` with that alignment, in a copy of the
    enclosing top-level op of the function taken when every such buffer's
    address is line-aligned at run time; the original op runs otherwise (an
    unaligned non-temporal vector store would be split into scalar ones).
    Streaming stores are weakly ordered: the copy ends with an sfence, and
    the runtime's thread pool fences each chunk a worker runs. x86 only
    (`line` = 0 disables the pass). The default `min-bytes`, 32 MiB, is a
    whole L3 of a Zen 4 CCD: there exp over 8M floats took 1.49 ms instead
    of 2.0 on one thread, but exp over 2M (8 MiB out), whose input and
    output stay in L3 between calls, 0.30 ms instead of 0.18 on two.
  }];
  let options = [
    Option<"line", "line", "int64_t", "0",
           "cache line bytes (0: off); each streamed store writes whole lines">,
    Option<"minBytes", "min-bytes", "int64_t", "33554432",
           "smallest output (bytes) that is streamed past the caches">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif
