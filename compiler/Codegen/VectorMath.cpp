//===- VectorMath.cpp - vectorizable f32 libm replacements ----------------===//
//
// Nx evaluates these functions in double precision (C libm through Erlang's
// :math) and rounds once to f32. To match that without scalar libm calls, the
// expansions below widen each f32 vector to f64, evaluate a branchless
// approximation whose error is far below f32 precision (2^-34 or better), and
// round once. Special values (NaN, infinities, signed zeros, C99 pow and fmod
// cases) are patched in with selects. Lanes a fast formula cannot handle
// (|x| > 1e7 for sin/cos/tan, fmod with a quotient >= 2^50) call the scalar
// op in a loop guarded by an any-lane test, so every input stays correct.
//
// Polynomials: near-minimax Chebyshev fits (mpmath.chebyfit) of the reduced
// functions, or exact Taylor coefficients where the argument is small. cbrt
// follows FreeBSD's s_cbrtf.c, the erfc range split follows njuffa's erfcf.
// Measured against double libm over f32 inputs: at most 1 ulp.
//
//===----------------------------------------------------------------------===//
#include "Codegen/VectorMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>

using namespace mlir;

namespace nxc {
namespace {
using arith::CmpFPredicate;

// sin(r) = r + r^3 S(r^2), cos(r) = 1 + r^2 C(r^2) on |r| <= pi/4
// (relative error 2^-42 and 2^-40).
constexpr double kSinP[] = {-0.16666666666663886, 0.0083333333310792231,
                            -0.00019841266916985966, 2.7555990929565319e-6,
                            -2.4805636241834763e-8};
constexpr double kCosP[] = {-0.49999999999963891, 0.041666666637396073,
                            -0.0013888885091399199, 2.4799862190148396e-5,
                            -2.7237140418016e-7};
// atan(u) = u + u^3 P(u^2) on |u| <= tan(pi/8) (2^-29 on a term < 1%).
constexpr double kAtanP[] = {-0.333333332792548,    0.19999977258688386,
                             -0.14284151193628614,  0.11071365021884794,
                             -0.086246761452494937, 0.050481385120797444};
// asin(w) = w + w^3 P(w^2) on |w| <= 1/2 (2^-33.5 on a term < 5%).
constexpr double kAsinP[] = {0.16666666665495086,   0.075000005988290491,
                             0.044642358484883195,  0.030397634130580702,
                             0.022132443623426793,  0.019306260869368044,
                             0.0054431851027481071, 0.029305239705335789};
// 2^f on |f| <= 1/2 (2^-45.6).
constexpr double kExp2P[] = {1.0000000000000135,     0.69314718055994616,
                             0.2402265069564034,     0.055504108664651672,
                             0.0096181291939343134,  0.0013333558200794593,
                             0.00015403433751251009, 1.5252672924850736e-5,
                             1.325964524488711e-6,   1.0205905413765596e-7};
// erf(x) = x P(x^2) on |x| <= 1/2 (2^-43).
constexpr double kErfP[] = {1.1283791670954116,    -0.37612638899222697,
                            0.11283791417078553,   -0.026866109537972839,
                            0.0052232756871735563, -0.0008506764816853653,
                            0.00010822775559285537};
// erfc(x) exp(x^2) (1 + 2x) = Q((x-2)/(x+2)) on [1/2, 10.1] (2^-39.6).
constexpr double kErfcxP[] = {
    1.2769783815518907,     -0.092763826598267703, -0.16603039743641968,
    0.16405128087658202,    -0.054220009244051995, -0.008034030307456773,
    0.0087227976836377141,  0.0012714388756487989, -0.001458021074620007,
    -0.0004544813470773842, 0.0002116900284158364, 0.00015000846449597173,
    -1.3817573938437902e-5, -3.2351042326931826e-5};
// Taylor series: ln(m) = 2 atanh(s) = s (2 + 2/3 s^2 + ...), |s| <= 0.172
// (2^-45); sinh, asinh, atanh below 1/8 (2^-36 or better).
constexpr double kLogP[] = {2.0,     2.0 / 3,  2.0 / 5,  2.0 / 7,
                            2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15};
constexpr double kSinhP[] = {1.0 / 6, 1.0 / 120, 1.0 / 5040};
constexpr double kAsinhP[] = {-1.0 / 6, 3.0 / 40, -5.0 / 112, 35.0 / 1152,
                              -63.0 / 2816};
constexpr double kAtanhP[] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11};

// pi/2 in three parts: 30 significant bits (so k * part1 is exact for
// k < 2^23), then the next two doubles.
constexpr double kPio2_1 = 1.570796325802803, kPio2_2 = 9.920935796805404e-10,
                 kPio2_3 = 1.6446256936324258e-26;
constexpr double k2OverPi = 0.6366197723675814, kPio2 = 1.5707963267948966,
                 kPio4 = 0.7853981633974483, kPi = 3.141592653589793;
constexpr double kTanPi8 = 0.41421356237309503, kLog2e = 1.4426950408889634,
                 kLn2 = 0.6931471805599453, kSqrt2 = 1.4142135623730951;
// 1.5 * 2^52: t + kMagic rounds t to an integer kept in the low mantissa bits.
constexpr double kMagic = 6755399441055744.0;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// sin/cos/tan reduce exactly while k = round(x * 2/pi) < 2^23.
constexpr double kTrigMax = 1.0e7;

// Thin layer over ImplicitLocOpBuilder for one vector shape: f32/f64/i32/i64
// vectors of that shape and splat constants.
class VB {
  static VectorType like(VectorType t, Type elem) {
    return VectorType::get(t.getShape(), elem, t.getScalableDims());
  }

public:
  VB(ImplicitLocOpBuilder &b, VectorType f32Ty)
      : b(b), f32(f32Ty), f64(like(f32Ty, b.getF64Type())),
        i32(like(f32Ty, b.getI32Type())), i64(like(f32Ty, b.getI64Type())) {}

  ImplicitLocOpBuilder &b;
  VectorType f32, f64, i32, i64;

  Value splat(VectorType t, Attribute a) {
    return arith::ConstantOp::create(b, t, DenseElementsAttr::get(t, a));
  }
  Value d(double v) { return splat(f64, b.getF64FloatAttr(v)); }
  Value s(double v) { return splat(f32, b.getF32FloatAttr(v)); }
  Value l(int64_t v) { return splat(i64, b.getI64IntegerAttr(v)); }
  Value w(int32_t v) { return splat(i32, b.getI32IntegerAttr(v)); }

  Value add(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, x, y); }
  Value fma(Value x, Value y, Value z) {
    return math::FmaOp::create(b, x, y, z);
  }
  Value neg(Value x) { return arith::NegFOp::create(b, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, x); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, x); }
  Value floor(Value x) { return math::FloorOp::create(b, x); }
  Value trunc(Value x) { return math::TruncOp::create(b, x); }
  Value roundEven(Value x) { return math::RoundEvenOp::create(b, x); }
  Value copySign(Value x, Value y) { return math::CopySignOp::create(b, x, y); }
  Value cmp(CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, p, x, y);
  }
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, x, y); }
  Value ext(Value x) { return arith::ExtFOp::create(b, f64, x); }
  Value toF32(Value x) { return arith::TruncFOp::create(b, f32, x); }
  Value bitcast(Type t, Value x) { return arith::BitcastOp::create(b, t, x); }
  // Sign bit of an f32 vector (true for -0 and negative NaN too).
  Value signBit(Value x) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::slt, bitcast(i32, x),
                                 w(0));
  }
  Value isNaN(Value x) { return cmp(CmpFPredicate::UNO, x, x); }

  // c[0] + z (c[1] + z (...)), fma Horner in f64.
  Value horner(ArrayRef<double> c, Value z) {
    Value acc = d(c.back());
    for (double ci : llvm::reverse(c.drop_back()))
      acc = fma(z, acc, d(ci));
    return acc;
  }

  // 2^t in f64, t clamped to [-200, 200] (beyond, the f32 result is 0 or inf
  // anyway; NaN passes through). 2^round(t) is built from the rounded
  // integer's bits: (bits(t + 1.5 * 2^52) + 1023) << 52.
  Value exp2k(Value t) {
    t = sel(cmp(CmpFPredicate::OGT, t, d(200.0)), d(200.0), t);
    t = sel(cmp(CmpFPredicate::OLT, t, d(-200.0)), d(-200.0), t);
    Value k = add(t, d(kMagic));
    Value f = sub(t, sub(k, d(kMagic))); // exact, |f| <= 1/2
    Value bits = arith::AddIOp::create(b, bitcast(i64, k), l(1023));
    Value scale = bitcast(f64, arith::ShLIOp::create(b, bits, l(52)));
    return mul(horner(kExp2P, f), scale);
  }

  // ln(x) = e ln2 + ln(m), x = m 2^e with m in [sqrt(1/2), sqrt(2)), for
  // positive finite normal f64 x (callers select 0/inf/NaN results).
  // Returns {e, ln(m)}; the exponent is converted without an integer to float
  // conversion (not vectorizable for i64 without AVX-512) by or-ing it into
  // the mantissa of 2^52.
  std::pair<Value, Value> logParts(Value x) {
    Value bits = bitcast(i64, x);
    Value eBits = arith::ShRUIOp::create(b, bits, l(52));
    Value e =
        sub(bitcast(f64, arith::OrIOp::create(b, eBits, l(0x4330000000000000))),
            d(4503599627370496.0 + 1023.0));
    Value mBits = arith::OrIOp::create(
        b, arith::AndIOp::create(b, bits, l(0x000fffffffffffff)),
        l(0x3ff0000000000000));
    Value m = bitcast(f64, mBits);
    Value big = cmp(CmpFPredicate::OGT, m, d(kSqrt2));
    m = sel(big, mul(m, d(0.5)), m);
    e = sel(big, add(e, d(1.0)), e);
    Value sr = div(sub(m, d(1.0)), add(m, d(1.0)));
    return {e, mul(sr, horner(kLogP, mul(sr, sr)))};
  }
  Value logk(Value x) {
    auto [e, lnm] = logParts(x);
    return fma(e, d(kLn2), lnm);
  }
};

// A built expansion: the f32 result and, if some lanes need the scalar op,
// their mask.
struct Expansion {
  Value result;
  Value slowMask = nullptr;
};
using ExpandFn = Expansion (*)(VB &, ValueRange);

//===----------------------------------------------------------------------===//
// sin, cos, tan: f64 Cody-Waite reduction by pi/2, exact for |x| <= 1e7.
//===----------------------------------------------------------------------===//

struct Trig {
  Value sin, cos; // of the reduced argument
  Value q;        // quadrant 0..3 (f64)
  Value slow;     // 1e7 < |x| < inf: scalar libm
};

Trig trig(VB &v, Value x32) {
  Value x = v.ext(x32);
  Value k = v.roundEven(v.mul(x, v.d(k2OverPi)));
  Value nk = v.neg(k);
  Value r = v.fma(nk, v.d(kPio2_1), x);
  r = v.fma(nk, v.d(kPio2_2), r);
  r = v.fma(nk, v.d(kPio2_3), r);
  Value z = v.mul(r, r);
  Trig t;
  t.sin = v.fma(v.mul(r, z), v.horner(kSinP, z), r);
  t.cos = v.fma(z, v.horner(kCosP, z), v.d(1.0));
  t.q = v.sub(k, v.mul(v.d(4.0), v.floor(v.mul(k, v.d(0.25)))));
  Value ax = v.abs(x32);
  t.slow = v.andI(v.cmp(CmpFPredicate::OGT, ax, v.s(kTrigMax)),
                  v.cmp(CmpFPredicate::OLT, ax, v.s(kInf)));
  return t;
}

Value quadIs(VB &v, Value q, double a, double b) {
  return v.orI(v.cmp(CmpFPredicate::OEQ, q, v.d(a)),
               v.cmp(CmpFPredicate::OEQ, q, v.d(b)));
}

// The reduction loses the sign of zero: sin(-0) = tan(-0) = -0.
Value keepZero(VB &v, Value x32, Value res) {
  return v.sel(v.cmp(CmpFPredicate::OEQ, x32, v.s(0.0)), x32, res);
}

Expansion expandSin(VB &v, ValueRange args) {
  Trig t = trig(v, args[0]);
  Value odd = quadIs(v, t.q, 1, 3);
  Value r = v.sel(odd, t.cos, t.sin);
  r = v.sel(v.cmp(CmpFPredicate::OGE, t.q, v.d(2.0)), v.neg(r), r);
  return {keepZero(v, args[0], v.toF32(r)), t.slow};
}

Expansion expandCos(VB &v, ValueRange args) {
  Trig t = trig(v, args[0]);
  Value r = v.sel(quadIs(v, t.q, 1, 3), t.sin, t.cos);
  r = v.sel(quadIs(v, t.q, 1, 2), v.neg(r), r);
  return {v.toF32(r), t.slow};
}

Expansion expandTan(VB &v, ValueRange args) {
  Trig t = trig(v, args[0]);
  Value odd = quadIs(v, t.q, 1, 3);
  Value r = v.div(v.sel(odd, v.neg(t.cos), t.sin), v.sel(odd, t.sin, t.cos));
  return {keepZero(v, args[0], v.toF32(r)), t.slow};
}

//===----------------------------------------------------------------------===//
// atan, atan2: atan(mn / mx) for 0 <= mn <= mx in f64, reduced by pi/4 when
// mn/mx > tan(pi/8): atan(t) = pi/4 + atan((t - 1) / (t + 1)). One division.
//===----------------------------------------------------------------------===//

Value atanCore(VB &v, Value mn, Value mx) {
  Value red = v.cmp(CmpFPredicate::OGT, mn, v.mul(v.d(kTanPi8), mx));
  Value u = v.div(v.sel(red, v.sub(mn, mx), mn), v.sel(red, v.add(mn, mx), mx));
  Value z = v.mul(u, u);
  Value r = v.fma(v.mul(u, z), v.horner(kAtanP, z), u);
  return v.sel(red, v.add(r, v.d(kPio4)), r);
}

Expansion expandAtan(VB &v, ValueRange args) {
  Value a = v.ext(v.abs(args[0]));
  Value inv = v.cmp(CmpFPredicate::OGT, a, v.d(1.0));
  Value r = atanCore(v, v.sel(inv, v.d(1.0), a), v.sel(inv, a, v.d(1.0)));
  r = v.sel(inv, v.sub(v.d(kPio2), r), r);
  return {v.copySign(v.toF32(r), args[0])};
}

Expansion expandAtan2(VB &v, ValueRange args) {
  Value y32 = args[0], x32 = args[1];
  Value ax = v.ext(v.abs(x32)), ay = v.ext(v.abs(y32));
  Value swap = v.cmp(CmpFPredicate::OGT, ay, ax);
  Value r = atanCore(v, v.sel(swap, ax, ay), v.sel(swap, ay, ax));
  // 0/0 and inf/inf: atan2(+-0, +-0) and atan2(+-inf, +-inf).
  Value same = v.cmp(CmpFPredicate::OEQ, ax, ay);
  Value zero = v.cmp(CmpFPredicate::OEQ, ax, v.d(0.0));
  r = v.sel(same, v.sel(zero, v.d(0.0), v.d(kPio4)), r);
  r = v.sel(swap, v.sub(v.d(kPio2), r), r);
  r = v.sel(v.signBit(x32), v.sub(v.d(kPi), r), r);
  Value res = v.copySign(v.toF32(r), y32);
  Value nan = v.orI(v.isNaN(x32), v.isNaN(y32));
  return {v.sel(nan, v.add(x32, y32), res)};
}

//===----------------------------------------------------------------------===//
// asin, acos: asin(w) = w + w^3 P(w^2) on |w| <= 1/2, and
// asin(a) = pi/2 - 2 asin(sqrt((1 - a) / 2)) above (Cephes' reduction).
//===----------------------------------------------------------------------===//

Value asinCore(VB &v, Value w) {
  Value z = v.mul(w, w);
  return v.fma(v.mul(w, z), v.horner(kAsinP, z), w);
}

Expansion expandAsin(VB &v, ValueRange args) {
  Value a = v.ext(v.abs(args[0]));
  Value big = v.cmp(CmpFPredicate::OGT, a, v.d(0.5));
  Value w = v.sel(big, v.sqrt(v.sub(v.d(0.5), v.mul(v.d(0.5), a))), a);
  Value p = asinCore(v, w);
  Value r = v.sel(big, v.sub(v.d(kPio2), v.mul(v.d(2.0), p)), p);
  return {v.copySign(v.toF32(r), args[0])};
}

Expansion expandAcos(VB &v, ValueRange args) {
  Value x = v.ext(args[0]);
  Value a = v.abs(x);
  Value big = v.cmp(CmpFPredicate::OGT, a, v.d(0.5));
  Value w = v.sel(big, v.sqrt(v.sub(v.d(0.5), v.mul(v.d(0.5), a))), x);
  Value p = asinCore(v, w);
  Value p2 = v.mul(v.d(2.0), p);
  Value neg = v.cmp(CmpFPredicate::OLT, x, v.d(0.0));
  Value r =
      v.sel(big, v.sel(neg, v.sub(v.d(kPi), p2), p2), v.sub(v.d(kPio2), p));
  return {v.toF32(r)};
}

//===----------------------------------------------------------------------===//
// sinh, cosh: (e^a -+ e^-a) / 2 from the f64 2^t kernel (no overflow in f64);
// Taylor series below 1/8 where the difference cancels.
//===----------------------------------------------------------------------===//

Expansion expandSinh(VB &v, ValueRange args) {
  Value a = v.ext(v.abs(args[0]));
  Value e = v.exp2k(v.mul(a, v.d(kLog2e)));
  Value big = v.mul(v.d(0.5), v.sub(e, v.div(v.d(1.0), e)));
  Value z = v.mul(a, a);
  Value small = v.fma(v.mul(a, z), v.horner(kSinhP, z), a);
  Value r = v.sel(v.cmp(CmpFPredicate::OLT, a, v.d(0.125)), small, big);
  return {v.copySign(v.toF32(r), args[0])};
}

Expansion expandCosh(VB &v, ValueRange args) {
  Value a = v.ext(v.abs(args[0]));
  Value e = v.exp2k(v.mul(a, v.d(kLog2e)));
  return {v.toF32(v.mul(v.d(0.5), v.add(e, v.div(v.d(1.0), e))))};
}

//===----------------------------------------------------------------------===//
// asinh, acosh, atanh: the log formulas in f64 (arguments stay far from 1
// or are exact there), Taylor series below 1/8.
//===----------------------------------------------------------------------===//

Expansion expandAsinh(VB &v, ValueRange args) {
  Value x32 = args[0];
  Value a = v.ext(v.abs(x32));
  Value z = v.mul(a, a);
  Value small = v.fma(v.mul(a, z), v.horner(kAsinhP, z), a);
  Value big = v.logk(v.add(a, v.sqrt(v.add(z, v.d(1.0)))));
  Value r = v.sel(v.cmp(CmpFPredicate::OLT, a, v.d(0.125)), small, big);
  Value res = v.copySign(v.toF32(r), x32);
  // inf and NaN pass through (the log kernel assumes finite input).
  Value special = v.cmp(CmpFPredicate::UGE, v.abs(x32), v.s(kInf));
  return {v.sel(special, x32, res)};
}

Expansion expandAcosh(VB &v, ValueRange args) {
  Value x32 = args[0];
  Value x = v.ext(x32);
  Value r = v.logk(v.add(x, v.sqrt(v.fma(x, x, v.d(-1.0)))));
  Value res = v.toF32(r);
  res = v.sel(v.cmp(CmpFPredicate::OEQ, x32, v.s(kInf)), x32, res);
  // x < 1 and NaN.
  return {v.sel(v.cmp(CmpFPredicate::ULT, x32, v.s(1.0)), v.s(kNaN), res)};
}

Expansion expandAtanh(VB &v, ValueRange args) {
  Value a = v.ext(v.abs(args[0]));
  Value z = v.mul(a, a);
  Value small = v.fma(v.mul(a, z), v.horner(kAtanhP, z), a);
  Value one = v.d(1.0);
  Value big = v.mul(v.d(0.5), v.logk(v.div(v.add(one, a), v.sub(one, a))));
  Value r = v.sel(v.cmp(CmpFPredicate::OLT, a, v.d(0.125)), small, big);
  r = v.sel(v.cmp(CmpFPredicate::OEQ, a, one), v.d(kInf), r);
  r = v.sel(v.cmp(CmpFPredicate::UGT, a, one), v.d(kNaN), r);
  return {v.copySign(v.toF32(r), args[0])};
}

//===----------------------------------------------------------------------===//
// cbrt: FreeBSD s_cbrtf.c. Exponent / 3 estimate from the bits, then two
// Halley steps in f64 (16, then 47 bits).
//===----------------------------------------------------------------------===//

Expansion expandCbrt(VB &v, ValueRange args) {
  Value x32 = args[0];
  Value af = v.abs(x32);
  Value sub = v.cmp(CmpFPredicate::OLT, af, v.s(1.17549435e-38));
  Value as = v.sel(sub, v.mul(af, v.s(16777216.0)), af);
  // bits / 3 through f32 arithmetic (no vector integer division); its error
  // is far below the estimate's.
  Value bits = arith::SIToFPOp::create(v.b, v.f32, v.bitcast(v.i32, as));
  Value third =
      arith::FPToSIOp::create(v.b, v.i32, v.mul(bits, v.s(1.0f / 3.0f)));
  Value bias = v.sel(sub, v.w(642849266), v.w(709958130));
  Value t = v.ext(v.bitcast(v.f32, arith::AddIOp::create(v.b, third, bias)));
  Value a = v.ext(af);
  for (int i = 0; i < 2; ++i) {
    Value r = v.mul(v.mul(t, t), t);
    t = v.div(v.mul(t, v.add(v.add(a, a), r)), v.add(v.add(a, r), r));
  }
  Value res = v.copySign(v.toF32(t), x32);
  // +-0, +-inf and NaN are their own cube roots.
  Value special = v.orI(v.cmp(CmpFPredicate::OEQ, af, v.s(0.0)),
                        v.cmp(CmpFPredicate::UGE, af, v.s(kInf)));
  return {v.sel(special, x32, res)};
}

//===----------------------------------------------------------------------===//
// erfc: 1 - erf(a) below 1/2, exp(-a^2) Q(t) / (1 + 2a) above, with
// t = (a - 2) / (a + 2) (njuffa's erfcf range mapping); erfc(-a) = 2 - erfc(a).
// a^2 is exact in f64, so exp(-a^2) carries no argument error.
//===----------------------------------------------------------------------===//

Expansion expandErfc(VB &v, ValueRange args) {
  Value x32 = args[0];
  Value a = v.ext(v.abs(x32));
  Value z = v.mul(a, a);
  Value small = v.sub(v.d(1.0), v.mul(a, v.horner(kErfP, z)));
  Value t = v.div(v.sub(a, v.d(2.0)), v.add(a, v.d(2.0)));
  Value e = v.exp2k(v.mul(v.neg(z), v.d(kLog2e)));
  Value large =
      v.div(v.mul(e, v.horner(kErfcxP, t)), v.fma(v.d(2.0), a, v.d(1.0)));
  Value r = v.sel(v.cmp(CmpFPredicate::OLT, a, v.d(0.5)), small, large);
  r = v.sel(v.cmp(CmpFPredicate::OGT, a, v.d(10.1)), v.d(0.0), r);
  r = v.sel(v.cmp(CmpFPredicate::OLT, x32, v.s(0.0)), v.sub(v.d(2.0), r), r);
  return {v.toF32(r)};
}

//===----------------------------------------------------------------------===//
// powf: 2^(y log2|x|) in f64 (log2 relative error 2^-45, exp2 2^-45), then
// the C99 special cases.
//===----------------------------------------------------------------------===//

Expansion expandPow(VB &v, ValueRange args) {
  Value x32 = args[0], y32 = args[1];
  Value ax32 = v.abs(x32);
  Value ax = v.ext(ax32);
  auto [e, lnm] = v.logParts(ax);
  Value lg = v.fma(lnm, v.d(kLog2e), e);
  lg = v.sel(v.cmp(CmpFPredicate::OEQ, ax, v.d(0.0)), v.d(-kInf), lg);
  lg = v.sel(v.cmp(CmpFPredicate::OEQ, ax, v.d(kInf)), v.d(kInf), lg);
  Value res = v.toF32(v.exp2k(v.mul(v.ext(y32), lg)));

  Value yInt = v.cmp(CmpFPredicate::OEQ, v.trunc(y32), y32); // incl. +-inf
  Value yHalf = v.mul(y32, v.s(0.5));
  Value yOdd = v.andI(yInt, v.cmp(CmpFPredicate::UNE, v.trunc(yHalf), yHalf));
  res = v.sel(v.andI(v.signBit(x32), yOdd), v.neg(res), res);
  // Finite negative base, non-integer exponent.
  Value negFinite = v.andI(v.cmp(CmpFPredicate::OLT, x32, v.s(0.0)),
                           v.cmp(CmpFPredicate::OGT, x32, v.s(-kInf)));
  Value yNotInt = v.cmp(CmpFPredicate::UNE, v.trunc(y32), y32);
  res = v.sel(v.andI(negFinite, yNotInt), v.s(kNaN), res);
  res = v.sel(v.orI(v.isNaN(x32), v.isNaN(y32)), v.s(kNaN), res);
  Value one = v.s(1.0);
  // pow(-1, +-inf) = 1 (y log2|x| is inf * 0 there).
  res = v.sel(v.andI(v.cmp(CmpFPredicate::OEQ, ax32, one),
                     v.cmp(CmpFPredicate::OEQ, v.abs(y32), v.s(kInf))),
              one, res);
  // pow(1, y) = pow(x, +-0) = 1, even for NaN.
  res = v.sel(v.orI(v.cmp(CmpFPredicate::OEQ, x32, one),
                    v.cmp(CmpFPredicate::OEQ, y32, v.s(0.0))),
              one, res);
  return {res};
}

//===----------------------------------------------------------------------===//
// remf (C fmod): in f64, q = trunc(x / y) is exact or one too large (when
// x / y rounds up to an integer) while |x / y| < 2^50, and fma(-q, y, x) is
// then exact (the true remainder needs at most 25 bits). A q one too large
// flips the remainder's sign: add back one |y|.
//===----------------------------------------------------------------------===//

Expansion expandRem(VB &v, ValueRange args) {
  Value x32 = args[0], y32 = args[1];
  Value x = v.ext(x32), y = v.ext(y32);
  Value q = v.trunc(v.div(x, y));
  Value r = v.fma(v.neg(q), y, x);
  Value over = v.cmp(CmpFPredicate::OLT, v.mul(r, x), v.d(0.0));
  r = v.sel(over, v.add(r, v.copySign(v.abs(y), x)), r);
  Value res = v.copySign(v.toF32(r), x32); // zero takes the sign of x
  res = v.sel(v.cmp(CmpFPredicate::OEQ, v.abs(y32), v.s(kInf)), x32, res);
  Value nan = v.orI(v.cmp(CmpFPredicate::OEQ, y32, v.s(0.0)),
                    v.cmp(CmpFPredicate::UGE, v.abs(x32), v.s(kInf)));
  res = v.sel(v.orI(nan, v.isNaN(y32)), v.s(kNaN), res);
  Value aq = v.abs(q);
  Value slow = v.andI(v.cmp(CmpFPredicate::OGE, aq, v.d(1125899906842624.0)),
                      v.cmp(CmpFPredicate::OLT, aq, v.d(kInf)));
  return {res, slow};
}

//===----------------------------------------------------------------------===//
// Patterns.
//===----------------------------------------------------------------------===//

VectorType flatType(VectorType t) {
  return VectorType::get({t.getNumElements()}, t.getElementType());
}

// Replaces the lanes of `fast` selected by `mask` with the scalar op on those
// lanes (later a libm call): if any lane is set, loop over the lanes.
Value scalarFallback(VB &v, Operation *op, Value fast, Value mask) {
  ImplicitLocOpBuilder &b = v.b;
  auto flat = [&](Value x) -> Value {
    auto t = cast<VectorType>(x.getType());
    if (t.getRank() == 1)
      return x;
    return vector::ShapeCastOp::create(b, flatType(t), x);
  };
  Value fast1 = flat(fast), mask1 = flat(mask);
  SmallVector<Value> operands1;
  for (Value o : op->getOperands())
    operands1.push_back(flat(o));
  Type vecTy = fast1.getType(), elemTy = v.f32.getElementType();
  OperationName name = op->getName();

  Value any = vector::ReductionOp::create(b, vector::CombiningKind::OR, mask1);
  auto ifOp = scf::IfOp::create(b, TypeRange{vecTy}, any,
                                /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value lb = arith::ConstantIndexOp::create(b, 0);
    Value ub = arith::ConstantIndexOp::create(b, v.f32.getNumElements());
    Value step = arith::ConstantIndexOp::create(b, 1);
    auto loop = scf::ForOp::create(
        b, lb, ub, step, ValueRange{fast1},
        [&](OpBuilder &fb, Location loc, Value iv, ValueRange acc) {
          OpFoldResult pos = iv;
          Value m = vector::ExtractOp::create(fb, loc, mask1, pos);
          auto lane = scf::IfOp::create(fb, loc, TypeRange{vecTy}, m,
                                        /*withElseRegion=*/true);
          OpBuilder::InsertionGuard laneGuard(fb);
          fb.setInsertionPointToStart(lane.thenBlock());
          SmallVector<Value> scalars;
          for (Value o : operands1)
            scalars.push_back(vector::ExtractOp::create(fb, loc, o, pos));
          OperationState state(loc, name, scalars, TypeRange{elemTy});
          Value s = fb.create(state)->getResult(0);
          scf::YieldOp::create(
              fb, loc,
              vector::InsertOp::create(fb, loc, s, acc[0], pos).getResult());
          fb.setInsertionPointToStart(lane.elseBlock());
          scf::YieldOp::create(fb, loc, acc[0]);
          fb.setInsertionPointAfter(lane);
          scf::YieldOp::create(fb, loc, lane.getResult(0));
        });
    scf::YieldOp::create(b, loop.getResult(0));
    b.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(b, fast1);
  }
  Value res = ifOp.getResult(0);
  if (res.getType() != v.f32)
    res = vector::ShapeCastOp::create(b, v.f32, res);
  return res;
}

template <typename OpTy> struct VectorMathPattern : OpRewritePattern<OpTy> {
  VectorMathPattern(MLIRContext *ctx, ExpandFn expand)
      : OpRewritePattern<OpTy>(ctx), expand(expand) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto vt = dyn_cast<VectorType>(op->getResult(0).getType());
    if (!vt || !vt.getElementType().isF32() || vt.isScalable() ||
        vt.getRank() == 0)
      return rewriter.notifyMatchFailure(op, "not a fixed vector of f32");
    ImplicitLocOpBuilder b(op->getLoc(), rewriter);
    VB v(b, vt);
    Expansion e = expand(v, op->getOperands());
    Value res =
        e.slowMask ? scalarFallback(v, op, e.result, e.slowMask) : e.result;
    rewriter.replaceOp(op, res);
    return success();
  }

  ExpandFn expand;
};

template <typename OpTy> void add(RewritePatternSet &patterns, ExpandFn fn) {
  patterns.add<VectorMathPattern<OpTy>>(patterns.getContext(), fn);
}
} // namespace

void populateNxcVectorMathPatterns(RewritePatternSet &patterns) {
  add<math::SinOp>(patterns, expandSin);
  add<math::CosOp>(patterns, expandCos);
  add<math::TanOp>(patterns, expandTan);
  add<math::AtanOp>(patterns, expandAtan);
  add<math::Atan2Op>(patterns, expandAtan2);
  add<math::SinhOp>(patterns, expandSinh);
  add<math::CoshOp>(patterns, expandCosh);
  add<math::AsinOp>(patterns, expandAsin);
  add<math::AcosOp>(patterns, expandAcos);
  add<math::AsinhOp>(patterns, expandAsinh);
  add<math::AcoshOp>(patterns, expandAcosh);
  add<math::AtanhOp>(patterns, expandAtanh);
  add<math::CbrtOp>(patterns, expandCbrt);
  add<math::ErfcOp>(patterns, expandErfc);
  add<math::PowFOp>(patterns, expandPow);
  add<arith::RemFOp>(patterns, expandRem);
}
} // namespace nxc
