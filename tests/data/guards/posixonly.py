"""posixonly: imported by guardpkg (see README.md)."""
