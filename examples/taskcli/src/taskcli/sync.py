"""Sync tasks with a server. Heavy at import (stands for an HTTP client)."""
import json
import urllib.request

from ._cost import burn

burn(25)


def push(tasks, url):
    body = json.dumps([t.title for t in tasks]).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    return request.full_url
