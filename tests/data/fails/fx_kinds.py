"""Untaken and handler imports never make a module fail, and the fallback
recomputation keeps their kind: this module imports the missing
fx_missing_zz only where it never runs, and the failing fx_fails1 and
fx_fails3 only in try bodies whose fallbacks are untaken or handlers."""
import sys

try:
    VALUE = int("1")
except ValueError:
    import fx_missing_zz  # handler: only if int() raises

if sys.platform == "never-a-platform":
    import fx_missing_zz  # untaken

try:
    import fx_fails1
except ImportError:
    if sys.platform == "never-a-platform":
        import fx_kinds_untaken_fb  # untaken, although fx_fails1 fails
    else:
        import fx_kinds_fb  # eager: fx_fails1 fails, so the fallback runs

try:
    import fx_fails3
except ImportError:
    try:
        VALUE = int("2")
    except ValueError:
        import fx_kinds_handler_fb  # handler, although fx_fails3 fails

import fx_kinds_after  # runs: the module does not fail
