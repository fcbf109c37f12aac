"""Charts as a Norwegian reader expects them: nb-NO numbers, the unit on the axis, the
threshold and target drawn, the table's years, a zero baseline; the Vega code cached."""

import json

from jinja2 import DictLoader, Environment

from sdgplan.domain.indicators import Indicator, Observation
from sdgplan.domain.rules import Target, Threshold
from sdgplan.reports import vega_bundle
from sdgplan.reports.charts import chart_svg, key_figure_chart
from sdgplan.reports.render import chart_labels

NBSP = "\u00a0"


def observations(values):
    return [Observation("innbyggere", "0301", str(year), v) for year, v in values.items()]


def chart(indicator, values, periods=("2019", "2020", "2021", "2022"), lang="nb"):
    return key_figure_chart(
        indicator,
        observations(values),
        area="0301",
        labels=chart_labels(lang),
        periods=list(periods),
    )


def test_svg_numbers_in_nb_no():
    people = Indicator("innbyggere", "Innbyggere", unit="personer")
    svg = chart_svg(chart(people, {2021: 185004, 2022: 186211.5}))
    assert f"186{NBSP}211,5" in svg and f"185{NBSP}004" in svg  # the point labels
    assert "186,211" not in svg and "186211.5" not in svg
    assert ">personer</text>" in svg  # the unit on the axis, not "Verdi"
    assert ">Verdi<" not in svg


def test_threshold_target_years_and_baseline():
    share = Indicator(
        "innbyggere",
        "Andel med høyere utdanning",
        unit="%",
        threshold=Threshold(">", 40.0, unit="%"),
        target=Target(2030, value=55.5),
    )
    made = chart(share, {2015: 30, 2020: 41.2, 2021: 41.5, 2022: 41.9})
    spec = json.dumps(made.spec, ensure_ascii=False)
    assert "Krav > 40 %" in spec and "Mål 2030: 55,5 %" in spec
    x = made.spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == ["2019", "2020", "2021", "2022"]  # the table's years
    assert all(p["year"] != "2015" for p in made.spec["layer"][0]["data"]["values"])
    assert made.spec["layer"][0]["encoding"]["y"]["scale"]["zero"] is True
    svg = chart_svg(made)
    assert "Mål 2030: 55,5 %" in svg and "41,9" in svg
    english = json.dumps(chart(share, {2021: 41.5, 2022: 41.9}, lang="en").spec)
    assert "Target 2030: 55,5 %" in english


def test_no_chart_for_one_value_in_the_table_years():
    people = Indicator("innbyggere", "Innbyggere", unit="personer", threshold=Threshold(">", 1))
    assert chart(people, {2015: 1, 2016: 2, 2022: 3}) is None


def test_vega_bundle_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = vega_bundle.bundle_path()
    assert path.parent == tmp_path / "sdgplan" and "vl-convert-" in path.name
    script = vega_bundle.vega_embed_script.__wrapped__()
    assert "window.vegaEmbed" in script and path.exists()
    assert vega_bundle.vega_embed_script.__wrapped__() == script  # read back
    path.write_text(path.read_text("utf-8")[:-1000], "utf-8")  # cut short: rebuilt
    assert vega_bundle.vega_embed_script.__wrapped__() == script
    assert path.read_text("utf-8").endswith(script)
    path.write_bytes(b"\xff\xfe garbage")
    assert vega_bundle.vega_embed_script.__wrapped__() == script


def test_compiled_templates_cached_and_an_unwritable_cache_skipped(tmp_path, monkeypatch):
    from sdgplan.reports.disk_cache import template_bytecode_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = template_bytecode_cache()
    assert cache is not None
    env = Environment(loader=DictLoader({"t.j2": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    assert env.get_template("t.j2").render() == "2"
    folder = next((tmp_path / "sdgplan").glob("jinja2-*"))
    assert len(list(folder.iterdir())) == 1  # compiled once, on disk
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert template_bytecode_cache() is None  # cannot be made: no cache, no error


def test_chart_svg_cached_by_its_specification(tmp_path, monkeypatch):
    from sdgplan.reports.disk_cache import write_cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    people = Indicator("innbyggere", "Innbyggere", unit="personer")
    made = chart(people, {2021: 185004, 2022: 186211})
    svg = chart_svg(made)
    [cached] = (tmp_path / "sdgplan").glob("svg-vl-convert-*/*.svg")
    write_cached(cached, "<svg>from the cache</svg>")
    assert chart_svg(made) == "<svg>from the cache</svg>"  # read, not converted again
    cached.write_text("damaged", "utf-8")
    assert chart_svg(made) == svg  # converted again
    other = chart(people, {2021: 185004, 2022: 186212})
    assert chart_svg(other) != svg  # another specification, another file
    assert len(list(cached.parent.iterdir())) == 2
