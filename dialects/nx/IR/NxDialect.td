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

def Nx_Element : AnyTypeOf<[SI8, SI16, SI32, SI64, UI8, UI16, UI32, UI64,
                            F16, BF16, F32, F64, Complex<F32>, Complex<F64>]>;
def Nx_Tensor : RankedTensorOf<[SI8, SI16, SI32, SI64, UI8, UI16, UI32, UI64,
                                F16, BF16, F32, F64, Complex<F32>,
                                Complex<F64>]>;

#endif // NX_DIALECT_TD
