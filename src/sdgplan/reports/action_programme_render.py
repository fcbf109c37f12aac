"""The action programme document as one self-contained HTML file: styles and fonts inline, the
charts as static SVG (the file runs no script), in the report's look (`report.css`). The PDF
is this HTML printed by `reports.pdf.write_pdf`."""

from __future__ import annotations

from markupsafe import Markup

from sdgplan.i18n import use_language
from sdgplan.reports import render
from sdgplan.reports.action_programme import ActionProgramme
from sdgplan.version import __version__


def render_action_programme(document: ActionProgramme, *, lang: str = "nb") -> str:
    """The document as HTML in `lang` (the labels; the data's own texts stay as written)."""
    # the same environment, fonts and stylesheets as the four-year report
    template = render.template_environment(lang).get_template("action_programme.html.j2")
    with use_language(lang):  # version and milestone labels are translated in Python
        return template.render(
            doc=document,
            lang=lang,
            version=__version__,
            svgs=render.chart_svgs(document.charts()),
            css=Markup(render.stylesheet("report.css")),  # noqa: S704 - our own stylesheet
            own_css=Markup(render.stylesheet("action_programme.css")),  # noqa: S704 - ours too
            phone_css=Markup(render.stylesheet("phone.css")),  # noqa: S704 - screen only
            font_css=render.font_css(),
            interactive=False,
        )
