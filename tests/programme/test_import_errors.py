"""Bad programme files: every problem names the file, the line and the value."""

import pytest

from sdgplan.importers.programme_yaml import read_programme

HEAD = """format: sdgplan-programme
municipality: '0301'
period: 2024-2025
unit: 1000 kr
service_areas:
- key: skole
  name: Skole
versions:
- key: forslag
  kind: proposal
  measures:
  - key: lesing
    text: Lesesatsing
    kind: new
    service_area: skole
    goals: [fokus-1.1]
    amounts: {2024: 500, 2025: 500}
"""


def problems(text: str, known_goals=("fokus-1.1",)) -> list[str]:
    parsed = read_programme(text, source="p.yaml", municipality="0301", known_goals=known_goals)
    return [str(i) for i in parsed.issues]


def test_a_clean_file_reads_in_its_unit():
    parsed = read_programme(HEAD, source="p.yaml", municipality="0301")
    assert parsed.ok
    assert parsed.data.version("forslag").measures[0].amounts == {2024: 500_000, 2025: 500_000}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{2024: 500, 2025: 500}",
            "{2024: 5x0, 2025: 500}",
            "linje 17, kolonne 21: «5x0» er ikke et beløp",
        ),
        (
            "{2024: 500, 2025: 500}",
            "{2024: 500, 2028: 500}",
            "linje 17, kolonne 32: Året 2028 er utenfor perioden 2024-2025",
        ),
        (
            "service_area: skole",
            "service_area: skule",
            "linje 15, kolonne 19: Ukjent «service_area»: «skule»; kjente: skole",
        ),
        (
            "kind: new",
            "kind: ny",
            "linje 14, kolonne 11: Ugyldig «kind»: «ny»; "
            "bruk new, demography, restructuring, price-wage",
        ),
        (
            "goals: [fokus-1.1]",
            "goals: [fokus-9.1]",
            "linje 16, kolonne 13: Ukjent mål eller strategi «fokus-9.1»: "
            "ikke i den lagrede planen",
        ),
        (
            "period: 2024-2025",
            "period: 2024-25",
            "linje 3, kolonne 9: «2024-25» er ikke en periode "
            "(skriv f.eks. 2024-2027, høyst 10 år)",
        ),
        (
            "unit: 1000 kr",
            "unit: NOK",
            "linje 4, kolonne 7: Ukjent «unit»: «NOK»; bruk kr, 1000 kr, mill. kr",
        ),
    ],
)
def test_problems_name_the_line_and_the_value(old, new, expected):
    assert problems(HEAD.replace(old, new)) == [f"p.yaml, {expected}"]


def test_a_change_to_a_measure_the_base_does_not_have():
    text = (
        HEAD
        + """- key: A
  kind: amendment
  party: A
  changes:
  - remove: skrivesatsing
"""
    )
    assert problems(text) == [
        "p.yaml, linje 22, kolonne 13: Ukjent «remove»: «skrivesatsing»; kjente: lesing"
    ]


def test_an_amendment_without_its_party():
    text = (
        HEAD
        + """- key: A
  kind: amendment
  changes: []
"""
    )
    assert problems(text) == ["p.yaml, linje 18, kolonne 3: Mangler «party»"]


def test_a_decimal_comma_inside_braces_gets_a_hint():
    text = HEAD.replace("{2024: 500, 2025: 500}", "{2024: 500, 2025: 2,5}")
    assert problems(text)[0].endswith(
        "«5» er ikke et år (et desimalkomma inne i {…} må stå i anførselstegn: '22,5')"
    )
