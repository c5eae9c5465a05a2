import os
import a.b.c
import a.b as c, d
import os . path
