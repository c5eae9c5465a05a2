# import six.moves.X: the submodule six serves (a MovedModule is its
# target module in sys.modules); six.moves.urllib.parse is a lazy module.
import six.moves.queue
from six.moves.urllib.parse import urlparse
