"""Pages as HTML: the Jinja2 environment of the site (filters, gettext in the request's
language) and the base layout's language switch."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sdgplan.assessment.reasons import render_reason
from sdgplan.assessment.rollup import ATTAINMENT_LABELS, Attainment
from sdgplan.assessment.verdicts import OUTCOME_LABELS, Outcome
from sdgplan.i18n import _, current_language, ngettext, translations
from sdgplan.reports.disk_cache import template_bytecode_cache
from sdgplan.web.report_files import ReportRef, latest_report, reports_enabled
from sdgplan.web.site_settings import branding

if TYPE_CHECKING:
    from sdgplan.web.page_views import Site

OUTCOME_SYMBOLS = {"on_track": "✔", "watch": "◆", "off_track": "✖", "not_assessed": "–"}
ATTAINMENT_SYMBOLS = {"good": "✔", "mixed": "◆", "poor": "✖", "not_assessed": "–"}


def render_page(request: Request, template_name: str, **context: Any) -> str:
    """`template_name` in the request's language, inside the base layout with the look of
    the page's municipality (`site`, if any: its `sites` settings, else `default`)."""
    lang = current_language()
    other = "en" if lang == "nb" else "nb"
    parts = request.url.path.split("/")
    switch = "/".join(["", other, *parts[2:]]) if parts[1:2] == [lang] else f"/{other}/"
    template = environment().get_template(template_name)
    site = context.get("site")
    look = branding(request, site, lang)
    generic = _("Bærekraftsmålene i kommuneplanen")
    return template.render(
        lang=lang,
        other_lang=other,
        switch_url=switch,
        current_path=request.url.path,
        base=site.base if site is not None else f"/{lang}/",
        branding=look,
        site_name=look.title or (site.municipality.name if site is not None else generic),
        reports_on=reports_enabled(request),
        **context,
    )


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sdgplan.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are part of the installed package
        bytecode_cache=template_bytecode_cache(),
    )
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["reason"] = render_reason
    env.filters["outcome"] = lambda value: _(OUTCOME_LABELS[Outcome(value)])
    env.filters["attainment"] = lambda value: _(ATTAINMENT_LABELS[Attainment(value)])
    env.filters["known_text"] = _known_text
    env.filters["chart_json"] = _chart_json
    env.filters["long_date"] = _long_date
    env.globals["outcome_symbols"] = OUTCOME_SYMBOLS
    env.globals["attainment_symbols"] = ATTAINMENT_SYMBOLS
    env.globals["latest_report"] = _latest_report
    return env


def _latest_report(site: Site) -> ReportRef | None:
    return latest_report(site.data)


def _long_date(day: dt.date) -> str:
    """`12. desember 2026`, `12 December 2026`: the page's language."""
    from babel.dates import format_date

    return format_date(day, "long", "en_GB" if current_language() == "en" else "nb_NO")


def _known_text(text: str) -> str:
    from sdgplan.reports.render import known_text

    return known_text(text, translations(current_language()))


def _chart_json(spec: dict[str, Any]) -> Markup:
    """The chart and its options as JSON inside <script type="application/json">: no "<",
    ">" or "&" at all, so no text in the data can end the element (JSON.parse undoes it)."""
    from sdgplan.reports.charts import FONT, NB_NO_LOCALE

    options = {
        "renderer": "svg",
        "actions": False,
        "ast": True,  # Vega's expression interpreter: the CSP allows no eval
        "defaultStyle": False,  # no inline <style>: site.css styles the chart and tooltip
        "tooltip": {"disableDefaultStyle": True},
        "formatLocale": NB_NO_LOCALE,
    }
    # the report embeds Noto Sans; the site falls back to the reader's sans-serif
    config = {**spec.get("config", {}), "font": f"{FONT}, system-ui, sans-serif"}
    chart = {**spec, "config": config}
    text = json.dumps({"spec": chart, "options": options}, ensure_ascii=False)
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)  # noqa: S704 - escaped above
