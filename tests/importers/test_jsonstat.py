import datetime as dt
import json
from pathlib import Path

import pytest

from sdgplan.domain.indicators import ObservationStatus
from sdgplan.errors import FormatError
from sdgplan.i18n import use_language
from sdgplan.importers.jsonstat import MAX_CHARS, read_jsonstat

SAMPLES = Path(__file__).parent.parent / "data" / "jsonstat"
POPULATION = SAMPLES / "ssb_07459_befolkning_kommuner_2022.json"
KINDERGARTENS = SAMPLES / "ssb_09220_barnehager_json-stat1.json"


def read(document, source="test.json"):
    return read_jsonstat(json.dumps(document), source=source)


def cube(**changes):
    """A hand-made 2 regions x 1 measure x 3 years dataset; `changes` replace members."""
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [2, 1, 3],
        "role": {"geo": ["Region"], "metric": ["ContentsCode"], "time": ["Tid"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {"3203": 0, "0301": 1},
                    "label": {"3203": "Asker", "0301": "Oslo"},
                    "note": {"0301": ["Oslo er både kommune og fylke."]},
                },
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {
                    "index": {"Andel": 0},
                    "label": {"Andel": "Andel"},
                    "unit": {"Andel": {"base": "prosent", "decimals": 1}},
                },
            },
            "Tid": {"label": "år", "category": {"index": ["2021", "2022", "2023"]}},
        },
        "value": [1.5, 2, None, 4, None, 6.25],
    }
    document.update(changes)
    return document


def by_codes(dataset):
    return {(c.codes["Region"], c.codes["Tid"]): c for c in dataset.cells}


# the real SSB responses


def test_population_dimensions_and_categories():
    dataset = read_jsonstat(POPULATION.read_text(encoding="utf-8"), source=POPULATION.name)
    assert [d.id for d in dataset.dimensions] == ["Region", "ContentsCode", "Tid"]
    assert [len(d.categories) for d in dataset.dimensions] == [359, 1, 1]
    assert dataset.geo is not None and dataset.geo.id == "Region"
    assert dataset.time is not None and dataset.time.id == "Tid"
    assert dataset.metric is not None and dataset.metric.categories[0].label == "Personer"
    assert dataset.label.startswith("07459: Befolkning")
    assert dataset.source == "Statistisk sentralbyrå"
    assert dataset.updated == dt.datetime(2022, 2, 24, 7, tzinfo=dt.UTC)
    assert dataset.geo.categories[0].code == "K-3001"
    assert dataset.geo.categories[-1].code == "K-Rest"


def test_population_values_match_the_raw_json_by_position():
    raw = json.loads(POPULATION.read_text(encoding="utf-8"))
    region_index = raw["dimension"]["Region"]["category"]["index"]
    cells = {c.codes["Region"]: c for c in read_jsonstat(json.dumps(raw), source="x").cells}
    assert len(cells) == 359
    for code, population in (("K-3025", 96088), ("K-0301", 699827), ("K-Rest", 0)):
        position = region_index[code] * 1 * 1  # sizes of ContentsCode and Tid are 1
        assert raw["value"][position] == population
        assert cells[code].value == population
        assert cells[code].status is ObservationStatus.MEASURED
    assert sum(c.value for c in cells.values()) == 5425270


def test_population_unit_and_decimals():
    dataset = read_jsonstat(POPULATION.read_bytes(), source=POPULATION.name)
    cell = next(iter(dataset.cells))
    assert cell.unit is not None and cell.unit.label == "personer"
    assert cell.decimals == 0
    assert cell.codes == {"Region": "K-3001", "ContentsCode": "Personer1", "Tid": "2022"}


def test_json_stat_1_bundle_is_converted():
    raw = json.loads(KINDERGARTENS.read_text(encoding="utf-8"))["dataset"]
    dataset = read_jsonstat(KINDERGARTENS.read_text(encoding="utf-8"), source=KINDERGARTENS.name)
    assert [d.id for d in dataset.dimensions] == ["Region", "Eierskap", "ContentsCode", "Tid"]
    assert [len(d.categories) for d in dataset.dimensions] == [3, 3, 1, 3]
    assert dataset.time is not None and dataset.time.id == "Tid"
    assert dataset.geo is None  # the file names no geo role
    assert dataset.updated == dt.datetime(2017, 9, 19, 21, 22, tzinfo=dt.UTC)
    cells = {tuple(c.codes.values()): c for c in dataset.cells}
    assert len(cells) == 27
    index = {d: raw["dimension"][d]["category"]["index"] for d in raw["dimension"]["id"]}
    # row-major: Region varies slowest (stride 3*1*3), then Eierskap (stride 1*3), then Tid
    position = index["Region"]["01"] * 9 + index["Eierskap"]["98"] * 3 + index["Tid"]["1989"]
    assert cells[("01", "98", "Antall1", "1989")].value == raw["value"][position] == 51
    assert cells[("0", "01", "Antall1", "1987")].value == 2195
    assert cells[("0", "01", "Antall1", "1987")].unit.label == "barnehager"


def test_json_stat_1_bundle_with_two_datasets_is_refused():
    one = json.loads(KINDERGARTENS.read_text(encoding="utf-8"))["dataset"]
    with use_language("nb"), pytest.raises(FormatError) as error:
        read({"a": one, "b": one}, source="to.json")
    assert error.value.message.startswith("to.json: ser ut som JSON-stat 1 med 2 datasett")
    assert "json-stat2" in error.value.message


# hand-made edge cases


def test_dense_values_row_major_with_list_index_and_notes():
    dataset = read(cube(note=["Tall for 2023 er foreløpige."]))
    cells = by_codes(dataset)
    assert sorted(cells) == [
        ("0301", "2021"),
        ("0301", "2023"),
        ("3203", "2021"),
        ("3203", "2022"),
    ]  # nulls without a status are missing cells
    assert cells[("3203", "2022")].value == 2.0
    assert cells[("0301", "2023")].value == 6.25
    assert cells[("0301", "2023")].decimals == 1
    assert cells[("0301", "2023")].notes == ("Oslo er både kommune og fylke.",)
    assert cells[("3203", "2021")].notes == ()
    assert dataset.notes == ("Tall for 2023 er foreløpige.",)
    assert [c.label for c in dataset.time.categories] == ["2021", "2022", "2023"]  # no labels


def test_sparse_values():
    cells = by_codes(read(cube(value={"1": 2, "5": 6.25})))
    assert {k: c.value for k, c in cells.items()} == {("3203", "2022"): 2, ("0301", "2023"): 6.25}


def test_ssb_symbols_map_to_statuses_and_never_to_zero():
    status = {"2": "..", "4": ".", "5": ":", "1": "...", "0": "*"}
    cells = by_codes(read(cube(value=[1.5, 0, None, 4, None, 0], status=status)))
    assert cells[("3203", "2023")].status is ObservationStatus.NOT_MEASURED
    assert cells[("3203", "2023")].symbol == ".."
    assert cells[("0301", "2022")].status is ObservationStatus.NOT_MEASURED
    assert cells[("0301", "2022")].symbol == "."
    assert cells[("0301", "2023")].status is ObservationStatus.NOT_MEASURED
    assert cells[("0301", "2023")].symbol == ":"
    assert cells[("3203", "2022")].status is ObservationStatus.PENDING
    assert cells[("3203", "2022")].symbol == "..."
    for key in (("3203", "2023"), ("0301", "2022"), ("0301", "2023"), ("3203", "2022")):
        assert cells[key].value is None  # even where a 0 was sent with the symbol
    assert cells[("3203", "2021")].value == 1.5  # "*" (provisional) keeps its figure
    assert cells[("3203", "2021")].status is ObservationStatus.MEASURED
    assert cells[("3203", "2021")].symbol == "*"


def test_status_as_list_and_as_one_string():
    cells = by_codes(read(cube(status=[None, None, "..", None, "..", None])))
    assert cells[("3203", "2023")].symbol == ".."
    assert cells[("3203", "2023")].value is None
    assert cells[("3203", "2021")].symbol is None
    cells = by_codes(read(cube(value=[None] * 6, status=":")))
    assert len(cells) == 6
    assert {c.symbol for c in cells.values()} == {":"}
    assert {c.value for c in cells.values()} == {None}


def test_status_for_a_cell_missing_from_sparse_values():
    cells = by_codes(read(cube(value={"0": 1}, status={"3": ".."})))
    assert cells[("0301", "2021")].value is None
    assert cells[("0301", "2021")].status is ObservationStatus.NOT_MEASURED


def test_decimals_from_the_px_extension():
    document = cube(extension={"px": {"decimals": 2}})
    del document["dimension"]["ContentsCode"]["category"]["unit"]
    cell = next(iter(read(document).cells))
    assert cell.decimals == 2
    assert cell.unit.label is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"size": [2, 1]}, "«size» har 2 tall, men «id» har 3 dimensjoner"),
        ({"size": [2, 1, 4]}, "dimensjonen «Tid» har 3 kategorier, men «size» sier 4"),
        ({"value": [1, 2, 3]}, "«value» har 3 verdier, men dimensjonene gir 6 celler"),
        ({"value": {"6": 1}}, "«value» har nøkkelen «6», som ikke er en celle (0–5)"),
        ({"value": [1, 2, 3, 4, 5, "6"]}, "verdi nr. 5 er ikke et tall: «6»"),
        ({"status": [".."] * 4}, "«status» har 4 verdier, men dimensjonene gir 6 celler"),
        ({"class": "collection"}, "ventet et JSON-stat-datasett (class «dataset»)"),
        ({"version": "1.0"}, "JSON-stat-versjon «1.0» støttes ikke; ventet 2.0"),
        ({"updated": "i går"}, "«updated» er ikke et tidspunkt: «i går»"),
        ({"role": {"geo": ["Kommune"]}}, "«role.geo» nevner en dimensjon som ikke finnes"),
    ],
)
def test_malformed_datasets_name_the_source(changes, message):
    with use_language("nb"), pytest.raises(FormatError) as error:
        read(cube(**changes), source="ssb.json")
    assert error.value.message.startswith("ssb.json: ")
    assert message in error.value.message


def test_bad_category_index_and_missing_categories():
    document = cube()
    document["dimension"]["Region"]["category"]["index"] = {"3203": 0, "0301": 2}
    with use_language("nb"), pytest.raises(FormatError, match="må nummerere kategoriene"):
        read(document)
    document["dimension"]["Region"]["category"] = {"label": {"3203": "Asker", "0301": "Oslo"}}
    with use_language("nb"), pytest.raises(FormatError, match="mangler kategorier"):
        read(document)
    document["dimension"]["Region"]["category"] = {"index": ["3203"], "label": {"3203": 7}}
    with use_language("nb"), pytest.raises(FormatError, match="«Region.category.label.3203»"):
        read(document)


def test_not_json_not_a_dataset_and_too_deep():
    with use_language("nb"), pytest.raises(FormatError, match="^svar.txt: ikke gyldig JSON"):
        read_jsonstat("<html>Feil</html>", source="svar.txt")
    with use_language("nb"), pytest.raises(FormatError, match="ikke gyldig JSON"):
        read_jsonstat('{"value": [NaN]}', source="x")
    with use_language("nb"), pytest.raises(FormatError, match="ikke gyldig JSON"):
        read_jsonstat("[" * 100_000 + "]" * 100_000, source="x")
    with use_language("nb"), pytest.raises(FormatError, match="ikke et JSON-stat-datasett"):
        read_jsonstat("[1, 2]", source="x")


def test_huge_document_is_refused_before_parsing():
    text = '{"label": "' + "x" * MAX_CHARS + '"}'
    with use_language("nb"), pytest.raises(FormatError, match="filen er for stor"):
        read_jsonstat(text, source="stor.json")


def test_errors_in_english():
    with use_language("en"), pytest.raises(FormatError) as error:
        read(cube(value=[1]), source="ssb.json")
    assert "value" in error.value.message
    assert "verdier" not in error.value.message
