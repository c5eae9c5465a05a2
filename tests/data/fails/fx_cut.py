"""Imports cut off by an earlier import that raises ImportError: the rest of
its block (and the blocks nested in it, and its line after a `;`) never
runs, whatever catches the error; what follows the block does."""
import sys

try:
    import fx_missing_zz
    import fx_cut_never1
    if sys.argv is not None:
        import fx_cut_never2
except ImportError:
    import fx_cut_fallback

try: import fx_fails1; import fx_cut_never3
except ImportError: pass

for _name in ("x",):
    try:
        from fx_missing_zz import (
            thing,
        )
        import fx_cut_never4
    except ImportError:
        pass

if sys.argv is None:
    import fx_missing_zz
import fx_cut_reached
