import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class Store:
    path: "Path"
    tasks: list = field(default_factory=list)

    def load(self):
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.tasks = json.load(f)
        return self

    def save(self):
        with open(self.path, "w") as f:
            json.dump(self.tasks, f, indent=2)
