import pytest

from sdgplan.domain.references import (
    Reference,
    ReferenceKind,
    format_references,
    parse_references,
    unknown_references,
)
from sdgplan.domain.sdg import normalize_sdg_code
from sdgplan.i18n import use_language


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("AK", ["AK"]),
        ("FN-T 17", ["17"]),
        ("FN-T 11.3 11.7", ["11.3", "11.7"]),
        ("FN-T 11.a AK", ["11.a", "AK"]),
        ("FN 11.4 12.2", ["11.4", "12.2"]),
        ("FN-T 14.2 15.1 15.3 15.5", ["14.2", "15.1", "15.3", "15.5"]),
        ("fn-t 11.3, 11.7", ["11.3", "11.7"]),
        ("FN-T 11.A", ["11.a"]),
        ("FN-T 11.3 11.3", ["11.3"]),
    ],
)
def test_parse_references(text, codes):
    assert [r.code for r in parse_references(text)] == codes


def test_reference_kinds():
    refs = parse_references("FN-T 11 11.3 AK")
    assert [r.kind for r in refs] == [ReferenceKind.GOAL, ReferenceKind.TARGET, ReferenceKind.LOCAL]
    assert [r.sdg_goal for r in refs] == [11, 11, None]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "tom referanse"),
        ("FN-T", "«FN-T» nevner ingen mål eller delmål"),
        ("11.3", "«11.3» er verken AK eller står etter FN-T/FN"),
        ("FN-T 11.3.1", "«11.3.1» er ikke nummeret på et bærekraftsmål eller delmål"),
        ("FN-T elleve", "«elleve» er ikke nummeret på et bærekraftsmål eller delmål"),
    ],
)
def test_parse_references_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_references(text)


def test_reference_errors_in_english():
    with use_language("en"), pytest.raises(ValueError, match="'11.3' is neither AK nor preceded"):
        parse_references("11.3")


def test_unknown_references(catalogue):
    refs = parse_references("FN-T 11.9 11.3 18 AK")
    assert [r.code for r in unknown_references(refs, catalogue)] == ["11.9", "18"]


def test_format_references_round_trips():
    refs = parse_references("FN-T 11.a AK")
    assert format_references(refs) == "FN-T 11.a AK"
    assert parse_references(format_references(refs)) == refs
    assert format_references((Reference.from_code("AK"),)) == "AK"


@pytest.mark.parametrize(
    ("code", "canonical"),
    [
        ("3.4", "3.4"),
        ("11-a", "11.a"),
        ("03.04", "3.4"),
        ("11_A_1", "11.a.1"),
        ("17", "17"),
        ("17.10", "17.10"),
    ],
)
def test_normalize_sdg_code(code, canonical):
    assert normalize_sdg_code(code) == canonical


def test_normalize_sdg_code_rejects_text():
    with pytest.raises(ValueError, match="«klima» er ingen kode for et bærekraftsmål"):
        normalize_sdg_code("klima")
