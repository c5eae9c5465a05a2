import fx_native_dep


def escape(s):
    return s
