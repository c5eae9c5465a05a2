"""CSV/XML export. Heavy at import (stands for a serialisation library)."""
import csv
import io
import xml.etree.ElementTree as ET

from ._cost import burn

burn(30)


def to_csv(tasks):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "priority", "done"])
    for t in tasks:
        writer.writerow([t.title, int(t.priority), t.done])
    return out.getvalue()


def to_xml(tasks):
    root = ET.Element("tasks")
    for t in tasks:
        ET.SubElement(root, "task", title=t.title, done=str(t.done))
    return ET.tostring(root, encoding="unicode")
