"""A failed import that the program survives: the log alone shows a success."""
try:
    import impgraph_fixture_no_such_module  # noqa: F401
except ImportError:
    pass
