import json
def crunch():
    return json.dumps([1])
