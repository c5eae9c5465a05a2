"""py37plus: imported by guardpkg (see README.md)."""
