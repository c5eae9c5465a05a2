import numpy as np
import os, os.path
from m import a, b
__all__ = ["a", "b", "np"]
__all__ += ("c",)
x = np.linalg.norm(y).T
z = (np . linalg
     . det)
def f(p: np.ndarray, q=np.zeros(3), *r: np.T, **s: "np.X") -> "Optional[np.Y]":
    global os
    os = None
    v: np.int64 = 1
    return [np for np in p]
@np.vectorize
class C(np.Base, metaclass=np.Meta):
    attr: "np.ndarray"
    def m(self, w=lambda: np.pi):
        nonlocal_ok = os.sep
del np
