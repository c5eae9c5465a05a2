# Case 8: a package that imports a submodule, then fails: the submodule stays
# loaded; another submodule imported from outside fails with the package.
try:
    import fx_pfb.late
except ImportError:
    fx_pfb = None
