"""winonly: imported by guardpkg (see README.md)."""
