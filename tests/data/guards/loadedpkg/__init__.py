"""loadedpkg: imported by guardpkg (see README.md)."""
