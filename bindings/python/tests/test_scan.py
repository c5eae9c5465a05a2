"""The scanner through the binding: imports with their contexts and ranges,
uses, definitions, local references, CLI commands, effects, diagnostics."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
import unittest

import impgraph
from impgraph import ImportContext as Ctx

SOURCE = textwrap.dedent(
    '''\
    """Doc."""
    from __future__ import annotations
    import os
    import numpy.linalg as la
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        from collections import OrderedDict
    try:
        import ujson as json
    except ImportError:
        import json
    from . import sibling, other as o
    from ..pkg.mod import *


    def f(x: OrderedDict) -> None:
        import csv
        return csv.writer(os.devnull)


    async def g():
        from xml import etree
        return lambda: __import__("zlib")


    class C:
        import re


    def h(name):
        import importlib
        return importlib.import_module(".sub", "pkg"), __import__(name)


    f(1)
    '''
)


def by_module(result: impgraph.ScanResult) -> dict:
    return {i.module: i for i in result.imports}


class ScanSource(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.result = impgraph.scan_source(SOURCE, "demo.py")

    def test_path_and_text(self) -> None:
        self.assertEqual(self.result.path, "demo.py")
        self.assertEqual(self.result.text, SOURCE)
        self.assertEqual(self.result.text_bytes, SOURCE.encode())
        self.assertEqual(self.result.diagnostics, [])

    def test_kinds_modules_and_levels(self) -> None:
        imports = by_module(self.result)
        self.assertEqual(imports["__future__"].kind, impgraph.ImportKind.FUTURE)
        self.assertEqual(imports["os"].kind, impgraph.ImportKind.PLAIN)
        self.assertEqual(imports["numpy.linalg"].alias, "la")
        self.assertEqual(imports["numpy.linalg"].bound, "la")
        self.assertEqual(imports["typing"].kind, impgraph.ImportKind.FROM)
        rel = imports[""]
        self.assertEqual(rel.level, 1)
        self.assertEqual([(n.name, n.alias, n.bound) for n in rel.names],
                         [("sibling", None, "sibling"), ("other", "o", "o")])
        star = imports["pkg.mod"]
        self.assertEqual(star.kind, impgraph.ImportKind.STAR)
        self.assertEqual(star.level, 2)
        self.assertEqual(imports["zlib"].kind, impgraph.ImportKind.DUNDER)
        lib = imports["sub"]
        self.assertEqual(lib.kind, impgraph.ImportKind.IMPORTLIB)
        self.assertEqual((lib.level, lib.package), (1, "pkg"))
        dynamic = [i for i in self.result.imports if i.module is None]
        self.assertEqual(len(dynamic), 1)
        self.assertTrue(dynamic[0].flags & Ctx.DYNAMIC)

    def test_contexts(self) -> None:
        imports = by_module(self.result)
        self.assertEqual(imports["os"].flags, Ctx.MODULE)
        self.assertEqual(imports["os"].scope, "")
        self.assertTrue(imports["collections"].flags & Ctx.TYPE_CHECKING)
        self.assertTrue(imports["ujson"].flags & Ctx.OPTIONAL)
        self.assertTrue(imports["json"].flags & Ctx.FALLBACK)
        self.assertEqual(imports["csv"].flags, Ctx.FUNCTION)
        self.assertEqual(imports["csv"].scope, "f")
        self.assertEqual(imports["xml"].flags, Ctx.FUNCTION | Ctx.ASYNC)
        self.assertTrue(imports["zlib"].flags & Ctx.LAMBDA)
        self.assertEqual(imports["zlib"].scope, "g.<lambda>")
        self.assertTrue(imports["re"].flags & Ctx.CLASS_BODY)
        self.assertEqual(imports["re"].scope, "C")
        self.assertEqual(imports["ujson"].flags.names(), frozenset({"module", "optional"}))
        self.assertIsInstance(imports["ujson"].flags, impgraph.Flags)

    def test_guards_and_handler(self) -> None:
        result = impgraph.scan_source(
            "import sys\n"
            "if sys.platform == 'win32':\n    import winreg\n"
            "elif X:\n    import x\n"
            "else:\n    import posix\n"
            "try:\n    pass\nexcept ValueError:\n    import logging\n",
            "g.py",
        )
        imports = by_module(result)
        self.assertEqual(imports["sys"].guards, ())
        win = imports["winreg"].guards
        self.assertEqual([(result.text_of(g.condition), g.negated) for g in win],
                         [("sys.platform == 'win32'", False)])
        self.assertIsInstance(win[0], impgraph.Guard)
        self.assertEqual([(result.text_of(g.condition), g.negated) for g in imports["x"].guards],
                         [("sys.platform == 'win32'", True), ("X", False)])
        self.assertEqual([g.negated for g in imports["posix"].guards], [True, True])
        self.assertEqual(imports["logging"].flags, Ctx.MODULE | Ctx.CONDITIONAL | Ctx.HANDLER)
        self.assertIn("handler", imports["logging"].flags.names())

    def test_ranges(self) -> None:
        imp = by_module(self.result)["numpy.linalg"]
        self.assertEqual((imp.line, imp.column), (4, 1))
        self.assertEqual(self.result.text_of(imp.statement), "import numpy.linalg as la")
        self.assertEqual(self.result.text_of(imp.module_range), "numpy.linalg")
        self.assertEqual(imp.statement.end_line, 4)
        rel = by_module(self.result)[""]
        self.assertEqual(self.result.text_of(rel.names[1].range), "other as o")

    def test_uses(self) -> None:
        uses = [(u.name, u.chain, u.scope) for u in self.result.uses if not u.flags & impgraph.UseFlag.BINDING]
        self.assertIn(("csv", "csv.writer", "f"), uses)
        self.assertIn(("os", "os.devnull", "f"), uses)
        annotation = [u for u in self.result.uses if u.name == "OrderedDict" and u.flags & impgraph.UseFlag.ANNOTATION]
        self.assertEqual(len(annotation), 1)

    def test_definitions_and_local_refs(self) -> None:
        defs = {d.qualname: d for d in self.result.definitions}
        self.assertEqual(set(defs), {"f", "g", "C", "h"})
        self.assertEqual(defs["C"].kind, impgraph.DefinitionKind.CLASS)
        self.assertEqual(defs["f"].body_indent, 4)
        self.assertFalse(defs["f"].body_inline)
        self.assertEqual(self.result.text_of(defs["f"].body_first), "import csv")
        calls = [r for r in self.result.local_refs if r.name == "f"]
        self.assertEqual(len(calls), 1)
        self.assertTrue(calls[0].flags & impgraph.RefFlag.CALL)
        self.assertTrue(calls[0].flags & impgraph.RefFlag.MODULE_LEVEL)

    def test_render(self) -> None:
        doc = json.loads(self.result.to_json())
        self.assertEqual(doc["schema"], "impgraph-scan")
        self.assertEqual(doc["files"][0]["path"], "demo.py")
        self.assertIn("demo.py", self.result.render("text"))
        self.assertIn("demo.py", impgraph.render_scans([self.result, self.result], impgraph.Format.TEXT))


class ScanRecords(unittest.TestCase):
    def test_cli_commands_and_effects(self) -> None:
        src = textwrap.dedent(
            """\
            import argparse, atexit, sys
            atexit.register(print)
            sys.path.insert(0, "x")

            def cmd_stats(args):
                pass

            def main():
                parser = argparse.ArgumentParser()
                sub = parser.add_subparsers()
                sub.add_parser("stats").set_defaults(func=cmd_stats)
            """
        )
        result = impgraph.scan_source(src)
        self.assertEqual(result.path, "<buffer>")
        self.assertEqual([(c.framework, c.name, c.handler, c.scope) for c in result.cli_commands],
                         [(impgraph.CliFramework.ARGPARSE, "stats", "cmd_stats", "main")])
        kinds = {(e.kind, e.text) for e in result.effects}
        self.assertIn((impgraph.EffectKind.ATEXIT, "atexit.register"), kinds)
        self.assertIn((impgraph.EffectKind.SYS_PATH, "sys.path.insert"), kinds)

    def test_broken_source_is_data(self) -> None:
        result = impgraph.scan_source(b"import os\ndef broken(:\n    pass\nimport json\n", "bad.py")
        self.assertEqual([i.module for i in result.imports], ["os", "json"])
        self.assertTrue(result.diagnostics)
        d = result.diagnostics[0]
        self.assertEqual((d.severity, d.code, d.path), (impgraph.Severity.ERROR, "syntax-error", "bad.py"))
        self.assertEqual(d.line, 2)
        self.assertIn("bad.py:2", str(d))

    def test_invalid_utf8_and_nul_bytes(self) -> None:
        result = impgraph.scan_source(b"import os\nx = '\xff'\x00\n")
        codes = {d.code for d in result.diagnostics}
        self.assertIn("encoding", codes)
        self.assertIn("nul-byte", codes)
        self.assertEqual([i.module for i in result.imports], ["os"])

    def test_size_cap(self) -> None:
        with impgraph.Scanner(max_bytes=8) as scanner:
            result = scanner.scan("import os\nimport sys\n")
        self.assertEqual([d.code for d in result.diagnostics], ["too-large"])
        self.assertEqual(result.imports, [])

    def test_scanner_reuse_file_and_close(self) -> None:
        scanner = impgraph.Scanner()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.py")
            with open(path, "w") as f:
                f.write("import json\n")
            self.assertEqual([i.module for i in scanner.scan_file(path).imports], ["json"])
            self.assertEqual([i.module for i in impgraph.scan_file(path).imports], ["json"])
            self.assertEqual([i.module for i in scanner.scan("import os").imports], ["os"])
        scanner.close()
        scanner.close()  # idempotent
        self.assertTrue(scanner.closed)
        with self.assertRaises(ValueError):
            scanner.scan("import os")

    def test_result_outlives_close(self) -> None:
        with impgraph.scan_source("import os") as result:
            pass
        self.assertEqual(result.imports[0].module, "os")  # copied out
        with self.assertRaises(ValueError):
            result.render()


class Files(unittest.TestCase):
    def test_file_list(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "pkg", "__pycache__"))
            for name in ("pkg/__init__.py", "pkg/b.py", "pkg/__pycache__/x.py", "a.py", "notes.txt"):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write("import os\n")
            with impgraph.FileList([tmp, os.path.join(tmp, "missing")]) as files:
                rel = [os.path.relpath(p, tmp) for p in files]
                self.assertEqual(rel, ["a.py", os.path.join("pkg", "__init__.py"), os.path.join("pkg", "b.py")])
                self.assertEqual(len(files), 3)
                self.assertEqual(len(files.diagnostics), 1)
                scans = [impgraph.scan_file(p) for p in files]
                doc = json.loads(impgraph.render_scans(scans, "json", extra=files))
                self.assertEqual(len(doc["files"]), 3)


if __name__ == "__main__":
    unittest.main()
