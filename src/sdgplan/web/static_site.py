"""The public site as plain files (`sdgplan site build`): the application is asked for its
pages in-process, every link followed from the home pages, each answer written as a file
(`nb/goals/x/index.html` for a page) and every link made relative, so the folder works from
any web server, any sub-folder and `file://`."""

from __future__ import annotations

import asyncio
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import httpx

from sdgplan.config import Settings
from sdgplan.errors import SdgplanError
from sdgplan.i18n import LANGUAGES, _

MARKER = ".sdgplan-site"  # in every folder this writes: only such a folder is replaced
LINK = re.compile(rb'(?P<attr>\b(?:href|src)=")(?P<url>/(?!/)[^"]*)"')
PARALLEL = 4


@dataclass
class Built:
    """What a build wrote."""

    out: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    skipped: list[str] = field(default_factory=list)  # links with a query string


@dataclass
class _Answer:
    path: str
    body: bytes
    is_page: bool


class BrokenLinks(SdgplanError):
    pass


def build_site(
    settings: Settings,
    out: Path,
    *,
    reports: bool = True,
    on_page: Callable[[int], None] | None = None,
) -> Built:
    """Write the site of `settings`' database to `out` (replaced if it holds an earlier build,
    refused if it holds anything else; written beside it first, so a failed build leaves it
    as it was)."""
    from sdgplan.web.app import create_app

    _check_target(out)
    app = create_app(settings)
    app.state.reports = reports
    start = f"/{settings.language}/"
    answers = asyncio.run(
        _crawl(app, [start, *(f"/{x}/" for x in LANGUAGES if x != start[1:-1])], on_page)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        built = _write(answers, staging)
        (staging / MARKER).write_text("sdgplan site build\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        app.state.engine.dispose()
    built.out = out
    return built


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SdgplanError(_("{out} finnes og er ikke en mappe").format(out=out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SdgplanError(
            _("{out} er ikke tom og er ikke et nettsted fra sdgplan: velg en annen mappe").format(
                out=out
            )
        )


async def _crawl(
    app: object, start: list[str], on_page: Callable[[int], None] | None
) -> dict[str, _Answer]:
    """Every URL reachable from the home pages, by path; a link that does not answer 200
    stops the build, naming the page that has it."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    answers: dict[str, _Answer] = {}
    referrers: dict[str, str] = {}
    broken: list[str] = []
    todo = list(start)
    seen = set(todo)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://site", headers={"Accept-Encoding": "identity"}
    ) as client:
        while todo:
            batch, todo = todo[:PARALLEL], todo[PARALLEL:]
            replies = await asyncio.gather(*(client.get(path) for path in batch))
            for path, reply in zip(batch, replies, strict=True):
                if reply.status_code != 200:
                    broken.append(f"{referrers.get(path, '')} -> {path} ({reply.status_code})")
                    continue
                is_page = reply.headers.get("content-type", "").startswith("text/html")
                answers[path] = _Answer(path, reply.content, is_page)
                if is_page:
                    if on_page:
                        on_page(sum(1 for a in answers.values() if a.is_page))
                    for link in _links(reply.content):
                        if link not in seen:
                            seen.add(link)
                            referrers[link] = path
                            todo.append(link)
    if broken:
        raise BrokenLinks(
            _("Lenker som ikke virker: {links}").format(links="; ".join(sorted(broken)))
        )
    return answers


def _links(html: bytes) -> list[str]:
    """The site's own paths a page links to, without fragment and query."""
    found = []
    for match in LINK.finditer(html):
        parts = urlsplit(match["url"].decode())
        if parts.path:
            found.append(unquote(parts.path))
    return found


def file_for(path: str, is_page: bool) -> str:
    """Where the answer for `path` is written, relative to the site folder."""
    relative = path.lstrip("/")
    if path.endswith("/"):
        return relative + "index.html"
    if is_page and not path.endswith(".html"):
        return relative + "/index.html"
    return relative


def _write(answers: dict[str, _Answer], folder: Path) -> Built:
    built = Built(folder)
    files = {path: file_for(path, a.is_page) for path, a in answers.items()}
    for path, answer in answers.items():
        target = folder / files[path]
        target.parent.mkdir(parents=True, exist_ok=True)
        body = (
            _relative_links(answer.body, files[path], files, built)
            if answer.is_page
            else (answer.body)
        )
        target.write_bytes(body)
        built.pages += answer.is_page
        built.files += 1
        built.bytes += len(body)
    first = next(iter(files.values()))
    (folder / "index.html").write_text(_start_page(first), encoding="utf-8")
    return built


def _relative_links(html: bytes, own: str, files: dict[str, str], built: Built) -> bytes:
    here = posixpath.dirname(own) or "."

    def relative(match: re.Match[bytes]) -> bytes:
        parts = urlsplit(match["url"].decode())
        target = files.get(unquote(parts.path))
        if target is None:
            return match[0]
        if parts.query:
            built.skipped.append(match["url"].decode())
        url = quote(posixpath.relpath(target, here)) + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        return match["attr"] + url.encode() + b'"'

    return LINK.sub(relative, html)


def _start_page(first: str) -> str:
    """The folder's own index.html: on to the first language's home page."""
    return (
        '<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={first}"><title>sdgplan</title></head>'
        f'<body><p><a href="{first}">{first}</a></p></body></html>\n'
    )
