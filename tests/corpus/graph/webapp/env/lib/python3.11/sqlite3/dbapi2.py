import datetime
from _sqlite3 import *
