"""Sync tasks with a server. Heavy at import (stands for an HTTP client)."""
from ._cost import burn

burn(25)


def push(tasks, url):
    import json
    import urllib.request

    body = json.dumps([t.title for t in tasks]).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    return request.full_url
