"""The Vega, Vega-Lite and vega-embed code the HTML report inlines, cached on disk.

vl-convert builds the bundle in about two seconds, in every process; the cache in
`$XDG_CACHE_HOME/sdgplan/` (default `~/.cache/sdgplan/`) keeps it per vl-convert version.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from functools import cache
from pathlib import Path

import vl_convert

logger = logging.getLogger(__name__)

HEADER = "// sdgplan vega bundle sha256="


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/sdgplan`, or `~/.cache/sdgplan` (XDG Base Directory spec)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "sdgplan"


def bundle_path() -> Path:
    version = getattr(vl_convert, "__version__", "unknown")
    return cache_folder() / f"vega-bundle-vl-convert-{version}.js"


@cache
def vega_embed_script() -> str:
    """The bundle as one script (it assigns `window.vegaEmbed`), from the cache if it is
    whole, else built and cached. A cache that cannot be read or written is rebuilt or
    skipped, never an error."""
    path = bundle_path()
    cached = _read(path)
    if cached is not None:
        return cached
    # None: the default snippet, which sets window.vegaEmbed (the stub wants a str)
    script: str = vl_convert.javascript_bundle(None)  # type: ignore[arg-type]
    # inlined in <script>: nothing in it may end the element
    script = script.replace("</script", "<\\/script")
    _write(path, script)
    return script


def _read(path: Path) -> str | None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, script = text.partition("\n")
    if header != HEADER + _digest(script):
        logger.info("Vega-koden i hurtigbufferen er skadet / the cached Vega bundle is damaged")
        return None
    return script


def _write(path: Path, script: str) -> None:
    """Write through a temporary file in the same folder, so readers see all or nothing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(f"{HEADER}{_digest(script)}\n{script}", "utf-8")
        os.replace(temporary, path)
    except OSError as e:
        logger.info("Vega-koden ble ikke lagret / the Vega bundle was not cached: %s", e)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _digest(script: str) -> str:
    return hashlib.sha256(script.encode("utf-8")).hexdigest()
