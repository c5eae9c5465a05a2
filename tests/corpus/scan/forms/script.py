#!/usr/bin/env python3
import argparse
from importlib import import_module

def main():
    mod = import_module(".sub", package="pkg")
    return argparse, mod

if __name__ == "__main__":
    main()
