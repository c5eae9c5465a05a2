def import_module(name, package=None):
    return __import__(name)
