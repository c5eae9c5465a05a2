import os
print "hello", os.name
try:
    import cPickle as pickle
except ImportError, e:
    import pickle
exec "code" in ns
print >>sys.stderr, 'x'
