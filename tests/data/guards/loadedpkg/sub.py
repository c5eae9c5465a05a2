"""loadedpkg.sub: never imported (see README.md)."""
