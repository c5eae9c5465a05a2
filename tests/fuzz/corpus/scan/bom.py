import os
os.sep
