"""Reports as one self-contained HTML file: styles, fonts and chart code inlined."""

from __future__ import annotations

import base64
import gettext
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from jinja2 import (
    Environment,
    PackageLoader,
    select_autoescape,
)
from markupsafe import Markup

from sdgplan.assessment.reasons import render_reason
from sdgplan.i18n import translations
from sdgplan.reports.charts import NB_NO_LOCALE, Chart, chart_svg
from sdgplan.reports.counts import number_word
from sdgplan.reports.disk_cache import template_bytecode_cache
from sdgplan.reports.model import Report
from sdgplan.reports.sdg_overview import score_text
from sdgplan.reports.vega_bundle import vega_embed_script
from sdgplan.version import __version__

FONTS = (
    ("Noto Sans", "NotoSans-Regular.woff2", "normal", "normal"),
    ("Noto Sans", "NotoSans-Bold.woff2", "bold", "normal"),
    ("Noto Sans", "NotoSans-Italic.woff2", "normal", "italic"),
    ("sdgplan symbols", "DejaVuSans-Symbols.woff2", "normal", "normal"),
)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, not translated here
    return message


# Texts that come from data but have a standard translation: status words and the usual
# chapter names of a Norwegian municipal report.
KNOWN_TEXTS = (
    N_("Ikke målt"),
    N_("Tall kommer"),
    N_("Forord"),
    N_("Sammendrag"),
    N_("Organisering og styring"),
    N_("Oppvekst"),
    N_("Velferd"),
    N_("Samfunnstjenester"),
    N_("Samfunnsutvikling"),
    N_("Medborgerskap"),
    N_("Administrasjon og ledelse"),
    N_("Kommunens tjenesteområder"),
)


def chart_labels(lang: str) -> dict[str, str]:
    _ = translations(lang).gettext
    return {
        "year": _("År"),
        "value": _("Verdi"),
        "threshold": _("Krav"),
        "target": _("Mål"),
        "rule_note": _("stiplet linje: kravet"),
        "target_note": _("prikket linje: målet"),
        "band_note": _("grønt felt: ønsket resultat"),
        # a section whose texts are all for other periods: said, never borrowed
        "no_text": _("Ingen tekst for %(period)s ennå."),
    }


def render_report(report: Report, *, lang: str = "nb", interactive: bool = True) -> str:
    """The report as HTML. `interactive` draws charts with the inlined Vega code in the
    browser; otherwise they are static SVG, as the PDF needs."""
    template = template_environment(lang).get_template("report.html.j2")
    return template.render(
        svgs={} if interactive else chart_svgs(report.charts()),
        report=report,
        lang=lang,
        interactive=interactive,
        version=__version__,
        css=Markup(stylesheet("report.css")),  # noqa: S704 - our own stylesheet
        phone_css=Markup(stylesheet("phone.css")),  # noqa: S704 - ours too; screen only, not in PDF
        font_css=font_css(),
        vega_script=Markup(vega_embed_script()) if interactive else "",  # noqa: S704
        embed_options={"renderer": "svg", "actions": False, "formatLocale": NB_NO_LOCALE},
    )


@cache
def template_environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("sdgplan.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_bytecode_cache(),
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    locale = "en_GB" if lang == "en" else "nb_NO"
    env.filters["date"] = lambda value: format_date(value, format="long", locale=locale)
    env.filters["known_text"] = lambda text: known_text(text, translations(lang))
    env.filters["reason"] = lambda reason: render_reason(reason, lang)
    env.filters["spec_json"] = _spec_json
    env.filters["unbroken_numbers"] = unbroken_numbers
    env.globals["number_word"] = lambda count: number_word(count, lang)
    env.globals["chart_id"] = id  # the key of `chart_svgs`
    env.globals["score_text"] = lambda value: score_text(value, lang)  # materiality scores
    return env


def known_text(text: str, catalogue: gettext.NullTranslations) -> str:
    """A text from data in the report language: translated if it is one of `KNOWN_TEXTS`,
    else as written. Plain gettext (no %-formatting) and a plain str, so autoescape applies."""
    return catalogue.gettext(text) if text in KNOWN_TEXTS else text


def unbroken_numbers(text: str) -> str:
    """`186 211 kr` -> `186\u00a0211 kr`: a table cell may wrap before its unit, never
    inside a number."""
    return re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "\u00a0", text)


def _spec_json(spec: dict[str, Any]) -> Markup:
    # inside <script> no "<", ">" or "&" at all: whatever a title says, no "</script>" or
    # "<!--" can end the element or change how the browser reads it (JSON.parse undoes this)
    text = json.dumps(spec, ensure_ascii=False)
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)  # noqa: S704


def chart_svgs(charts: list[Chart]) -> dict[int, Markup]:
    """Each chart as inline SVG, by `id(chart)`. vl-convert renders in its own threads
    outside the GIL, so the charts are converted side by side: on two cores that halves
    the wall time of the 25 charts of Asker's report."""
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        svgs = list(pool.map(chart_svg, charts))
    return {
        id(chart): Markup(svg[svg.index("<svg") :])  # noqa: S704 - produced by vl-convert
        for chart, svg in zip(charts, svgs, strict=True)
    }


@cache
def stylesheet(name: str) -> str:
    return resources.files("sdgplan.reports").joinpath("templates", name).read_text("utf-8")


@cache
def font_css() -> Markup:
    rules = []
    for family, file, weight, style in FONTS:
        data = resources.files("sdgplan.reports").joinpath("fonts", file).read_bytes()
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f"font-style: {style}; src: url(data:font/woff2;base64,{encoded}) "
            'format("woff2"); }'
        )
    return Markup("\n".join(rules))  # noqa: S704
