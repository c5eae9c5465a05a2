from .. import a
from ..a import thing
from . import c
