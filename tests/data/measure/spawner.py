"""Runs a child interpreter that logs its own imports on the same stderr (a
second `-X importtime` header in the middle of the parent's log)."""
import subprocess
import sys

subprocess.run([sys.executable, "-X", "importtime", "-c", "import csv"], check=True)
