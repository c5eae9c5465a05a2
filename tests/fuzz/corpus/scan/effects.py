import logging, os, signal, sys, warnings
import json

sys.path.insert(0, "x")
sys.modules["alias"] = sys
os.environ["A"] = "1"
del os.environ["A"]
signal.signal(signal.SIGTERM, signal.SIG_DFL)
warnings.simplefilter("ignore")
logging.basicConfig(level=logging.INFO)
json.dumps = lambda *a: ""
registry = {}
registry["x"] = 1
if True:
    with open(__file__) as f:
        for line in f:
            plugin_load(line)
if __name__ == "__main__":
    register_everything()
