"""Extract the user-facing texts and merge them into the English catalogues, one per part.

Run after changing texts: .venv/bin/python tools/update_messages.py [PART ...]
New messages get an empty translation; fill them in src/sdgplan/locales/en/LC_MESSAGES/.
`--check` changes nothing and exits 1 if a message lacks a translation or two catalogues
translate the same message differently (the tests run it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "src" / "sdgplan"
LOCALES = ROOT / "locales" / "en" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
# part -> the files it extracts from (paths relative to src/sdgplan); every other module is "core".
PARTS: dict[str, list[tuple[str, str]]] = {
    "reports": [
        ("reports/**.py", "python"),
        ("reports/templates/*.j2", "jinja2.ext:babel_extract"),
    ],
    "cli": [("cli/**.py", "python")],
    "importers": [("importers/**.py", "python")],
    "assessment": [("assessment/**.py", "python")],
    "web": [("web/**.py", "python"), ("web/templates/*.j2", "jinja2.ext:babel_extract")],
    "core": [("**.py", "python")],
}
OWN_FOLDERS = ("reports/", "cli/", "importers/", "assessment/", "web/", "store/migrations/")


def template_for(part: str) -> Catalog:
    template = Catalog(project="sdgplan", locale=None)
    options = {pattern: JINJA_OPTIONS for pattern, method in PARTS[part] if "jinja" in method}
    for file, line, message, comments, context in extract_from_dir(
        ROOT, PARTS[part], options, keywords=KEYWORDS
    ):
        if part == "core" and file.replace("\\", "/").startswith(OWN_FOLDERS):
            continue
        template.add(message, None, [(file, line)], auto_comments=comments, context=context)
    return template


def update(part: str, *, check: bool) -> list[str]:
    """Merge `part`'s messages into its catalogue; the message ids without a translation."""
    po = LOCALES / f"{part}.po"
    template = template_for(part)
    if po.exists():
        with po.open("rb") as f:
            catalog = read_po(f, locale="en")
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = Catalog(project="sdgplan", locale="en")
        catalog.update(template)
    if not check:
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=True)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(str(message.id))
    print(f"{po.name}: {len(catalog)} messages, {len(missing)} without translation")  # noqa: T201
    for message_id in missing:
        print(f"  {message_id!r}")  # noqa: T201
    return missing


def conflicts() -> list[str]:
    """Message ids translated differently in two catalogues: merged, only one can win."""
    seen: dict[object, tuple[str, object]] = {}
    found = []
    for po in sorted(LOCALES.glob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f, locale="en"):
                if not message.id or not message.string:
                    continue
                earlier = seen.setdefault(message.id, (po.name, message.string))
                if earlier[1] != message.string:
                    found.append(
                        f"{message.id!r}: {earlier[0]} {earlier[1]!r}, {po.name} {message.string!r}"
                    )
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    parts = [a for a in argv if not a.startswith("--")] or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        print(f"unknown part: {', '.join(unknown)}; parts: {', '.join(PARTS)}")  # noqa: T201
        return 2
    missing = [m for part in parts for m in update(part, check=check)]
    clashes = conflicts()
    for clash in clashes:
        print(f"translated differently: {clash}")  # noqa: T201
    return 1 if check and (missing or clashes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
