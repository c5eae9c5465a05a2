"""solaris: imported by guardpkg (see README.md)."""
