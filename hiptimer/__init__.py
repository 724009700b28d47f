"""hiptimer: a full-screen terminal timer for hip and glute strength work."""

from functools import cache

__all__ = ["__version__"]


@cache
def _installed_version() -> str:
    # importlib.metadata scans every installed package: a quarter of a second of start-up
    # on a slow machine, spent only when someone asks for the version.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hiptimer")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'hiptimer' has no attribute {name!r}")
