try:
    from _json import encode_basestring
except ImportError:
    encode_basestring = None
