from .a import A  # imported from the package by main at import time: stays
from .b import B  # nobody imports it at start-up: lazy-getattr
