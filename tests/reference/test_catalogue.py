import pytest

from sdgplan.errors import NotFound
from sdgplan.reference import find_municipality, load_municipalities


def test_catalogue_sizes(catalogue):
    assert len(catalogue.goals) == 17
    assert len(catalogue.targets) == 169
    assert len(catalogue.indicators) == 252
    assert [t.code for t in catalogue.targets_of(11)] == [
        "11.1",
        "11.2",
        "11.3",
        "11.4",
        "11.5",
        "11.6",
        "11.7",
        "11.a",
        "11.b",
        "11.c",
    ]


def test_catalogue_titles_in_both_languages(catalogue):
    assert catalogue.goals[13].short_nb == "Stoppe klimaendringene"
    assert catalogue.goals[13].short_en == "Climate action"
    assert catalogue.targets["11.3"].title_en.startswith("By 2030, enhance inclusive")
    assert "11.9" not in catalogue
    assert "11.a" in catalogue and "17" in catalogue and "3.4.1" in catalogue


def test_wrong_norwegian_titles_fall_back_to_english(catalogue):
    # 1.a carries 1.5's Norwegian text in the source (data README, "Known defects").
    assert catalogue.targets["1.a"].title_nb == catalogue.targets["1.a"].title_en
    assert catalogue.targets["1.5"].title_nb != catalogue.targets["1.5"].title_en
    assert catalogue.indicators["11.5.2"].title_nb == catalogue.indicators["11.5.2"].title_en


def test_municipalities():
    assert len(load_municipalities()) == 357
    asker = find_municipality("3203")
    assert asker.name == "Asker"
    assert find_municipality("3025") == asker  # Asker's number 2020-2023
    assert find_municipality("0628") == asker  # Hurum, merged into Asker in 2020
    assert find_municipality("301").name == "Oslo"


def test_unknown_municipality():
    with pytest.raises(NotFound, match="Ukjent kommunenummer: '9999'"):
        find_municipality("9999")
