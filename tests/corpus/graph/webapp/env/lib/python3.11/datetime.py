try:
    from _datetime import *
except ImportError:
    pass
