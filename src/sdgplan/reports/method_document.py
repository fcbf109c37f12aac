"""The method table as a printable document (HTML, and PDF through `reports.pdf.write_pdf`):
the three levels as tables with captions, each SDG marked with its official colour beside
its number and name (the colour is never the only sign). Styles and fonts inline, in the
report's look (`report.css`)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from sdgplan.domain.method import LEVEL_FIELDS, LEVELS, MethodRow, MethodTable, goal_label
from sdgplan.domain.plan import Municipality
from sdgplan.domain.sdg import SDG_COLOURS, SdgCatalogue
from sdgplan.i18n import use_language
from sdgplan.reports import render
from sdgplan.version import __version__


@dataclass(frozen=True)
class DocumentRow:
    """A row as the document shows it: the SDG (number, name, colour), the target and its
    title (levels 2 and 3), the level's texts in column order, the targets (level 1) and
    the plan keys."""

    goal: int
    goal_label: str
    colour: str
    target: str | None
    target_title: str
    texts: tuple[str, ...]
    targets: str
    plan_keys: str


@dataclass(frozen=True)
class MethodDocument:
    municipality: Municipality
    table: MethodTable
    levels: dict[int, list[DocumentRow]]


def method_document(
    table: MethodTable, municipality: Municipality, catalogue: SdgCatalogue, *, lang: str = "nb"
) -> MethodDocument:
    english = lang == "en"
    levels = {
        level: [_row(r, catalogue, english=english) for r in table.level(level)] for level in LEVELS
    }
    return MethodDocument(municipality, table, levels)


def _row(row: MethodRow, catalogue: SdgCatalogue, *, english: bool) -> DocumentRow:
    target = catalogue.targets.get(row.target or "")
    title = (target.title_en if english else target.title_nb) if target else ""
    return DocumentRow(
        goal=row.sdg_goal,
        goal_label=goal_label(row.sdg_goal, catalogue, english=english),
        colour=SDG_COLOURS.get(row.sdg_goal, "#5b6770"),
        target=row.target,
        target_title=title,
        texts=tuple(row.text(name) for name in LEVEL_FIELDS[row.level]),
        targets=", ".join(row.targets),
        plan_keys=", ".join(row.plan_keys),
    )


def render_method_document(document: MethodDocument, *, lang: str = "nb") -> str:
    """The document as HTML in `lang` (the labels; the table's own texts stay as written)."""
    template = render.template_environment(lang).get_template("method_document.html.j2")
    with use_language(lang):
        return template.render(
            doc=document,
            lang=lang,
            version=__version__,
            css=Markup(render.stylesheet("report.css")),  # noqa: S704 - our own stylesheet
            own_css=Markup(render.stylesheet("method_document.css")),  # noqa: S704 - ours too
            font_css=render.font_css(),
        )
