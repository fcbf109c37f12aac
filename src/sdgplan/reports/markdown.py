"""Narrative Markdown to safe HTML: raw HTML in the text is escaped, never passed through,
and images are kept only when embedded as data: URLs, so a report never loads outside
content.

A paragraph of its own that names a report table, `{{tabell: okonomi-omstillingsbelop}}`,
is a placeholder: the report prints that table there (`render_narrative`).
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup

TABLE_PLACEHOLDER = re.compile(r"\{\{\s*(?:tabell|table):\s*([A-Za-z0-9_.-]+)\s*\}\}")


@cache
def _parser() -> MarkdownIt:
    # CommonMark with HTML off: "<script>" becomes text; unsafe link schemes (javascript:,
    # vbscript:, data: except images) are refused by markdown-it's validateLink.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str, *, shift_headings: int = 1) -> Markup:
    """HTML for a narrative; `## Heading` becomes h3 with the default shift of one level.

    An image that is not a data: URL (remote, or a file the report does not carry) is
    replaced by its alt text. Table placeholders stay as written.
    """
    return _render(_tokens(text), shift_headings)


def render_narrative(text: str, *, shift_headings: int = 1) -> list[tuple[Markup, str | None]]:
    """The narrative cut at its table placeholders: a list of (HTML, key of the table that
    follows it), the last with key None. A placeholder counts only as a top-level paragraph
    of its own; elsewhere (in a list, a quote, a sentence) it is text."""
    tokens = _tokens(text)
    parts: list[tuple[Markup, str | None]] = []
    start = 0
    for index, token in enumerate(tokens):
        key = _placeholder(tokens, index) if token.type == "paragraph_open" else None
        if key is not None:
            parts.append((_render(tokens[start:index], shift_headings), key))
            start = index + 3
    parts.append((_render(tokens[start:], shift_headings), None))
    return parts


def _tokens(text: str) -> list[Token]:
    tokens = _parser().parse(text)
    for token in tokens:
        if token.children:
            token.children = [_embedded_only(child) for child in token.children]
    return tokens


def _placeholder(tokens: list[Token], index: int) -> str | None:
    if index + 2 >= len(tokens) or tokens[index].level != 0:
        return None
    inline, close = tokens[index + 1], tokens[index + 2]
    match = TABLE_PLACEHOLDER.fullmatch(inline.content.strip())
    return match.group(1) if match and close.type == "paragraph_close" else None


def _render(tokens: list[Token], shift_headings: int) -> Markup:
    parser = _parser()
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
