//===- NxDialect.td - the nx dialect ------------------------*- tablegen -*-===//
//
// The nx dialect mirrors Nx.Defn.Expr: one op per Nx op, on ranked tensors
// whose element types carry Nx's signedness (si8..si64, ui8..ui64, f16, bf16,
// f32, f64, complex). Ops accept Nx's implicit broadcasting and mixed operand
// types exactly as an exported graph has them; `nx-make-explicit` rewrites
// them into same-shape, same-type form before lowering.
//
//===----------------------------------------------------------------------===//

#ifndef NX_DIALECT_TD
#define NX_DIALECT_TD

include "mlir/IR/OpBase.td"

def Nx_Dialect : Dialect {
  let name = "nx";
  let cppNamespace = "::mlir::nx";
  let summary = "Nx tensor expressions (Nx.Defn.Expr)";
  let hasConstantMaterializer = 1;
}

class Nx_Op<string mnemonic, list<Trait> traits = []>
    : Op<Nx_Dialect, mnemonic, traits>;

// Nx's types; s2/s4/u2/u4 and f8 (E5M2), f8_e4m3fn come from Nx >= 0.9.
def Nx_Element : AnyTypeOf<[SI<2>, SI<4>, SI8, SI16, SI32, SI64,
                            UI<2>, UI<4>, UI8, UI16, UI32, UI64,
                            F8E5M2, F8E4M3FN, F16, BF16, F32, F64,
                            Complex<F32>, Complex<F64>]>;
def Nx_Tensor : RankedTensorOf<[SI<2>, SI<4>, SI8, SI16, SI32, SI64,
                                UI<2>, UI<4>, UI8, UI16, UI32, UI64,
                                F8E5M2, F8E4M3FN, F16, BF16, F32, F64,
                                Complex<F32>, Complex<F64>]>;

#endif // NX_DIALECT_TD
