"""A mypyc-compiled module (a shim binary with its .py beside it) takes the
imports of that .py; updating the graph from an edit of the .py is refused
with an error naming the binary that runs, while editor diagnostics of the
.py find the module (docs/formats/graph.md, "Native edges"). The shim is
built here with the C compiler ($CC or cc)."""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import tempfile
import unittest

import impgraph

import support

CC = os.environ.get("CC") or "cc"


def strings_so(out: str, *strings: str) -> None:
    """A shared object holding the C strings (as tests/cli/graph_binary.sh)."""
    src = out + ".c"
    with open(src, "w") as f:
        f.write("const char *const fixture_strings[] = {\n")
        f.writelines(f'  "{s}",\n' for s in strings)
        f.write("  0};\n")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}  # not the sanitizers
    subprocess.run([CC, "-shared", "-fPIC", "-o", out, src], check=True, env=env)
    os.unlink(src)


@unittest.skipIf(shutil.which(CC) is None, "no C compiler")
class MypycModule(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        tmp = self.tmp.name
        site, proj = os.path.join(tmp, "site"), os.path.join(tmp, "proj")
        os.makedirs(os.path.join(site, "mpkg"))
        os.makedirs(proj)
        suffix = subprocess.run(
            [support.python3(), "-c", "import importlib.machinery as m; print(m.EXTENSION_SUFFIXES[0])"],
            check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        self.binary = os.path.join(site, "mpkg", "fast" + suffix)
        self.source = os.path.join(site, "mpkg", "fast.py")
        strings_so(self.binary, "grp9__mypyc", "grp9__mypyc.init_mpkg___fast")
        strings_so(os.path.join(site, "grp9__mypyc" + suffix), "grp9__mypyc")
        files = {
            os.path.join(site, "mpkg", "__init__.py"): "",
            self.source: "import only_from_fast\n",
            os.path.join(site, "only_from_fast.py"): "X = 1\n",
            os.path.join(proj, "app.py"): "import mpkg.fast\n",
        }
        for path, text in files.items():
            with open(path, "w") as f:
                f.write(text)
        self.old_path = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = site  # the probe reads sys.path with the environment
        self.project = impgraph.Project(roots=[proj], entries=["app"], python=support.python3(),
                                        probe_cache=False)

    def tearDown(self) -> None:
        self.project.close()
        if self.old_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = self.old_path
        self.tmp.cleanup()

    def test_imports_of_the_source(self) -> None:
        p = self.project
        fast = p.module("mpkg.fast")
        self.assertEqual(fast.kind, impgraph.ModuleKind.EXTENSION)
        self.assertEqual(fast.path, self.binary)
        self.assertIn("only_from_fast", [m.name for m in p.startup()])
        edge = [e for e in p.edges if e.target.name == "only_from_fast"][0]
        self.assertEqual(edge.file, self.source)
        self.assertEqual(edge.line, 1)

    def test_update_file_is_refused(self) -> None:
        for kw in ({"path": self.source}, {"module": "mpkg.fast"}):
            with self.assertRaises(impgraph.InvalidArgumentError) as cm:
                self.project.update_file(text="import os\n", **kw)
            self.assertIn("compiled by mypyc", cm.exception.message)
            self.assertIn(self.binary, cm.exception.message)
        self.assertIn("only_from_fast", [m.name for m in self.project.startup()])

    def test_editor_finds_the_module_by_its_source(self) -> None:
        with self.project.editor_diagnostics("import only_from_fast\n", self.source) as diags:
            self.assertEqual(diags.module, "mpkg.fast")
            self.assertIn("only_from_fast", [d.module for d in diags])


if __name__ == "__main__":
    unittest.main()
