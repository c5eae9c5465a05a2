"""Entry of the reconciliation fixture (see tests/data/reconcile/README.md)."""
from plug import core  # noqa: F401
from plug import registry  # noqa: F401
