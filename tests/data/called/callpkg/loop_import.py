"""Dynamic imports over the values of a module-level loop (the shape of
requests.packages)."""
import importlib

for _package in ("callpkg.leaf_li_a", "callpkg.leaf_li_b"):
    locals()[_package] = __import__(_package)

for _other in ["callpkg.leaf_li_a"]:
    importlib.import_module(_other)
