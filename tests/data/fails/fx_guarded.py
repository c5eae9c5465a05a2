try:
    import fx_fails3
except ImportError:
    fx_fails3 = None
import fx_guarded_after
