class _SixMetaPathImporter(object):
    pass
__path__ = []
sys.meta_path.append(_importer)
L = [
  MovedModule('a', 'x', 'yes' if sys.version_info[:2] == (3, 11) else 'no' if sys.platform == 'x' else 'z'),
  MovedModule('e', 'x', 'y' if sys.version_info >= (3, 11, 2) else 'n'),
]
if sys.platform.startswith('linux'):
    L.extend([MovedModule('l', 'o')])
    if X:
        L += [MovedModule('m', 'o')]
try:
    L += [MovedModule('t', 'o')]
except ImportError:
    pass
