"""Parameters a call leaves at a literal default (None, True, False, an int,
a string) decide the conditions that read them (the shape of CPython's
xml.dom.minidom.parseString(string, parser=None), called from a class body
through a constructor, as prompt_toolkit's HTML("...") does); not a parameter
the body binds again."""

DEFAULTS = {}


def parse(text, parser=None, strict: bool = True, level=0, mode="fast"):
    if parser is None:
        import callpkg.leaf_vd_none
    else:
        import callpkg.leaf_vd_parser
    if not strict:
        import callpkg.leaf_vd_lax
    elif level == 0 and mode == "fast" and parser == None:
        import callpkg.leaf_vd_fast


def given(text, parser=None):
    if parser is None:
        import callpkg.leaf_vd_given


def starred(text, parser=None):
    if parser is None:
        import callpkg.leaf_vd_starred


def not_literal(text, options=DEFAULTS):
    if options is None:
        import callpkg.leaf_vd_options


def setup(verbose=False, /, *, color=True):
    if verbose:
        import callpkg.leaf_vd_verbose
    elif color is not None:
        import callpkg.leaf_vd_quiet


def rebinds(text, parser=None):
    if parser is None:
        parser = "default"
    if parser is None:  # never: the body binds the parameter again
        import callpkg.leaf_vd_rebound


class Html:
    def __init__(self, value):
        self.value = value
        parse(value)


class Style:
    template = Html("<b>{0}</b>")


setup()
given("x", len)
given("x", parser=len)
starred(*("x", len))
not_literal("x")
rebinds("x")
rebinds("x", None)
