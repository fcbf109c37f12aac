"""Costly renderings kept on disk between runs: the Vega bundle, chart SVG, compiled templates.

Files live in `$XDG_CACHE_HOME/sdgplan/` (default `~/.cache/sdgplan/`). Each text file starts
with a line holding the SHA-256 of the rest and is written through a temporary file, so a
reader sees all or nothing; a damaged or unreadable file is a miss, and a cache that cannot
be written is skipped: never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache

logger = logging.getLogger(__name__)

HEADER = "// sdgplan cache sha256="


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/sdgplan`, or `~/.cache/sdgplan` (XDG Base Directory spec)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "sdgplan"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_cached(path: Path) -> str | None:
    """The text stored at `path`, or None if it is missing, unreadable or damaged."""
    try:
        stored = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, text = stored.partition("\n")
    if header != HEADER + digest(text):
        logger.info("damaged cache file: %s", path)
        return None
    return text


def write_cached(path: Path, text: str) -> None:
    """Store `text` at `path` whole or not at all."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(f"{HEADER}{digest(text)}\n{text}", "utf-8")
        os.replace(temporary, path)
    except OSError as e:
        logger.info("not cached: %s", e)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def prune(folder: Path, keep: int) -> None:
    """Remove all but the `keep` most recently written files of `folder`."""
    with contextlib.suppress(OSError):
        files = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates on disk (a template's source hash is in the key, so an
    edited template is compiled again); a cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_bytecode_cache() -> BytecodeCache | None:
    """Compiled Jinja templates on disk: compiling the report template alone costs a quarter
    of a second in every process."""
    import jinja2

    folder = cache_folder() / f"jinja2-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))
