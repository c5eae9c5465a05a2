"""handleronly: imported by guardpkg (see README.md)."""
