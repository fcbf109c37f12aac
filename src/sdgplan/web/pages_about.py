"""(being written)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PAGES: list[tuple[str, Callable[..., Any]]] = []
