"""CSV/XML export. Heavy at import (stands for a serialisation library)."""
import io

from ._cost import burn

burn(30)


def to_csv(tasks):
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "priority", "done"])
    for t in tasks:
        writer.writerow([t.title, int(t.priority), t.done])
    return out.getvalue()


def to_xml(tasks):
    import xml.etree.ElementTree as ET

    root = ET.Element("tasks")
    for t in tasks:
        ET.SubElement(root, "task", title=t.title, done=str(t.done))
    return ET.tostring(root, encoding="unicode")
