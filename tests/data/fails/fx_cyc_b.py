import fx_cyc_a
import fx_cyc_b_mid
import fx_missing_zz
