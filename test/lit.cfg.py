# -*- Python -*-
# lit configuration for nxc's FileCheck suites (Dialect, Transforms,
# Conversion, Codegen, Import, Driver). The Python suites under e2e/, lib/,
# runtime/ and nif/ have their own drivers and are excluded here.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "NXC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = [
    "e2e",
    "lib",
    "runtime",
    "nif",
    "Inputs",
    "README.md",
    "CMakeLists.txt",
    "lit.cfg.py",
    "lit.site.cfg.py",
    "lit-cmake-snippet.txt",
]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = getattr(config, "test_exec_root", None) or os.path.join(
    config.nxc_obj_root, "test"
)

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# %nxc and %nxc-opt: the tools of this build, never whatever is on PATH.
# "%nxc-opt" must come before its prefix "%nxc".
for tool in ("nxc-opt", "nxc"):
    path = os.path.join(config.nxc_tools_dir, tool)
    if not os.path.exists(path):
        lit_config.warning("%s not found (is the build finished?)" % path)
    config.substitutions.append(("%" + tool, path))

config.substitutions.append(("%corpus", config.corpus_dir))

if config.corpus_dir and os.path.isdir(config.corpus_dir):
    config.available_features.add("corpus")
