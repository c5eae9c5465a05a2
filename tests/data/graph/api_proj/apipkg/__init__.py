"""Fixture for api.graph (built with the real python3)."""
import json
import os
from typing import TYPE_CHECKING

import apipkg.sub.deep.leaf

if TYPE_CHECKING:
    import decimal

try:
    import impgraph_fixture_nonexistent
except ImportError:
    impgraph_fixture_nonexistent = None


def report():
    import csv
    return csv
