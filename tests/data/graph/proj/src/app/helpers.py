NAME = "re"
if False:
    import app.config
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import app.cli
