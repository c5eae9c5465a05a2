"""The ctypes struct mirrors have the C layout: a small C program compiled
against impgraph.h prints sizeof / offsetof of every field, compared with
ctypes' sizes and offsets. Skipped when no C compiler is found (the binding
itself never needs one)."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

from impgraph import _lib

import support


def _compiler() -> str:
    for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if cc and shutil.which(cc.split()[0]):
            return cc
    return ""


CC = _compiler()


@unittest.skipIf(support.header_path() is None, "impgraph.h not found")
@unittest.skipUnless(CC, "no C compiler (set CC)")
class Layout(unittest.TestCase):
    def test_struct_layouts_match_the_header(self) -> None:
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "impgraph.h"', "int main(void) {"]
        expected = []
        for name, struct in sorted(_lib.STRUCTS.items()):
            lines.append('  printf("%%s %%zu %%zu\\n", "%s", sizeof(%s), _Alignof(%s));' % (name, name, name))
            expected.append("%s %d %d" % (name, ctypes.sizeof(struct), ctypes.alignment(struct)))
            for field, _ in struct._fields_:
                cfield = field
                lines.append(
                    '  printf("%%s.%%s %%zu %%zu\\n", "%s", "%s", offsetof(%s, %s), sizeof(((%s *)0)->%s));'
                    % (name, field, name, cfield, name, cfield)
                )
                descriptor = getattr(struct, field)
                expected.append("%s.%s %d %d" % (name, field, descriptor.offset, descriptor.size))
        lines += ["  return 0;", "}"]
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "layout.c")
            exe = os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write("\n".join(lines) + "\n")
            include = os.path.dirname(support.header_path())  # type: ignore[arg-type]
            # No sanitizer flags: the program only prints constants.
            env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
            subprocess.run(
                CC.split() + ["-std=c11", "-I", include, src, "-o", exe],
                check=True,
                env=env,
            )
            out = subprocess.run([exe], check=True, stdout=subprocess.PIPE, env=env).stdout.decode()
        self.assertEqual(out.splitlines(), expected)


if __name__ == "__main__":
    unittest.main()
