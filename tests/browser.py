"""Debian's Chromium through Playwright, axe-core's WCAG checks and a live app server, shared
by the browser tests of the report and the web; with the widths the pages are checked at (desktop
and 320 px) and the checks they all make: no axe violation, no sideways scrolling."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

CHROMIUM = "/usr/bin/chromium"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 320, "height": 640}  # WCAG's reflow width
# Runs a test at both widths, as its `viewport` argument.
AT_DESKTOP_AND_320PX = pytest.mark.parametrize(
    "viewport", [DESKTOP, NARROW], ids=["desktop", "320px"]
)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded browser); `make test` installs it."""
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def axe_violations_on(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as loaded, one line each."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def goto(page: Page, url: str) -> None:
    """How the helpers below open a page unless told otherwise."""
    page.goto(url)


def visiting(
    browser: Browser,
    urls: Iterable[str],
    viewport: ViewportSize,
    open_page: Callable[[Page, str], None],
) -> Iterator[tuple[str, Page]]:
    """Each URL opened by `open_page` in one tab at `viewport`, in turn; the tab is closed after."""
    page = browser.new_page(viewport=viewport)
    try:
        for url in urls:
            open_page(page, url)
            yield url, page
    finally:
        page.close()


def axe_violations_at(
    browser: Browser,
    urls: Iterable[str],
    *,
    viewport: ViewportSize,
    open_page: Callable[[Page, str], None] = goto,
) -> dict[str, list[str]]:
    """axe-core's violations at `viewport`, by URL, of the pages that have any."""
    visits = visiting(browser, urls, viewport, open_page)
    found = {url: axe_violations_on(page) for url, page in visits}
    return {url: violations for url, violations in found.items() if violations}


def page_overflows(page: Page) -> bool:
    """Whether the page as loaded is wider than its viewport, so that it scrolls sideways."""
    viewport = page.viewport_size
    assert viewport is not None
    return bool(page.evaluate("document.documentElement.scrollWidth") > viewport["width"])


def pages_overflowing(
    browser: Browser,
    urls: Iterable[str],
    *,
    viewport: ViewportSize = NARROW,
    open_page: Callable[[Page, str], None] = goto,
) -> list[str]:
    """The URLs whose pages scroll sideways at `viewport` (a 320 px screen unless told)."""
    visits = visiting(browser, urls, viewport, open_page)
    return [url for url, page in visits if page_overflows(page)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
