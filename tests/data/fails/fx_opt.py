# Case 1: an optional import of a module that fails: the fallback runs.
try:
    import fx_fails1
except ImportError:
    import fx_fallback1
