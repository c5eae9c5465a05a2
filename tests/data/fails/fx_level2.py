import fx_l2_before
from fx_missing_zz import thing
import fx_l2_after
