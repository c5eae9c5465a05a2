"""Status codes become exceptions of the right class, with the library's
message; a missing library is a clear error on first use, not on import."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import impgraph
from impgraph import _errors, _lib

import support


def tiny_project(tmp: str) -> str:
    pkg = os.path.join(tmp, "app")
    os.makedirs(pkg)
    for name, text in {"__init__.py": "", "main.py": "import json\n"}.items():
        with open(os.path.join(pkg, name), "w") as f:
            f.write(text)
    return pkg


class ErrorClasses(unittest.TestCase):
    def test_hierarchy(self) -> None:
        self.assertTrue(issubclass(impgraph.NotFoundError, LookupError))
        self.assertTrue(issubclass(impgraph.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(impgraph.OutOfRangeError, IndexError))
        self.assertTrue(issubclass(impgraph.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(impgraph.FormatError, ValueError))
        for cls in (impgraph.NotFoundError, impgraph.InputOutputError, impgraph.ABIMismatchError,
                    impgraph.UnsupportedVersionError, impgraph.InternalError):
            self.assertTrue(issubclass(cls, impgraph.ImpgraphError))
        for code, cls in _errors._BY_CODE.items():
            err = _errors.error_for(code)
            self.assertIsInstance(err, cls)
            self.assertEqual(err.code, code)
            self.assertEqual(err.message, impgraph.strerror(code))
        self.assertEqual(type(_errors.error_for(-1000)), impgraph.ImpgraphError)
        self.assertEqual(impgraph.strerror(-1000), "unknown error")

    def test_not_found_with_the_library_message(self) -> None:
        with self.assertRaises(impgraph.NotFoundError) as cm:
            impgraph.Project(roots=["/nonexistent/impgraph-root"], sys_path="", python_version="3.11")
        self.assertEqual(cm.exception.code, -4)
        self.assertIn("/nonexistent/impgraph-root", cm.exception.message)
        self.assertEqual(str(cm.exception), cm.exception.message)

    def test_interpreter_not_found(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(impgraph.NotFoundError) as cm:
                impgraph.Project(roots=[tiny_project(tmp)], python="/nonexistent/python3")
            self.assertIn("/nonexistent/python3", str(cm.exception))

    def test_invalid_arguments(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = tiny_project(tmp)
            with self.assertRaises(impgraph.InvalidArgumentError):
                impgraph.Project(roots=[root], sys_path="")  # static mode without python_version
            with self.assertRaises(impgraph.InvalidArgumentError):
                impgraph.Project(roots=[root], entries=["app.main:"], sys_path="", python_version="3.11")
            with impgraph.Project(roots=[root], sys_path="", python_version="3.11") as p:
                with self.assertRaises(impgraph.InvalidArgumentError):
                    p.suggest(target_python="three")
                with self.assertRaises(impgraph.NotFoundError):
                    p.module("no.such")
                with self.assertRaises(impgraph.NotFoundError) as cm:
                    p.why("no.such")
                self.assertIn("no.such", cm.exception.message)
                with self.assertRaises(impgraph.FormatError):
                    p.render_cycles("dot")
        with self.assertRaises(impgraph.InvalidArgumentError):
            impgraph.Profile.from_logs([])
        with self.assertRaises(ValueError):
            impgraph.Profile.from_logs(["x"], labels=["a", "b"])
        with self.assertRaises(ValueError):
            impgraph.Profile.measure("x", mode="sideways")

    def test_io_and_format_errors(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "missing.json")
            with self.assertRaises(impgraph.InputOutputError) as cm:
                impgraph.Profile.load(missing)
            self.assertIn("missing.json", cm.exception.message)
            not_json = os.path.join(tmp, "bad.json")
            with open(not_json, "w") as f:
                f.write("not json")
            with self.assertRaises(impgraph.FormatError):
                impgraph.Profile.load(not_json)
            with self.assertRaises(impgraph.InputOutputError):
                impgraph.scan_file(os.path.join(tmp, "missing.py"))
            with self.assertRaises(impgraph.NotFoundError):
                impgraph.Profile.measure(os.path.join(tmp, "missing.py"), mode="script", python=support.python3())
            with self.assertRaises(impgraph.NotFoundError):
                impgraph.Profile.measure("pass", mode="code", python=os.path.join(tmp, "python9"))


class MissingLibrary(unittest.TestCase):
    def run_child(self, code: str, **env: str) -> subprocess.CompletedProcess:
        child_env = dict(os.environ)
        child_env.update(env)
        child_env["PYTHONPATH"] = os.pathsep.join([support.BINDING_DIR] + sys.path)
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=child_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)

    def test_lazy_clear_error(self) -> None:
        out = self.run_child(
            """
            import impgraph                      # never fails
            try:
                impgraph.version()
            except impgraph.LibraryNotFoundError as e:
                assert isinstance(e, OSError)
                print("ERROR", e)
            """,
            IMPGRAPH_LIBRARY="/nonexistent/libimpgraph.so",
        )
        self.assertEqual(out.returncode, 0, out.stdout)
        self.assertIn("ERROR libimpgraph not found", out.stdout)
        self.assertIn("IMPGRAPH_LIBRARY: /nonexistent/libimpgraph.so: no such file", out.stdout)


class LibrarySearch(unittest.TestCase):
    def test_explicit_path_only(self) -> None:
        saved = os.environ.get("IMPGRAPH_LIBRARY")
        os.environ["IMPGRAPH_LIBRARY"] = "/some/libimpgraph.so"
        try:
            self.assertEqual(_lib.search_order(), [("IMPGRAPH_LIBRARY", "/some/libimpgraph.so")])
        finally:
            if saved is None:
                del os.environ["IMPGRAPH_LIBRARY"]
            else:
                os.environ["IMPGRAPH_LIBRARY"] = saved

    def test_default_order(self) -> None:
        saved = os.environ.pop("IMPGRAPH_LIBRARY", None)
        try:
            order = _lib.search_order()
        finally:
            if saved is not None:
                os.environ["IMPGRAPH_LIBRARY"] = saved
        wheres = [w for w, _ in order]
        self.assertEqual(wheres, sorted(wheres, key=["build tree", "package", "system"].index))
        self.assertIn(("system", "libimpgraph.so.0"), order)
        src = support.source_dir()
        if src and os.path.isdir(os.path.join(src, "build")):
            for where, path in order:
                if where == "build tree":
                    self.assertTrue(path.startswith(os.path.join(src, "build") + os.sep), path)

    @unittest.skipIf(support.source_dir() is None, "not a checkout")
    def test_build_tree_found_without_the_variable(self) -> None:
        build = os.path.join(support.source_dir(), "build")  # type: ignore[arg-type]
        if not _lib._build_tree_candidates(support.source_dir()):  # type: ignore[arg-type]
            self.skipTest("no build/*/libimpgraph.so")
        out = self.run_child(
            """
            import impgraph
            print(impgraph.library_path())
            """,
            IMPGRAPH_LIBRARY="",
        )
        self.assertEqual(out.returncode, 0, out.stdout)
        self.assertTrue(out.stdout.strip().startswith(build + os.sep), out.stdout)

    def test_sanitized_library_detected(self) -> None:
        library, sanitize = os.environ.get("IMPGRAPH_LIBRARY"), os.environ.get("IMPGRAPH_SANITIZE")
        if not library or sanitize is None:
            self.skipTest("needs IMPGRAPH_LIBRARY and IMPGRAPH_SANITIZE (as ctest sets them)")
        self.assertEqual(_lib._is_sanitized(library), sanitize == "1")

    run_child = MissingLibrary.run_child


if __name__ == "__main__":
    unittest.main()
