# Case 7: a fallback whose preferred import (a module seen for the first
# time) works: the fallback never runs.
import fx_markup
