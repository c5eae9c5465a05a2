# Case 4: import cycles. fx_cyc_ok_a and fx_cyc_ok_b import each other and
# load; fx_cyc_a and fx_cyc_b import each other and fx_cyc_b fails.
import fx_cyc_ok_a
try:
    import fx_cyc_a
except ImportError:
    fx_cyc_a = None
