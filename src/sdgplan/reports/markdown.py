"""Narrative Markdown to safe HTML: raw HTML in the text is escaped, never passed through."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def _parser() -> MarkdownIt:
    # CommonMark with HTML off: "<script>" becomes text; unsafe link schemes (javascript:,
    # vbscript:, data: except images) are refused by markdown-it's validateLink.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str, *, shift_headings: int = 1) -> Markup:
    """HTML for a narrative; `## Heading` becomes h3 with the default shift of one level."""
    html = _parser().render(text)
    for level in range(6 - shift_headings, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + shift_headings}>").replace(
            f"</h{level}>", f"</h{level + shift_headings}>"
        )
    return Markup(html)  # noqa: S704 - produced by markdown-it with raw HTML disabled
