"""An if/elif chain whose first condition cannot be decided: the branches
after it are not followed, a later decided `if` is."""


def pick(name):
    if len(name) > 0:
        pass
    elif name == "one":
        import callpkg.leaf_vu_never
    if name == "one":
        import callpkg.leaf_vu_decided


for item in ["one"]:
    pick(item)
