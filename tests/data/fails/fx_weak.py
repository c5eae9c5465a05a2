# Case 5: missing modules whose import does not fail. fx_plainmod is a plain
# module that makes fx_plainmod.sub at run time (as six makes six.moves);
# `from fx_realpkg import value` names an attribute, not a submodule.
import fx_plainmod.sub
from fx_realpkg import value
import fx_weak_after
