# Case 2: a failure two levels down makes both levels fail.
try:
    import fx_level1
except ImportError:
    fx_level1 = None
