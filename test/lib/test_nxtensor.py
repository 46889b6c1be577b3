#!/usr/bin/python3
"""Unit tests of nxtensor, plus a round trip of every tensor of the corpora.

  test/lib/test_nxtensor.py [--corpus DIR ...] [unittest args]

Without --corpus it uses /work/shared/corpus and /work/shared/corpus-head
when they exist (set NXC_CORPUS, a colon-separated list, to override).
"""

import glob
import math
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtensor as nt  # noqa: E402

CORPORA = []


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Decode(unittest.TestCase):
    def test_ints(self):
        t = nt.encode("s8", [2, 2], [-128, -1, 0, 127])
        self.assertEqual(nt.to_raw(t), bytes([0x80, 0xFF, 0, 0x7F]))
        self.assertEqual(nt.decode(t), ("s8", [2, 2], [-128, -1, 0, 127]))
        big = 2**64 - 1
        t = nt.encode("u64", [2], [big, 2**63])
        self.assertEqual(nt.decode(t)[2], [big, 2**63])
        self.assertRaises(ValueError, nt.encode, "u8", [1], [256])
        self.assertRaises(ValueError, nt.encode, "s32", [1], [1.5])

    def test_bf16_is_upper_half_of_f32(self):
        raw = struct.pack("<f", 1.5)[2:] + struct.pack("<f", -3.0)[2:]
        t = nt.from_raw("bf16", [2], raw)
        self.assertEqual(nt.decode(t)[2], [1.5, -3.0])
        # Encoding truncates like Nx.BinaryBackend: 1.0 + 2^-9 -> 1.0
        self.assertEqual(nt.decode(nt.encode("bf16", [1], [1.0 + 2**-9]))[2], [1.0])

    def test_f16_and_complex(self):
        t = nt.encode("f16", [3], [0.5, -math.inf, 65504.0])
        self.assertEqual(nt.to_raw(t), bytes.fromhex("0038" "00fc" "ff7b"))
        t = nt.encode("c64", [1], [complex(1.0, -2.0)])
        self.assertEqual(nt.to_raw(t), struct.pack("<2f", 1.0, -2.0))
        self.assertEqual(nt.decode(t)[2], [complex(1.0, -2.0)])

    def test_nan_bits_survive_round_trip(self):
        for dtype, raw in [("f16", bytes.fromhex("017c")),   # sNaN, payload 1
                           ("f32", bytes.fromhex("0100807f")),
                           ("bf16", bytes.fromhex("81ff")),
                           ("c64", bytes.fromhex("0000803f" "0100807f"))]:
            t = nt.from_raw(dtype, [1], raw)
            _, _, vals = nt.decode(t)
            self.assertEqual(nt.to_raw(nt.encode(dtype, [1], vals)), raw, dtype)

    def test_sub_byte_msb_first(self):
        # corpus-head add_s4_s32_promote: bytes a3 1f c5 are -6 3 1 -1 -4 5
        t = nt.from_raw("s4", [6], bytes.fromhex("a31fc5"))
        self.assertEqual(nt.decode(t)[2], [-6, 3, 1, -1, -4, 5])
        self.assertEqual(nt.to_raw(nt.encode("u2", [3], [1, 2, 3])), bytes([0b01101100]))

    def test_f8(self):
        self.assertEqual(nt.decode(nt.from_raw("f8", [2], bytes([0x7B, 0x7C])))[2],
                         [57344.0, math.inf])
        self.assertEqual(nt.decode(nt.from_raw("f8_e4m3fn", [1], bytes([0x7E])))[2], [448.0])
        self.assertEqual(nt.to_raw(nt.encode("f8", [1], [1.125])), bytes([0x3C]))  # tie to even

    def test_sizes_checked(self):
        self.assertRaises(ValueError, nt.decode, {"type": "f32", "shape": [2], "data": "AAAA"})
        self.assertRaises(ValueError, nt.decode, {"type": "f31", "shape": [], "data": ""})
        self.assertEqual(nt.decode(nt.encode("f64", [0, 3], [])), ("f64", [0, 3], []))


class Compare(unittest.TestCase):
    def ok(self, dtype, a, b):
        return nt.compare(nt.encode(dtype, [len(a)], a), nt.encode(dtype, [len(b)], b))[0]

    def test_f32_tolerance(self):
        b = 1000.0
        tol = 1e-5 + 1e-4 * b
        self.assertTrue(self.ok("f32", [f32(b + tol * 0.99)], [b]))
        self.assertFalse(self.ok("f32", [f32(b + tol * 1.01)], [b]))
        self.assertTrue(self.ok("f32", [f32(1.0 + 9e-5)], [1.0]))
        self.assertFalse(self.ok("f32", [f32(1.0 + 2e-4)], [1.0]))
        self.assertTrue(self.ok("f32", [f32(9e-6)], [0.0]))
        self.assertFalse(self.ok("f32", [f32(2e-5)], [0.0]))

    def test_f64_and_half_tolerance(self):
        self.assertTrue(self.ok("f64", [1.0 + 5e-11], [1.0]))
        self.assertFalse(self.ok("f64", [1.0 + 5e-10], [1.0]))
        self.assertTrue(self.ok("f16", [0.0078125], [0.0]))  # absolute term
        self.assertTrue(self.ok("bf16", [1.0078125], [1.0]))  # one bf16 ulp
        self.assertFalse(self.ok("bf16", [1.03125], [1.0]))

    def test_special_values(self):
        inf, nan = math.inf, math.nan
        self.assertTrue(self.ok("f32", [nan, inf, -inf, -0.0], [nan, inf, -inf, 0.0]))
        self.assertFalse(self.ok("f32", [inf], [-inf]))
        self.assertFalse(self.ok("f32", [3e38], [inf]))
        self.assertFalse(self.ok("f32", [inf], [3e38]))
        self.assertFalse(self.ok("f32", [nan], [1.0]))
        self.assertFalse(self.ok("f32", [1.0], [nan]))
        self.assertTrue(self.ok("c64", [complex(nan, -0.0)], [complex(nan, 0.0)]))
        self.assertFalse(self.ok("c128", [complex(1.0, 1e-9)], [complex(1.0, 0.0)]))

    def test_ints_exact(self):
        self.assertTrue(self.ok("s64", [2**62], [2**62]))
        self.assertFalse(self.ok("s64", [2**62 + 1], [2**62]))
        self.assertFalse(self.ok("u8", [1], [0]))

    def test_type_shape_and_message(self):
        a = nt.encode("f32", [2, 2], [1.0, 5.0, 3.0, 7.0])
        b = nt.encode("f32", [2, 2], [1.0, 2.0, 3.0, 4.0])
        ok, msg = nt.compare(a, b)
        self.assertFalse(ok)
        self.assertIn("2 of 4", msg)
        self.assertIn("flat index 1 [0, 1]", msg)
        self.assertIn("got 5.0, expected 2.0", msg)
        self.assertFalse(nt.compare(nt.encode("f64", [4], [1.0] * 4),
                                    nt.encode("f32", [4], [1.0] * 4))[0])
        ok, msg = nt.compare(nt.encode("f32", [4], [1.0] * 4), b)
        self.assertFalse(ok)
        self.assertIn("shape", msg)
        bad = {"type": "f32", "shape": [2, 2], "data": "AAAA"}
        self.assertFalse(nt.compare(bad, b)[0])

    def test_f8_one_ulp(self):
        self.assertTrue(self.ok("f8", [1.25], [1.0]))
        self.assertFalse(self.ok("f8", [1.5], [1.0]))


class Corpus(unittest.TestCase):
    def test_round_trip_every_tensor(self):
        cases = [c for d in CORPORA for c in sorted(glob.glob(os.path.join(d, "*.case.json")))]
        if not cases:
            self.skipTest("no corpus found")
        tensors = 0
        for path in cases:
            graph, inputs, expected = nt.load_case(path)
            self.assertTrue(os.path.exists(graph), graph)
            for t in inputs + expected:
                dtype, shape, vals = nt.decode(t)
                again = nt.encode(dtype, shape, vals)
                self.assertEqual(nt.to_raw(again), nt.to_raw(t), path)
                self.assertEqual(again["data"], t["data"], path)
                self.assertEqual(nt.from_raw(dtype, shape, nt.to_raw(t)), again)
                tensors += 1
            for t in expected:
                ok, msg = nt.compare(t, t)
                self.assertTrue(ok, "%s: %s" % (path, msg))
        print("\n%d cases, %d tensors round-tripped" % (len(cases), tensors), file=sys.stderr)


def main():
    argv = [sys.argv[0]]
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--corpus":
            CORPORA.append(args.pop(0))
        else:
            argv.append(a)
    if not CORPORA:
        env = os.environ.get("NXC_CORPUS")
        dirs = env.split(":") if env else ["/work/shared/corpus", "/work/shared/corpus-head"]
        CORPORA.extend(d for d in dirs if os.path.isdir(d))
    unittest.main(argv=argv)


if __name__ == "__main__":
    main()
