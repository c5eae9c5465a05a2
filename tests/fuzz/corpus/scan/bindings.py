import x
x = 1
a, (b, *x) = v
x += 1
x: int = 2
for x in v: pass
with v as x: pass
try:
    pass
except E as x:
    pass
if (x := 3): pass
del x
def x(): pass
class x: pass
def f(x, y=1): pass
g = lambda x: 0
h = [0 for x in v]
x.attr = 1
x[0] = 1
