"""cjm: customer-journey maps as a searchable MkDocs handbook."""

from importlib.metadata import PackageNotFoundError, version

try:
    #: The installed distribution's version: pyproject.toml is its only source.
    __version__ = version("mkdocs-cjm-plugin")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
