print "python 2"
import py2_module
except_ok = 1
