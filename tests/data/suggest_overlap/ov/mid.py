from . import heavy

VALUE = heavy.f()  # needed at import time: this import stays
