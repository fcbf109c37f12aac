"""A municipality whose every text is hostile: the report prints each as written, escaped."""

import json
from html.parser import HTMLParser

import pytest

from sdgplan.i18n import translations
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, known_text, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.municipality import load_files, write_files
from tests.test_cli import run

PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{7*7}} %s %(x)s 100 % {}'
# names used as written, without the payload: Jinja's gettext crashed on both
AS_WRITTEN = {"Kapittel 1": "Helse 100 %", "Tjeneste": "{x}"}


def hostile(name):
    return AS_WRITTEN.get(name, f"{name} {PAYLOAD}")


# texts the report shows (the indicator's source, strategies, observation notes and the
# tables' curation notes, meant for maintainers, are not)
SHOWN = [
    "Kommuneplan 2020-2030",
    "Fokus 1",
    "Fokus 2",
    "Hovedmål 1",
    "Delmål 1.1",
    "Delmål 2.1",
    "Andel",
    "enhet",
    "Merknad",
    "Visning",
    "Bydel",
    "Tabell",
    "Tabellkilde",
    "Hjørne",
    "Oslo-etikett",
    "År 2021",
    "Temaplan 1",
    "Temaplan 2",
    "Vår 2024",
    "Kapittel 2",
    "Overskrift",
    "Avsnitt",
    "Punkt",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    engine = make_engine(f"sqlite:///{folder / 'hostile.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(folder / "files", hostile))
    yield engine
    engine.dispose()


class Page(HTMLParser):
    """What a browser would build: elements, event attributes, scripts and visible text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.events, self.scripts, self.text = [], [], [], []
        self.script = None
        self.feed(html)
        self.close()
        self.visible = " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.events += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self.script = (dict(attrs), [])

    def handle_data(self, data):
        (self.script[1] if self.script else self.text).append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script:
            self.scripts.append((self.script[0], "".join(self.script[1])))
            self.script = None


def report_html(engine, lang, interactive):
    with session_scope(engine) as session:
        report = build_report(session, year=2022, labels=chart_labels(lang))
    return render_report(report, lang=lang, interactive=interactive)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)


def assert_inert(html, *, interactive):
    page = Page(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "img" not in page.tags and page.events == []
    ours = [attrs for attrs, _ in page.scripts if attrs.get("class") != "vega-spec"]
    assert ours == ([{}, {}] if interactive else [])
    specs = [body for attrs, body in page.scripts if attrs.get("class") == "vega-spec"]
    assert len(specs) == (3 if interactive else 0)
    for body in specs:
        assert "<" not in body and any(PAYLOAD in text for text in strings(json.loads(body)))
    assert page.tags.count("svg") == (0 if interactive else 3)
    for name in SHOWN:
        assert f"{name} {PAYLOAD}" in page.visible, name
    assert "Helse 100 %" in page.visible and "{x}" in page.visible
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    return page


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("interactive", [True, False], ids=["interactive", "static"])
def test_every_text_is_escaped(engine, lang, interactive):
    assert_inert(report_html(engine, lang, interactive), interactive=interactive)


def test_chart_texts_stay_text_in_the_svg(engine):
    html = report_html(engine, "nb", interactive=False)
    svgs = [Page("<svg" + part.split("</svg>")[0] + "</svg>") for part in html.split("<svg")[1:]]
    assert len(svgs) == 3
    for svg in svgs:
        assert {"script", "img", "foreignobject"}.isdisjoint(svg.tags) and svg.events == []
    texts = " ".join(svg.visible for svg in svgs)
    for name in ["Andel", "enhet", "Tabell"]:  # titles
        assert f"{name} {PAYLOAD}" in texts, name
    for name in ["Bydel", "Oslo-etikett", "År 2021"]:  # axis and legend labels, shortened
        assert f"{name} <script>" in texts, name


def test_report_command_in_english(engine, runner, tmp_path):
    url = str(engine.url)
    out = tmp_path / "report"
    run(runner, "report", "--no-pdf", "--lang", "en", "--year", "2022", "--out", out, "--db", url)
    page = assert_inert((out / "report.html").read_text(encoding="utf-8"), interactive=True)
    assert "Key figures" in page.visible


def test_only_known_texts_are_translated():
    english = translations("en")
    assert known_text("Oppvekst", english) == "Childhood and education"
    assert known_text("Tall kommer", english) == "Figures pending"
    assert known_text("Innhold", english) == "Innhold"  # our message id, but here data
    assert known_text("Helse 100 %", english) == "Helse 100 %"
    assert type(known_text("Forord", english)) is str
