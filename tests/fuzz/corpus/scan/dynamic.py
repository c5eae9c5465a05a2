import importlib
from importlib import import_module, import_module as im
import importlib as il
m = __import__("os.path")
n = __import__(name, globals(), None, [], 1)
o = builtins.__import__(name="x", level=2)
p = importlib.import_module("a.b")
q = import_module("..c", "pkg.sub")
r = im(name=".d", package=__package__)
s = il.import_module(f"e{x}")
t = __import__(*args)
u = __import__('p' 'q')
