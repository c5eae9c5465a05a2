"""Fails at line 4: fx_missing_zz is installed nowhere."""
import fx_before1

import fx_missing_zz
import fx_after1
