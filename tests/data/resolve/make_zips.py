"""Regenerates the zip fixtures: `python3 make_zips.py` in this directory.

Fixed timestamps keep the archives byte-identical from run to run.
"""
import io
import zipfile

STAMP = (2024, 1, 1, 0, 0, 0)


def build(entries):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        for name in entries:
            archive.writestr(zipfile.ZipInfo(name, STAMP), b"")
    return data.getvalue()


ARCHIVE = [
    "zpkg/",
    "zpkg/__init__.py",
    "zpkg/mod.py",
    "zmod.py",
    "zbyte.pyc",
    "both.py",
    "both.pyc",
    "zns/",
    "zns/part.py",
    "implicit/only.py",  # no "implicit/" entry: not a namespace portion
    "sub/inner.py",
    "zext.cpython-311-x86_64-linux-gnu.so",
]

with open("archive.zip", "wb") as f:
    f.write(build(ARCHIVE))
# Data before the archive, like a pex or a self-extracting file.
with open("prepended.pyz", "wb") as f:
    f.write(b"#!/usr/bin/env python3\n" + build(["pyzmod.py"]))
with open("notazip.zip", "wb") as f:
    f.write(b"this is not a zip archive\n")
