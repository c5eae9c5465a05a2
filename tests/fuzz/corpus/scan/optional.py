try:
    import json
except ImportError:
    import simplejson as json
try:
    import a
except (ValueError, ModuleNotFoundError) as e:
    pass
else:
    import b
finally:
    import c
try:
    import d
except* ImportError:
    pass
try:
    import e
except:
    pass
