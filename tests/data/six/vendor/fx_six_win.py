# Like dateutil/tz/win.py: six defines winreg on Windows only, so off
# Windows this import raises ImportError and the module fails here.
import fx_six_before
from six.moves import winreg
import fx_six_after

winthing = winreg
