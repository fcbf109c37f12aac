"""Every chart of a report is a valid Vega-Lite specification (checked against the schema
Altair ships), in the Asker example and in a second, small municipality."""

import dataclasses
import json
from importlib import resources

import jsonschema
import pytest

from sdgplan.loading import load_example
from sdgplan.reports.charts import VEGA_LITE_SCHEMA, Chart
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.oslo import oslo_database


@pytest.fixture(scope="module")
def validator():
    schema_file = resources.files("altair").joinpath(
        "vegalite", "v6", "schema", "vega-lite-schema.json"
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def charts_in(value, seen=None):
    """Every Chart reachable from a report (focus areas, figures, narrative parts)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Chart):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, list | tuple):
        children = list(value)
    elif isinstance(value, dict):
        children = list(value.values())
    else:
        return []
    return [chart for child in children for chart in charts_in(child, seen)]


def assert_valid(charts, validator):
    assert charts
    for chart in charts:
        errors = sorted(validator.iter_errors(chart.spec), key=lambda e: e.path)
        assert not errors, (chart.key, [e.message for e in errors[:3]])
        assert chart.spec["$schema"] == VEGA_LITE_SCHEMA


def test_asker_charts_are_valid_vega_lite(tmp_path, validator):
    engine = make_engine(f"sqlite:///{tmp_path / 'asker.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    with session_scope(engine) as session:
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    engine.dispose()
    charts = charts_in(report)
    assert len({c.key for c in charts}) >= 20
    assert_valid(charts, validator)


def test_second_municipality_charts_are_valid_vega_lite(tmp_path, validator):
    engine = make_engine(oslo_database(tmp_path))
    with session_scope(engine) as session:
        report = build_report(session, labels=chart_labels("en"))
    engine.dispose()
    assert_valid(charts_in(report), validator)


def test_the_schema_url_matches_the_shipped_schema(validator):
    version = VEGA_LITE_SCHEMA.rsplit("/v", 1)[1].removesuffix(".json")
    assert version.split(".")[0] == "6"
    assert validator.schema["$schema"].startswith("http://json-schema.org/draft-07")
