"""loadedget: imported by guardpkg (see README.md)."""
thing = 1
