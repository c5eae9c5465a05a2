import json

from . import views
from .db import connect


def create_app():
    return {"db": connect(), "views": views, "json": json}
