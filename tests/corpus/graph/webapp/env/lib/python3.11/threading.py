import os as _os
