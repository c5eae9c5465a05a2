from m import x, y as z
from m import (x,
    y,  # comment
)
from . import sibling
from ..pkg.mod import thing as other
from ... import top
from m.n import *
