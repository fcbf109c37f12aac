"""The Vega, Vega-Lite and vega-embed code the HTML report inlines, cached on disk.

vl-convert builds the bundle in about two seconds, in every process; the cache
(`disk_cache`, one file per vl-convert version) keeps it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import vl_convert

from sdgplan.reports.disk_cache import cache_folder, read_cached, write_cached

__all__ = ["bundle_path", "cache_folder", "vega_embed_script"]


def bundle_path() -> Path:
    version = getattr(vl_convert, "__version__", "unknown")
    return cache_folder() / f"vega-bundle-vl-convert-{version}.js"


@cache
def vega_embed_script() -> str:
    """The bundle as one script (it assigns `window.vegaEmbed`), from the cache if it is
    whole, else built and cached."""
    path = bundle_path()
    cached = read_cached(path)
    if cached is not None:
        return cached
    # None: the default snippet, which sets window.vegaEmbed (the stub wants a str)
    script: str = vl_convert.javascript_bundle(None)  # type: ignore[arg-type]
    # inlined in <script>: nothing in it may end the element
    script = script.replace("</script", "<\\/script")
    write_cached(path, script)
    return script
