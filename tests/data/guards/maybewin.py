"""maybewin: imported by guardpkg (see README.md)."""
