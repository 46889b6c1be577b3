// Regression test (fixed): WhileOp::verify and IfOp::verify (NxOps.cpp, checkYield and the cond
// check) do `cast<YieldOp>(region.front().getTerminator())` without checking
// that the region ends in nx.yield. A region ending in another op that may
// be a terminator (an unregistered op here; llvm.unreachable also gets
// through the cast) is reinterpreted as an nx.yield: undefined behaviour in
// release builds (the cases below verify without any error), an assertion
// in debug builds. Fix: dyn_cast and emit "must end with nx.yield", or give
// the ops SingleBlockImplicitTerminator<"YieldOp">.

// RUN: %nxc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

func.func @while_cond_not_yield(%a: tensor<si64>) -> tensor<si64> {
  // expected-error @+1 {{'nx.while' op}}
  %0 = "nx.while"(%a) ({
  ^bb0(%x: tensor<si64>):
    "test.terminator"(%x) : (tensor<si64>) -> ()
  }, {
  ^bb0(%x: tensor<si64>):
    "nx.yield"(%x) : (tensor<si64>) -> ()
  }) : (tensor<si64>) -> tensor<si64>
  return %0 : tensor<si64>
}

// -----

func.func @while_body_not_yield(%a: tensor<si64>, %p: tensor<ui8>) -> tensor<si64> {
  // expected-error @+1 {{'nx.while' op}}
  %0 = "nx.while"(%a) ({
  ^bb0(%x: tensor<si64>):
    "nx.yield"(%p) : (tensor<ui8>) -> ()
  }, {
  ^bb0(%x: tensor<si64>):
    "test.terminator"(%x) : (tensor<si64>) -> ()
  }) : (tensor<si64>) -> tensor<si64>
  return %0 : tensor<si64>
}

// -----

func.func @if_then_not_yield(%p: tensor<ui8>, %a: tensor<si64>) -> tensor<si64> {
  // expected-error @+1 {{'nx.if' op}}
  %0 = "nx.if"(%p) ({
    "test.terminator"(%a) : (tensor<si64>) -> ()
  }, {
    "nx.yield"(%a) : (tensor<si64>) -> ()
  }) : (tensor<ui8>) -> tensor<si64>
  return %0 : tensor<si64>
}
