"""The SDG method tool's table (issue 15, docs/method-tool.md): import a cycle's three
levels from YAML or a workbook, choose a stored one, and write it as YAML, a workbook, HTML
or PDF. Shared by the CLI and (later) the web."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.domain.issues import Issue, has_errors
from sdgplan.domain.method import MethodTable
from sdgplan.errors import InvalidData, NotFound
from sdgplan.i18n import _, current_language
from sdgplan.importers.base import Parsed, read_text
from sdgplan.importers.method_xlsx import XlsxMethod
from sdgplan.importers.method_yaml import MethodFile, read_method
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.loading import Declared, resolve_municipality
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import method_repo, org_repo, plan_repo

EXPORT_SUFFIXES = (".yaml", ".yml", ".xlsx", ".html", ".pdf")


@dataclass(frozen=True)
class Imported:
    table: MethodTable
    issues: list[Issue]
    replaced: bool
    unchanged: bool = False


def import_method(
    session: Session, path: Path, *, municipality: str | None = None, who: str
) -> Imported:
    """Read a method file (.yaml or .xlsx) and store its cycle, replacing the stored rows of
    that cycle (its materiality scores stay); InvalidData (nothing stored) for any error,
    such as a plan key the stored plan does not have. A file without `materiality` keeps
    the stored cycle's scale, aggregation and threshold."""
    declared, read = _READERS.get(path.suffix.lower(), _yaml_reader)(path)
    owner = resolve_municipality(session, municipality, declared)
    parsed = read(owner.number, plan_keys(session, owner.number))
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    table = parsed.data.table
    old = method_repo.find_method(session, owner.number, table.cycle.key)
    if old is not None and not parsed.data.materiality_declared:
        kept = replace(
            table.cycle,
            scale_min=old.cycle.scale_min,
            scale_max=old.cycle.scale_max,
            aggregation=old.cycle.aggregation,
            priority_threshold=old.cycle.priority_threshold,
        )
        table = replace(table, cycle=kept)
    plan_repo.ensure_municipality(session, owner)
    saved = method_repo.save_method(session, table, who=who, source=str(path))
    return Imported(table, parsed.issues, replaced=old is not None, unchanged=not saved)


def plan_keys(session: Session, municipality: str) -> set[str] | None:
    """The keys of every goal and strategy (main goals included) of the municipality's
    stored plan versions; None when no plan is stored."""
    found: set[str] | None = None
    for summary in plan_repo.list_plans(session):
        if summary.municipality != municipality:
            continue
        _plan, version = plan_repo.load_plan_version(
            session, municipality=municipality, version=summary.version, title=summary.title
        )
        found = found or set()
        for _area, goal in version.goals():
            found |= {k for k in (goal.key, *(s.key for s in goal.strategies)) if k}
    return found


Read = Callable[[str, set[str] | None], Parsed[MethodFile]]  # (owner, plan keys) -> file


def _yaml_reader(path: Path) -> tuple[Declared | None, Read]:
    text = read_text(path)
    found = declared_municipality(text)

    def read(owner: str, keys: set[str] | None) -> Parsed[MethodFile]:
        return read_method(
            text,
            source=str(path),
            municipality=owner,
            catalogue=load_sdg_catalogue(),
            known_keys=keys,
        )

    return (Declared(found[0], path, found[1]) if found else None), read


def _xlsx_reader(path: Path) -> tuple[Declared | None, Read]:
    book = XlsxMethod(path)
    found = book.declared()

    def read(owner: str, keys: set[str] | None) -> Parsed[MethodFile]:
        return book.read(municipality=owner, catalogue=load_sdg_catalogue(), known_keys=keys)

    return (Declared(found, path) if found else None), read


_READERS = {".xlsx": _xlsx_reader}  # by suffix; anything else is YAML


def load_method_example(
    session: Session, folder: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's method tables (`method-*.yaml`); counts of cycles and rows."""
    counts = {"method_cycles": 0, "method_rows": 0}
    for path in sorted(folder.glob("method-*.yaml")):
        imported = import_method(session, path, municipality=municipality, who=who)
        counts["method_cycles"] += 1
        counts["method_rows"] += len(imported.table.rows)
    return counts


def choose_method(session: Session, municipality: str, cycle: str | None) -> MethodTable:
    """The table of `cycle`, or of the last stored cycle (by key: `2024-2036` after
    `2020-2032`)."""
    if cycle is None:
        stored = method_repo.list_cycles(session, municipality)
        if not stored:
            raise NotFound(
                _("Ingen metodetabell er lagret for {municipality}").format(
                    municipality=municipality
                ),
                hint=_("Importer en: sdgplan method import FIL"),
            )
        cycle = stored[-1].key
    return method_repo.load_method(session, municipality, cycle)


def export_method(session: Session, table: MethodTable, out: Path) -> bytes | None:
    """The table as the file `out` names by its suffix: the bytes of a YAML, workbook or
    HTML file, for the caller to write; a PDF is written to `out` here (None)."""
    from sdgplan.exporters.method import method_workbook, method_yaml

    suffix = out.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return method_yaml(table).encode("utf-8")
    if suffix == ".xlsx":
        return method_workbook(table, load_sdg_catalogue())
    from sdgplan.reports.method_document import method_document, render_method_document

    owner = org_repo.find_organisation(session, table.municipality)
    lang = current_language()
    document = method_document(table, owner, load_sdg_catalogue(), lang=lang)
    html = render_method_document(document, lang=lang)
    if suffix == ".html":
        return html.encode("utf-8")
    from sdgplan.reports.pdf import write_pdf

    write_pdf(html, out)
    return None
