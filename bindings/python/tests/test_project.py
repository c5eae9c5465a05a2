"""The module graph of examples/taskcli (the real python3 is probed; entry:
the console script `taskcli`), and a static-mode graph of a fixture tree."""

from __future__ import annotations

import gc
import json
import os
import tempfile
import unittest

import impgraph
from impgraph import EdgeKind, ModuleFlag, ModuleKind, Origin

import support

EXAMPLE = support.example_dir()


@unittest.skipIf(EXAMPLE is None, "examples/taskcli not found (not a checkout)")
class Taskcli(unittest.TestCase):
    project: impgraph.Project

    @classmethod
    def setUpClass(cls) -> None:
        cls.project = impgraph.Project(
            roots=[EXAMPLE], console_scripts=["taskcli"], python=support.python3(), probe_cache=False
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.project.close()

    def test_modules(self) -> None:
        p = self.project
        modules = p.modules
        self.assertEqual(len(modules), len(p))
        self.assertEqual([m.id for m in modules], list(range(len(modules))))
        self.assertEqual([m.name for m in modules], sorted(m.name for m in modules))
        cli = p.module("taskcli.cli")
        self.assertEqual(cli.kind, ModuleKind.SOURCE)
        self.assertEqual(cli.origin, Origin.FIRST_PARTY)
        self.assertTrue(cli.is_entry and cli.in_startup)
        self.assertTrue(cli.flags & ModuleFlag.EXPANDED)
        self.assertTrue(cli.path.endswith(os.path.join("taskcli", "cli.py")))
        self.assertIsNone(cli.weight)
        self.assertEqual(p.module("taskcli").kind, ModuleKind.PACKAGE)
        self.assertEqual(p.module("json").origin, Origin.STDLIB)
        self.assertIn("taskcli.analytics", p)
        self.assertNotIn("no.such.module", p)
        self.assertEqual(list(p)[0], modules[0])

    def test_entries_and_roots(self) -> None:
        entries = self.project.entries
        self.assertEqual(len(entries), 1)
        e = entries[0]
        self.assertEqual((e.spec, e.script, e.function, e.module.name), ("taskcli", "taskcli", "main", "taskcli.cli"))
        self.assertEqual(self.project.roots, [os.path.join(EXAMPLE, "src")])

    def test_edges(self) -> None:
        edges = self.project.edges
        self.assertEqual([e.id for e in edges], list(range(len(edges))))
        first = [e for e in edges if e.source.name == "taskcli.cli" and e.target.name == "taskcli.analytics"]
        self.assertEqual(len(first), 1)
        e = first[0]
        self.assertEqual(e.kind, EdgeKind.EAGER)
        self.assertEqual((e.line, e.column, e.scope, e.names), (5, 1, "", ("analytics",)))
        self.assertTrue(e.file.endswith("cli.py"))
        self.assertFalse(e.observed)
        scan = self.project.scan(e.source)
        self.assertIsNotNone(scan)
        self.assertEqual(scan.imports[e.import_index].names[0].name, "analytics")
        parents = [x for x in edges if x.kind == EdgeKind.PARENT]
        self.assertTrue(parents)
        self.assertTrue(all(x.file is None and x.import_index is None for x in parents))
        functions = [x for x in edges if x.kind == EdgeKind.FUNCTION]
        self.assertTrue(all(x.flags & impgraph.ImportContext.FUNCTION for x in functions))

    def test_native_edges(self) -> None:
        # taskcli imports xml.etree.ElementTree: the _elementtree accelerator's
        # C code imports pyexpat, which registers pyexpat.errors and .model.
        p = self.project
        native = {(e.source.name, e.target.name) for e in p.edges if e.kind == EdgeKind.NATIVE}
        self.assertIn(("_elementtree", "pyexpat"), native)
        self.assertIn(("pyexpat", "pyexpat.errors"), native)
        errors = p.module("pyexpat.errors")
        self.assertEqual(errors.kind, ModuleKind.REGISTERED)
        self.assertEqual(errors.origin, Origin.STDLIB)
        self.assertIsNone(errors.path)
        self.assertTrue(errors.in_startup)
        for e in p.edges:
            if e.kind == EdgeKind.NATIVE:
                self.assertIsNone(e.file)
                self.assertIsNone(e.import_index)
                self.assertEqual(str(e), "%s -> %s [native]" % (e.source.name, e.target.name))

    def test_startup(self) -> None:
        names = [m.name for m in self.project.startup()]
        self.assertIn("taskcli.analytics", names)
        self.assertIn("taskcli.cli", names)
        self.assertEqual(names, [m.name for m in self.project.startup("taskcli")])
        self.assertEqual(names, [m.name for m in self.project.startup(0)])
        self.assertEqual(names, [m.name for m in self.project.startup(self.project.entries[0])])
        self.assertTrue(all(m.in_startup for m in self.project.startup()))
        with self.assertRaises(impgraph.OutOfRangeError):
            self.project.startup(5)
        with self.assertRaises(impgraph.NotFoundError):
            self.project.startup("nope")

    def test_why(self) -> None:
        chains = self.project.why("taskcli.analytics")
        self.assertEqual(len(chains), 1)
        self.assertEqual([(e.source.name, e.target.name, e.line) for e in chains[0]],
                         [("taskcli.cli", "taskcli.analytics", 5)])
        self.assertEqual(self.project.why("taskcli.cli"), [[]])  # the entry itself
        text = self.project.render_why("taskcli.analytics")
        self.assertIn("taskcli.analytics is loaded at start-up", text)
        doc = json.loads(self.project.render_why(self.project.module("taskcli.analytics"), "json"))
        self.assertIsInstance(doc, dict)

    def test_cycles(self) -> None:
        self.assertEqual(self.project.cycles(), [])
        self.assertIn("no import cycles", self.project.render_cycles())
        json.loads(self.project.render_cycles("json"))

    def test_render(self) -> None:
        dot = self.project.to_dot()
        body = [line for line in dot.splitlines() if line and not line.startswith("//")]
        self.assertTrue(body[0].startswith("digraph"), dot[:200])
        doc = json.loads(self.project.to_json())
        self.assertEqual(doc["schema"], "impgraph-graph")
        startup_only = json.loads(self.project.to_json(startup=True, include=["taskcli"]))
        self.assertEqual(len(doc["nodes"]), len(self.project.modules))
        self.assertLess(len(startup_only["nodes"]), len(doc["nodes"]))
        self.assertIn("taskcli", self.project.render("text", startup=True))
        with self.assertRaises(impgraph.FormatError):
            self.project.render("sarif")
        with self.assertRaises(ValueError):
            self.project.render("yaml")

    def test_estimate(self) -> None:
        self.assertGreater(self.project.estimate("taskcli.analytics"), 0)
        with self.assertRaises(impgraph.OutOfRangeError):
            self.project.estimate(10**6)

    def test_no_profile(self) -> None:
        self.assertFalse(self.project.has_profile)
        self.assertIsNone(self.project.reconciliation)
        self.assertEqual(self.project.unmatched, [])
        self.assertEqual(self.project.unmatched_self_us, 0)

    def test_diagnostics(self) -> None:
        for d in self.project.diagnostics:
            self.assertIsInstance(d, impgraph.Diagnostic)


class StaticMode(unittest.TestCase):
    """No interpreter run: sys_path and python_version given."""

    def test_static_graph_with_a_cycle(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "app")
            os.makedirs(pkg)
            files = {
                "__init__.py": "",
                "a.py": "from . import b\nimport json\n",
                "b.py": "from . import a\n\ndef f():\n    import csv\n",
            }
            for name, text in files.items():
                with open(os.path.join(pkg, name), "w") as f:
                    f.write(text)
            with impgraph.Project(roots=[pkg], entries=["app.a"], sys_path=[], python_version="3.11") as p:
                cycles = p.cycles()
                self.assertEqual(len(cycles), 1)
                self.assertEqual([m.name for m in cycles[0].modules], ["app.a", "app.b"])
                self.assertTrue(all(e.source.name.startswith("app") for e in cycles[0].edges))
                self.assertIn("app.b", [m.name for m in p.startup()])
                csv = p.module("csv")
                self.assertEqual(csv.kind, ModuleKind.MISSING)
                self.assertTrue(csv.reason)
            self.assertTrue(p.closed)
            with self.assertRaises(ValueError):
                p.modules
            self.assertEqual(repr(p), "<Project (closed)>")

    def test_failure(self) -> None:
        # app.broken imports app.nothere, a submodule its (real) package
        # lacks: importing app.broken raises, so the fallback runs.
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "app")
            os.makedirs(pkg)
            files = {
                "__init__.py": "",
                "opt.py": "try:\n    import app.broken\nexcept ImportError:\n    import app.plain\n",
                "broken.py": "import app.before\nimport app.nothere\nimport app.after\n",
                "before.py": "",
                "after.py": "",
                "plain.py": "",
            }
            for name, text in files.items():
                with open(os.path.join(pkg, name), "w") as f:
                    f.write(text)
            with impgraph.Project(roots=[pkg], entries=["app.opt"], sys_path=[], python_version="3.11") as p:
                broken = p.module("app.broken")
                self.assertTrue(broken.fails)
                self.assertTrue(broken.flags & ModuleFlag.FAILS)
                failure = p.failure(broken)
                self.assertIsInstance(failure, impgraph.Failure)
                self.assertEqual(failure.module, broken)
                self.assertEqual(failure.line, 2)
                self.assertEqual(failure.imported.name, "app.nothere")
                self.assertEqual(failure.missing.name, "app.nothere")
                self.assertEqual((failure.edge.source.name, failure.edge.line), ("app.broken", 2))
                self.assertIsNone(p.failure("app.before"))
                self.assertFalse(p.module("app.before").fails)
                startup = {m.name for m in p.startup()}
                self.assertEqual(startup & {"app.before", "app.plain", "app.broken", "app.after"},
                                 {"app.before", "app.plain"})

    def test_called_edge(self) -> None:
        # An import inside a function that module-level code calls runs at
        # import time: a CALLED edge that says which call runs it.
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "app")
            os.makedirs(pkg)
            files = {
                "__init__.py": "",
                "a.py": "from app.b import setup\n\nsetup()\n",
                "b.py": "def setup():\n    from app import c\n",
                "c.py": "",
            }
            for name, text in files.items():
                with open(os.path.join(pkg, name), "w") as f:
                    f.write(text)
            with impgraph.Project(roots=[pkg], entries=["app.a"], sys_path=[], python_version="3.11") as p:
                called = [e for e in p.edges if e.kind == EdgeKind.CALLED]
                self.assertEqual([(e.source.name, e.target.name, e.scope) for e in called], [("app.b", "app.c", "setup")])
                e = called[0]
                self.assertEqual((e.call_module.name, e.call_line, e.call_column), ("app.a", 3, 1))
                self.assertIn("app.c", [m.name for m in p.startup()])
                eager = [e for e in p.edges if e.kind == EdgeKind.EAGER]
                self.assertTrue(all(e.call_module is None and e.call_line == 0 for e in eager))

    def test_called_edges_stop_at_a_failing_import(self) -> None:
        # app.a calls setup() before its failing import and other() after it:
        # only setup()'s import runs (CALLED and followed); other()'s never
        # does, and the fallback of the import of app.a runs instead.
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "app")
            os.makedirs(pkg)
            files = {
                "__init__.py": "",
                "opt.py": "try:\n    import app.a\nexcept ImportError:\n    import app.plain\n",
                "a.py": "from app.b import setup, other\nsetup()\nimport app.nothere\nother()\n",
                "b.py": "def setup():\n    from app import c\ndef other():\n    from app import d\n",
                "c.py": "",
                "d.py": "",
                "plain.py": "",
            }
            for name, text in files.items():
                with open(os.path.join(pkg, name), "w") as f:
                    f.write(text)
            with impgraph.Project(roots=[pkg], entries=["app.opt"], sys_path=[], python_version="3.11") as p:
                self.assertTrue(p.module("app.a").fails)
                called = [e for e in p.edges if e.kind == EdgeKind.CALLED]
                self.assertEqual([(e.source.name, e.target.name, e.call_line) for e in called],
                                 [("app.b", "app.c", 2)])
                startup = {m.name for m in p.startup()}
                self.assertEqual(startup & {"app.a", "app.b", "app.c", "app.d", "app.plain"},
                                 {"app.b", "app.c", "app.plain"})

    def test_records_outlive_the_project(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "tool.py"), "w") as f:
                f.write("import os\n")
            p = impgraph.Project(roots=[os.path.join(tmp, "tool.py")], sys_path="", python_version="3.11")
            modules, edges = p.modules, p.edges
            del p
            gc.collect()
            self.assertIn("tool", [m.name for m in modules])
            self.assertTrue(any(e.target.name == "os" for e in edges))


class ConsoleScript(unittest.TestCase):
    def test_lookup_and_errors(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "pyproject.toml")
            with open(path, "w") as f:
                f.write('[project.scripts]\n"demo-tool" = "app.cli:main [x]"\n'
                        "[tool.poetry.scripts]\npo = 'p.q:r'\n")
            self.assertEqual(impgraph.console_script(path, "demo-tool"), "app.cli:main")
            self.assertEqual(impgraph.console_script(path, "po"), "p.q:r")
            with self.assertRaises(impgraph.NotFoundError) as cm:
                impgraph.console_script(path, "nope")
            self.assertIn("it has: demo-tool, po", str(cm.exception))
            with self.assertRaises(impgraph.InputOutputError):
                impgraph.console_script(os.path.join(tmp, "missing.toml"), "po")


if __name__ == "__main__":
    unittest.main()
