import textwrap

from . import analytics  # eager here too: deferring it in cli.py alone saves nothing


def render(tasks):
    stats = analytics.summary(tasks)
    lines = [("[x] " if t.done else "[ ] ") + t.title for t in tasks]
    return textwrap.indent("\n".join(lines), "  ") + \
        "\n  {done}/{count} done".format(**stats)
