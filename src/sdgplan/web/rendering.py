"""Pages as HTML: the Jinja2 environment of the site (filters, gettext in the request's
language) and the base layout's language switch."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sdgplan.assessment.reasons import render_reason
from sdgplan.assessment.rollup import ATTAINMENT_LABELS, Attainment
from sdgplan.assessment.verdicts import OUTCOME_LABELS, Outcome
from sdgplan.i18n import _, current_language, ngettext, translations

OUTCOME_SYMBOLS = {"on_track": "✔", "watch": "◆", "off_track": "✖", "not_assessed": "–"}
ATTAINMENT_SYMBOLS = {"good": "✔", "mixed": "◆", "poor": "✖", "not_assessed": "–"}


def render_page(request: Request, template_name: str, **context: Any) -> str:
    """`template_name` in the request's language, inside the base layout."""
    lang = current_language()
    other = "en" if lang == "nb" else "nb"
    parts = request.url.path.split("/")
    switch = "/".join(["", other, *parts[2:]]) if parts[1:2] == [lang] else f"/{other}/"
    template = environment().get_template(template_name)
    return template.render(lang=lang, other_lang=other, switch_url=switch, **context)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sdgplan.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["reason"] = render_reason
    env.filters["outcome"] = lambda value: _(OUTCOME_LABELS[Outcome(value)])
    env.filters["attainment"] = lambda value: _(ATTAINMENT_LABELS[Attainment(value)])
    env.filters["known_text"] = _known_text
    env.filters["chart_json"] = _chart_json
    env.globals["outcome_symbols"] = OUTCOME_SYMBOLS
    env.globals["attainment_symbols"] = ATTAINMENT_SYMBOLS
    return env


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
