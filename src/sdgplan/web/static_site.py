"""The public site as plain files (`sdgplan site build`): the application is asked for its
pages in-process, every link followed from the home pages, each answer written as a file
(`nb/goals/x/index.html` for a page) and every link made relative, so the folder works from
any web server, any sub-folder and `file://`."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import posixpath
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import httpx

from sdgplan.config import Settings
from sdgplan.errors import SdgplanError
from sdgplan.i18n import LANGUAGES, _
from sdgplan.web.deps import STATIC_COPY

MARKER = ".sdgplan-site"  # in every folder this writes: only such a folder is replaced
LINK = re.compile(rb'(?P<attr>\b(?:href|src|srcset)=")(?P<url>/(?!/)[^"]*)"')
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
    public_url: str = "",
    processes: int | None = None,
) -> Built:
    """Write the site of `settings`' database to `out` (replaced if it holds an earlier build,
    refused if it holds anything else; written beside it first, so a failed build leaves it
    as it was). `public_url` is where it will be published (for the embed snippets). Each
    language is crawled by a process of its own, up to `processes` (default: the cores)."""
    _check_target(out)
    options = _Options(settings, reports, public_url.rstrip("/"))
    workers = min(len(LANGUAGES), processes or os.cpu_count() or 1)
    if workers > 1:
        context = multiprocessing.get_context(
            "fork" if threading.active_count() == 1 and "fork" in _START_METHODS else "spawn"
        )
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(_crawl_language, [options] * len(LANGUAGES), LANGUAGES))
    else:
        parts = [_crawl_language(options, lang) for lang in LANGUAGES]
    answers = _joined(parts, first=settings.language)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        built = _write(answers, staging, first=f"/{settings.language}/")
        (staging / MARKER).write_text("sdgplan site build\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    built.out = out
    return built


_START_METHODS = multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class _Options:
    settings: Settings
    reports: bool
    public_url: str


@dataclass
class _Part:
    """What the crawl of one language found: its answers, and the links it left to others
    (the other language's pages, or data another crawl fetches), with a page having each."""

    answers: dict[str, _Answer]
    elsewhere: dict[str, str]
    broken: list[str]


def _crawl_language(options: _Options, lang: str) -> _Part:
    """The pages of `lang` (and, for the default language, the files every page shares)."""
    from sdgplan.web.app import create_app

    app = create_app(options.settings)
    app.state.reports = options.reports
    app.state.public_url = options.public_url  # "": the embed snippet gets a path only
    shares = lang == options.settings.language

    def own(path: str) -> bool:
        first = path.split("/", 2)[1] if path.count("/") > 1 else ""
        return first == lang or (shares and first not in LANGUAGES)

    try:
        return asyncio.run(_crawl(app, f"/{lang}/", own))
    finally:
        app.state.engine.dispose()


def _joined(parts: list[_Part], *, first: str) -> dict[str, _Answer]:
    """The answers of every crawl; a link no crawl could answer stops the build, naming the
    page that has it."""
    answers: dict[str, _Answer] = {}
    for part in parts:
        answers.update(part.answers)
    broken = [b for part in parts for b in part.broken]
    broken += [
        f"{page} -> {link} (404)"
        for part in parts
        for link, page in part.elsewhere.items()
        if link not in answers
    ]
    if broken:
        raise BrokenLinks(
            _("Lenker som ikke virker: {links}").format(links="; ".join(sorted(broken)))
        )
    return answers


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SdgplanError(_("{out} finnes og er ikke en mappe").format(out=out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SdgplanError(
            _("{out} er ikke tom og er ikke et nettsted fra sdgplan: velg en annen mappe").format(
                out=out
            )
        )


async def _crawl(app: object, start: str, own: Callable[[str], bool]) -> _Part:
    """Every URL reachable from `start` that `own` accepts, by path."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    part = _Part({}, {}, [])
    referrers: dict[str, str] = {}
    todo = [start]
    seen = set(todo)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://site",
        headers={"Accept-Encoding": "identity", STATIC_COPY: "1"},
    ) as client:
        while todo:
            batch, todo = todo[:PARALLEL], todo[PARALLEL:]
            replies = await asyncio.gather(*(client.get(path) for path in batch))
            for path, reply in zip(batch, replies, strict=True):
                if reply.status_code != 200:
                    part.broken.append(f"{referrers.get(path, '')} -> {path} ({reply.status_code})")
                    continue
                is_page = reply.headers.get("content-type", "").startswith("text/html")
                part.answers[path] = _Answer(path, reply.content, is_page)
                if not is_page:
                    continue
                for link in _links(reply.content):
                    if link in seen:
                        continue
                    seen.add(link)
                    if own(link):
                        referrers[link] = path
                        todo.append(link)
                    else:
                        part.elsewhere[link] = path
    return part


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


def _write(answers: dict[str, _Answer], folder: Path, *, first: str) -> Built:
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
    (folder / "index.html").write_text(_start_page(files[first]), encoding="utf-8")
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
