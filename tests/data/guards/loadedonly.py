"""loadedonly: imported by guardpkg (see README.md)."""
