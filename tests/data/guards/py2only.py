"""py2only: imported by guardpkg (see README.md)."""
