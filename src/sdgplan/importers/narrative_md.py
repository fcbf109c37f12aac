"""Narrative files: Markdown with a front matter naming the section.

---
section: Økonomi
kind: focus_area
---
## Økonomisk handlingsrom
...

Images are shown only when embedded as data: URLs: reports never load outside content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt

from sdgplan.config import RemoteImages
from sdgplan.domain.issues import Issue
from sdgplan.domain.narrative import Narrative, SectionKind, period_text
from sdgplan.domain.periods import period_years
from sdgplan.domain.plan import too_long
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

# a scheme (http:, file:, C:) or a network path (//host, \\host): outside the report
ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*:|[/\\]{2}", re.IGNORECASE)


def read_narrative(
    text: str, *, source: str, remote_images: RemoteImages = "error"
) -> Parsed[Narrative]:
    """A narrative. An image from outside (http:, //host, file: ...) is an error, or with
    `remote_images="drop"` a warning: the report leaves it out."""
    log = IssueLog(source)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        log.error(
            _(
                "Mangler forsats: begynn filen med «---», «section: NAVN», "
                "«kind: focus_area|chapter|service_area», «---»"
            ),
            line=1,
        )
        return Parsed(None, log.issues)
    end = 1 + [x.strip() for x in lines[1:]].index("---")
    root = compose_text("\n".join(lines[1:end]), log)
    if root is None:
        if not log.issues:
            log.error(
                _(
                    "Forsatsen er tom: skriv «section: NAVN» og "
                    "«kind: focus_area|chapter|service_area»"
                ),
                line=1,
            )
        return Parsed(None, _shifted(log, 1))
    reader = NodeReader(log)
    fields = reader.mapping(root, {"section", "kind", "period"}, _("forsatsen")) or {}
    section = reader.text(fields.get("section"), required=True, at=root, key="section")
    if problem := too_long(section, _("«section»")):
        reader.error(fields.get("section"), problem)
    kind = reader.choice(fields.get("kind"), SectionKind, at=root, key="kind")
    period = reader.parsed(fields.get("period"), _period) or ""
    body = "\n".join(lines[end + 1 :])
    images = IssueLog(source)
    _check_images(body, images, first_line=end + 2, remote_images=remote_images)
    issues = _shifted(log, 1) + images.issues
    if not section or kind is None:
        return Parsed(None, issues)
    return Parsed(Narrative(section, kind, body.strip("\n") + "\n", period), issues)


def _period(text: str) -> str:
    """A year (`2023`) or a range of years (`2020-2023`), as written."""
    first, last = period_years(text)
    if text.strip() != period_text(first, last):
        raise ValueError(
            _("Ugyldig periode «{text}»: skriv et år (2023) eller et spenn (2020-2023)").format(
                text=text
            )
        )
    return text.strip()


def _check_images(
    body: str, log: IssueLog, *, first_line: int, remote_images: RemoteImages
) -> None:
    """Issues for the images that are not data: URLs; `first_line` is the body's line."""
    for line, url in _images(body):
        at = first_line + line
        if not ABSOLUTE.match(url):
            log.warning(
                _(
                    "Bildet vises ikke: {url}: rapporten tar bare med bilder lagt inn som data:-URL"
                ).format(url=url),
                line=at,
            )
        elif remote_images == "drop":
            log.warning(_("Bilde utenfra utelatt: {url}").format(url=url), line=at)
        else:
            log.error(
                _(
                    "Bilde utenfra: {url}: rapporten henter aldri innhold utenfra. Legg det "
                    "inn som data:-URL, eller velg remote_images: drop"
                ).format(url=url),
                line=at,
            )


def _images(body: str) -> Iterator[tuple[int, str]]:
    """(line counted from 0, URL) of each image that is not a data: URL."""
    lines = body.split("\n")
    for block in _parser().parse(body):
        for token in block.children or []:
            url = str(token.attrGet("src") or "")
            if token.type == "image" and not url.lower().startswith("data:"):
                yield _line_of(url, lines, block.map or [0, 1]), url


def _line_of(url: str, lines: list[str], block: list[int]) -> int:
    """The line of the block that holds `url` (as normalised by markdown-it, or decoded)."""
    forms = (url, unquote(url))
    start, end = block
    return next((n for n in range(start, end) if any(f in lines[n] for f in forms)), start)


@cache
def _parser() -> MarkdownIt:
    # read as the report reads narrative (sdgplan.reports.markdown)
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def _shifted(log: IssueLog, lines: int) -> list[Issue]:
    """Issues of the front matter, with line numbers counted in the whole file."""
    return [replace(i, line=i.line + lines) if i.line else i for i in log.issues]
