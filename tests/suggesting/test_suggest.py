"""Target suggestions (issue 15, item 3): words, compounds, ranking, the service and
`sdgplan sdg suggest` on the Asker example and the small Oslo municipality."""

import json
import time
from dataclasses import replace

import pytest

import sdgplan.cli.suggest  # noqa: F401  (registers `sdg suggest` until cli/__init__ does)
from sdgplan.cli import cli
from sdgplan.domain.plan import FocusArea, Goal
from sdgplan.domain.references import Reference, ReferenceKind
from sdgplan.importers import import_plan_file
from sdgplan.reference import load_sdg_catalogue
from sdgplan.suggesting.lexicon import LEXICON
from sdgplan.suggesting.ranker import RankerSettings, TargetRanker, prose_weights
from sdgplan.suggesting.text import words
from sdgplan.target_suggestions import (
    default_ranker,
    local_suggestion_lines,
    suggest_for_plan,
    suggest_targets,
)
from tests.conftest import example_path
from tests.reports.oslo import oslo_database

ASKER_ADOPTED = example_path("asker", "plan-adopted.yaml")


@pytest.fixture(scope="module")
def ranker():
    return default_ranker()


def codes(found):
    return [s.target.code for s in found]


def test_words_are_folded_and_numbers_left_out():
    found = words("Klima- og energiplan 2030: CO₂ og Tromsø!")
    assert [w.folded for w in found] == ["klima", "og", "energiplan", "co2", "og", "tromsø"]
    assert found[0].written == "Klima"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("kollektivtransport", ("kollektiv", "transport")),
        ("avfallshåndtering", ("avfall", "håndtering")),  # the linking s dropped
        ("samfunnssikkerhet", ("samfunn", "sikkerhet")),
        ("klimaendringene", ("klima", "endringene")),  # `klima` is no word of its own there
        ("klimagassutslipp", ("klimagass", "utslipp")),
        ("transport", ()),  # too short to split
        ("askersamfunnet", ()),  # a name is no known word
    ],
)
def test_compounds_split_against_the_texts_words(ranker, word, parts):
    assert ranker.analyzer.splitter.split(word) == parts


def test_a_word_too_long_for_a_compound_is_not_split_and_costs_little(ranker):
    start = time.perf_counter()
    assert ranker.analyzer.splitter.split("klimaendring" * 20_000) == ()  # 240 000 letters
    assert ranker.rank("x" * 200_000) == [] and time.perf_counter() - start < 2
    assert ranker.analyzer.splitter.split("klimaendringer") != ()


def test_a_compound_finds_its_parts(ranker):
    terms = dict(ranker.analyzer.terms(words("kollektivtransporten")[0]))
    assert terms["nb:kollektivtransport"] == 1.0
    assert terms["nb:transport"] == 0.5


def test_norwegian_climate_text_gets_goal_13(ranker):
    found = ranker.rank("Vi skal redusere klimagassutslippene og tilpasse oss klimaendringene")
    assert any(code.startswith("13.") for code in codes(found[:3])), codes(found)
    top = next(s for s in found if s.target.goal == 13)
    assert "klimagassutslippene" in top.matched or "klimaendringene" in top.matched


def test_english_climate_text_gets_goal_13(ranker):
    found = ranker.rank("Reduce greenhouse gas emissions and adapt to climate change")
    assert codes(found)[0].startswith("13."), codes(found)
    assert {"greenhouse", "emissions", "climate"} <= set(found[0].matched)


def test_plan_prose_alone_suggests_nothing(ranker):
    assert ranker.rank("Kommunen skal arbeide aktivt og tilrettelegge for dette") == []


def test_lexicon_brings_municipal_words_to_the_targets_words():
    catalogue = load_sdg_catalogue()
    with_lexicon = TargetRanker(catalogue, lexicon=LEXICON)
    without = TargetRanker(catalogue, lexicon=LEXICON, settings=RankerSettings(lexicon=False))
    text = "Flere skal reise kollektivt og med kollektivtransport"
    assert codes(with_lexicon.rank(text, top=1)) == ["11.2"]
    assert "11.2" not in codes(without.rank(text, top=1))


def test_plan_words_common_to_most_lines_count_less(ranker):
    texts = [f"Bydelen skal ha god helse nummer {n}" for n in range(30)]
    texts += ["Bydelen har rent drikkevann"] * 3
    weights = prose_weights(texts, ranker.analyzer)
    assert weights["nb:bydel"] == 0.0  # in every line
    assert weights["nb:" + ranker.analyzer.stemmer.stem("helse", "nb")] < 0.1  # in 30 of 33
    assert "nb:drikkevann" not in weights  # in 3 of 33: counts fully
    assert prose_weights(texts[:5], ranker.analyzer) == {}  # too few lines to tell


def test_plan_suggestions_meet_most_references():
    version = import_plan_file(ASKER_ADOPTED).plan.versions[0]
    found = suggest_for_plan(version)
    assert len(found) == len(list(version.items()))
    with_targets = [f for f in found if any(r.kind is ReferenceKind.TARGET for r in f.item.refs)]
    confirmed = [f for f in with_targets if f.confirmed]
    assert len(confirmed) > 0.7 * len(with_targets)


def test_suggesting_for_the_whole_plan_is_quick():
    version = import_plan_file(ASKER_ADOPTED).plan.versions[0]
    default_ranker.cache_clear()
    started = time.perf_counter()
    found = suggest_for_plan(version)  # the index is built here, too
    assert time.perf_counter() - started < 2.5
    assert len(found) > 100


def test_ak_lines_get_suggestions_that_are_never_applied():
    version = import_plan_file(ASKER_ADOPTED).plan.versions[0]
    before = [i.refs for i in version.items()]
    lines = local_suggestion_lines(version)
    assert lines[0] == "Mål og strategier merket AK som kan høre til delmål (ikke lagt til):"
    housing = next(line for line in lines if "tilrettelegge for boliger" in line)
    assert housing.endswith("kan høre til 11.1")
    assert [i.refs for i in version.items()] == before
    # a plan whose every line refers to the SDGs has nothing to list
    housing_goal = Goal("Trygge boliger til en overkommelig pris", (Reference.from_code("11.1"),))
    only_sdg = replace(version, focus_areas=[FocusArea("Bolig", main_goal=housing_goal)])
    assert local_suggestion_lines(only_sdg) == []
    local_goal = replace(housing_goal, refs=(Reference.from_code("AK"),))
    local = replace(version, focus_areas=[FocusArea("Bolig", main_goal=local_goal)])
    assert local_suggestion_lines(local)[1:] == [
        "  1 «Trygge boliger til en overkommelig pris»: kan høre til 11.1"
    ]


def test_suggest_targets_uses_the_default_ranker():
    assert codes(suggest_targets("Alle barn har tilgang til barnehage av god kvalitet", top=1)) == [
        "4.2"
    ]


# --- the command line --------------------------------------------------------------------


def invoke(runner, *args, ok=True):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert (result.exit_code == 0) is ok, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def suggest(runner, *args, ok=True):
    return invoke(runner, "sdg", "suggest", *args, ok=ok)


@pytest.fixture(scope="module")
def asker_db(tmp_path_factory):
    from click.testing import CliRunner

    url = f"sqlite:///{tmp_path_factory.mktemp('asker') / 'asker.db'}"
    invoke(CliRunner(), "import", "plan", ASKER_ADOPTED, "--db", url)
    return url


def test_cli_text_table(runner):
    out = suggest(runner, "Redusere klimagassutslippene i kommunen").stdout
    lines = out.splitlines()
    assert lines[0].split() == ["#", "FN-delmål", "poeng", "ord", "som", "traff", "tittel"]
    assert len(lines) == 6  # the header and five suggestions
    first = lines[1].split()
    assert first[:2] == ["1", "13.2"]
    assert "klimagassutslippene" in lines[1]
    assert "Integrer tiltak for klimaendring" in lines[1]  # the Norwegian title


def test_cli_text_in_english_with_top(runner):
    out = invoke(
        runner, "--lang", "en", "sdg", "suggest", "Reduce greenhouse gas emissions", "--top", "2"
    ).stdout
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "SDG", "target"]
    assert len(lines) == 3
    assert "Integrate climate change measures" in lines[1]


def test_cli_text_json(runner):
    out = invoke(
        runner, "sdg", "suggest", "trygge boliger til en overkommelig pris", "--format", "json"
    )
    data = json.loads(out.stdout)
    assert data["text"] == "trygge boliger til en overkommelig pris"
    first = data["suggestions"][0]
    assert (first["rank"], first["target"], first["goal"]) == (1, "11.1", 11)
    assert "boliger" in first["matched"]
    assert first["title"].startswith("Innen 2030 må du sørge for at alle får tilgang")
    assert len(data["suggestions"]) == 5


def test_cli_nothing_found(runner):
    out = suggest(runner, "skal arbeide aktivt").stdout
    assert out == "Ingen delmål passer; prøv flere eller andre ord.\n"


def test_cli_needs_text_or_plan(runner):
    result = suggest(runner, ok=False)
    assert "Gi enten en TEKST eller --plan VERSJON" in result.stderr
    result = suggest(runner, "tekst", "--plan", "adopted", ok=False)
    assert "Gi enten en TEKST eller --plan VERSJON" in result.stderr


def test_cli_plan_on_asker(runner, asker_db):
    out = suggest(runner, "--plan", "adopted", "--top", "3", "--db", asker_db)
    text = out.stdout
    assert "2.1 Asker kommune sikrer de ansattes rettigheter" in text
    block = text.split("2.1 Asker kommune sikrer")[1].split("\n\n")[0]
    assert "referanser: 8.8; blant forslagene: 8.8" in block
    assert "bare lokal (AK)" in text
    assert "ingen av dem blant forslagene" in text


def test_cli_plan_json_on_asker(runner, asker_db):
    out = invoke(
        runner, "sdg", "suggest", "--plan", "adopted", "--format", "json", "--db", asker_db
    )
    data = json.loads(out.stdout)
    assert (data["municipality"], data["version"]) == ("3203", "adopted")
    items = {i["path"]: i for i in data["items"]}
    assert items["2.1"]["refs"] == ["8.8"]
    assert items["2.1"]["confirmed"] == ["8.8"]
    assert items["2.1"]["key"]  # stored items have their keys
    assert all(len(i["suggestions"]) <= 5 for i in data["items"])
    assert len(data["items"]) == 123


def test_cli_plan_on_oslo(runner, tmp_path):
    url = oslo_database(tmp_path)
    text = suggest(runner, "--plan", "adopted", "--db", url).stdout
    blocks = text.split("\n\n")
    assert len(blocks) == 5  # Oslo's main goal, three sub-goals and one strategy
    assert blocks[1].splitlines() == [
        "1.1 Delmål 1.1",
        "   referanser: 3.4; ingen av dem blant forslagene",
        "   Ingen forslag.",
    ]
    assert blocks[2].splitlines()[1] == "   referanser: AK; bare lokal (AK)"
    data = json.loads(
        invoke(
            runner, "sdg", "suggest", "--plan", "adopted", "--format", "json", "--db", url
        ).stdout
    )
    assert [i["refs"] for i in data["items"]][:2] == [["3"], ["3.4"]]


def test_cli_plan_with_two_municipalities_names_its_own_options(runner, tmp_path):
    url = oslo_database(tmp_path)
    invoke(runner, "import", "plan", ASKER_ADOPTED, "--db", url)
    result = suggest(runner, "--plan", "adopted", "--db", url, ok=False)
    assert "Oppgi --municipality NUMMER eller --title TITTEL" in result.stderr
    ok = invoke(
        runner, "sdg", "suggest", "--plan", "adopted", "--municipality", "0301", "--db", url
    )
    assert "Asker" not in ok.stdout
