import argparse
import sys

try:
    import readline  # noqa: F401  (nicer prompts where available)
except ImportError:
    readline = None


def cmd_add(args):
    from .model import Priority, Task, TaskList

    tasks = TaskList(args.file).load()
    tasks.tasks.append(Task(args.title, Priority[args.priority.upper()]))
    tasks.save()
    print("added:", args.title)


def cmd_list(args):
    from .model import TaskList
    from .report import render

    tasks = TaskList(args.file).load()
    print(render(tasks.tasks))


def cmd_stats(args):
    from . import analytics
    from .model import TaskList

    tasks = TaskList(args.file).load()
    print(analytics.summary(tasks.tasks))


def cmd_export(args):
    from .export import to_xml
    from .model import TaskList

    tasks = TaskList(args.file).load()
    print(to_xml(tasks.tasks))


def cmd_sync(args):
    from . import sync
    from .model import TaskList

    tasks = TaskList(args.file).load()
    print("would POST to", sync.push(tasks.tasks, args.url))


def build_parser():
    parser = argparse.ArgumentParser(prog="taskcli", description="A small to-do list manager.")
    parser.add_argument("--file", default="tasks.json")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a task")
    add.add_argument("title")
    add.add_argument("--priority", default="normal", choices=["low", "normal", "high"])
    add.set_defaults(func=cmd_add)
    sub.add_parser("list", help="list tasks").set_defaults(func=cmd_list)
    sub.add_parser("stats", help="task statistics").set_defaults(func=cmd_stats)
    sub.add_parser("export", help="export as XML").set_defaults(func=cmd_export)
    sync_cmd = sub.add_parser("sync", help="push tasks to a server")
    sync_cmd.add_argument("--url", default="http://localhost:8000/tasks")
    sync_cmd.set_defaults(func=cmd_sync)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
