# An unprotected import of a name six does not define: the module fails.
from six.moves import no_such_move
