"""notloaded: imported by guardpkg (see README.md)."""
