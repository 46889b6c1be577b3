"""Tensor values of nx-graph test cases (spec nx-graph-v1.md, section 6).

Stdlib only, so that tests run on a bare Python 3. A tensor is encoded as
{"type": "f32", "shape": [2, 3], "data": base64 of row-major little-endian
bytes}; decoded, it is (dtype, shape, flat list of values): int for integer
types, float for real floats, complex for c64/c128.

decode() keeps NaN bit patterns (Python's struct quiets signalling NaNs and
drops f16 NaN payloads), so decode -> encode is byte-identical.

Besides the Nx 0.7.2 types, the Nx HEAD types of corpus-head are accepted:
s2 s4 u2 u4 (packed, first element in the most significant bits of a byte, as
Erlang bitstrings lay them out) and f8 (E5M2) / f8_e4m3fn.
"""

import base64
import bisect
import json
import math
import os
import struct

# name -> (struct code of one element or None, bits per element)
_TYPES = {
    "s8": ("b", 8), "s16": ("h", 16), "s32": ("i", 32), "s64": ("q", 64),
    "u8": ("B", 8), "u16": ("H", 16), "u32": ("I", 32), "u64": ("Q", 64),
    "f16": ("e", 16), "bf16": (None, 16), "f32": ("f", 32), "f64": ("d", 64),
    "c64": ("f", 64), "c128": ("d", 128),
    "s2": (None, 2), "s4": (None, 4), "u2": (None, 2), "u4": (None, 4),
    "f8": (None, 8), "f8_e4m3fn": (None, 8),
}
INT_TYPES = {"s2", "s4", "s8", "s16", "s32", "s64",
             "u2", "u4", "u8", "u16", "u32", "u64"}
FLOAT_TYPES = {"f8", "f8_e4m3fn", "f16", "bf16", "f32", "f64"}
COMPLEX_TYPES = {"c64", "c128"}
TYPES = tuple(_TYPES)

# Corpus README tolerances |a-b| <= atol + rtol*|b|, per real part type.
# f8 types have none there; they compare within one f8 ulp instead.
TOLERANCES = {
    "f16": (1e-2, 1e-2), "bf16": (1e-2, 1e-2),
    "f32": (1e-5, 1e-4), "c64": (1e-5, 1e-4),
    "f64": (1e-12, 1e-10), "c128": (1e-12, 1e-10),
}


class _RawFloat(float):
    """A NaN that remembers its bytes, so encode() reproduces them."""

    def __new__(cls, dtype, raw):
        self = float.__new__(cls, "nan")
        self.dtype, self.raw = dtype, raw
        return self


class _RawComplex(complex):
    """A complex with a NaN part that remembers its bytes."""

    def __new__(cls, value, dtype, raw):
        self = complex.__new__(cls, value.real, value.imag)
        self.dtype, self.raw = dtype, raw
        return self


def _check_type(dtype):
    if dtype not in _TYPES:
        raise ValueError("unknown tensor type %r" % (dtype,))


def _count(shape):
    n = 1
    for d in shape:
        if not isinstance(d, int) or d < 0:
            raise ValueError("bad shape %r" % (shape,))
        n *= d
    return n


def byte_size(dtype, shape):
    _check_type(dtype)
    return (_count(shape) * _TYPES[dtype][1] + 7) // 8


# --- 8-bit floats: decoded through a 256-entry table --------------------------

def _f8_value(code, exp_bits, bias, fn):
    sign = -1.0 if code & 0x80 else 1.0
    man_bits = 7 - exp_bits
    e = (code >> man_bits) & ((1 << exp_bits) - 1)
    m = code & ((1 << man_bits) - 1)
    if fn:  # e4m3fn: no infinities, only S.1111.111 is NaN
        if e == (1 << exp_bits) - 1 and m == (1 << man_bits) - 1:
            return math.nan
    elif e == (1 << exp_bits) - 1:
        return sign * math.inf if m == 0 else math.nan
    if e == 0:
        return sign * math.ldexp(m, 1 - bias - man_bits)
    return sign * math.ldexp((1 << man_bits) + m, e - bias - man_bits)


_F8 = {
    "f8": [_f8_value(c, 5, 15, False) for c in range(256)],
    "f8_e4m3fn": [_f8_value(c, 4, 7, True) for c in range(256)],
}
# Non-negative finite codes sorted by value, for round-to-nearest encoding.
_F8_POS = {
    t: sorted((v, c) for c, v in enumerate(tab)
              if c < 0x80 and not math.isnan(v) and not math.isinf(v))
    for t, tab in _F8.items()
}


def _f8_encode(dtype, x):
    x = float(x)
    if math.isnan(x):
        return 0x7F if dtype == "f8_e4m3fn" else 0x7E
    sign = 0x80 if math.copysign(1.0, x) < 0 else 0
    a = abs(x)
    pos = _F8_POS[dtype]
    top_v, top_c = pos[-1]
    if a > top_v:
        # Beyond half an ulp above the largest finite value: overflow.
        ulp = top_v - pos[-2][0]
        if a >= top_v + ulp / 2:
            if dtype == "f8":
                return sign | 0x7C
            return 0x7F | sign  # e4m3fn has no infinity
        return sign | top_c
    i = bisect.bisect_left(pos, (a, -1))
    if pos[i][0] == a:
        return sign | pos[i][1]
    (lo_v, lo_c), (hi_v, hi_c) = pos[i - 1], pos[i]
    if a - lo_v < hi_v - a or (a - lo_v == hi_v - a and lo_c % 2 == 0):
        return sign | lo_c
    return sign | hi_c


# --- raw bytes <-> values ------------------------------------------------------

def _unpack_values(dtype, shape, raw):
    n = _count(shape)
    if len(raw) != byte_size(dtype, shape):
        raise ValueError("%s%r needs %d bytes, got %d"
                         % (dtype, list(shape), byte_size(dtype, shape), len(raw)))
    code, bits = _TYPES[dtype]
    if bits < 8:  # packed sub-byte integers, MSB first
        big = int.from_bytes(raw, "big")
        total = len(raw) * 8
        mask = (1 << bits) - 1
        out = []
        for i in range(n):
            v = (big >> (total - (i + 1) * bits)) & mask
            if dtype[0] == "s" and v >> (bits - 1):
                v -= 1 << bits
            out.append(v)
        return out
    if dtype in _F8:
        tab = _F8[dtype]
        return [_RawFloat(dtype, bytes([b])) if math.isnan(tab[b]) else tab[b]
                for b in raw]
    if dtype == "bf16":
        halves = struct.unpack("<%dH" % n, raw)
        vals = list(struct.unpack("<%df" % n, struct.pack(
            "<%dI" % n, *[h << 16 for h in halves])))
        esize = 2
    elif dtype in COMPLEX_TYPES:
        parts = struct.unpack("<%d%s" % (2 * n, code), raw)
        vals = [complex(parts[2 * i], parts[2 * i + 1]) for i in range(n)]
        esize = bits // 8
    else:
        vals = list(struct.unpack("<%d%s" % (n, code), raw))
        esize = bits // 8
    if dtype in FLOAT_TYPES:
        for i, v in enumerate(vals):
            if v != v:
                vals[i] = _RawFloat(dtype, raw[i * esize:(i + 1) * esize])
    elif dtype in COMPLEX_TYPES:
        for i, v in enumerate(vals):
            if v != v:
                vals[i] = _RawComplex(v, dtype, raw[i * esize:(i + 1) * esize])
    return vals


def _pack_values(dtype, shape, values):
    n = _count(shape)
    values = list(values)
    if len(values) != n:
        raise ValueError("%s%r needs %d values, got %d"
                         % (dtype, list(shape), n, len(values)))
    code, bits = _TYPES[dtype]
    if bits < 8:
        lo, hi = ((-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if dtype[0] == "s"
                  else (0, (1 << bits) - 1))
        big = 0
        for v in values:
            if not isinstance(v, int) or not lo <= v <= hi:
                raise ValueError("%r does not fit %s" % (v, dtype))
            big = (big << bits) | (v & ((1 << bits) - 1))
        nbytes = byte_size(dtype, shape)
        big <<= nbytes * 8 - n * bits  # pad the last byte's low bits
        return big.to_bytes(nbytes, "big")
    out = []
    for v in values:
        if isinstance(v, (_RawFloat, _RawComplex)) and v.dtype == dtype:
            out.append(v.raw)
        elif dtype in _F8:
            out.append(bytes([_f8_encode(dtype, v)]))
        elif dtype == "bf16":
            # Truncate like the reference; exact for values decoded from bf16.
            (b,) = struct.unpack("<I", struct.pack("<f", float(v)))
            if v != v:
                b |= 0x00400000  # keep a NaN a NaN after dropping low bits
            out.append(struct.pack("<H", b >> 16))
        elif dtype in COMPLEX_TYPES:
            c = complex(v)
            out.append(struct.pack("<2" + code, c.real, c.imag))
        elif dtype in INT_TYPES:
            if isinstance(v, bool) or not isinstance(v, int):
                if isinstance(v, bool):
                    v = int(v)
                else:
                    raise ValueError("%r is not an integer for %s" % (v, dtype))
            try:
                out.append(struct.pack("<" + code, v))
            except struct.error:
                raise ValueError("%r does not fit %s" % (v, dtype)) from None
        else:
            try:
                out.append(struct.pack("<" + code, float(v)))
            except OverflowError:
                raise ValueError("%r overflows %s" % (v, dtype)) from None
    return b"".join(out)


# --- public API -----------------------------------------------------------------

def to_raw(t):
    """The tensor's bytes (row-major, little-endian), checked against its shape."""
    _check_type(t["type"])
    raw = base64.b64decode(t["data"], validate=True)
    if len(raw) != byte_size(t["type"], t["shape"]):
        raise ValueError("%s%r needs %d bytes, got %d" % (
            t["type"], list(t["shape"]), byte_size(t["type"], t["shape"]), len(raw)))
    return raw


def from_raw(dtype, shape, raw):
    _check_type(dtype)
    raw = bytes(raw)
    if len(raw) != byte_size(dtype, shape):
        raise ValueError("%s%r needs %d bytes, got %d"
                         % (dtype, list(shape), byte_size(dtype, shape), len(raw)))
    return {"type": dtype, "shape": list(shape),
            "data": base64.b64encode(raw).decode("ascii")}


def decode(t):
    """(dtype, shape, flat values) of an encoded tensor."""
    dtype, shape = t["type"], list(t["shape"])
    _check_type(dtype)
    return dtype, shape, _unpack_values(dtype, shape, to_raw(t))


def encode(dtype, shape, values):
    _check_type(dtype)
    return from_raw(dtype, shape, _pack_values(dtype, shape, values))


def load_case(path):
    """(graph_path, inputs, expected) of a *.case.json; tensors stay encoded."""
    with open(path) as f:
        case = json.load(f)
    graph = os.path.join(os.path.dirname(os.path.abspath(path)), case["graph"])
    return graph, case["inputs"], case["expected"]


# --- comparison -------------------------------------------------------------------

def _real_close(a, b, atol, rtol):
    if a != a or b != b:
        return a != a and b != b
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


def _f8_close(dtype, a, b):
    if a != a or b != b:
        return a != a and b != b
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    # Adjacent codes, counting across zero: one ulp of rounding slack.
    ka, kb = _f8_order(dtype, a), _f8_order(dtype, b)
    return abs(ka - kb) <= 1


def _f8_order(dtype, x):
    code = _f8_encode(dtype, x)
    mag = code & 0x7F
    return -mag if code & 0x80 else mag


def _elem_close(dtype, a, b):
    if dtype in INT_TYPES:
        return a == b
    if dtype in _F8:
        return _f8_close(dtype, a, b)
    atol, rtol = TOLERANCES[dtype]
    if dtype in COMPLEX_TYPES:
        return (_real_close(a.real, b.real, atol, rtol)
                and _real_close(a.imag, b.imag, atol, rtol))
    return _real_close(a, b, atol, rtol)


def _fmt(v):
    if isinstance(v, complex):
        return "(%s, %s)" % (_fmt(v.real), _fmt(v.imag))
    if isinstance(v, float):
        return repr(float(v))
    return str(v)


def _unravel(i, shape):
    idx = []
    for d in reversed(shape):
        idx.append(i % d if d else 0)
        i = i // d if d else 0
    return list(reversed(idx))


def compare(actual, expected):
    """(ok, message): type, shape, then every element within tolerance."""
    if actual.get("type") != expected.get("type"):
        return False, "type %s, expected %s" % (actual.get("type"), expected.get("type"))
    if list(actual.get("shape", [])) != list(expected.get("shape", [])):
        return False, "shape %r, expected %r" % (actual.get("shape"), expected.get("shape"))
    try:
        dtype, shape, av = decode(actual)
    except (ValueError, TypeError, KeyError) as e:
        return False, "cannot decode actual value: %s" % e
    _, _, bv = decode(expected)
    first, bad = None, 0
    for i, (a, b) in enumerate(zip(av, bv)):
        if not _elem_close(dtype, a, b):
            bad += 1
            if first is None:
                first = i
    if not bad:
        return True, "ok (%d elements)" % len(bv)
    return False, ("%d of %d elements differ; first at flat index %d %r: got %s, expected %s"
                   % (bad, len(bv), first, _unravel(first, shape),
                      _fmt(av[first]), _fmt(bv[first])))
