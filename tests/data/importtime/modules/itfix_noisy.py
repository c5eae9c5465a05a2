# Fixture module: writes to stderr without a trailing newline, so the next
# `import time:` row is glued after the text; then prints a blank line and a
# warning like a real noisy package would.
import sys
import warnings

sys.stderr.write("Warning: noisy module says hi")
sys.stderr.flush()
import csv  # noqa: E402,F401
sys.stderr.write("\n")
warnings.warn("itfix_noisy is deprecated", DeprecationWarning, stacklevel=1)
print("program output on stderr", file=sys.stderr)
import decimal  # noqa: E402,F401
