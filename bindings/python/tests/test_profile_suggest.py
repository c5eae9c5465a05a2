"""Profiles (from a synthetic `-X importtime` log, saved and loaded, and one
real measurement) and suggestions on examples/taskcli."""

from __future__ import annotations

import json
import os
import tempfile
import unittest

import impgraph
from impgraph import ProfileEdgeKind, SuggestionKind

import support

EXAMPLE = support.example_dir()

# `taskcli --help` as -X importtime prints it (children before parents, two
# more spaces per level), with one module the graph does not have.
LOG = """\
import time: self [us] | cumulative | imported package
import time:       500 |        500 |   taskcli
import time:      5000 |       5000 |       statistics
import time:       200 |        200 |       taskcli._cost
import time:     40000 |      45200 |     taskcli.analytics
import time:      8000 |       8000 |     taskcli.sync
import time:      1000 |      54200 |   taskcli.cli
import time:       700 |        700 |   fancy_plugin
"""


class ProfileFromLogs(unittest.TestCase):
    def test_records(self) -> None:
        with impgraph.Profile.from_logs([LOG], labels=["help.log"]) as p:
            self.assertEqual(p.summary.source, "log")
            self.assertEqual(p.summary.runs, 1)
            self.assertEqual(p.summary.command, ("help.log",))
            names = [m.name for m in p.modules]
            self.assertEqual(names, sorted(names))
            self.assertIn("taskcli.analytics", p)
            a = p.find("taskcli.analytics")
            self.assertEqual((a.self.median_us, a.cumulative.median_us, a.runs), (40000, 45200, 1))
            self.assertEqual(p.modules[a.index], a)
            edge = [e for e in p.edges if (e.importer, e.imported) == ("taskcli.cli", "taskcli.analytics")]
            self.assertEqual(len(edge), 1)
            self.assertEqual(edge[0].kind, ProfileEdgeKind.NESTED)
            self.assertEqual(p.modules[edge[0].imported_index].name, "taskcli.analytics")
            self.assertEqual(len(p.runs), 1)
            run = p.runs[0]
            self.assertEqual(run.label, "help.log")
            self.assertIsNone(run.wall_us)  # unknown for logs
            self.assertEqual(run.row_count, 7)
            self.assertIsNone(p.run_log(0))
            with self.assertRaises(impgraph.NotFoundError):
                p.find("nope")
            self.assertIn("taskcli.analytics", p.render(top=5))
            self.assertIn("taskcli.cli", p.render(tree=True))

    def test_save_and_load(self) -> None:
        p = impgraph.Profile.from_logs([LOG.encode(), LOG])
        self.assertEqual(p.summary.runs, 2)
        self.assertEqual(json.loads(p.to_json())["schema"], "impgraph-profile")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "profile.json")
            p.save(path)
            q = impgraph.Profile.load(path)
            self.assertEqual(q.modules, p.modules)
            self.assertEqual(q.edges, p.edges)
            log = os.path.join(tmp, "run.log")
            with open(log, "w") as f:
                f.write(LOG)
            r = impgraph.Profile.from_log_files([log])
            self.assertEqual(r.runs[0].label, log)

    def test_measure(self) -> None:
        calls = []
        p = impgraph.Profile.measure(
            "import json",
            mode="code",
            python=support.python3(),
            runs=2,
            warmup=1,
            progress=lambda index, warmup, runs: calls.append((index, warmup, runs)),
        )
        self.assertEqual(calls, [(0, 1, 2), (1, 1, 2), (2, 1, 2)])
        self.assertEqual(p.summary.source, "measure")
        self.assertEqual(p.summary.runs, 2)
        self.assertEqual(p.summary.failed_runs, 0)
        self.assertIn("json", p)
        self.assertEqual(len(p.runs), 3)
        self.assertTrue(p.runs[0].flags & impgraph.RunFlag.WARMUP)
        self.assertIsNotNone(p.runs[1].wall_us)
        self.assertEqual(p.runs[1].exit_status, 0)
        self.assertIn(b"import time:", p.run_log(1))

    def test_measure_progress_exception_is_raised(self) -> None:
        def boom(index: int, warmup: int, runs: int) -> None:
            raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            impgraph.Profile.measure("pass", mode=impgraph.MeasureMode.CODE, python=support.python3(),
                                     runs=1, warmup=0, progress=boom)

    def test_failing_program_is_data(self) -> None:
        p = impgraph.Profile.measure("raise SystemExit(3)", mode="code", python=support.python3(), runs=1, warmup=0)
        self.assertEqual(p.summary.failed_runs, 1)
        self.assertEqual(p.runs[0].exit_status, 3)
        self.assertTrue(p.runs[0].flags & impgraph.RunFlag.FAILED)
        self.assertIn("target-failed", [d.code for d in p.diagnostics])


@unittest.skipIf(EXAMPLE is None, "examples/taskcli not found (not a checkout)")
class Suggest(unittest.TestCase):
    project: impgraph.Project

    @classmethod
    def setUpClass(cls) -> None:
        cls.project = impgraph.Project(
            roots=[EXAMPLE], console_scripts=["taskcli"], python=support.python3(), probe_cache=False
        )
        profile = impgraph.Profile.from_logs([LOG])
        cls.project.attach_profile(profile)
        del profile  # nothing of it is kept

    @classmethod
    def tearDownClass(cls) -> None:
        cls.project.close()

    def test_weights(self) -> None:
        p = self.project
        self.assertTrue(p.has_profile)
        self.assertEqual(p.module("taskcli.analytics").weight, impgraph.Weight(40000, 45200))
        self.assertIsNone(p.module("json").weight)  # not in the log
        self.assertEqual(p.unmatched, ["fancy_plugin"])
        self.assertEqual(p.unmatched_self_us, 700)
        rec = p.reconciliation
        self.assertIsNotNone(rec)
        self.assertEqual(rec.unmatched_modules, 1)
        self.assertGreater(rec.observed, 0)
        observed = [e for e in p.edges if e.observed]
        self.assertIn(("taskcli.cli", "taskcli.analytics"), [(e.source.name, e.target.name) for e in observed])
        self.assertIn("ms", p.render("text", startup=True))

    def test_split_subcommands(self) -> None:
        s = self.project.suggest(min_savings_ms=1.0)
        self.assertTrue(s.info.measured)
        self.assertEqual(s.info.min_version, (3, 8))
        self.assertGreaterEqual(s.info.target_version, s.info.min_version)
        splits = [x for x in s if x.kind == SuggestionKind.SPLIT_SUBCOMMANDS and x.imported == "taskcli.analytics"]
        self.assertEqual(len(splits), 1, s.render())
        x = splits[0]
        self.assertEqual(x.rule, "split-subcommands")
        self.assertEqual(x.kind.rule, "split-subcommands")
        self.assertEqual((x.module, x.file, x.line), ("taskcli.cli", os.path.join("src", "taskcli", "cli.py"), 5))
        self.assertEqual(x.subcommands, ("stats",))
        self.assertEqual([f.name for f in x.functions], ["cmd_stats"])
        self.assertGreaterEqual(x.savings_us, 40000)
        self.assertIn("taskcli.analytics", x.dropped)
        self.assertTrue(x.edits)
        self.assertTrue(all(isinstance(e, impgraph.TextEdit) and e.file == x.file for e in x.edits))
        self.assertTrue(x.reason and x.action)
        self.assertEqual(s[x.index], x)
        # Groups, entries, kept imports.
        group = s.groups[x.group]
        self.assertIn(x.index, group.members)
        self.assertEqual(len(group.entry_savings_us), len(s.entries))
        labels = [e.label for e in s.entries]
        self.assertIn("taskcli --help", labels)
        self.assertIn("taskcli stats", labels)
        stats = s.entries[labels.index("taskcli stats")]
        self.assertEqual(stats.subcommand, "stats")
        self.assertTrue(all(isinstance(k, impgraph.KeptImport) for k in s.kept))
        self.assertEqual(len(s), len(list(s)))

    def test_render_and_filters(self) -> None:
        s = self.project.suggest()
        self.assertIn("taskcli.analytics", s.render())
        self.assertIn("src/taskcli/cli.py", s.render("markdown"))
        self.assertEqual(json.loads(s.to_json())["schema"], "impgraph-suggestions")
        self.assertEqual(json.loads(s.render("sarif"))["version"], "2.1.0")
        self.assertGreater(len(s.render(verbose=True)), len(s.render()))
        self.assertIn("\x1b[", s.render(color=True))
        with self.assertRaises(impgraph.FormatError):
            s.render("dot")
        few = self.project.suggest(min_savings_ms=1000)
        self.assertEqual(len(few), 0)
        self.assertGreater(few.info.filtered, 0)
        top = self.project.suggest(top=1)
        self.assertEqual(len(top.groups), 1)
        no_sub = self.project.suggest(subcommands=False)
        self.assertNotIn(SuggestionKind.SPLIT_SUBCOMMANDS, [x.kind for x in no_sub])

    def test_suggestions_outlive_the_project(self) -> None:
        with tempfile.TemporaryDirectory():
            p = impgraph.Project(roots=[EXAMPLE], console_scripts=["taskcli"], python=support.python3())
            p.attach_profile(impgraph.Profile.from_logs([LOG]))
            s = p.suggest()
            p.close()
            self.assertIn("taskcli.analytics", s.render())


if __name__ == "__main__":
    unittest.main()
