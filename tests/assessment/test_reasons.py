"""Reasons are values rendered through gettext: the same verdict in Norwegian and English."""

import ast
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from sdgplan.assessment.progress import PROGRESS_LABELS
from sdgplan.assessment.reasons import (
    Count,
    Number,
    OneOf,
    Percent,
    Quantity,
    ReasonPart,
    Rule,
    messages,
    part,
    reason_data,
    render_reason,
)
from sdgplan.assessment.rollup import ATTAINMENT_LABELS, UNDER_DEVELOPMENT
from sdgplan.assessment.trend import TREND_LABELS
from sdgplan.assessment.verdicts import (
    BAND_LABELS,
    MISSING_LABELS,
    NO_VALUE,
    OUTCOME_LABELS,
    assess_indicator,
)
from sdgplan.domain.indicators import Direction, Indicator, Observation, ObservationStatus
from sdgplan.domain.rules import Target, Threshold
from sdgplan.exporters.assessment import assessment_records, dump_csv
from sdgplan.i18n import N_, _, use_language
from sdgplan.reports.assessment_text import render_assessment_text

ROOT = Path(__file__).resolve().parents[2]
ASSESSMENT = ROOT / "src" / "sdgplan" / "assessment"
LABELS = [
    *PROGRESS_LABELS.values(),
    *TREND_LABELS.values(),
    *BAND_LABELS.values(),
    *MISSING_LABELS.values(),
    *OUTCOME_LABELS.values(),
    *ATTAINMENT_LABELS.values(),
    NO_VALUE,
    UNDER_DEVELOPMENT,
]
# words that only a Norwegian sentence has; whole words, so "til" does not match "until"
NORWEGIAN = re.compile(
    r"\b(og|fra|ikke|i|til|av|er|om|som|per år|mål|målet|nådd|kravet|oppfyller|fremgang|"
    r"måling|siste|ingen|verdi|verdier|snitt|utenfor|rute|følges|indikatorer?|nivå|lag|"
    r"forholdstall|krever|basisåret|ønsket|eller|bedring|stabil|forverring)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("value", "nb", "en"),
    [
        (Number(186211), "186 211", "186,211"),
        (Number(1748), "1748", "1,748"),
        (Number(-0.7), "-0,7", "-0.7"),
        (Number(0.389), "0,39", "0.39"),
        (Number(-0.5, 2), "-0,50", "-0.50"),
        (Quantity(15.1, 1, "%"), "15,1 %", "15.1%"),
        (Quantity(-0.7, 1, "%"), "-0,7 %", "-0.7%"),
        (Quantity(132, 0, "kr/m2"), "132 kr/m2", "132 kr/m2"),
        (Quantity(178984, 0, None), "178 984", "178,984"),
        (Percent(1.92, 1), "+1,9 %", "+1.9%"),
        (Percent(-67), "-67 %", "-67%"),
        (Rule("> 3 %"), "> 3 %", "> 3%"),
        (
            OneOf((Rule("1.30-1.69 %"), Rule("2-2.50 %"))),
            "1,30-1,69 % eller 2-2,50 %",
            "1.30-1.69% or 2-2.50%",
        ),
        (Count(1, "indicator"), "1 indikator", "1 indicator"),
        (Count(4, "indicator"), "4 indikatorer", "4 indicators"),
    ],
)
def test_numbers_as_each_language_writes_them(value, nb, en):
    assert value.text() == nb
    with use_language("en"):
        assert value.text() == en


def test_the_same_verdict_in_both_languages():
    indicator = Indicator(
        "x",
        "Andel fornøyde (> 10 %)",
        unit="%",
        direction=Direction.HIGHER,
        threshold=Threshold.parse("> 10 %"),
        target=Target(2030, change=50, base_year=2019),
    )
    observations = [
        Observation("x", "3203", "2019", 9.5, decimals=1),
        Observation("x", "3203", "2020", 12.4, decimals=1),
        Observation("x", "3203", "2021", None, status=ObservationStatus.NOT_MEASURED),
    ]
    verdict = assess_indicator(indicator, observations, year=2021)
    norwegian = (
        "Andel fornøyde 12,4 % i 2020 (ikke målt for 2021; siste måling brukes); oppfyller "
        "kravet > 10 %; trend bedring fra 2019. Mål: +50 % fra 2019 til 2030 (nivå 2019 om "
        "lag 9,5). Fra 9,5 i 2019 til 12,4 i 2020: +30,5 % per år; målet er 14,2 i 2030, som "
        "krever +3,8 % per år (forholdstall 8,13): betydelig fremgang."
    )
    assert verdict.reason_text == render_reason(verdict.reason, "nb") == norwegian
    english = (
        "Andel fornøyde 12.4% in 2020 (not measured for 2021; the latest measurement is used); "
        "meets the requirement > 10%; trend improving since 2019. Target: +50% from 2019 to "
        "2030 (2019 level about 9.5). From 9.5 in 2019 to 12.4 in 2020: +30.5% a year; the "
        "target is 14.2 by 2030, which needs +3.8% a year (ratio 8.13): substantial progress."
    )
    assert render_reason(verdict.reason, "en") == english
    with use_language("en"):
        assert verdict.reason_text == english
    assert verdict.reason_text.startswith("Andel fornøyde 12,4 %")  # the language is restored


def test_a_reason_is_data():
    reason = ((part(N_("trend {trend} fra {year}"), trend=part(N_("bedring")), year=2019),),)
    assert reason_data(reason) == [
        [
            {
                "message": "trend {trend} fra {year}",
                "params": {"trend": {"message": "bedring", "params": {}}, "year": 2019},
            }
        ]
    ]
    assert messages(reason) == {"trend {trend} fra {year}", "bedring"}
    assert render_reason(reason) == "trend bedring fra 2019."
    assert render_reason(reason, "en") == "trend improving since 2019."
    assert render_reason(()) == ""


def test_every_message_of_the_asker_assessment_is_translated(assessment):
    used = set(LABELS)
    for item in [*assessment.indicators, *assessment.rollups]:
        used |= messages(item.reason)
    assert len(used) > 30
    with use_language("en"):
        untranslated = sorted(m for m in used if _(m) == m)
    assert untranslated == []


def test_the_asker_assessment_in_english_has_no_norwegian_words(assessment):
    """Names from data stay as entered, so they are left out before looking."""
    with use_language("en"):
        for item in [*assessment.indicators, *assessment.rollups]:
            text = render_reason(tuple(tuple(map(_without_data, s)) for s in item.reason))
            assert not NORWEGIAN.search(text), text
        labels = [_(label) for label in LABELS]
    assert not [label for label in labels if NORWEGIAN.search(label)]


def _without_data(clause: ReasonPart) -> ReasonPart:
    def neutral(value):
        if isinstance(value, ReasonPart):
            return _without_data(value)
        if isinstance(value, str):
            return "NAME"
        if isinstance(value, Quantity):
            return replace(value, unit="%")
        if isinstance(value, Rule):
            return Rule("> 1 %")
        if isinstance(value, OneOf):
            return OneOf((Rule("> 1 %"), Rule("< 2 %")))
        return value

    return replace(clause, params=tuple((name, neutral(v)) for name, v in clause.params))


def test_records_carry_the_reason_in_the_language_of_the_run(assessment):
    records = assessment_records(assessment)
    economy = next(r for r in records if r["level"] == "focus_area" and r["name"] == "Økonomi")
    assert economy["reason"].startswith("Svak måloppnåelse: 1 i rute")
    assert economy["reason_parts"][0][0]["params"]["indicators"] == 4
    assert economy["reason_parts"][0][0]["params"]["mean"] == -0.5
    with use_language("en"):
        english = assessment_records(assessment)
        text = dump_csv(english)
    economy = next(r for r in english if r["level"] == "focus_area" and r["name"] == "Økonomi")
    assert economy["reason"].startswith("Poor attainment: 1 on track")
    coverage = [r["reason"] for r in english if r["level"] == "coverage"]
    assert "SDG target 13.3 is referenced but not measured." in coverage
    assert "Key figures under development." in coverage
    assert "reason_en" not in economy
    assert "reason_parts" in text.splitlines()[0].split(",")


def test_the_terminal_speaks_the_language_of_the_run(assessment):
    norwegian = render_assessment_text(assessment)
    assert norwegian.startswith("VURDERING 2022\n")
    assert "ØKONOMI: ✖ svak måloppnåelse" in norwegian and "✔ i rute" in norwegian
    with use_language("en"):
        english = render_assessment_text(assessment)
    assert english.startswith("ASSESSMENT 2022\n")
    assert "ØKONOMI: ✖ poor attainment" in english
    assert "✔ on track             14.8%  Disposisjonsfond" in english
    assert "✔ i rute              14,8 %  Disposisjonsfond" in norwegian
    assert "limited progress. Mengde direkte klimagassutslipp" in english
    assert "SDG targets referenced without indicators: 13.3" in english


def test_no_assessment_module_writes_a_language_pair():
    """One Norwegian message per text: no `_en`/`_nb` names or `reason_en` beside it (the
    SDG catalogue's own titles in both languages, `short_nb`/`short_en`, are data)."""
    pairs = []
    for path in sorted(ASSESSMENT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            name = getattr(node, "id", None) or getattr(node, "attr", None)
            name = name or getattr(node, "name", None) or getattr(node, "arg", None)
            if name in ("short_nb", "short_en"):
                continue
            if isinstance(name, str) and re.search(r"(_en|_nb)$", name, re.IGNORECASE):
                pairs.append(f"{path.name}: {name}")
    assert pairs == []
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_messages.py"), "assessment", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "0 without translation" in result.stdout
