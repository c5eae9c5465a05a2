try:
    import fx_six_missing
except ImportError:
    pass
