import os
if x:
    from b import (c,
        d)
os.sep
