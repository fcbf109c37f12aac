"""Municipalities by name as well as by number; an ambiguous name lists the candidates."""

import pytest

from sdgplan.errors import Conflict, NotFound
from sdgplan.i18n import use_language
from sdgplan.reference import find_municipality


def test_a_unique_name_finds_the_municipality():
    assert find_municipality("asker").number == "3203"
    assert find_municipality("Herøy (Nordland)").number == "1818"


def test_an_ambiguous_name_lists_the_candidates():
    with pytest.raises(Conflict) as found:
        find_municipality("Herøy")
    assert found.value.message == (
        "«Herøy» passer flere kommuner: 1515 Herøy (Møre og Romsdal), 1818 Herøy (Nordland)"
    )
    with use_language("en"), pytest.raises(Conflict) as found:
        find_municipality("Herøy")
    assert found.value.message == (
        "'Herøy' matches several municipalities: 1515 Herøy (Møre og Romsdal), "
        "1818 Herøy (Nordland)"
    )
    assert found.value.hint == "Use the municipality number."


def test_an_unknown_name_says_so():
    with pytest.raises(NotFound, match="Ukjent kommune: 'Atlantis'"):
        find_municipality("Atlantis")
