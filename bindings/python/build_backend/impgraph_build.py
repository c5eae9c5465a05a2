"""A small in-tree PEP 517 / PEP 660 build backend for the `libimpgraph`
distribution (import name `impgraph`).

Why not setuptools: the package is pure Python (ctypes), and setuptools
before 70.1 cannot build a wheel without the separate `wheel` package, which
this project's machines do not have and cannot download (pip then fails
offline, with or without build isolation). This backend needs nothing but
the standard library, so `pip install bindings/python` works offline with
any pip >= 19.1 and any Python >= 3.8, build isolation or not.

It writes:
  * a wheel (py3-none-any) holding impgraph/ (.py, .pyi, py.typed) and the
    .dist-info (METADATA, WHEEL, top_level.txt, RECORD);
  * an editable wheel (PEP 660) holding a .pth file that points at this
    directory;
  * an sdist (.tar.gz) of this directory's sources.
The metadata comes from pyproject.toml's [project] table.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # bindings/python
PACKAGE = "impgraph"
PACKAGE_SUFFIXES = (".py", ".pyi", ".typed")
SDIST_FILES = ("pyproject.toml", "README.md")
SDIST_DIRS = ("build_backend", PACKAGE, "tests")
# Reproducible archives: a fixed timestamp unless SOURCE_DATE_EPOCH says.
EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01


# ---------------------------------------------------------------------------
# pyproject.toml [project] (a tiny reader: tomllib is only in 3.11+)
# ---------------------------------------------------------------------------


def _parse_value(text: str) -> object:
    text = text.strip()
    if text.startswith("["):
        return [_parse_value(item) for item in re.findall(r'"(?:[^"\\]|\\.)*"', text)]
    if text.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"', text)
        if not m:
            raise ValueError("pyproject.toml: bad string %r" % text)
        return m.group(1).encode("utf-8").decode("unicode_escape")
    raise ValueError("pyproject.toml: unsupported value %r" % text)


def read_project(path: Optional[str] = None) -> Dict[str, object]:
    """The string and string-list keys of [project] (and [project.urls])."""
    path = path or os.path.join(ROOT, "pyproject.toml")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    project: Dict[str, object] = {}
    urls: Dict[str, str] = {}
    table = None
    pending: Optional[Tuple[str, List[str]]] = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip() if '"' not in raw else raw.rstrip()
        if pending is not None:  # a multi-line array
            pending[1].append(line)
            if line.strip().endswith("]"):
                project[pending[0]] = _parse_value(" ".join(pending[1]))
                pending = None
            continue
        if not line.strip():
            continue
        m = re.match(r"^\[([^\]]+)\]$", line.strip())
        if m:
            table = m.group(1).strip()
            continue
        if table not in ("project", "project.urls"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        key, value = key.strip().strip('"'), value.strip()
        if table == "project.urls":
            urls[key] = str(_parse_value(value))
        elif value.startswith("[") and not value.endswith("]"):
            pending = (key, [value])
        elif value.startswith(("[", '"')):
            project[key] = _parse_value(value)
    if urls:
        project["urls"] = urls
    for required in ("name", "version"):
        if required not in project:
            raise ValueError("pyproject.toml: [project] lacks %s" % required)
    return project


def _dist_name(project: Dict[str, object]) -> str:
    return re.sub(r"[-_.]+", "_", str(project["name"])).lower()


def _dist_info(project: Dict[str, object]) -> str:
    return "%s-%s.dist-info" % (_dist_name(project), project["version"])


def metadata_text(project: Dict[str, object]) -> str:
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
    ]
    if "description" in project:
        lines.append("Summary: %s" % project["description"])
    if "requires-python" in project:
        lines.append("Requires-Python: %s" % project["requires-python"])
    for url_name, url in dict(project.get("urls", {})).items():  # type: ignore[arg-type]
        lines.append("Project-URL: %s, %s" % (url_name, url))
    keywords = project.get("keywords")
    if keywords:
        lines.append("Keywords: %s" % ",".join(keywords))  # type: ignore[arg-type]
    for classifier in project.get("classifiers", []):  # type: ignore[union-attr]
        lines.append("Classifier: %s" % classifier)
    readme = project.get("readme")
    body = ""
    if isinstance(readme, str) and os.path.exists(os.path.join(ROOT, readme)):
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


# ---------------------------------------------------------------------------
# Wheels
# ---------------------------------------------------------------------------


class _Wheel:
    def __init__(self, path: str) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records: List[str] = []

    def add(self, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(arcname, date_time=time.gmtime(EPOCH)[:6])
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append("%s,sha256=%s,%d" % (arcname, digest, len(data)))

    def close(self, dist_info: str) -> None:
        record = dist_info + "/RECORD"
        self.records.append(record + ",,")
        info = zipfile.ZipInfo(record, date_time=time.gmtime(EPOCH)[:6])
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, "\n".join(self.records) + "\n")
        self.zip.close()


def _package_files() -> List[str]:
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, PACKAGE))):
        if name.endswith(PACKAGE_SUFFIXES):
            out.append(name)
    return out


def _wheel_name(project: Dict[str, object]) -> str:
    return "%s-%s-py3-none-any.whl" % (_dist_name(project), project["version"])


def _write_dist_info(wheel: _Wheel, project: Dict[str, object]) -> str:
    dist_info = _dist_info(project)
    wheel.add(dist_info + "/METADATA", metadata_text(project).encode("utf-8"))
    wheel.add(
        dist_info + "/WHEEL",
        b"Wheel-Version: 1.0\nGenerator: impgraph_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    )
    wheel.add(dist_info + "/top_level.txt", (PACKAGE + "\n").encode())
    return dist_info


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Dict[str, object]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    project = read_project()
    name = _wheel_name(project)
    wheel = _Wheel(os.path.join(wheel_directory, name))
    for filename in _package_files():
        with open(os.path.join(ROOT, PACKAGE, filename), "rb") as f:
            wheel.add("%s/%s" % (PACKAGE, filename), f.read())
    wheel.close(_write_dist_info(wheel, project))
    return name


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Dict[str, object]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    project = read_project()
    name = _wheel_name(project)
    wheel = _Wheel(os.path.join(wheel_directory, name))
    wheel.add("_%s_editable.pth" % _dist_name(project), (ROOT + "\n").encode("utf-8"))
    wheel.close(_write_dist_info(wheel, project))
    return name


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: Optional[Dict[str, object]] = None
) -> str:
    project = read_project()
    dist_info = _dist_info(project)
    target = os.path.join(metadata_directory, dist_info)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "METADATA"), "w", encoding="utf-8") as f:
        f.write(metadata_text(project))
    with open(os.path.join(target, "WHEEL"), "w", encoding="utf-8") as f:
        f.write("Wheel-Version: 1.0\nGenerator: impgraph_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    with open(os.path.join(target, "top_level.txt"), "w", encoding="utf-8") as f:
        f.write(PACKAGE + "\n")
    return dist_info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, object]] = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[Dict[str, object]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, object]] = None) -> List[str]:
    return []


# ---------------------------------------------------------------------------
# sdist
# ---------------------------------------------------------------------------


def _sdist_members() -> List[str]:
    members = [f for f in SDIST_FILES if os.path.exists(os.path.join(ROOT, f))]
    for top in SDIST_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for filename in sorted(filenames):
                if filename.endswith((".pyc", ".pyo")):
                    continue
                members.append(os.path.relpath(os.path.join(dirpath, filename), ROOT))
    return members


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, object]] = None) -> str:
    project = read_project()
    base = "%s-%s" % (_dist_name(project), project["version"])
    name = base + ".tar.gz"

    def add(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
        info = tarfile.TarInfo(arcname)
        info.size = len(data)
        info.mtime = EPOCH
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for member in _sdist_members():
            with open(os.path.join(ROOT, member), "rb") as f:
                add(tar, "%s/%s" % (base, member.replace(os.sep, "/")), f.read())
        add(tar, base + "/PKG-INFO", metadata_text(project).encode("utf-8"))
    return name
