"""schemathesis over the API's OpenAPI document, on the Asker example and on a database of
several municipalities (Asker and an Oslo whose every text is hostile): no server error,
every answer as the document describes it (status, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.test_errors import app_for
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database

EXAMPLES = 15  # per operation and phase: ~950 cases a database, ~40 s in all
CASES: dict[str, int] = {}


@pytest.fixture(scope="module")
def asker_schema(tmp_path_factory):
    app = app_for(asker_database(tmp_path_factory.mktemp("schema-asker")))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(scope="module")
def several_schema(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schema-several")
    url = f"sqlite:///{folder / 'several.db'}"
    add_hostile_oslo(url, folder)
    app = app_for(add_asker(url))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(autouse=True)
def node_id_for_schemathesis(request):
    """schemathesis 4.32 names each operation's subtest through `Node._nodeid`, which
    pytest 9 no longer has; give it one."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


asker = schemathesis.pytest.from_fixture("asker_schema")
several = schemathesis.pytest.from_fixture("several_schema")
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def checked(case, name):
    CASES[name] = CASES.get(name, 0) + 1
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text)
    # `positive_data_acceptance` is left out: a well-typed value can still be unknown (404),
    # malformed (`period=x`: 400) or need a choice of municipality (400)
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


@asker.parametrize()
@SETTINGS
def test_asker(case):
    checked(case, "asker")


@several.parametrize()
@SETTINGS
def test_several_municipalities(case):
    checked(case, "several")


def test_cases_were_generated():
    """Runs after the others in this module: each database got many cases (the count is
    in docs/api.md)."""
    assert CASES.get("asker", 0) > 100 and CASES.get("several", 0) > 100, CASES
