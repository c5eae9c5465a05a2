import textwrap
from importlib import import_module


def render(tasks):
    decimal = import_module("decimal")
    lines = [("[x] " if t["done"] else "[ ] ") + t["title"] for t in tasks]
    done = decimal.Decimal(sum(t["done"] for t in tasks))
    return textwrap.indent("\n".join(lines), "  ") + f"\n  done: {done}"
