"""Extract the report's user-facing texts and merge them into the English catalogue.

Run after changing texts in src/sdgplan/reports: .venv/bin/python tools/update_messages.py
New messages get an empty translation; fill them in src/sdgplan/locales/en/LC_MESSAGES/.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "src" / "sdgplan"
PO = ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [("reports/**/*.py", "python"), ("reports/templates/*.j2", "jinja2.ext:babel_extract")]
OPTIONS = {
    "reports/templates/*.j2": {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}


def main() -> None:
    template = Catalog(project="sdgplan", locale=None)
    for file, line, message, comments, context in extract_from_dir(
        ROOT,
        METHODS,
        OPTIONS,
        keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)},
    ):
        template.add(message, None, [(file, line)], auto_comments=comments, context=context)
    if PO.exists():
        with PO.open("rb") as f:
            catalog = read_po(f, locale="en")
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = Catalog(project="sdgplan", locale="en")
        catalog.update(template)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{PO}: {len(catalog)} messages, {len(missing)} without translation")  # noqa: T201
    for message in missing:
        print(f"  {message!r}")  # noqa: T201


if __name__ == "__main__":
    main()
