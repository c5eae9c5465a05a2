"""Imports `early`, then fails: `early` ran while the package was in
sys.modules and stays loaded; `late` never runs."""
from . import early
import fx_missing_zz
from . import late
