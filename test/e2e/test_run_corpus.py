#!/usr/bin/python3
"""Tests run_corpus.py against fake_nxc.py on a few real corpus cases.

  test/e2e/test_run_corpus.py [--corpus DIR]   (default /work/shared/corpus)
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_corpus.py")
FAKE = os.path.join(HERE, "fake_nxc.py")
sys.path.insert(0, HERE)
import run_corpus  # noqa: E402

CORPUS = os.environ.get("NXC_CORPUS", "/work/shared/corpus")
CASES = ["binary_add_f32", "binary_add_c64", "reduce_sum_u64", "while_nested",
         "top_k", "cond_nested", "unary_negate_bf16", "shape_reshape",
         "model_rnn_while", "compare_equal_f32_edges"]


class RunCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="nxc_runner_test_")
        cls.corpus = os.path.join(cls.tmp.name, "corpus")
        os.mkdir(cls.corpus)
        for name in CASES:
            for kind in ("case", "graph"):
                f = "%s.%s.json" % (name, kind)
                os.symlink(os.path.join(CORPUS, f), os.path.join(cls.corpus, f))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_runner(self, actions, xfail=None, extra=()):
        env = dict(os.environ, FAKE_NXC_ACTIONS=json.dumps(actions))
        cmd = [sys.executable, RUNNER, "--nxc", FAKE, "--corpus", self.corpus, "-j", "3"]
        if xfail is not None:
            path = os.path.join(self.tmp.name, "xfail.txt")
            with open(path, "w") as f:
                f.write(xfail)
            cmd += ["--xfail", path]
        p = subprocess.run(cmd + list(extra), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                           timeout=120)
        return p.returncode, p.stdout

    def last_line(self, out):
        return out.rstrip("\n").splitlines()[-1]

    def test_all_pass(self):
        rc, out = self.run_runner({}, extra=["--verbose"])
        self.assertEqual(rc, 0, out)
        self.assertEqual(self.last_line(out), "%d passed, 0 failed, 0 skipped" % len(CASES))
        self.assertIn("PASS while_nested", out)
        # per-op table: nested while scopes and composite names are counted
        self.assertRegex(out, r"\nwhile\s+2\s+2\s+0\s+0\s+0\n")
        self.assertRegex(out, r"\ncomposite:top_k\s+1\s+1\s+")
        self.assertRegex(out, r"\ncond\s+1\s+1\s+")

    def test_failure_kinds(self):
        actions = {"binary_add_f32": "wrong", "binary_add_c64": "wrong",
                   "reduce_sum_u64": "wrong", "while_nested": "error",
                   "top_k": "crash", "cond_nested": "hang", "unary_negate_bf16": "count",
                   "shape_reshape": "nofile", "model_rnn_while": "unsupported",
                   "compare_equal_f32_edges": "unsupported"}
        xfail = ("# known problems\n"
                 "while_nested   # loops not done\n"
                 "cond_nested\n"
                 "model_rnn_while  # unsupported wins over xfail\n")
        rc, out = self.run_runner(actions, xfail, ["--timeout", "3", "--verbose"])
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"FAIL binary_add_f32: output 0: 1 of \d+ elements differ; "
                              r"first at flat index \d+")
        self.assertRegex(out, r"FAIL binary_add_c64: output 0: 1 of")
        self.assertIn("FAIL reduce_sum_u64: output 0: 1 of 2 elements differ", out)
        self.assertIn("FAIL top_k: killed by SIGSEGV", out)
        self.assertIn("    | about to crash", out)
        self.assertIn("FAIL unary_negate_bf16: 2 outputs, expected 1", out)
        self.assertIn("FAIL shape_reshape: exit 0 but no readable --out file", out)
        self.assertNotRegex(out, r"(?m)^FAIL while_nested")
        self.assertNotRegex(out, r"(?m)^FAIL cond_nested")
        self.assertRegex(out, r"XFAIL cond_nested \(3\.\d+s\): timeout after 3s")
        self.assertRegex(out, r"XFAIL while_nested \(.*\): exit 1")
        self.assertIn("UNSUPPORTED model_rnn_while", out)
        self.assertIn("     1  nxc: error: unsupported op 'fake_com'", out)
        self.assertIn("     1  nxc: error: unsupported op 'fake_mod'", out)
        self.assertRegex(out, r"\nwhile\s+2\s+0\s+0\s+1\s+1\n")
        self.assertIn("total 10: 0 PASS, 6 FAIL, 0 XPASS, 2 XFAIL, 2 UNSUPPORTED", out)
        self.assertEqual(self.last_line(out), "0 passed, 6 failed, 4 skipped")

    def test_xpass_fails_the_run(self):
        rc, out = self.run_runner({"model_rnn_while": "unsupported"},
                                  "shape_reshape  # was broken\n", ["--filter", "^shape|^model"])
        self.assertEqual(rc, 1, out)
        self.assertIn("XPASS shape_reshape: passes but is listed as xfail (was broken)", out)
        self.assertEqual(self.last_line(out), "0 passed, 1 failed, 1 skipped")

    def test_xfail_and_unsupported_only_is_success(self):
        path = os.path.join(self.tmp.name, "new_xfail.txt")
        rc, out = self.run_runner({"top_k": "error", "while_nested": "unsupported"},
                                  "top_k  # sort\nno_such_case  # stale\n",
                                  ["--write-xfail", path])
        self.assertEqual(rc, 0, out)
        self.assertIn("warning: xfail entry no_such_case is not in the corpus", out)
        self.assertEqual(self.last_line(out), "8 passed, 0 failed, 2 skipped")
        with open(path) as f:
            self.assertEqual(f.read(), "top_k  # sort\n")

    def test_graph_ops(self):
        with open(os.path.join(CORPUS, "while_nested.graph.json")) as f:
            ops = run_corpus.graph_ops(json.load(f))
        self.assertTrue({"while", "less", "add", "multiply", "parameter"} <= ops, ops)


if __name__ == "__main__":
    unittest.main()
