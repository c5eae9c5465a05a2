from typing import TYPE_CHECKING

import sqlite3
import tinyorm

if TYPE_CHECKING:
    from .app import create_app


def connect():
    return sqlite3.connect(":memory:")
