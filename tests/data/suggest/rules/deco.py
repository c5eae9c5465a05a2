def register(f):
    return f
