# from six.moves import NAME: six.moves, and NAME's target (on Python 3).
from six.moves import _thread
from six.moves import reduce, shlex_quote
try:
    from fx_six_win import winthing
except ImportError:
    winthing = None
import fx_six_sub
