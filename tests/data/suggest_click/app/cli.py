import click
import csv
from . import heavy


@click.group()
def cli():
    pass


@cli.command()
def stats():
    print(heavy.crunch())


@cli.command(name="export-csv")
def export_csv():
    print(csv.writer)


if __name__ == "__main__":
    cli()
