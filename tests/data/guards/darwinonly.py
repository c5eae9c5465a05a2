"""darwinonly: imported by guardpkg (see README.md)."""
