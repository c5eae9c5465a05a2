import fx_l1_before
import fx_level2
import fx_l1_after
