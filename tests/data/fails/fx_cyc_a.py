import fx_cyc_b
import fx_cyc_a_after
