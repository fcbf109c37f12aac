"""HTML reports to PDF with WeasyPrint: A4, page numbers, contents, running headers.

WeasyPrint fetches every URL in the HTML it prints; ours fetches only data: URLs and the
package's own files, so printing a report never touches the network or other files.
"""

from __future__ import annotations

import logging
import mimetypes
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from sdgplan.i18n import _

logger = logging.getLogger(__name__)

# universal design: Norwegian law (likestillings- og diskrimineringsloven, forskrift om
# universell utforming av IKT) requires it of documents a municipality publishes on the web
PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, path: Path) -> None:
    """Print `html` (rendered with static charts) to `path` as tagged PDF/UA-1: the
    structure tree (headings, tables with header cells, figures with alternative text) and
    the document language and title come from the HTML."""
    from weasyprint import HTML  # imported here: it takes a third of a second to load

    HTML(string=html, url_fetcher=offline_fetcher()).write_pdf(
        path, pdf_variant=PDF_VARIANT, pdf_tags=True
    )


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that allows data: URLs and files inside the sdgplan package
    and refuses everything else (logged as a warning, never fetched)."""
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)  # decoded in memory by urllib
            own = package_file(url)
            if own is None:
                logger.warning(
                    _("Hentes ikke: %s (rapporter bruker ikke nettet)"),
                    url,
                )
                raise ValueError(f"not fetched: {url}")
            media_type = mimetypes.guess_type(own.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, own.read_bytes(), {"Content-Type": media_type})

    return OfflineFetcher(allowed_protocols=("data",), allow_redirects=False)


def package_file(url: str) -> Path | None:
    """The file a `file:` URL names, if it lies inside the installed sdgplan package."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    return path if path.is_relative_to(_package_root()) and path.is_file() else None


@cache
def _package_root() -> Path:
    return Path(str(resources.files("sdgplan"))).resolve()
