"""Loads its plugins by computed names: no static edge, an observed-only one."""
import plug.util  # noqa: F401

PLUGINS = ["alpha"]
for _name in PLUGINS:
    __import__("plug.plugins." + _name)
