"""hiptimer: a full-screen terminal timer for hip and glute strength work."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hiptimer")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
