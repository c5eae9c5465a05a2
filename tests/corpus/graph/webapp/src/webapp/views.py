from webapp import app


def render(rows):
    import csv
    return csv, app
