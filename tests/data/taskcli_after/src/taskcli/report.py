import textwrap


def render(tasks):
    from . import analytics

    stats = analytics.summary(tasks)
    lines = [("[x] " if t.done else "[ ] ") + t.title for t in tasks]
    return textwrap.indent("\n".join(lines), "  ") + \
        "\n  {done}/{count} done".format(**stats)
