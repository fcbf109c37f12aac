"""Property tests of the readers behind every importer (issue 9, point 8): for random text,
and for valid files with lines deleted, duplicated, swapped or spiked with hostile tokens,
each reader returns a result whose problems are issues, never an exception.

The runs are derandomised so CI sees the same examples every time; for a longer hunt with
random examples set SDGPLAN_FUZZ_EXAMPLES (e.g. 5000).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sdgplan.domain.indicators import IndicatorSet, ObservationContext
from sdgplan.domain.issues import Issue, has_errors
from sdgplan.domain.plan import PlanVersion
from sdgplan.errors import FormatError
from sdgplan.importers.base import PlanOptions, read_text
from sdgplan.importers.indicators_yaml import read_indicators
from sdgplan.importers.narrative_md import read_narrative
from sdgplan.importers.observations_csv import read_observations
from sdgplan.importers.overview import OverviewImporter
from sdgplan.importers.plan_yaml import YamlPlanImporter
from sdgplan.importers.thematic_plans_csv import read_thematic_plans
from sdgplan.reference import find_municipality, load_sdg_catalogue
from tests.data.hostile.make_corpus import overview
from tests.reports.municipality import NUMBER, write_files

EXAMPLES = int(os.environ.get("SDGPLAN_FUZZ_EXAMPLES", "200"))
SOURCE = "fuzz.txt"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the working tree
    derandomize="SDGPLAN_FUZZ_EXAMPLES" not in os.environ,  # CI: the same examples every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TOKENS = [
    *"\n\t ,;:'\"[]{}#|>&*!?-%=@",
    ": ",
    "- ",
    "---",
    "&a x",
    "*a",
    "<<: *a",
    "? ",
    "!!python/object/apply:os.system ['touch x']",
    "!!binary",
    "%YAML 1.1",
    "\x00",
    "\ufeff",
    "\u2028",
    "\x85",
    "\x1b[31m",
    "\ud7ff",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "%s{}{0}",
    "1e308",
    "inf",
    "nan",
    "-0",
    "9" * 400,
    "²",
    "１",
    "٣",
    "Hovedmål",
    "Delmål og strategier",
    "Referanse",
    "FN-T 11.3",
    "FN 11.9",
    "AK",
    NUMBER,
    "3203",
    "2021",
    "2023-02-30",
    "measured",
    "not_measured",
    "pending",
    "adopted",
    "planned",
    "andel",
    "bydel-1",
    "Fokus 1",
    "focus_area",
    "goal",
    "![x](http://127.0.0.1:1/x.png)",
    "../../etc/passwd",
    "x" * 1000,
]


@dataclass
class Reader:
    name: str
    read: Callable[[str], tuple[object, list[Issue]]]
    samples: list[str]  # valid files to mutate


@pytest.fixture(scope="module")
def readers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Reader]:
    files = write_files(tmp_path_factory.mktemp("fuzz"))
    text = {key: path.read_text(encoding="utf-8") for key, path in files.items()}
    catalogue = load_sdg_catalogue()
    options = PlanOptions()
    plan = YamlPlanImporter().read(
        text["plan"], source=SOURCE, options=options, catalogue=catalogue
    )
    assert plan.ok and plan.plan is not None, plan.issues
    version: PlanVersion = plan.plan.versions[0]
    indicators = read_indicators(text["indicators"], source=SOURCE, plan=version)
    assert indicators.ok, indicators.issues
    data: IndicatorSet = indicators.data
    context = ObservationContext(
        {i.key: i for i in data.indicators}, {a.code: a for a in data.areas}, data.years
    )
    oslo = find_municipality(NUMBER)

    def plan_reader(importer):
        def read(t: str):
            result = importer.read(t, source=SOURCE, options=options, catalogue=catalogue)
            return result.plan, result.issues

        return read

    def parsed(function, **kwargs):
        def read(t: str):
            result = function(t, source=SOURCE, **kwargs)
            return result.data, result.issues

        return read

    return {
        "overview": Reader("overview", plan_reader(OverviewImporter()), [overview()]),
        "plan-yaml": Reader("plan-yaml", plan_reader(YamlPlanImporter()), [text["plan"]]),
        "indicators": Reader(
            "indicators", parsed(read_indicators, plan=version), [text["indicators"]]
        ),
        "observations": Reader(
            "observations",
            parsed(read_observations, context=context, municipality=oslo),
            [text["observations"]],
        ),
        "thematic-plans": Reader(
            "thematic-plans", parsed(read_thematic_plans), [text["thematic_plans"]]
        ),
        "narrative": Reader(
            "narrative",
            parsed(read_narrative, remote_images="error"),
            [text[k] for k in sorted(text) if k.startswith("narrative-")],
        ),
    }


def normalised(text: str) -> str:
    """As `read_text` hands text to the readers: LF line ends only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check(reader: Reader, text: str) -> None:
    """The reader returns; a result without data says why; issues point into the text."""
    data, issues = reader.read(text)
    assert data is not None or has_errors(issues), issues
    lines = max(len(text.split("\n")), len(text.splitlines())) + 1
    for issue in issues:
        assert issue.source == SOURCE
        assert issue.message.strip()
        assert issue.line is None or 1 <= issue.line <= lines, issue
        assert issue.column is None or issue.column >= 1, issue


hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map("".join),
)


@st.composite
def mutated(draw: st.DrawFn, samples: list[str]) -> str:
    """A valid file with a few lines deleted, duplicated, swapped or spiked."""
    lines = draw(st.sampled_from(samples)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "spike"]))
        token = draw(st.sampled_from(TOKENS))
        if operation == "delete" and len(lines) > 1:
            del lines[i]
        elif operation == "duplicate":
            lines.insert(j, lines[i])
        elif operation == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "insert":
            lines.insert(i, token)
        else:  # spike: a token inside a line
            column = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:column] + token + lines[i][column:]
    return normalised("\n".join(lines))


NAMES = ["overview", "plan-yaml", "indicators", "observations", "thematic-plans", "narrative"]


@pytest.mark.parametrize("name", NAMES)
def test_random_text(readers: dict[str, Reader], name: str) -> None:
    @FUZZ
    @given(text=hostile_text)
    def run(text: str) -> None:
        check(readers[name], normalised(text))

    run()


@pytest.mark.parametrize("name", NAMES)
def test_mutated_valid_files(readers: dict[str, Reader], name: str) -> None:
    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        check(readers[name], data.draw(mutated(readers[name].samples)))

    run()


def test_unchanged_valid_files_read_without_errors(readers: dict[str, Reader]) -> None:
    """The mutations start from files that read cleanly, so every error comes from them."""
    for name, reader in readers.items():
        for sample in reader.samples:
            data, issues = reader.read(sample)
            assert data is not None and not has_errors(issues), (name, issues)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bytes") / "file"


@FUZZ
@given(data=st.binary(max_size=2000))
def test_read_text_decodes_or_says_why(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    try:
        text = read_text(scratch)
    except FormatError as e:
        assert str(scratch) in str(e)
        return
    assert "\r" not in text


@FUZZ
@given(text=st.text(max_size=500))
def test_read_text_round_trips_utf8_and_utf16(scratch: Path, text: str) -> None:
    utf8 = text.encode("utf-8")
    assume(not text.startswith("\ufeff") and b"\x00" not in utf8[:1000])
    scratch.write_bytes(utf8)
    assert read_text(scratch) == normalised(text)
    scratch.write_bytes(text.encode("utf-16"))
    assert read_text(scratch) == normalised(text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("plan-yaml", "? [a, b]\n: c\nfocus_areas: []\n", id="yaml-list-key"),
        pytest.param("narrative", "---\n{[a]: b}\n---\nTekst\n", id="front-matter-list-key"),
        pytest.param("narrative", "---\n# none\n---\nTekst\n", id="empty-front-matter"),
        pytest.param(
            "indicators",
            "indicators:\n- key: a\n  name: A\n  focus_area: Fokus 1\n  goal: '²'\n",
            id="goal-superscript",
        ),
    ],
)
def test_bugs_the_fuzzing_found_stay_fixed(
    readers: dict[str, Reader], name: str, text: str
) -> None:
    data, issues = readers[name].read(text)
    assert has_errors(issues)
