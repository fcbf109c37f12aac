"""Importers turn files into domain objects and issues; they never write to the database."""

from __future__ import annotations

from pathlib import Path

from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.errors import FormatError
from sdgplan.i18n import _
from sdgplan.importers.base import ImportResult, PlanImporter, PlanOptions, read_text
from sdgplan.importers.overview import OverviewImporter, looks_like_overview
from sdgplan.importers.plan_yaml import YamlPlanImporter, looks_like_plan_yaml
from sdgplan.reference import load_sdg_catalogue

PLAN_IMPORTERS: dict[str, type[PlanImporter]] = {
    "overview": OverviewImporter,
    "yaml": YamlPlanImporter,
}
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".txt": "overview", ".tsv": "overview"}


def detect_plan_format(path: Path, text: str) -> str:
    """The plan format of a file: by its content, else by its suffix."""
    if looks_like_overview(text):
        return "overview"
    if looks_like_plan_yaml(text):
        return "yaml"
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    raise FormatError(
        _("Kjenner ikke igjen planformatet i {path}").format(path=path),
        hint=_("Oppgi formatet: {formats}").format(formats=", ".join(PLAN_IMPORTERS)),
    )


def import_plan_file(
    path: Path,
    *,
    format: str | None = None,
    options: PlanOptions | None = None,
    catalogue: SdgCatalogue | None = None,
) -> ImportResult:
    """Read a plan file into a `Plan`, with every problem found as an `Issue`.

    Example:
        >>> result = import_plan_file(Path("plan.yaml"))  # doctest: +SKIP
        >>> result.ok, result.plan.title  # doctest: +SKIP
        (True, 'Kommuneplanens samfunnsdel 2020-2032')
    """
    text = read_text(path)
    name = format or detect_plan_format(path, text)
    if name not in PLAN_IMPORTERS:
        raise FormatError(
            _("Ukjent planformat: {name}").format(name=name),
            hint=_("Bruk {formats}").format(formats=", ".join(PLAN_IMPORTERS)),
        )
    importer = PLAN_IMPORTERS[name]()
    return importer.read(
        text,
        source=str(path),
        options=options or PlanOptions(),
        catalogue=catalogue or load_sdg_catalogue(),
    )


__all__ = [
    "PLAN_IMPORTERS",
    "ImportResult",
    "PlanOptions",
    "detect_plan_format",
    "import_plan_file",
]
