"""`pip install bindings/python` works offline: into a --target directory
(with and without build isolation), as a wheel, and as an sdist; the
installed package loads the library and works. Skipped, saying so, when the
interpreter has no pip."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

import support

HAS_PIP = importlib.util.find_spec("pip") is not None
sys.path.insert(0, os.path.join(support.BINDING_DIR, "build_backend"))
import impgraph_build  # noqa: E402  (the in-tree PEP 517 backend)

del sys.path[0]

OFFLINE = {
    "PIP_NO_INDEX": "1",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_CACHE_DIR": "1",
    "PIP_NO_INPUT": "1",
    "PIP_ROOT_USER_ACTION": "ignore",
}

CHECK = """
import impgraph, sys
assert impgraph.__file__.startswith(sys.argv[1]), impgraph.__file__
r = impgraph.scan_source("import os")
assert [i.module for i in r.imports] == ["os"]
print(impgraph.__version__, impgraph.version())
"""


def run(args, cwd, **env):  # type: ignore[no-untyped-def]
    full = dict(os.environ)
    full.pop("PYTHONPATH", None)  # the installed copy, not the source tree
    full.update(OFFLINE)
    # The installed copy is outside the checkout: name the library this
    # process uses, as an absolute path (the child runs elsewhere).
    import impgraph

    library = impgraph.library_path()
    full["IMPGRAPH_LIBRARY"] = os.path.abspath(library) if os.sep in library else library
    full.update(env)
    return subprocess.run(args, env=full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)


class Backend(unittest.TestCase):
    """The backend itself, without pip."""

    def test_wheel_contents(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            name = impgraph_build.build_wheel(tmp)
            self.assertEqual(name, "libimpgraph-0.1.0-py3-none-any.whl")
            with zipfile.ZipFile(os.path.join(tmp, name)) as whl:
                names = set(whl.namelist())
                record = whl.read("libimpgraph-0.1.0.dist-info/RECORD").decode()
                metadata = whl.read("libimpgraph-0.1.0.dist-info/METADATA").decode()
        for required in ("impgraph/__init__.py", "impgraph/__init__.pyi", "impgraph/py.typed",
                         "impgraph/_lib.py", "libimpgraph-0.1.0.dist-info/WHEEL"):
            self.assertIn(required, names)
        self.assertFalse([n for n in names if n.endswith(".pyc") or n.startswith("tests/")])
        self.assertEqual(len(record.splitlines()), len(names))
        self.assertIn("Name: libimpgraph\n", metadata)
        self.assertIn("Requires-Python: >=3.8\n", metadata)

    def test_editable_wheel_points_at_the_tree(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            name = impgraph_build.build_editable(tmp)
            with zipfile.ZipFile(os.path.join(tmp, name)) as whl:
                pth = whl.read("_libimpgraph_editable.pth").decode()
        self.assertEqual(pth.strip(), support.BINDING_DIR)

    def test_sdist_contents(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            name = impgraph_build.build_sdist(tmp)
            with tarfile.open(os.path.join(tmp, name)) as tar:
                names = set(tar.getnames())
        base = "libimpgraph-0.1.0/"
        for required in ("pyproject.toml", "PKG-INFO", "README.md", "build_backend/impgraph_build.py",
                         "impgraph/__init__.py", "tests/test_install.py"):
            self.assertIn(base + required, names)

    def test_metadata_reader_agrees_with_tomllib(self) -> None:
        try:
            import tomllib  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("tomllib needs Python 3.11")
        with open(os.path.join(support.BINDING_DIR, "pyproject.toml"), "rb") as f:
            expected = tomllib.load(f)["project"]
        self.assertEqual(impgraph_build.read_project(), expected)


@unittest.skipUnless(HAS_PIP, "pip is not installed for %s: install python3-pip to run this test" % sys.executable)
class PipInstall(unittest.TestCase):
    def install_and_check(self, *pip_args: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            target = os.path.join(tmp, "site")
            out = run([sys.executable, "-m", "pip", "install", "--target", target, *pip_args], tmp)
            self.assertEqual(out.returncode, 0, out.stdout)
            out = run([sys.executable, "-c", CHECK, target], tmp, PYTHONPATH=target)
            self.assertEqual(out.returncode, 0, out.stdout)
            self.assertTrue(out.stdout.startswith("0."), out.stdout)
            self.assertTrue(os.path.isfile(os.path.join(target, "impgraph", "py.typed")))

    def test_install_offline(self) -> None:
        self.install_and_check(support.BINDING_DIR)

    def test_install_offline_no_build_isolation(self) -> None:
        self.install_and_check("--no-build-isolation", support.BINDING_DIR)

    def test_install_built_wheel_and_sdist(self) -> None:
        with tempfile.TemporaryDirectory() as dist:
            wheel = impgraph_build.build_wheel(dist)
            sdist = impgraph_build.build_sdist(dist)
            self.install_and_check(os.path.join(dist, wheel))
            self.install_and_check(os.path.join(dist, sdist))


if __name__ == "__main__":
    unittest.main()
