import argparse
import atexit
import click
import typer

app = typer.Typer()


@click.group()
def cli():
    pass


@cli.command(name="do-it")
def do_it():
    return helper()


@app.command()
def typed(x: int = 1):
    pass


def helper():
    """Doc."""
    return 1


def build():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers()
    a = sub.add_parser("add")
    a.set_defaults(func=helper)
    sub.add_parser("list").set_defaults(func=do_it)
    return p


class K:
    def m(self): return helper()


atexit.register(helper)
CONFIG = build()
