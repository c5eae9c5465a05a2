import argparse

from webapp import create_app

try:
    import ujson as json
except ImportError:
    import json


def main():
    import logging
    logging.basicConfig()
    parser = argparse.ArgumentParser()
    parser.parse_args()
    return create_app()


if __name__ == "__main__":
    import sys
    sys.exit(main())
