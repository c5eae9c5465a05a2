# Fixture module: removes itself from sys.modules and imports itself again,
# so `-X importtime` logs itfix_selfnest nested under itfix_selfnest.
import sys

if not getattr(sys, "_itfix_selfnest_done", False):
    sys._itfix_selfnest_done = True
    del sys.modules[__name__]
    import itfix_selfnest  # noqa: F401
