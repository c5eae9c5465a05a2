import argparse
import sys

from . import store

try:
    import readline  # noqa: F401  (nicer prompts where available)
except ImportError:
    readline = None


def cmd_add(args):
    s = store.Store(args.file).load()
    s.tasks.append({"title": args.title, "done": False})
    s.save()


def cmd_report(args):
    import statistics
    from .report import render

    s = store.Store(args.file).load()
    print(render(s.tasks))
    print("mean title length:", statistics.mean(len(t["title"]) for t in s.tasks) if s.tasks else 0)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="taskcli")
    parser.add_argument("--file", default="tasks.json")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("title")
    add.set_defaults(func=cmd_add)
    report = sub.add_parser("report")
    report.set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
