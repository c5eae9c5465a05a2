# Case 6: a real package without the submodule, and a package that fails
# (its submodule fails with it: the parent is imported first).
try:
    import fx_subfail
except ImportError:
    fx_subfail = None
try:
    import fx_pf.child
except ImportError:
    fx_pf = None
