import xml.etree.ElementTree


def dump(obj):
    import _pickle
    return _pickle.dumps(obj)
