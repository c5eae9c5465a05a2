"""The binding against impgraph.h: every IMPGRAPH_API function is bound and
used, every struct is mirrored field by field, every enum and flag value
agrees. These fail when the header grows something the binding lacks."""

from __future__ import annotations

import glob
import os
import re
import unittest

import impgraph
from impgraph import _editor, _errors, _graph, _lib, _profile, _suggest

import support

PACKAGE_DIR = os.path.dirname(os.path.abspath(impgraph.__file__))


@unittest.skipIf(support.header_path() is None, "impgraph.h not found")
class EveryFunctionBound(unittest.TestCase):
    def setUp(self) -> None:
        self.declared = support.api_functions()

    def test_header_parsed(self) -> None:
        # A sanity floor: a parser that finds nothing must not pass.
        self.assertGreater(len(self.declared), 90)
        self.assertIn("impgraph_version", self.declared)
        self.assertIn("impgraph_render_suggestions", self.declared)

    def test_every_declared_function_has_a_prototype(self) -> None:
        missing = [n for n in self.declared if n not in _lib.PROTOTYPES]
        self.assertEqual(missing, [], "IMPGRAPH_API functions without a binding in impgraph/_lib.py PROTOTYPES")

    def test_no_stale_prototypes(self) -> None:
        stale = sorted(set(_lib.PROTOTYPES) - set(self.declared))
        self.assertEqual(stale, [], "prototypes of functions the header no longer declares")

    def test_every_function_is_called_by_a_wrapper(self) -> None:
        sources = ""
        for path in glob.glob(os.path.join(PACKAGE_DIR, "*.py")):
            if os.path.basename(path) != "_lib.py":
                with open(path, encoding="utf-8") as f:
                    sources += f.read()
        # _lib.py itself calls impgraph_free (take_buffer); the handles' free
        # functions are named in the classes' _FREE.
        with open(os.path.join(PACKAGE_DIR, "_lib.py"), encoding="utf-8") as f:
            lib_calls = set(re.findall(r"lib\(\)\.(impgraph_\w+)\(", f.read()))
        unused = [
            n
            for n in self.declared
            if n not in lib_calls and not re.search(r"\b%s\b" % re.escape(n), sources)
        ]
        self.assertEqual(unused, [], "bound but not wrapped by any Python API")

    def test_library_exports_every_function(self) -> None:
        dll = _lib.lib()
        for name in self.declared:
            fn = getattr(dll, name)
            restype, argtypes = _lib.PROTOTYPES[name]
            self.assertEqual(fn.argtypes, argtypes, name)
            self.assertIs(fn.restype, restype, name)


@unittest.skipIf(support.header_path() is None, "impgraph.h not found")
class StructsAndConstants(unittest.TestCase):
    def test_every_struct_mirrored_with_the_same_fields(self) -> None:
        fields = support.struct_fields()
        self.assertEqual(sorted(set(fields) - set(_lib.STRUCTS)), [], "structs without a ctypes mirror")
        self.assertEqual(sorted(set(_lib.STRUCTS) - set(fields)), [], "mirrors of structs the header lacks")
        for name, struct in _lib.STRUCTS.items():
            self.assertEqual([f for f, _ in struct._fields_], fields[name], name)

    def test_enums_agree(self) -> None:
        blocks = support.enum_blocks()
        constants = {k: v for b in blocks for k, v in b.items()}

        def check(pyenum: type, prefix: str, marker: str) -> None:
            block = next(b for b in blocks if marker in b)
            c_members = {k[len(prefix) :]: v for k, v in block.items() if k.startswith(prefix)}
            py_members = {m.name: m.value for m in pyenum}  # type: ignore[attr-defined]
            self.assertEqual(py_members, c_members, pyenum.__name__)

        check(impgraph.Format, "IMPGRAPH_FORMAT_", "IMPGRAPH_FORMAT_TEXT")
        check(impgraph.Severity, "IMPGRAPH_SEVERITY_", "IMPGRAPH_SEVERITY_ERROR")
        check(impgraph.ImportKind, "IMPGRAPH_IMPORT_", "IMPGRAPH_IMPORT_PLAIN")
        check(impgraph.ImportContext, "IMPGRAPH_CTX_", "IMPGRAPH_CTX_MODULE")
        check(impgraph.UseFlag, "IMPGRAPH_USE_", "IMPGRAPH_USE_MODULE_LEVEL")
        check(impgraph.DefinitionKind, "IMPGRAPH_DEF_", "IMPGRAPH_DEF_FUNCTION")
        check(impgraph.CliFramework, "IMPGRAPH_CLI_", "IMPGRAPH_CLI_ARGPARSE")
        check(impgraph.EffectKind, "IMPGRAPH_EFFECT_", "IMPGRAPH_EFFECT_CALL")
        check(impgraph.ModuleKind, "IMPGRAPH_MODULE_", "IMPGRAPH_MODULE_SOURCE")
        check(impgraph.Origin, "IMPGRAPH_ORIGIN_", "IMPGRAPH_ORIGIN_FIRST_PARTY")
        check(impgraph.ModuleFlag, "IMPGRAPH_MODULE_", "IMPGRAPH_MODULE_IS_ENTRY")
        check(impgraph.EdgeKind, "IMPGRAPH_EDGE_", "IMPGRAPH_EDGE_EAGER")
        check(impgraph.MeasureMode, "IMPGRAPH_MEASURE_", "IMPGRAPH_MEASURE_MODULE")
        check(impgraph.ProfileModuleFlag, "IMPGRAPH_PROFILE_MODULE_", "IMPGRAPH_PROFILE_MODULE_FAILED")
        check(impgraph.ProfileEdgeKind, "IMPGRAPH_PROFILE_EDGE_", "IMPGRAPH_PROFILE_EDGE_NESTED")
        check(impgraph.ProfileEdgeFlag, "IMPGRAPH_PROFILE_EDGE_", "IMPGRAPH_PROFILE_EDGE_AMBIGUOUS")
        check(impgraph.RunFlag, "IMPGRAPH_PROFILE_RUN_", "IMPGRAPH_PROFILE_RUN_WARMUP")
        check(impgraph.SuggestionKind, "IMPGRAPH_SUGGEST_", "IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION")
        check(impgraph.Risk, "IMPGRAPH_RISK_", "IMPGRAPH_RISK_SAFE")
        check(impgraph.EditorSeverity, "IMPGRAPH_EDITOR_SEVERITY_", "IMPGRAPH_EDITOR_SEVERITY_ERROR")
        check(impgraph.EditorDiagnosticFlag, "IMPGRAPH_EDITOR_DIAG_", "IMPGRAPH_EDITOR_DIAG_STARTUP")
        # RefFlag = the IMPGRAPH_USE_* context bits + IMPGRAPH_REF_*.
        ref_block = next(b for b in blocks if "IMPGRAPH_REF_CALL" in b)
        expected = {m.name: m.value for m in impgraph.UseFlag}
        expected.update({k[len("IMPGRAPH_REF_") :]: v for k, v in ref_block.items()})
        self.assertEqual({m.name: m.value for m in impgraph.RefFlag}, expected)

        # Every enum block of the header is covered by a check above or below.
        covered_prefixes = (
            "IMPGRAPH_FORMAT_ IMPGRAPH_SEVERITY_ IMPGRAPH_IMPORT_ IMPGRAPH_CTX_ IMPGRAPH_USE_ "
            "IMPGRAPH_DEF_ IMPGRAPH_CLI_ IMPGRAPH_EFFECT_ IMPGRAPH_MODULE_ IMPGRAPH_ORIGIN_ "
            "IMPGRAPH_EDGE_ IMPGRAPH_MEASURE_ IMPGRAPH_PROFILE_ IMPGRAPH_SUGGEST_ IMPGRAPH_RISK_ "
            "IMPGRAPH_REF_ IMPGRAPH_GRAPH_ IMPGRAPH_VIEW_ IMPGRAPH_EDITOR_ IMPGRAPH_OK IMPGRAPH_E"
        ).split()
        uncovered = [k for k in constants if not k.startswith(tuple(covered_prefixes))]
        self.assertEqual(uncovered, [], "enum constants of a kind the binding does not know")

        # Options flags the wrappers use.
        flags = {
            "IMPGRAPH_GRAPH_FULL": _graph.GRAPH_FULL,
            "IMPGRAPH_GRAPH_NO_PROBE_CACHE": _graph.GRAPH_NO_PROBE_CACHE,
            "IMPGRAPH_VIEW_STARTUP": _graph.VIEW_STARTUP,
            "IMPGRAPH_VIEW_COLLAPSE": _graph.VIEW_COLLAPSE,
            "IMPGRAPH_SUGGEST_NO_SUBCOMMANDS": _graph.SUGGEST_NO_SUBCOMMANDS,
            "IMPGRAPH_MEASURE_ALLOW_FAILURE": _profile.MEASURE_ALLOW_FAILURE,
            "IMPGRAPH_PROFILE_VIEW_TREE": _profile.PROFILE_VIEW_TREE,
            "IMPGRAPH_SUGGEST_VIEW_COLOR": _suggest.SUGGEST_VIEW_COLOR,
            "IMPGRAPH_SUGGEST_VIEW_VERBOSE": _suggest.SUGGEST_VIEW_VERBOSE,
            "IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS": _editor.EDITOR_SCAN_DIAGNOSTICS,
        }
        for name, value in flags.items():
            self.assertEqual(constants[name], value, name)
        # A new option flag in one of these blocks would have no keyword argument.
        for name in flags:
            block = next(b for b in blocks if name in b)
            self.assertEqual(sorted(set(block) - set(flags)), [], "option flag without a keyword argument")

    def test_status_codes_agree(self) -> None:
        block = next(b for b in support.enum_blocks() if "IMPGRAPH_OK" in b)
        codes = {k: v for k, v in block.items()}
        self.assertEqual(codes.pop("IMPGRAPH_OK"), _errors.OK)
        for name, value in codes.items():
            self.assertEqual(getattr(_errors, name[len("IMPGRAPH_") :]), value, name)
            self.assertIn(value, _errors._BY_CODE, name)

    def test_versions_and_sizes_agree(self) -> None:
        d = support.defines()
        self.assertEqual(d["IMPGRAPH_ERROR_MESSAGE_SIZE"], _lib.ERROR_MESSAGE_SIZE)
        for name in ("SCAN_OPTIONS", "GRAPH_OPTIONS", "GRAPH_VIEW", "MEASURE_OPTIONS",
                     "PROFILE_VIEW", "SUGGEST_OPTIONS", "SUGGEST_VIEW", "EDITOR_OPTIONS"):
            self.assertEqual(d["IMPGRAPH_%s_VERSION" % name], getattr(_lib, name + "_VERSION"), name)
        options = [k for k in d if re.fullmatch(r"IMPGRAPH_\w+_(OPTIONS|VIEW)_VERSION", k)]
        self.assertEqual(len(options), 8, "a new options struct: bind it: %s" % options)


class Version(unittest.TestCase):
    def test_library_version(self) -> None:
        self.assertRegex(impgraph.version(), r"^\d+\.\d+\.\d+")

    @unittest.skipIf(support.header_path() is None, "impgraph.h not found")
    def test_binding_version_follows_the_header(self) -> None:
        d = support.defines()
        header = "%d.%d.%d" % (d["IMPGRAPH_VERSION_MAJOR"], d["IMPGRAPH_VERSION_MINOR"], d["IMPGRAPH_VERSION_PATCH"])
        self.assertEqual(impgraph.__version__, header)


if __name__ == "__main__":
    unittest.main()
