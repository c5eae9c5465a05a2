'''WIN = True'''
A = B
B = A and (C or not D)
C = [x for x in y if x]
D = {1: 2, **e}
for A in x: pass
with x as (a, D): pass
def f(A=1, *, b): global C; C += 1
class K(metaclass=M): x: int = lambda q: q
case [A, B]: pass
from . import *
A is not None and B if C else lambda: D
f(x for x in y)(k=1)[::2] ** -3 @ 4 // 5
'unterminated
