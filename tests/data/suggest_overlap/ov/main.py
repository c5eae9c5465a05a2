# ov.heavy is imported by one and two (each only inside a function) and by
# mid, which three imports only inside a function: dropping heavy needs all
# three changes, but only one's and two's save together (one group); three's
# saves mid on its own.
from .one import ONE
from .two import TWO
from .three import THREE

TOTAL = ONE + TWO + THREE
