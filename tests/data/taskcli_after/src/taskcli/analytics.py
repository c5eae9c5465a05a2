"""Statistics over tasks. Heavy at import (stands for pandas-like work)."""
from ._cost import burn

burn(40)


def summary(tasks):
    import statistics

    lengths = [len(t.title) for t in tasks] or [0]
    return {"count": len(tasks), "done": sum(t.done for t in tasks),
            "mean_title": statistics.mean(lengths)}
