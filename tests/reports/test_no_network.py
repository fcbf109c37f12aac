"""Reports and PDFs never touch the network: a local server records every request."""

import base64
import logging
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import sdgplan
from sdgplan.domain.issues import Severity
from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.errors import InvalidData
from sdgplan.loading import load_narrative
from sdgplan.reference import find_municipality
from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import offline_fetcher, write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store import narrative_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.municipality import NUMBER, load_files, narrative_file, write_files
from tests.test_cli import run

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
DATA_IMAGE = "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")


@pytest.fixture
def server():
    """A web server on 127.0.0.1 that serves a PNG for every path and records each request."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server convention
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.requests = requests
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'report.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(tmp_path / "files"))
    yield engine
    engine.dispose()


def hostile_body(url):
    """A narrative that names the server in every way Markdown and raw HTML allow."""
    return (
        "## Kart\n\n"
        f"Her er kartet: ![kart over bydelen]({url}/image.png)\n\n"
        f'<img src="{url}/raw.png"> <style>@import url({url}/style.css);</style>\n\n'
        f'<div style="background: url({url}/background.png)">x</div>\n\n'
        f"![referanse][kart] ![nett](//{url.removeprefix('http://')}/protocol-relative.png)\n\n"
        f"[les mer]({url}/link.html) <{url}/autolink.png> ![innebygd]({DATA_IMAGE})\n\n"
        f"[kart]: {url}/reference.png\n"
    )


def narrative(tmp_path, url):
    return narrative_file(tmp_path / "kart.md", "Kapittel 1", "chapter", hostile_body(url))


def test_import_refuses_remote_images(engine, server, tmp_path):
    path = narrative(tmp_path, server.url)
    with session_scope(engine) as session, pytest.raises(InvalidData) as raised:
        load_narrative(session, path, municipality=NUMBER)
    issues = raised.value.issues
    assert [(i.severity, i.line) for i in issues] == [
        (Severity.ERROR, 7),
        (Severity.ERROR, 13),
        (Severity.ERROR, 13),
    ]
    assert {i.source for i in issues} == {str(path)}
    assert f"{server.url}/image.png" in issues[0].message
    assert f"{server.url}/reference.png" in issues[1].message
    assert "//127.0.0.1:" in issues[2].message and "protocol-relative.png" in issues[2].message
    assert issues[0].message.startswith("Bilde utenfra: ")
    assert server.requests == []


def test_import_drops_remote_images_with_a_warning(engine, server, tmp_path):
    path = narrative(tmp_path, server.url)
    with session_scope(engine) as session:
        _, issues = load_narrative(session, path, municipality=NUMBER, remote_images="drop")
    assert [(i.severity, i.line) for i in issues] == [
        (Severity.WARNING, 7),
        (Severity.WARNING, 13),
        (Severity.WARNING, 13),
    ]
    assert issues[0].message == f"Bilde utenfra utelatt: {server.url}/image.png"
    html = render(engine, interactive=True)
    assert "kart over bydelen" in html and images(html) == [DATA_IMAGE]
    assert server.requests == []


def test_import_warns_of_images_the_report_cannot_show(engine, tmp_path):
    body = f"![kart](bilder/kart.png)\n\n![innebygd]({DATA_IMAGE})\n"
    path = narrative_file(tmp_path / "kart.md", "Kapittel 1", "chapter", body)
    with session_scope(engine) as session:
        _, issues = load_narrative(session, path, municipality=NUMBER)
    assert [(i.severity, i.line) for i in issues] == [(Severity.WARNING, 5)]
    assert issues[0].message.startswith("Bildet vises ikke: bilder/kart.png: ")
    assert images(render(engine, interactive=True)) == [DATA_IMAGE]


def test_import_command_follows_the_setting(runner, server, tmp_path):
    path = narrative(tmp_path, server.url)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    refused = run(
        runner, "import", "narrative", path, "--municipality", NUMBER, "--db", url, ok=False
    )
    assert f"7: Bilde utenfra: {server.url}/image.png" in refused.stderr
    config = tmp_path / "sdgplan.yaml"
    config.write_text("remote_images: drop\n", encoding="utf-8")
    dropped = run(
        runner, "import", "narrative", path, "--municipality", NUMBER, "--db", url,
        "--config", config,
    )  # fmt: skip
    assert f"Bilde utenfra utelatt: {server.url}/image.png" in dropped.stderr
    assert "Importert: Kapittel 1" in dropped.stdout
    assert server.requests == []


def test_stored_remote_images_are_never_loaded(engine, server, tmp_path):
    with session_scope(engine) as session:  # past the importer, as text stored earlier
        narrative_repo.save_narrative(
            session,
            find_municipality(NUMBER),
            Narrative("Kapittel 1", SectionKind.CHAPTER, hostile_body(server.url)),
        )
    interactive, static = render(engine, interactive=True), render(engine, interactive=False)
    for html in (interactive, static):
        assert images(html) == [DATA_IMAGE]
        assert "kart over bydelen" in html and "referanse" in html
        assert f'src="{server.url}' not in html and "&lt;img src=" in html
    write_pdf(static, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert server.requests == []


def test_write_pdf_fetches_nothing_that_weasyprint_would(server, tmp_path):
    from weasyprint import HTML

    html = (
        f'<link rel="stylesheet" href="{server.url}/linked.css">'
        f"<style>@import url({server.url}/imported.css);</style>"
        f'<p style="background: url({server.url}/background.png)">x</p>'
        f'<img src="{server.url}/image.png"><img src="file:///etc/passwd">'
    )
    write_pdf(html, tmp_path / "ours.pdf")
    assert server.requests == []
    HTML(string=html).write_pdf(tmp_path / "control.pdf")  # WeasyPrint's own fetcher
    assert sorted(server.requests) == [
        "/background.png",
        "/image.png",
        "/imported.css",
        "/linked.css",
    ]


def test_pdf_fetcher_allows_only_data_and_own_files(server, caplog):
    fetcher = offline_fetcher()
    with caplog.at_level(logging.WARNING, logger="sdgplan.reports.pdf"):
        for url in [
            f"{server.url}/x.png",
            "file:///etc/passwd",
            "ftp://127.0.0.1/x.png",
            Path(sdgplan.__file__).parent.joinpath("..", "..", "pyproject.toml").as_uri(),
        ]:
            with pytest.raises(ValueError, match="not fetched"):
                fetcher(url)
            assert url in caplog.text
    assert server.requests == []
    assert fetcher(DATA_IMAGE).read() == PNG
    own = Path(sdgplan.__file__).parent / "reports" / "templates" / "report.css"
    response = fetcher(own.as_uri())
    assert response.read() == own.read_bytes() and response.content_type == "text/css"


def render(engine, *, interactive):
    with session_scope(engine) as session:
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    return render_report(report, interactive=interactive)


def images(html):
    """The src of every <img> element."""

    found = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs).get("src"))

    Images().feed(html)
    return found
