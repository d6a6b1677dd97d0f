"""Action tests share `call` from tests/conftest.py; `Call` is re-exported for type hints."""

from tests.conftest import Call

__all__ = ["Call"]
