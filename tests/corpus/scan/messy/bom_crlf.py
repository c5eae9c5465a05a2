import bom_first
from x import y
