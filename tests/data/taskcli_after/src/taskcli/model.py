from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path


class Priority(enum.IntEnum):  # enum is needed at import time (base class)
    LOW = 1
    NORMAL = 2
    HIGH = 3


@dataclass  # dataclasses is needed at import time (decorator)
class Task:
    title: str
    priority: Priority = Priority.NORMAL
    done: bool = False
    estimate_hours: "Decimal | None" = None


@dataclass
class TaskList:
    path: "Path"
    tasks: List[Task] = field(default_factory=list)

    def load(self) -> "TaskList":
        import json

        if os.path.exists(self.path):
            with open(self.path) as f:
                self.tasks = [Task(t["title"], Priority(t["priority"]), t["done"])
                              for t in json.load(f)]
        return self

    def save(self) -> None:
        import json

        with open(self.path, "w") as f:
            json.dump([{"title": t.title, "priority": int(t.priority), "done": t.done}
                       for t in self.tasks], f, indent=2)

    def total_estimate(self) -> Decimal:
        return sum((t.estimate_hours or 0 for t in self.tasks), 0)
