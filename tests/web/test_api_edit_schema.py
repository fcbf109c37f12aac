"""schemathesis over the write API (/api/v1/edit) with an editor's token, on the Asker
example: no server error, every answer as the OpenAPI document describes it. Without a
token every route must refuse (schemathesis's `ignored_auth` check)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.test_api_edit import PEOPLE, add_people, edit_client
from tests.web.test_pages import asker_database

CASES: dict[str, int] = {}
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def edit_schema(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("edit-schema"))
    TOKENS.update(add_people(url, {"eva": PEOPLE["eva"]}))
    app = edit_client(url).app
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(autouse=True)
def node_id_for_schemathesis(request):
    """As in test_api_schema.py: schemathesis 4.32 needs `Node._nodeid`."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


edit = schemathesis.pytest.from_fixture("edit_schema").include(path_regex="^/api/v1/edit/")


@edit.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_edit_api(case):
    CASES["edit"] = CASES.get("edit", 0) + 1
    response = case.call(headers={"Authorization": f"Bearer {TOKENS['eva']}"})
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
    if response.status_code != 405:  # the app's answer to another method: nothing personal
        shown = (case.method, case.path, case.path_parameters, response.status_code)
        assert response.headers.get("cache-control") == ["no-store"], shown
    # a well-typed value can still be unknown (404), refused (403) or stale (409)
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


def test_cases_were_generated():
    assert CASES.get("edit", 0) > 50, CASES
