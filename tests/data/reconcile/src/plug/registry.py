"""Imports plug.util once more (already loaded), a Windows-only module, a
submodule of a package (the package is logged under this module too), and
two modules only inside functions."""
import plug.util  # noqa: F401
from plug.pkg import mod  # noqa: F401

# A call: impgraph cannot tell that the branch below is never taken.
PLATFORM = str("linux")
if PLATFORM == "win32":
    import plug.winonly  # noqa: F401


def load_alpha():
    import plug.plugins.alpha

    return plug.plugins.alpha


def load_beta():
    import plug.beta

    return plug.beta
