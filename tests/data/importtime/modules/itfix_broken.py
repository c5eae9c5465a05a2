# Fixture module: its import fails because a dependency is missing.
import itfix_missing_dependency  # noqa: F401  (does not exist)
