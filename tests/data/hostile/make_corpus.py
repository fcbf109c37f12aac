"""Write the hostile corpus and its README (run once; the files are checked in).

    .venv/bin/python tests/data/hostile/make_corpus.py

Each case is a file in the folder of the importer it attacks, the outcome the importer must
give (`accepted`; `rejected`; `rejected at a line`: an error names a line; `rejected at every
row`) and one line on what it attacks. `tests/test_hostile_files.py` reads the outcomes from
the README, and marks the cases that expose a known bug.
The valid files the cases start from are the small municipality of `tests/reports/municipality`
(Oslo, 0301), which the tests load into the database first.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parents[2]) not in sys.path:  # run as a script: the repository root
    sys.path.insert(0, str(HERE.parents[2]))

from tests.reports.municipality import write_files  # noqa: E402

FOLDERS = {  # folder: (suffix, the base file's key in write_files)
    "plan-overview": (".txt", None),
    "plan-yaml": (".yaml", "plan"),
    "indicators": (".yaml", "indicators"),
    "observations": (".csv", "observations"),
    "thematic-plans": (".csv", "thematic_plans"),
    "narrative": (".markdown", "narrative-1"),  # ruff formats *.md; these need not be UTF-8
}
ACCEPTED, REJECTED, AT_LINE = "accepted", "rejected", "rejected at a line"
AT_EVERY_ROW = "rejected at every row"  # CSV: every line after the header; overview: every row
OS_SYSTEM = '!!python/object/apply:os.system ["touch hostile-pwned"]'  # must never run

# free texts the importers must store as written (spreadsheet formulas, markup, templates)
PAYLOADS = {
    "formula": (
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://127.0.0.1:1/?"&A1;"klikk")',
        "+SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=1+1",
    ),
    "html": (
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</textarea><svg onload=alert(1)>",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% raw %}<b>",
    ),
    "format-strings": ("%s %d %(name)s %n", "{} {0} {name!r}", "{.__class__}", "%%"),
    "path-traversal": (
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/shadow",
        "file:///etc/passwd",
        "%2e%2e%2f%2e%2e%2f",
    ),
    "unicode": (
        "\u202eevil\u202c",
        "zero\u200bwidth",
        "a\u030a",  # å decomposed
        "👍🏽",
        "\u00a0",
    ),
}


@dataclass
class Case:
    path: str  # folder/name
    outcome: str
    what: str
    data: bytes


CASES: list[Case] = []


def case(folder: str, name: str, outcome: str, what: str, data: str | bytes) -> None:
    suffix = FOLDERS[folder][0]
    filename = name if "." in name else name + suffix
    raw = data.encode("utf-8") if isinstance(data, str) else data
    CASES.append(Case(f"{folder}/{filename}", outcome, what, raw))


# --- the valid files, and ways to make them hostile -------------------------------------


def overview(text: Callable[[str], str] = str) -> str:
    """The Oslo plan of `tests/reports/municipality` as a plan-overview text export."""
    first, second = text("Fokus 1"), text("Fokus 2")
    return "\n".join(
        [
            "Samlet oversikt over mål og strategier for Oslo kommune",
            "",
            text("Kommuneplan 2020-2030"),
            "",
            first,
            "",
            "Hovedmål",
            "",
            "Referanse\tHOVEDMÅL",
            f"FN-T 3\t{text('Hovedmål 1')}",
            "",
            "Delmål og strategier",
            "",
            "Referanse\tDELMÅL\tReferanse\tSTRATEGIER TIL DELMÅL",
            f"FN-T 3.4\t{text('Delmål 1.1')}\t\t",
            f"\t\tAK\t{text('Strategi 1.1.1')}",
            f"AK\t{text('Delmål 1.2')}\t\t",
            "",
            second,
            "",
            "Hovedmål",
            "",
            "Delmål og strategier",
            "",
            f"FN 11.3\t{text('Delmål 2.1')}\t\t",
            "",
        ]
    )


def base_files(text: Callable[[str], str] | None = None) -> dict[str, str]:
    """The valid text of each folder's file, every free text made by `text`."""
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp), text) if text else write_files(Path(tmp))
        result = {
            folder: files[key].read_text(encoding="utf-8") if key else ""
            for folder, (_, key) in FOLDERS.items()
        }
    result["plan-overview"] = overview(text or str)
    return result


def cycling(payloads: tuple[str, ...], keep: tuple[str, ...] = ()) -> Callable[[str], str]:
    """A `text` function putting the payloads, in turn, in front of every free text."""
    count = iter(range(10_000))

    def text(name: str) -> str:
        if name in keep:
            return name
        return f"{payloads[next(count) % len(payloads)]} {name}"

    return text


BASE: dict[str, str] = {}  # filled by write_corpus


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def truncated(text: str) -> str:
    """The text cut in the middle of a line, about two thirds in."""
    cut = len(text) * 2 // 3
    while text[cut - 1] in "\n\t,":
        cut += 1
    return text[:cut]


def zip_of(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in (
            ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
            (name, text),
        ):
            # a fixed date, so that making the corpus again gives the same bytes
            archive.writestr(zipfile.ZipInfo(member, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def garbage(seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(600)) + b"\x00" * 16


def cp1252_text(folder: str) -> bytes:
    text = BASE[folder]
    if folder == "observations":  # give the ASCII files letters outside ASCII
        text = replace_line(text, "Obsmerknad", "Obsmerknad æøå")
    elif folder == "narrative":
        text += "Blåbærsyltetøy\n"
    return text.encode("cp1252")


# --- cases every importer gets -----------------------------------------------------------


def common_cases() -> None:
    others = {  # a valid file of another format fed to this importer
        "plan-overview": ("yaml-plan-file", BASE["plan-yaml"], REJECTED),
        "plan-yaml": ("csv-observations", BASE["observations"], AT_LINE),
        "indicators": ("csv-observations", BASE["observations"], AT_LINE),
        "observations": ("yaml-indicator-file", BASE["indicators"], AT_LINE),
        "thematic-plans": ("yaml-plan-file", BASE["plan-yaml"], AT_LINE),
        "narrative": ("csv-thematic-plans", BASE["thematic-plans"], AT_LINE),
    }
    for folder, text in BASE.items():
        add = lambda *a, f=folder: case(f, *a)  # noqa: E731
        add("empty", REJECTED, "an empty file", b"")
        add("bom-only", REJECTED, "nothing but a UTF-8 byte-order mark", b"\xef\xbb\xbf")
        add("binary-garbage", REJECTED, "random bytes with NUL bytes", garbage(len(folder)))
        add(
            "invalid-utf8",
            REJECTED,
            "the valid file with byte 0x81 (not UTF-8, undefined in Windows-1252)",
            text.encode("utf-8").replace(b"\n", b"\n\x81", 1),
        )
        add(
            "windows-1252",
            ACCEPTED,
            "the valid file in Windows-1252 (Word's plain-text export)",
            cp1252_text(folder),
        )
        add(
            "utf16-le-no-bom",
            ACCEPTED,
            "the valid file, UTF-16 LE without BOM",
            text.encode("utf-16-le"),
        )
        add(
            "utf16-be-no-bom",
            ACCEPTED,
            "the valid file, UTF-16 BE without BOM",
            text.encode("utf-16-be"),
        )
        add("utf16-bom", ACCEPTED, "the valid file, UTF-16 with BOM", text.encode("utf-16"))
        add(
            "utf16-odd-length",
            REJECTED,
            "UTF-16 with a BOM and a dangling last byte",
            text.encode("utf-16") + b"A",
        )
        add("png-header", REJECTED, "a 1x1 PNG image", PNG)
        add(
            "zip-header",
            REJECTED,
            "a ZIP archive (as .docx/.xlsx are) holding the valid text",
            zip_of("word/document.xml", text),
        )
        add("crlf", ACCEPTED, "the valid file with CRLF line ends", text.replace("\n", "\r\n"))
        add(
            "cr-only",
            ACCEPTED,
            "the valid file with CR-only line ends (old Mac)",
            text.replace("\n", "\r"),
        )
        add(
            "mixed-line-ends",
            ACCEPTED,
            "the valid file with LF, CRLF and CR mixed",
            "".join(line + ("\n", "\r\n", "\r")[i % 3] for i, line in enumerate(text.split("\n"))),
        )
        name, other, outcome = others[folder]
        add(
            f"wrong-format-{name}",
            outcome,
            f"a {name.replace('-', ' ')} fed to this importer",
            other,
        )
        for family, payloads in PAYLOADS.items():
            keep = ("Fokus 1", "Fokus 2") if folder in ("indicators", "narrative") else ()
            add(
                f"payload-{family}",
                ACCEPTED,
                f"{family} payloads in front of every free text, stored as text",
                base_files(cycling(payloads, keep))[folder],
            )


# --- YAML: the plan file, the indicator file and the narrative's front matter --------------

ALIAS_BOMB = "\n".join(
    ["lol0: &lol0 lol"]
    + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def yaml_cases(folder: str) -> None:
    text = BASE[folder]
    top = "focus_areas" if folder == "plan-yaml" else "indicators"
    first_key, first_value = (
        ("plan", "Kommuneplan 2020-2030") if folder == "plan-yaml" else ("years", "2015-2025")
    )

    def set_top(key: str, value: str) -> str:
        """The file with the top-level `key` set to `value` (in place, or added first)."""
        for line in text.split("\n"):
            if line.startswith(f"{key}:"):
                return replace_line(text, line + "\n", f"{key}: {value}\n")
        return f"{key}: {value}\n" + text

    add = lambda *a: case(folder, *a)  # noqa: E731
    add(
        "python-tag-apply",
        AT_LINE,
        "!!python/object/apply:os.system as a value (must never run)",
        replace_line(text, f"{first_key}: {first_value}", f"{first_key}: {OS_SYSTEM}"),
    )
    add(
        "python-tag-scalar",
        ACCEPTED,
        "a tagged scalar (!!python/object/apply:os.system touch ...): the tag is ignored, text",
        replace_line(
            text,
            f"{first_key}: {first_value}",
            f"{first_key}: !!python/object/apply:os.system {first_value}",
        ),
    )
    add(
        "python-tag-in-list",
        AT_LINE,
        "!!python/object/apply:os.system where a text belongs",
        replace_line(
            text,
            "name: Fokus 2" if folder == "plan-yaml" else "name: Antall",
            f"name: {OS_SYSTEM}",
        ),
    )
    add(
        "python-tag-name",
        AT_LINE,
        "!!python/name:os.system (an empty tagged scalar) as a required text",
        replace_line(
            text,
            "name: Fokus 2" if folder == "plan-yaml" else "name: Antall",
            "name: !!python/name:os.system",
        ),
    )
    add(
        "anchor-alias",
        AT_LINE,
        "a plain anchor and alias",
        text.replace("\n", "\nx: &x 1\ny: *x\n", 1),
    )
    add(
        "alias-bomb",
        AT_LINE,
        "billion laughs: nine levels of nine aliases",
        ALIAS_BOMB + "\n" + text,
    )
    add(
        "merge-key",
        AT_LINE,
        "a merge key << with an alias",
        "base: &base {municipality: '0301'}\n<<: *base\n" + text,
    )
    add(
        "deep-flow-nesting",
        AT_LINE,
        "1000 levels of [",
        f"{top}: " + "[" * 1000 + "]" * 1000 + "\n",
    )
    add(
        "deep-flow-unclosed",
        AT_LINE,
        "1000 levels of [ never closed",
        f"{top}: " + "[" * 1000 + "\n",
    )
    add(
        "deep-block-nesting",
        AT_LINE,
        "1000 levels of block lists (- - - ...)",
        f"{top}:\n" + "- " * 1000 + "x\n",
    )
    add(
        "deep-mapping-nesting",
        AT_LINE,
        "1000 levels of {a: ...}",
        f"{top}: " + "{a: " * 1000 + "b" + "}" * 1000 + "\n",
    )
    add("duplicate-top-key", AT_LINE, "a top-level key given twice", text + f"{top}: []\n")
    add("non-scalar-key", AT_LINE, "a list as a mapping key (? [a, b])", "? [a, b]\n: c\n" + text)
    add("non-scalar-key-flow", AT_LINE, "a mapping as a flow mapping key", "{[a]: b, {c: d}: e}\n")
    add(
        "top-level-list",
        AT_LINE,
        "a list where the top-level mapping belongs",
        "- " + text.replace("\n", "\n  "),
    )
    add(
        "top-level-text",
        AT_LINE,
        "a lone text where the top-level mapping belongs",
        "just some text\n",
    )
    add(
        "mapping-for-list",
        AT_LINE,
        f"{top} as a mapping",
        f"municipality: '0301'\n{top}:\n  name: x\n  key: y\n",
    )
    add(
        "list-of-lists",
        AT_LINE,
        f"{top} as a list of lists",
        f"municipality: '0301'\n{top}: [[a, b], [c]]\n",
    )
    add(
        "municipality-list",
        AT_LINE,
        "municipality: [3203, 4601] (a list where one number belongs)",
        replace_line(text, "municipality: '0301'", "municipality: [3203, 4601]"),
    )
    add(
        "municipality-text",
        ACCEPTED,
        "municipality: Oslo (a name where a number belongs: found by name)",
        replace_line(text, "municipality: '0301'", "municipality: Oslo"),
    )
    add(
        "municipality-huge",
        REJECTED,
        "municipality: a 400-digit number",
        replace_line(text, "municipality: '0301'", "municipality: " + "9" * 400),
    )
    add(
        "municipality-special-floats",
        REJECTED,
        "municipality: .inf (YAML's infinity, read as text)",
        replace_line(text, "municipality: '0301'", "municipality: .inf"),
    )
    add(
        "municipality-traversal",
        REJECTED,
        "municipality: ../../etc/passwd",
        replace_line(text, "municipality: '0301'", "municipality: ../../etc/passwd"),
    )
    add(
        "format-version-huge",
        AT_LINE,
        "format_version: a 400-digit number",
        set_top("format_version", "1" * 400),
    )
    add("format-version-nan", AT_LINE, "format_version: .nan", set_top("format_version", ".nan"))
    add(
        "other-format",
        AT_LINE,
        "format: names another format",
        set_top("format", "sdgplan-narrative"),
    )
    add("unterminated-flow", AT_LINE, "a flow list never closed", text + "extra: [a, b\n")
    add("unterminated-quote", AT_LINE, "a double quote never closed", text + 'extra: "abc\n')
    add("tab-indentation", AT_LINE, "tabs used for indentation", text.replace("\n  ", "\n\t", 3))
    add("two-documents", AT_LINE, "two YAML documents (--- between)", text + "---\n" + text)
    add(
        "control-characters",
        AT_LINE,
        "a BEL and an ANSI escape sequence inside a value",
        text + 'extra: "\x07\x1b[2J\x1b[31mred"\n',
    )
    add(
        "nul-inside",
        AT_LINE,
        "a NUL in a name, after the first kilobyte (so not taken for UTF-16)",
        "#" * 1100 + "\n" + replace_line(text, "name: ", "name: a\x00b "),
    )
    add(
        "long-line",
        ACCEPTED,
        "a 15 000-character text on one line",
        replace_line(
            text,
            "Fokus 2" if folder == "plan-yaml" else "name: Antall",
            ("Fokus 2 " if folder == "plan-yaml" else "name: Antall ") + "x" * 15_000,
        ),
    )


def plan_yaml_cases() -> None:
    text = BASE["plan-yaml"]
    add = lambda *a: case("plan-yaml", *a)  # noqa: E731
    add(
        "name-mapping",
        AT_LINE,
        "name: {a: b} (a mapping where a text belongs)",
        replace_line(text, "name: Fokus 2", "name: {a: b}"),
    )
    add(
        "refs-mapping",
        AT_LINE,
        "refs as a mapping",
        replace_line(text, "refs:\n    - AK\n- name", "refs: {AK: 11}\n- name"),
    )
    add(
        "main-goal-list",
        AT_LINE,
        "main_goal as a list",
        replace_line(text, "  main_goal:\n", "  main_goal:\n  - x\n  main_goalx:\n"),
    )
    add(
        "goals-mapping",
        AT_LINE,
        "goals as a mapping",
        "municipality: '0301'\nfocus_areas:\n- name: A\n  goals: {text: x, refs: AK}\n",
    )
    add(
        "number-as-name",
        ACCEPTED,
        "numbers as texts (name: 12345, plan: 2020)",
        text.replace("Fokus 2", "12345").replace("Kommuneplan 2020-2030", "2020"),
    )
    add(
        "date-invalid",
        AT_LINE,
        "dates: 2020-02-30, a 400-digit number",
        replace_line(text, "date: '2020-06-01'", "date: 2020-02-30"),
    )
    add(
        "date-huge",
        AT_LINE,
        "date: a 400-digit number",
        replace_line(text, "date: '2020-06-01'", "date: " + "2" * 400),
    )
    add(
        "version-unknown",
        AT_LINE,
        "version: final",
        replace_line(text, "version: adopted", "version: final"),
    )
    add(
        "unknown-refs",
        AT_LINE,
        "references that do not exist: 99.99, 18, 11.10, 11.3.1, X",
        replace_line(
            text, "- '11.3'", "- '99.99'\n    - '18'\n    - '11.10'\n    - 11.3.1\n    - X"
        ),
    )
    add(
        "refs-empty",
        AT_LINE,
        "refs: [] and refs: with no value",
        replace_line(text, "refs:\n    - AK\n- name", "refs: []\n- name")
        .replace("- '11.3'", "")
        .replace("refs:\n    \n", "refs:\n"),
    )
    add(
        "refs-overview-notation-bad",
        AT_LINE,
        "refs: FN-T 11.3; DROP TABLE goals",
        replace_line(text, "refs:\n    - '11.3'", "refs: FN-T 11.3; DROP TABLE goals"),
    )
    add(
        "duplicate-focus-area",
        AT_LINE,
        "two focus areas with the same name",
        text.replace("Fokus 2", "Fokus 1"),
    )
    add(
        "duplicate-focus-area-case",
        AT_LINE,
        "focus-area names differing only in case",
        text.replace("Fokus 2", "FOKUS 1"),
    )
    add(
        "duplicate-goal-text",
        AT_LINE,
        "two sub-goals with the same text",
        text.replace("Delmål 1.2", "Delmål 1.1"),
    )
    add(
        "duplicate-goal-main",
        AT_LINE,
        "a sub-goal with the main goal's text",
        text.replace("Delmål 1.2", "Hovedmål 1"),
    )
    add(
        "duplicate-nested-key",
        AT_LINE,
        "a key given twice inside a goal",
        replace_line(text, "  - text: Delmål 1.2\n", "  - text: Delmål 1.2\n    text: igjen\n"),
    )
    add(
        "unknown-key",
        AT_LINE,
        "a misspelt key (stratgies)",
        text.replace("strategies:", "stratgies:"),
    )
    add(
        "missing-focus-areas", AT_LINE, "no focus_areas key", "\n".join(text.split("\n")[:4]) + "\n"
    )
    add(
        "focus-areas-null",
        ACCEPTED,
        "focus_areas: with no value (an empty plan)",
        "\n".join(text.split("\n")[:4]) + "\nfocus_areas:\n",
    )
    add("truncated", AT_LINE, "the valid file cut in the middle of a line", truncated(text))
    add(
        "html-in-refs",
        AT_LINE,
        "<script> as a reference",
        replace_line(text, "- AK\n- name", "- <script>alert(1)</script>\n- name"),
    )
    add(
        "percent-in-refs",
        AT_LINE,
        "%s {} as references",
        replace_line(text, "- AK\n- name", "- '%s'\n    - '{}'\n- name"),
    )


def indicator_cases() -> None:
    text = BASE["indicators"]
    add = lambda *a: case("indicators", *a)  # noqa: E731

    def indicator(name: str, outcome: str, what: str, *lines: str) -> None:
        extra = "".join(
            f"- key: fiendtlig-{i}\n  name: Fiendtlig {i}\n  {line}\n"
            for i, line in enumerate(lines)
        )
        add(name, outcome, what, replace_line(text, "tables:\n", extra + "tables:\n"))

    indicator(
        "threshold-hostile",
        AT_LINE,
        "thresholds: > 1e308 %, '>', > inf, > nan, >> 10, a 400-digit limit, 10-5, 1e3-2e3",
        "threshold: '> 1e308 %'",
        "threshold: '>'",
        "threshold: '> inf'",
        "threshold: '> nan'",
        "threshold: '>> 10'",
        f"threshold: '> {'9' * 400} %'",
        "threshold: 10-5",
        "threshold: 1e3-2e3",
    )
    indicator("threshold-1e308", AT_LINE, "threshold: > 1e308 %", "threshold: '> 1e308 %'")
    indicator("threshold-bare-operator", AT_LINE, "threshold: '>'", "threshold: '>'")
    indicator("threshold-list", AT_LINE, "threshold as a list", "threshold: ['>', 10]")
    indicator(
        "threshold-negative-zero", ACCEPTED, "threshold: > -0 % (minus zero)", "threshold: '> -0 %'"
    )
    indicator("scale-reversed", AT_LINE, "scales 5-1 and 0-0", "scale: 5-1", "scale: 0-0")
    indicator(
        "scale-huge",
        AT_LINE,
        "scale: 1-(20 digits), beyond a 64-bit integer",
        "scale: 1-" + "9" * 20,
    )
    indicator("scale-400-digits", AT_LINE, "scale: 1-(400 digits)", "scale: 1-" + "9" * 400)
    indicator(
        "progress-base-year-huge",
        AT_LINE,
        "progress: base_year of 20 digits, beyond a 64-bit integer",
        "progress: {base_year: " + "9" * 20 + "}",
    )
    indicator(
        "progress-special-floats",
        AT_LINE,
        "progress limits nan, inf, 1e308",
        "progress: {limit: nan}",
        "progress: {limit: .inf}",
        "progress: {limit: 1e308}",
    )
    indicator(
        "target-hostile",
        AT_LINE,
        "targets: year 1e308, value inf, change without base_year, both value and change",
        "target: {year: 1e308, value: 1}",
        "target: {year: 2030, value: inf}",
        "target: {year: 2030, change: -50 %}",
        "target: {year: 2030, value: 1, change: 2, base_year: 2020}",
    )
    indicator(
        "target-year-huge",
        AT_LINE,
        "target year of 20 digits (a year has four)",
        "target: {year: " + "9" * 20 + ", value: 1}",
    )
    indicator(
        "bands-hostile",
        AT_LINE,
        "bands: nan-inf, a list of mappings, reversed",
        "bands: {desired: nan-inf}",
        "bands: {desired: [{a: b}]}",
        "bands: {desired: 5-1}",
    )
    indicator("direction-unknown", AT_LINE, "direction: sideways", "direction: sideways")
    add(
        "key-hostile",
        AT_LINE,
        "indicator keys ../../etc/passwd, <script>, Stor, -minus",
        replace_line(
            text,
            "tables:\n",
            "".join(
                f"- key: '{k}'\n  name: n\n"
                for k in ("../../etc/passwd", "<script>", "Stor", "-minus")
            )
            + "tables:\n",
        ),
    )
    add(
        "duplicate-indicator-key",
        AT_LINE,
        "an indicator key used twice",
        text.replace("key: antall", "key: andel"),
    )
    add(
        "duplicate-area-code",
        AT_LINE,
        "an area code used twice",
        replace_line(
            text,
            "goals_under_development:",
            "- code: bydel-1\n  name: Igjen\n  kind: district\ngoals_under_development:",
        ),
    )
    add(
        "area-kind-unknown",
        AT_LINE,
        "area kind: planet",
        text.replace("kind: district", "kind: planet"),
    )
    add(
        "unknown-focus-area",
        AT_LINE,
        "a focus area not in the plan",
        text.replace("focus_area: Fokus 2", "focus_area: Fokus 9"),
    )
    add(
        "unknown-goal-text",
        AT_LINE,
        "a goal text not in the plan",
        text.replace(
            "focus_area: Fokus 2\n  goal: '1'", "focus_area: Fokus 2\n  goal: Ikke et mål"
        ),
    )
    add(
        "goal-number-huge",
        AT_LINE,
        "goal: a 400-digit number",
        text.replace(
            "focus_area: Fokus 2\n  goal: '1'", "focus_area: Fokus 2\n  goal: " + "9" * 400
        ),
    )
    add(
        "goal-number-negative",
        AT_LINE,
        "goal: -1",
        text.replace("focus_area: Fokus 2\n  goal: '1'", "focus_area: Fokus 2\n  goal: -1"),
    )
    add(
        "goal-superscript-digit",
        AT_LINE,
        "goal: ² (a digit to str.isdigit, not to int)",
        text.replace("focus_area: Fokus 2\n  goal: '1'", "focus_area: Fokus 2\n  goal: '²'"),
    )
    add(
        "goal-mapping",
        AT_LINE,
        "goal as a mapping",
        text.replace("focus_area: Fokus 2\n  goal: '1'", "focus_area: Fokus 2\n  goal: {a: b}"),
    )
    add(
        "table-unknown-indicator",
        AT_LINE,
        "a table listing an unknown indicator",
        text.replace("  - andel\n  labels", "  - ukjent\n  labels"),
    )
    add(
        "table-dimension-unknown",
        AT_LINE,
        "table rows: galaxy",
        text.replace("rows: area", "rows: galaxy"),
    )
    add(
        "labels-non-scalar-key",
        AT_LINE,
        "a list as a key of labels",
        text.replace("  labels:\n", "  labels:\n    ? [a, b]\n    : c\n"),
    )
    add(
        "labels-list",
        AT_LINE,
        "labels as a list",
        text.replace(
            "  labels:\n    '0301': Oslo-etikett\n    '2021': År 2021\n", "  labels: [a, b]\n"
        ),
    )
    add(
        "years-reversed",
        AT_LINE,
        "years: 2025-2015",
        text.replace("years: 2015-2025", "years: 2025-2015"),
    )
    add("years-special", AT_LINE, "years: 1e308", text.replace("years: 2015-2025", "years: 1e308"))
    add(
        "years-fullwidth",
        AT_LINE,
        "years in full-width digits (２０１５-２０２５)",
        text.replace("years: 2015-2025", "years: ２０１５-２０２５"),
    )
    add(
        "municipality-unknown",
        REJECTED,
        "municipality: 9999 (no such municipality)",
        text.replace("municipality: '0301'", "municipality: '9999'"),
    )
    add(
        "municipality-other",
        AT_LINE,
        "municipality: 3203 (not in the database; goals need its plan)",
        text.replace("municipality: '0301'", "municipality: '3203'"),
    )
    add(
        "truncated",
        ACCEPTED,
        "the valid file cut in the middle of a line: fewer tables",
        truncated(text),
    )


def observation_cases() -> None:
    text = BASE["observations"]
    header = text.split("\n", 1)[0]
    add = lambda *a: case("observations", *a)  # noqa: E731

    def rows(name: str, outcome: str, what: str, *lines: str, head: str = header) -> None:
        add(name, outcome, what, head + "\n" + "\n".join(lines) + "\n")

    rows(
        "duplicate-columns",
        AT_LINE,
        "the value column twice",
        "andel,0301,2019,,1,,,,2",
        head=header + ",value",
    )
    rows(
        "duplicate-columns-case",
        AT_LINE,
        "columns Value and value",
        "andel,0301,2019,,1,,,,2",
        head=header + ",Value",
    )
    add(
        "semicolon-delimiter",
        ACCEPTED,
        "semicolons (Excel in a Norwegian locale)",
        text.replace(",", ";"),
    )
    add("tab-delimiter", AT_LINE, "tabs instead of commas", text.replace(",", "\t"))
    add(
        "header-spaces",
        AT_LINE,
        "spaces after the commas of the header",
        text.replace(",", ", ", 3),
    )
    add("header-only", ACCEPTED, "only the header row", header + "\n")
    add("no-header", AT_LINE, "rows without the header", text.split("\n", 1)[1])
    rows(
        "unterminated-quote",
        AT_LINE,
        "a quote that is never closed",
        'andel,0301,2019,,1,,,"never closed',
        "andel,0301,2018,,2,,,",
    )
    rows(
        "quote-in-unquoted",
        AT_LINE,
        "a quote in the middle of an unquoted field",
        'andel,0301,20"19,,1,,,',
    )
    rows(
        "quoted-newline-note",
        ACCEPTED,
        "a note with a line break inside quotes, then more rows",
        'andel,0301,2019,,1,,,"linje 1\nlinje 2"',
        "andel,0301,2018,,2,,,",
    )
    rows(
        "blank-lines",
        ACCEPTED,
        "blank and whitespace-only lines between rows",
        "",
        "andel,0301,2019,,1,,,",
        "   ",
        ",,,,,,,",
        "andel,0301,2018,,2,,,",
    )
    rows(
        "too-many-fields",
        AT_LINE,
        "a row with more fields than the header",
        "andel,0301,2019,,1,,,,x,y",
    )
    rows("too-few-fields", AT_LINE, "a row with fewer fields than the header", "andel,0301")
    rows(
        "values-hostile",
        AT_EVERY_ROW,
        "values 1e308, inf, nan, NaN, 400 digits, 18,0, 1 000, 0x10, ١٢, 1_000",
        *(
            f"andel,0301,{2015 + i},,{v},,,"
            for i, v in enumerate(
                (
                    "1e308",
                    "inf",
                    "nan",
                    "NaN",
                    "9" * 400,
                    '"18,0"',
                    "1 000",
                    "0x10",
                    "١٢",
                    "1_000",
                )
            )
        ),
    )
    rows("value-1e308", AT_LINE, "value 1e308", "andel,0301,2019,,1e308,,,")
    rows("value-nan", AT_LINE, "value nan", "andel,0301,2019,,nan,,,")
    rows(
        "value-plus-sign",
        ACCEPTED,
        "value +3 (an optional sign), read as 3",
        "andel,0301,2019,,+3,,,",
    )
    rows("value-huge", AT_LINE, "value of 400 digits", "andel,0301,2019,," + "9" * 400 + ",,,")
    rows(
        "value-negative-zero",
        ACCEPTED,
        "values -0 and -0.0",
        "andel,0301,2019,,-0,,,",
        "andel,0301,2018,,-0.0,,,",
    )
    rows(
        "periods-hostile",
        AT_EVERY_ROW,
        "periods 2023-02-30, 0000, 2022-2021, 2022-13, 1e308, 400 digits, 2014 (outside the years)",
        *(
            f"andel,0301,{p},,1,,,"
            for p in ("2023-02-30", "0000", "2022-2021", "2022-13", "1e308", "9" * 400, "2014")
        ),
    )
    rows(
        "period-fullwidth-digits",
        AT_LINE,
        "period ２０２１ in full-width digits, next to 2021",
        "andel,0301,２０２１,,1,,,",
    )
    rows(
        "period-arabic-indic-digits",
        AT_LINE,
        "period ٢٠٢١ in Arabic-Indic digits",
        "andel,0301,٢٠٢١,,1,,,",
    )
    rows(
        "status-hostile",
        AT_EVERY_ROW,
        "statuses MEASURED, unknown, under_development, not_measured with a value",
        "andel,0301,2015,,1,MEASURED,,",
        "andel,0301,2016,,1,unknown,,",
        "andel,0301,2017,,,under_development,,",
        "andel,0301,2018,,1,not_measured,,",
    )
    rows("missing-value", AT_LINE, "measured without a value", "andel,0301,2019,,,,,")
    rows("unknown-indicator", AT_LINE, "an indicator not stored", "ukjent,0301,2019,,1,,,")
    rows("unknown-area", AT_LINE, "an area not defined", "andel,bydel-99,2019,,1,,,")
    rows(
        "traversal-keys",
        AT_EVERY_ROW,
        "../../etc/passwd as indicator and area",
        "../../etc/passwd,0301,2019,,1,,,",
        "andel,../../etc/passwd,2019,,1,,,",
    )
    rows(
        "formula-in-key-cells",
        AT_EVERY_ROW,
        "formula payloads in indicator, area, period, value and status",
        "=cmd|' /C calc'!A0,0301,2019,,1,,,",
        "andel,=cmd|' /C calc'!A0,2019,,1,,,",
        "andel,0301,=1+1,,1,,,",
        "andel,0301,2019,,=1+1,,,",
        "andel,0301,2018,,1,@SUM(1),,",
    )
    rows(
        "html-in-key-cells",
        AT_EVERY_ROW,
        "<script> as indicator and period",
        "<script>alert(1)</script>,0301,2019,,1,,,",
        "andel,0301,<b>2019</b>,,1,,,",
    )
    rows(
        "neutralised-formulas",
        ACCEPTED,
        "free texts our export neutralised with an apostrophe",
        "andel,0301,2019,'=SUM(1),1,,'@x,'-1+2",
    )
    rows(
        "duplicate-rows",
        AT_LINE,
        "the same indicator, area, period and breakdown twice",
        "andel,0301,2019,,1,,,",
        "andel,0301,2019,,2,,,",
    )
    rows(
        "duplicate-of-stored",
        ACCEPTED,
        "a row that replaces a stored observation",
        "andel,0301,2020,,9.5,,,",
    )
    rows(
        "nul-inside",
        AT_LINE,
        "a NUL character in a note, after the first kilobyte (no text file holds one)",
        "andel,0301,2019,,1,,," + "x" * 1100,
        "andel,0301,2018,,1,,,a\x00b",
    )
    rows(
        "control-characters",
        AT_LINE,
        "an ANSI escape sequence in an unknown indicator key",
        "\x1b[2J\x1b[31mrød,0301,2019,,1,,,",
    )
    export_head = (
        "municipality,focus_area,goal,indicator_id,indicator,unit,area,area_name,area_kind,"
        "period,breakdown,value,status,display,note"
    )
    rows(
        "mixed-municipalities",
        AT_LINE,
        "an exported file with rows for 0301 and 3203",
        "0301,,,andel,Andel,enhet,0301,Oslo,municipality,2019,,1,measured,,",
        "3203,,,andel,Andel,enhet,3203,Asker,municipality,2019,,1,measured,,",
        head=export_head,
    )
    rows(
        "municipality-unknown",
        REJECTED,
        "an exported file for municipality 9999",
        "9999,,,ny,Ny,,0301,Oslo,municipality,2019,,1,measured,,",
        head=export_head,
    )
    rows(
        "municipality-traversal",
        REJECTED,
        "municipality ../../etc/passwd",
        "../../etc/passwd,,,ny,Ny,,0301,Oslo,municipality,2019,,1,measured,,",
        head=export_head,
    )
    rows(
        "other-name-for-stored",
        AT_LINE,
        "an exported row naming a stored indicator differently",
        "0301,,,andel,Et annet navn,enhet,0301,Oslo,municipality,2019,,1,measured,,",
        head=export_head,
    )
    rows(
        "area-kind-unknown",
        AT_LINE,
        "a new area with kind planet",
        "0301,,,andel,Andel,enhet,mars,Mars,planet,2019,,1,measured,,",
        head=export_head,
    )
    rows("long-line", ACCEPTED, "a 15 000-character note", "andel,0301,2019,,1,,," + "x" * 15_000)
    add("truncated", AT_LINE, "the valid file cut in the middle of a row", truncated(text))


def thematic_cases() -> None:
    text = BASE["thematic-plans"]
    header = "name,status,adopted,planned"
    add = lambda *a: case("thematic-plans", *a)  # noqa: E731

    def rows(name: str, outcome: str, what: str, *lines: str, head: str = header) -> None:
        add(name, outcome, what, head + "\n" + "\n".join(lines) + "\n")

    rows(
        "duplicate-columns",
        AT_LINE,
        "the name column twice",
        "A,adopted,2021-01-01,,B",
        head=header + ",name",
    )
    rows(
        "columns-reordered",
        AT_LINE,
        "the columns in another order",
        "adopted,A,2021-01-01,",
        head="status,name,adopted,planned",
    )
    rows(
        "extra-column",
        AT_LINE,
        "a column too many",
        "A,adopted,2021-01-01,,x",
        head=header + ",extra",
    )
    add("semicolon-delimiter", AT_LINE, "semicolons instead of commas", text.replace(",", ";"))
    add("header-only", ACCEPTED, "only the header: the stored list is emptied", header + "\n")
    rows(
        "dates-hostile",
        AT_EVERY_ROW,
        "adoption dates 2021-02-30, 1e308, 400 digits, -0, 01.03.2021",
        *(
            f"P{i},adopted,{d},"
            for i, d in enumerate(("2021-02-30", "1e308", "9" * 400, "-0", "01.03.2021"))
        ),
    )
    rows(
        "date-iso-basic",
        AT_LINE,
        "adoption date 20210301 (ISO basic, not YYYY-MM-DD)",
        "A,adopted,20210301,",
    )
    rows(
        "date-iso-week",
        AT_LINE,
        "adoption date 2021-W09-1 (an ISO week date, not YYYY-MM-DD)",
        "A,adopted,2021-W09-1,",
    )
    rows(
        "date-fullwidth",
        AT_LINE,
        "adoption date in full-width digits",
        "A,adopted,２０２１-０３-０１,",
    )
    rows(
        "duplicate-names",
        AT_LINE,
        "the same plan twice, differing in case",
        "Plan,adopted,2021-01-01,",
        "PLAN,planned,,2025",
    )
    rows(
        "status-hostile",
        AT_EVERY_ROW,
        "statuses ADOPTED, =1+1, <script>",
        "A,ADOPTED,2021-01-01,",
        "B,=1+1,2021-01-01,",
        "C,<script>,2021-01-01,",
    )
    rows(
        "missing-fields",
        AT_LINE,
        "adopted without a date, planned without a time, no name",
        "A,adopted,,",
        "B,planned,,",
        ",adopted,2021-01-01,",
    )
    rows(
        "unterminated-quote",
        AT_LINE,
        "a quote that is never closed",
        'A,planned,,"never closed',
        "B,planned,,2025",
    )
    rows("too-many-fields", AT_LINE, "a row with more fields than the header", "A,planned,,2025,x")
    rows(
        "blank-lines",
        ACCEPTED,
        "blank lines between rows",
        "",
        "A,planned,,2025",
        "",
        "B,adopted,2021-01-01,",
    )
    rows("long-line", ACCEPTED, "a 15 000-character name", "A" + "x" * 15_000 + ",planned,,2025")
    add("truncated", AT_LINE, "the valid file cut in the middle of a row", truncated(text))


def narrative_cases() -> None:
    text = BASE["narrative"]
    add = lambda *a: case("narrative", *a)  # noqa: E731
    front = "---\nsection: Kapittel 9\nkind: chapter\n---\n"

    def body(name: str, outcome: str, what: str, markdown: str) -> None:
        add(name, outcome, what, front + markdown + "\n")

    add("no-front-matter", AT_LINE, "Markdown without a front matter", text.split("---\n", 2)[2])
    add(
        "unterminated-front-matter",
        AT_LINE,
        "a front matter never closed",
        text.replace("---\n#", "#").replace("\n---\n", "\n", 1),
    )
    add("empty-front-matter", AT_LINE, "--- and --- with nothing between", "---\n---\nTekst\n")
    add(
        "front-matter-list",
        AT_LINE,
        "the front matter as a list",
        "---\n- section\n- kind\n---\nTekst\n",
    )
    add(
        "section-mapping",
        AT_LINE,
        "section: {a: b}",
        "---\nsection: {a: b}\nkind: chapter\n---\nTekst\n",
    )
    add(
        "section-list",
        AT_LINE,
        "section: [a, b]",
        "---\nsection: [a, b]\nkind: chapter\n---\nTekst\n",
    )
    add("kind-unknown", AT_LINE, "kind: appendix", "---\nsection: A\nkind: appendix\n---\nTekst\n")
    add(
        "extra-key",
        AT_LINE,
        "an unknown key in the front matter",
        "---\nsection: A\nkind: chapter\ntitle: x\n---\nTekst\n",
    )
    add(
        "duplicate-key",
        AT_LINE,
        "section given twice",
        "---\nsection: A\nsection: B\nkind: chapter\n---\nTekst\n",
    )
    add(
        "non-scalar-key",
        AT_LINE,
        "a list as a key in the front matter",
        "---\n? [a, b]\n: c\nsection: A\nkind: chapter\n---\nTekst\n",
    )
    add(
        "alias-bomb",
        AT_LINE,
        "billion laughs in the front matter",
        "---\n" + ALIAS_BOMB + "\nsection: A\nkind: chapter\n---\nTekst\n",
    )
    add(
        "python-tag",
        AT_LINE,
        "!!python/object/apply:os.system as the section",
        f"---\nsection: {OS_SYSTEM}\nkind: chapter\n---\nTekst\n",
    )
    add(
        "deep-nesting",
        AT_LINE,
        "1000 levels of [ in the front matter",
        "---\nsection: " + "[" * 1000 + "]" * 1000 + "\nkind: chapter\n---\nTekst\n",
    )
    add("front-matter-not-first", AT_LINE, "text before the front matter", "Tekst\n" + text)
    add(
        "section-traversal",
        ACCEPTED,
        "section: ../../etc/passwd",
        "---\nsection: ../../etc/passwd\nkind: chapter\n---\nTekst\n",
    )
    body(
        "remote-image",
        AT_LINE,
        "an image from http://127.0.0.1:1",
        "Tekst\n\n![x](http://127.0.0.1:1/x.png)",
    )
    body(
        "remote-image-uppercase",
        AT_LINE,
        "an image from HTTP://127.0.0.1:1",
        "![x](HTTP://127.0.0.1:1/x.png)",
    )
    body(
        "remote-image-network-path",
        AT_LINE,
        "an image from //127.0.0.1:1 (scheme-relative)",
        "![x](//127.0.0.1:1/x.png)",
    )
    body(
        "remote-image-file",
        ACCEPTED,
        "an image from file:///etc/passwd (markdown-it refuses file: links: shown as text)",
        "![x](file:///etc/passwd)",
    )
    body(
        "remote-image-unc",
        ACCEPTED,
        "an image from \\\\server\\share (percent-encoded by markdown-it: a warning, never loaded)",
        "![x](\\\\\\\\127.0.0.1\\\\share\\\\x.png)",
    )
    body(
        "remote-image-reference",
        AT_LINE,
        "a reference-style image from http://",
        "![x][bilde]\n\n[bilde]: http://127.0.0.1:1/x.png",
    )
    body(
        "remote-image-entity",
        AT_LINE,
        "an image whose scheme colon is an entity (http&#58;//)",
        "![x](http&#58;//127.0.0.1:1/x.png)",
    )
    body(
        "remote-image-angle",
        AT_LINE,
        "an image URL in angle brackets",
        "![x](<http://127.0.0.1:1/x.png>)",
    )
    body(
        "remote-image-in-link",
        AT_LINE,
        "a remote image inside a link",
        "[![x](http://127.0.0.1:1/x.png)](http://example.org)",
    )
    body(
        "remote-image-in-list",
        AT_LINE,
        "a remote image deep in a list",
        "- a\n  - b\n    - ![x](http://127.0.0.1:1/x.png)",
    )
    body(
        "html-image",
        ACCEPTED,
        "raw <img src=http://...> (shown as text, never loaded)",
        '<img src="http://127.0.0.1:1/x.png">',
    )
    body(
        "data-image",
        ACCEPTED,
        "an image as a data: URL",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
    )
    body(
        "relative-image",
        ACCEPTED,
        "an image at ../../etc/passwd (a warning: not shown)",
        "![x](../../etc/passwd)",
    )
    body(
        "javascript-link",
        ACCEPTED,
        "a javascript: link and image",
        "[x](javascript:alert(1)) ![y](javascript:alert(1))",
    )
    body("deep-blockquote", ACCEPTED, "1000 levels of > quotes", ">" * 1000 + " dypt")
    body(
        "deep-list",
        ACCEPTED,
        "100 levels of nested lists",
        "\n".join("  " * i + "- x" for i in range(100)),
    )
    body("long-line", ACCEPTED, "a 15 000-character paragraph", "x" * 15_000)
    body(
        "nul-in-body",
        AT_LINE,
        "a NUL character after the first kilobyte (no text file holds one)",
        "x" * 1100 + "\n\na\x00b",
    )
    body(
        "front-matter-lookalike",
        ACCEPTED,
        "--- lines in the body",
        "Tekst\n\n---\n\nsection: B\n---\n",
    )


def overview_cases() -> None:
    text = BASE["plan-overview"]
    add = lambda *a: case("plan-overview", *a)  # noqa: E731
    head = "Samlet oversikt over mål og strategier for Oslo kommune\n\nKommuneplan 2020-2030\n\n"

    def area(name: str, outcome: str, what: str, rows: str) -> None:
        add(
            name,
            outcome,
            what,
            head + "Fokus 1\n\nHovedmål\n\nDelmål og strategier\n\n" + rows + "\n",
        )

    add(
        "row-before-focus-area",
        AT_LINE,
        "a table row before the first focus area",
        head + "AK\tMål\n" + text[len(head) :],
    )
    add("heading-before-focus-area", AT_LINE, "Hovedmål as the first line", "Hovedmål\n" + text)
    area("strategy-without-sub-goal", AT_LINE, "a strategy before any sub-goal", "\t\tAK\tStrategi")
    add(
        "strategy-in-main-section",
        AT_LINE,
        "a strategy in the main-goal section",
        text.replace("FN-T 3\tHovedmål 1", "FN-T 3\tHovedmål 1\t\tAK\tStrategi"),
    )
    area("reference-without-text", AT_LINE, "a reference without text", "AK\t\t\t")
    area("text-without-reference", AT_LINE, "a text without reference", "\tMål uten referanse\t\t")
    area(
        "unknown-target",
        AT_EVERY_ROW,
        "SDG targets that do not exist (FN-T 11.9, FN 18, FN 11.10)",
        "FN-T 11.9\tA\t\t\nFN 18\tB\t\t\nFN 11.10\tC\t\t",
    )
    area("code-without-prefix", AT_LINE, "an SDG code without FN/FN-T", "11.3\tMål\t\t")
    area(
        "indicator-code",
        AT_LINE,
        "an indicator code (FN 11.3.1) as reference",
        "FN 11.3.1\tMål\t\t",
    )
    area(
        "reference-injection",
        AT_LINE,
        "FN-T 3; DROP TABLE goals",
        "FN-T 3; DROP TABLE goals\tMål\t\t",
    )
    area("reference-huge", AT_LINE, "a reference of 400 digits", f"FN {'1' * 400}\tMål\t\t")
    area(
        "reference-special-floats",
        AT_EVERY_ROW,
        "references FN 1e308, FN inf, FN nan, FN -0",
        "FN 1e308\tA\t\t\nFN inf\tB\t\t\nFN nan\tC\t\t\nFN -0\tD\t\t",
    )
    add(
        "two-main-goals",
        AT_LINE,
        "two main goals in one focus area",
        text.replace("FN-T 3\tHovedmål 1", "FN-T 3\tHovedmål 1\nAK\tHovedmål 2"),
    )
    add(
        "unexpected-line",
        AT_LINE,
        "a plain line inside a focus area",
        text.replace("AK\tDelmål 1.2", "Løs tekst\nAK\tDelmål 1.2"),
    )
    add(
        "duplicate-focus-area",
        AT_LINE,
        "two focus areas with the same name",
        text.replace("Fokus 2", "Fokus 1"),
    )
    add(
        "duplicate-focus-area-case",
        AT_LINE,
        "focus-area names differing only in case",
        text.replace("Fokus 2", "FOKUS 1"),
    )
    add(
        "duplicate-goal-text",
        AT_LINE,
        "two sub-goals with the same text",
        text.replace("Delmål 1.2", "Delmål 1.1"),
    )
    add(
        "unknown-municipality",
        REJECTED,
        "for Atlantis kommune",
        text.replace("Oslo kommune", "Atlantis kommune"),
    )
    add(
        "ambiguous-municipality",
        REJECTED,
        "for Herøy kommune (two municipalities)",
        text.replace("Oslo kommune", "Herøy kommune"),
    )
    add(
        "traversal-municipality",
        REJECTED,
        "for ../../etc/passwd kommune",
        text.replace("Oslo kommune", "../../etc/passwd kommune"),
    )
    add("no-focus-area", REJECTED, "only preamble lines", head)
    add(
        "headings-only",
        ACCEPTED,
        "focus areas with headings and no goals",
        head + "Fokus 1\n\nHovedmål\n\nDelmål og strategier\n",
    )
    add(
        "many-tabs",
        ACCEPTED,
        "a row of 1000 tabs (an empty table row)",
        text.replace("AK\tDelmål 1.2", "\t" * 1000 + "\nAK\tDelmål 1.2"),
    )
    add(
        "long-line",
        ACCEPTED,
        "a 15 000-character goal",
        text.replace("Delmål 1.2", "Delmål 1.2 " + "x" * 15_000),
    )
    add(
        "control-characters",
        AT_LINE,
        "an ANSI escape sequence in an unexpected line",
        text.replace("AK\tDelmål 1.2", "\x1b[2J\x1b[31mrød\nAK\tDelmål 1.2"),
    )
    add(
        "nul-inside",
        AT_LINE,
        "a NUL character in a goal, after the first kilobyte (no text file holds one)",
        text.replace("Delmål 2.1", "Delmål 2.1 " + "x" * 1000 + " a\x00b"),
    )
    add(
        "truncated",
        ACCEPTED,
        "the valid file cut in the middle of a line: a shorter plan",
        truncated(text),
    )
    add(
        "csv-fed",
        REJECTED,
        "an observations CSV fed to the overview importer",
        BASE["observations"],
    )


def write_corpus() -> None:
    BASE.update(base_files())
    common_cases()
    for folder in ("plan-yaml", "indicators"):
        yaml_cases(folder)
    plan_yaml_cases()
    indicator_cases()
    observation_cases()
    thematic_cases()
    narrative_cases()
    overview_cases()
    paths = [c.path for c in CASES]
    assert len(paths) == len(set(paths)), sorted(p for p in paths if paths.count(p) > 1)
    for folder in FOLDERS:
        shutil.rmtree(HERE / folder, ignore_errors=True)
    for c in CASES:
        target = HERE / c.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(c.data)
    lines = [
        "# Hostile input files",
        "",
        "One folder per importer; `tests/test_hostile_files.py` imports every file here with",
        "the matching `sdgplan import` command into a database holding the small municipality",
        "of `tests/reports/municipality.py` (Oslo, 0301) and checks the outcome given below:",
        "`accepted` (imported), `rejected` (exit code 1, the database unchanged),",
        "`rejected at a line` (also: the errors name a line) or `rejected at every row` (an",
        "error names every row: each line after a CSV header, each table row of an overview).",
        "No file may end in an unexpected error. The 200 000-character fields and the files",
        "over 10 MB are made by the test, not stored here.",
        "",
        "The files are written by `make_corpus.py` (run it once from the repository root:",
        "`.venv/bin/python tests/data/hostile/make_corpus.py`; it rewrites the folders and this",
        "README). `payload-*` files are the valid files with hostile text in front of every",
        "free text; the payloads are listed in `make_corpus.PAYLOADS`. Narrative files end in",
        "`.markdown`, not `.md`: `ruff format` reads `*.md` files, and some of these are not",
        "UTF-8 on purpose. `.gitattributes` keeps git from touching their line ends.",
        "",
        "The outcomes are what docs/formats.md and docs/security.md ask for.",
    ]
    for folder in FOLDERS:
        lines += ["", f"## {folder}", ""]
        lines += [
            f"- `{c.path}` ({c.outcome}): {c.what}"
            for c in CASES
            if c.path.startswith(folder + "/")
        ]
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = sum(len(c.data) for c in CASES)
    print(f"{len(CASES)} files, {total} bytes")  # noqa: T201


if __name__ == "__main__":
    write_corpus()
