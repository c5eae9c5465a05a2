NAME = "re"
if NAME:
    import app.config
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import app.cli
