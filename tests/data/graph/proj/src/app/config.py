from typing import TYPE_CHECKING

import app.cli

if TYPE_CHECKING:
    from app.helpers import NAME


def show():
    return app.cli
