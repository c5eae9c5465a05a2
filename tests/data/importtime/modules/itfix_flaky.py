# Fixture module: the first import fails, the retry succeeds (the log shows
# itfix_flaky twice at the same depth; only the second one is in sys.modules).
import sys

if not getattr(sys, "_itfix_flaky_failed", False):
    sys._itfix_flaky_failed = True
    import json  # noqa: F401  (a child row under the failing attempt)
    raise ImportError("itfix_flaky: first attempt fails on purpose")
