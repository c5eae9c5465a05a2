__supported = ('md5', 'blake2b', 3, "x" "y")
__blocked = frozenset({'blake2b', 'blake2s'})

def __get_builtin(name, /, other=1, *args, key: str = "k", **kw):
    """Doc."""
    if name in {'SHA1', 'sha1'}:
        import _sha1
    elif name in __blocked and not other:
        import _blake2
    else:
        return f(name, key=other)(
            1, *args)
    x, y = other, [1, (2,
        3)]; z = 'a\
b'

try:
    import _hashlib
    __get = __get_builtin
except ImportError:
    __get = None

for __name in __supported:
    try:
        globals()[__name] = __get(__name)
    except ValueError: pass
del __supported, __get
if name == 'blake2b': x = f'''{name}
''' # comment
