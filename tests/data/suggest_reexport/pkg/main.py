from pkg import A
from pkg.mixed import Ann, work  # Ann: an eager annotation; work: called in g()

X = A()


def f() -> Ann:
    return None


def g():
    return work()
