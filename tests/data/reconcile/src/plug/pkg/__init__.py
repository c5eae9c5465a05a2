"""A package whose submodule plug.registry imports with `from plug.pkg import mod`."""
