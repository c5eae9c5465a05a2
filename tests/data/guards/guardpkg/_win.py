"""guardpkg._win: imported only when WIN."""
