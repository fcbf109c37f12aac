"""Narrative Markdown to safe HTML: raw HTML in the text is escaped, never passed through,
and images are kept only when embedded as data: URLs, so a report never loads outside
content."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup


@cache
def _parser() -> MarkdownIt:
    # CommonMark with HTML off: "<script>" becomes text; unsafe link schemes (javascript:,
    # vbscript:, data: except images) are refused by markdown-it's validateLink.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str, *, shift_headings: int = 1) -> Markup:
    """HTML for a narrative; `## Heading` becomes h3 with the default shift of one level.

    An image that is not a data: URL (remote, or a file the report does not carry) is
    replaced by its alt text.
    """
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.children:
            token.children = [_embedded_only(child) for child in token.children]
    html = parser.renderer.render(tokens, parser.options, {})
    for level in range(6 - shift_headings, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + shift_headings}>").replace(
            f"</h{level}>", f"</h{level + shift_headings}>"
        )
    return Markup(html)  # noqa: S704 - produced by markdown-it with raw HTML disabled


def _embedded_only(token: Token) -> Token:
    if token.type != "image" or str(token.attrGet("src") or "").lower().startswith("data:"):
        return token
    alt = RendererHTML().renderInlineAsText(token.children or [], _parser().options, {})
    return Token("text", "", 0, content=alt)
