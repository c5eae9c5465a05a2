class _SixMetaPathImporter(object):
    pass
__path__ = []
sys.meta_path.append(_importer)
_moved_attributes = [
    MovedModule(name_var, 'old'),
    Other('x'),
    MovedAttribute('short', 'old'),
]
for attr in _moved_attributes:
    _importer._add_module(attr, prefix + attr.name)
_importer._add_module(moves, some_name)
_other = [MovedModule('unterminated', 'x'
