import
from x import
from import y
def f(:
    import ok1
x = = 1
import ok2
class
from d import e
x = (import bad)
foo(
import ok3
