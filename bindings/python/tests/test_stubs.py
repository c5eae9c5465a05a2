"""impgraph/__init__.pyi agrees with the runtime: the same public names, the
same members per class, the same parameters per function and method, the
same enum values."""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import os
import unittest
from typing import Dict, List, Set

import impgraph

STUB = os.path.join(os.path.dirname(os.path.abspath(impgraph.__file__)), "__init__.pyi")
PROTOCOL = {"__len__", "__iter__", "__getitem__", "__contains__", "__enter__", "__exit__"}


def public(name: str) -> bool:
    return not name.startswith("_") or name in PROTOCOL


def load_stub() -> ast.Module:
    with open(STUB, encoding="utf-8") as f:
        return ast.parse(f.read(), STUB)


def stub_params(fn: ast.FunctionDef) -> List[str]:
    a = fn.args
    names = [x.arg for x in getattr(a, "posonlyargs", []) + a.args + a.kwonlyargs]
    if a.vararg:
        names.append("*" + a.vararg.arg)
    if a.kwarg:
        names.append("**" + a.kwarg.arg)
    return names


def runtime_params(fn: object) -> List[str]:
    out = []
    for p in inspect.signature(fn).parameters.values():  # type: ignore[arg-type]
        prefix = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}.get(p.kind, "")
        out.append(prefix + p.name)
    return out


class Stubs(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tree = load_stub()
        cls.classes: Dict[str, ast.ClassDef] = {}
        cls.functions: Dict[str, ast.FunctionDef] = {}
        cls.variables: Set[str] = set()
        for node in cls.tree.body:
            if isinstance(node, ast.ClassDef):
                cls.classes[node.name] = node
            elif isinstance(node, ast.FunctionDef):
                cls.functions[node.name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                cls.variables.add(node.target.id)

    def stub_members(self, name: str) -> Dict[str, ast.AST]:
        node = self.classes[name]
        members: Dict[str, ast.AST] = {}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in self.classes:
                members.update(self.stub_members(base.id))
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                members[item.name] = item
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                members[item.target.id] = item
            elif isinstance(item, ast.Assign):
                for t in item.targets:
                    if isinstance(t, ast.Name):
                        members[t.id] = item
        return members

    @staticmethod
    def runtime_members(cls: type) -> Dict[str, object]:
        members: Dict[str, object] = {}
        for klass in reversed(cls.__mro__):
            if not klass.__module__.startswith("impgraph"):
                continue
            for name, value in vars(klass).items():
                if isinstance(value, (property, classmethod, staticmethod)) or inspect.isfunction(value):
                    members[name] = value
            for name in vars(klass).get("__annotations__", {}):
                members[name] = None
        if dataclasses.is_dataclass(cls):
            for f in dataclasses.fields(cls):
                members[f.name] = None
        if isinstance(cls, enum.EnumMeta):
            for name in cls.__members__:
                members[name] = None
        if hasattr(cls, "_fields"):  # NamedTuple
            for name in cls._fields:  # type: ignore[attr-defined]
                members[name] = None
        return {k: v for k, v in members.items() if public(k) or k == "__init__"}

    def test_top_level_names(self) -> None:
        stubbed = {n for n in set(self.classes) | set(self.functions) | self.variables if not n.startswith("_")}
        stubbed.add("__version__")
        self.assertEqual(sorted(stubbed ^ set(impgraph.__all__)), [])
        for name in impgraph.__all__:
            self.assertTrue(hasattr(impgraph, name), name)

    def test_functions(self) -> None:
        for name, node in self.functions.items():
            self.assertEqual(stub_params(node), runtime_params(getattr(impgraph, name)), name)

    def test_classes(self) -> None:
        for name in self.classes:
            with self.subTest(cls=name):
                runtime = getattr(impgraph, name)
                stub = self.stub_members(name)
                real = self.runtime_members(runtime)
                stub_public = {k for k in stub if public(k)}
                real_public = {k for k in real if public(k)}
                self.assertEqual(sorted(stub_public - real_public), [], "in the stub only")
                self.assertEqual(sorted(real_public - stub_public), [], "missing from the stub")
                for member, node in stub.items():
                    if not isinstance(node, ast.FunctionDef):
                        continue
                    if any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list):
                        continue
                    value = inspect.getattr_static(runtime, member)
                    if isinstance(value, (classmethod, staticmethod)):
                        value = value.__func__
                    # Both sides with self / cls: the raw function.
                    params = stub_params(node)
                    target = value
                    self.assertEqual(params, runtime_params(target), "%s.%s" % (name, member))

    def test_enum_values(self) -> None:
        for name, node in self.classes.items():
            runtime = getattr(impgraph, name)
            if not isinstance(runtime, enum.EnumMeta):
                continue
            values = {}
            for item in node.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
                    values[item.targets[0].id] = item.value.value  # type: ignore[attr-defined]
            self.assertEqual(values, {m.name: m.value for m in runtime}, name)  # type: ignore[var-annotated]


if __name__ == "__main__":
    unittest.main()
