"""Editor diagnostics of an unsaved buffer against the taskcli graph, and
updating the graph in place after an edit."""

from __future__ import annotations

import os
import unittest

import impgraph
from impgraph import EditorDiagnosticFlag as Flag
from impgraph import EditorSeverity

import support
from test_profile_suggest import LOG

EXAMPLE = support.example_dir()


@unittest.skipIf(EXAMPLE is None, "examples/taskcli not found (not a checkout)")
class Editor(unittest.TestCase):
    def setUp(self) -> None:
        self.project = impgraph.Project(
            roots=[EXAMPLE], console_scripts=["taskcli"], python=support.python3(), probe_cache=False
        )
        self.project.attach_profile(impgraph.Profile.from_logs([LOG]))
        self.report = self.project.suggest()
        self.path = os.path.join(EXAMPLE, "src", "taskcli", "cli.py")
        with open(self.path, encoding="utf-8") as f:
            self.text = f.read()

    def tearDown(self) -> None:
        self.project.close()

    def test_buffer_with_moved_lines(self) -> None:
        buffer = "# a new first line\n" + self.text
        with self.project.editor_diagnostics(buffer, self.path, suggestions=self.report) as diags:
            self.assertEqual(diags.module, "taskcli.cli")
            self.assertEqual(len(diags.scan.imports), len(impgraph.scan_source(buffer).imports))
            by_module = {d.module: d for d in diags}
        a = by_module["taskcli.analytics"]
        self.assertEqual(a.code, "split-subcommands")
        self.assertEqual(a.severity, EditorSeverity.WARNING)
        self.assertEqual(a.flags & (Flag.STARTUP | Flag.MEASURED | Flag.MOVED), Flag.STARTUP | Flag.MEASURED | Flag.MOVED)
        self.assertEqual((a.self_us, a.cumulative_us), (40000, 45200))
        self.assertEqual(a.kind, impgraph.EdgeKind.EAGER)
        self.assertEqual(a.range.start.line, 5)  # 0-based: line 6 of the buffer
        data = buffer.encode()
        self.assertEqual(data[a.range.start.byte_offset : a.range.end.byte_offset], b"analytics")
        self.assertEqual(data[a.statement.start.byte_offset : a.statement.end.byte_offset],
                         b"from . import analytics, sync")
        self.assertIsNotNone(a.suggestion)
        self.assertEqual(a.suggestion.rule, "split-subcommands")
        self.assertEqual(self.report[a.suggestion_index], a.suggestion)
        self.assertGreater(a.savings_us, 0)
        self.assertTrue(a.fixes)
        self.assertTrue(all(isinstance(e, impgraph.EditorEdit) for e in a.fixes))
        sys_diag = by_module["sys"]
        self.assertTrue(sys_diag.flags & Flag.PRELOADED)
        self.assertEqual(sys_diag.self_us, 0)
        self.assertEqual(sys_diag.severity, EditorSeverity.HINT)

    def test_columns_new_imports_and_filters(self) -> None:
        buffer = 's = "\U0001F600"; import json\nimport brand_new_module_xyz\ndef broken(:\n'
        diags = self.project.editor_diagnostics(buffer, module="taskcli.cli", scan_diagnostics=True)
        by_code = {d.code: d for d in diags}
        new = by_code["not-in-graph"]
        self.assertEqual(new.module, "brand_new_module_xyz")
        self.assertTrue(new.flags & Flag.NOT_IN_GRAPH)
        self.assertIsNone(new.self_us)
        j = [d for d in diags if d.module == "json"][0]
        self.assertEqual(j.range.start.line, 0)
        self.assertEqual(j.range.start.byte_column - j.range.start.utf16_column, 2)  # 4 bytes, 2 UTF-16 units
        self.assertEqual(by_code["syntax-error"].severity, EditorSeverity.ERROR)
        self.assertIsNone(by_code["syntax-error"].import_index)
        only_errors = self.project.editor_diagnostics(buffer, module="taskcli.cli", scan_diagnostics=True,
                                                      min_severity=EditorSeverity.ERROR)
        self.assertEqual([d.code for d in only_errors], ["syntax-error"])

    def test_errors(self) -> None:
        with self.assertRaises(impgraph.NotFoundError):
            self.project.editor_diagnostics("import os\n", "/nowhere/x.py")
        with self.assertRaises(impgraph.InvalidArgumentError):
            self.project.editor_diagnostics("import os\n")
        with self.assertRaises(impgraph.NotFoundError):
            self.project.update_file(module="no.such.module", text="")

    def test_update_file(self) -> None:
        p = self.project
        self.assertIn("taskcli.sync", [m.name for m in p.startup()])
        stale = p.scan("taskcli.cli")
        edges_before = len(p.edges)
        p.update_file(self.path, self.text.replace("from . import analytics, sync\n", "from . import analytics\n"))
        self.assertNotIn("taskcli.sync", [m.name for m in p.startup()])
        self.assertFalse(p.module("taskcli.sync").in_startup)
        with self.assertRaises(impgraph.NotFoundError):
            p.why("taskcli.sync")
        self.assertEqual(len(p.edges), edges_before - 1)
        with self.assertRaises(ValueError):
            stale.render()  # its C scan was replaced
        self.assertEqual(len(p.scan("taskcli.cli").imports), len(stale.imports))
        p.update_file(self.path)  # back to the file on disk
        self.assertIn("taskcli.sync", [m.name for m in p.startup()])
        self.assertEqual(len(p.edges), edges_before)


if __name__ == "__main__":
    unittest.main()
