import os as _os
import re as _re


def _get_formatter():
    import shutil
    return shutil
