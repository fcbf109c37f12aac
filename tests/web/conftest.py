"""Fixtures of the web tests: the Asker example served by uvicorn, for the browser tests."""

from collections.abc import Iterator

import pytest

from sdgplan.config import Settings
from sdgplan.web.app import create_app
from tests.browser import serving
from tests.web.test_pages import asker_database


@pytest.fixture(scope="session")
def asker_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the Asker example's site, with the default settings."""
    app = create_app(Settings(db=asker_database(tmp_path_factory.mktemp("asker-site"))))
    with serving(app) as url:
        yield url
