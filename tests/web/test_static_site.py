"""`sdgplan site build`: the public site as files, with relative links that work from any
folder of a web server and from file:// (opened in Chromium), equal to the live pages."""

import functools
import http.server
import re
import threading
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from sdgplan.cli import cli
from sdgplan.config import Settings
from sdgplan.errors import SdgplanError
from sdgplan.web.static_site import MARKER, build_site
from tests.browser import chromium
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for

LINK = re.compile(r'\b(?:href|src|srcset)="([^"]*)"')


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker_site(asker_url, tmp_path_factory):
    out = tmp_path_factory.mktemp("www") / "sub" / "site"
    built = build_site(Settings(db=asker_url), out, reports=False)
    return out, built


def own_links(html: str) -> list[str]:
    return [
        unescape(url)
        for url in LINK.findall(html)
        if not url.startswith(("http:", "https:", "data:", "#", "mailto:"))
    ]


def test_every_link_of_every_page_is_a_relative_link_to_a_written_file(asker_site):
    out, built = asker_site
    pages = list(out.rglob("*.html"))
    assert built.pages + 1 == len(pages)  # and the folder's own index.html
    checked = 0
    for page in pages:
        for url in own_links(page.read_text("utf-8")):
            assert not url.startswith("/"), (page, url)
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            assert target.is_file(), (page, url)
            assert out.resolve() in target.parents
            checked += 1
    assert checked > 10 * built.pages
    matrix = out / "nb" / "materiality"
    assert {p.name for p in matrix.glob("*.svg")} == {"2020-2032.svg", "2020-2032-phone.svg"}


def test_the_files_are_the_live_pages(asker_site, asker_url):
    out, _built = asker_site
    client = client_for(asker_url)
    client.app.state.reports = False  # as built
    for lang in ("nb", "en"):
        for path in ("", "focus-areas/okonomi/", "goals/okonomi.1/", "sdgs/3/"):
            live = client.get(f"/{lang}/{path}".rstrip("/") if path else f"/{lang}/").text
            written = (out / lang / path / "index.html").read_text("utf-8")
            assert without_links(written) == without_links(live)
    csv = out / "api" / "v1"
    assert any(csv.rglob("*.csv"))


def without_links(html: str) -> str:
    return LINK.sub("", html)


def test_served_from_a_sub_folder(asker_site):
    out, built = asker_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=out.parents[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/sub/site/"
    try:
        todo, seen = [base], {base}
        while todo:
            url = todo.pop()
            with urlopen(url) as reply:  # noqa: S310 - our own local server
                assert reply.status == 200, url
                if not url.endswith(".html") and not url.endswith("/"):
                    continue
                for link in own_links(reply.read().decode("utf-8")):
                    target = urljoin(url, link).split("#")[0]
                    assert target.startswith(base), (url, link)
                    if target not in seen:
                        seen.add(target)
                        todo.append(target)
    finally:
        server.shutdown()
    assert len(seen) > built.pages


def test_opened_from_file_in_chromium(asker_site):
    out, _built = asker_site
    # a Chromium of its own, closed before the next build: `build_site` runs `asyncio.run`,
    # which refuses to start while Playwright's sync API is open (see tests/conftest.py)
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "index.html").as_uri())
        page.wait_for_url("**/nb/index.html")
        assert page.locator("h1").inner_text()
        page.locator("main a[href*='focus-areas/okonomi/']").first.click()
        assert page.url.endswith("/nb/focus-areas/okonomi/index.html")
        page.locator("main a[href*='goals/okonomi.1/']").first.click()
        page.locator("main a[href*='indicators/okonomi-disposisjonsfond/']").first.click()
        assert page.url.startswith("file://")
        assert page.url.endswith("/nb/indicators/okonomi-disposisjonsfond/index.html")
        page.locator("figure.chart svg").first.wait_for(state="visible", timeout=15000)
        assert "15,1 %" in page.locator("table.values").inner_text()
        page.locator("header a.language").click()
        assert page.url.endswith("/en/indicators/okonomi-disposisjonsfond/index.html")
        assert page.locator("html").get_attribute("lang") == "en"
        assert errors == []


def test_several_municipalities_each_under_its_number(tmp_path):
    url = f"sqlite:///{tmp_path / 'both.db'}"
    add_hostile_oslo(url, tmp_path)
    add_asker(url)
    out = tmp_path / "site"
    build_site(Settings(db=url), out, reports=False)
    listing = (out / "nb" / "index.html").read_text("utf-8")
    assert 'href="3203/index.html"' in listing
    assert 'href="0301/index.html"' in listing
    assert (out / "en" / "0301" / "index.html").is_file()
    assert (
        out / "nb" / "3203" / "indicators" / "okonomi-disposisjonsfond" / "index.html"
    ).is_file()
    for page in (out / "nb" / "0301").rglob("*.html"):
        assert "<script>alert" not in page.read_text("utf-8")


def test_an_earlier_build_is_replaced_and_another_folder_refused(asker_url, tmp_path):
    out = tmp_path / "site"
    build_site(Settings(db=asker_url), out, reports=False)
    (out / "stale.html").write_text("old")
    build_site(Settings(db=asker_url), out, reports=False)
    assert (out / MARKER).is_file()
    assert not (out / "stale.html").exists()
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me")
    with pytest.raises(SdgplanError, match="ikke tom"):
        build_site(Settings(db=asker_url), other, reports=False)
    assert [p.name for p in other.iterdir()] == ["letter.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_command(runner, asker_url, tmp_path):
    out = tmp_path / "public"
    result = runner.invoke(
        cli, ["site", "build", "--out", str(out), "--no-reports", "--db", asker_url]
    )
    assert result.exit_code == 0, result.output
    pages = len([p for p in out.rglob("index.html") if p.parent != out])
    assert re.search(rf"Skrev {pages} sider og \d+ filer", result.output)
    assert str(out / "index.html") in result.output
    refused = runner.invoke(cli, ["site", "build", "--out", str(tmp_path), "--db", asker_url])
    assert refused.exit_code != 0
    assert "ikke tom" in refused.output
