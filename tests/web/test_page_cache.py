"""Pages are kept per data revision: the same page twice is one build with one ETag, a
change to the data shows on the next request."""

from sdgplan.loading import load_observations
from sdgplan.store.db import make_engine, session_scope
from tests.web.test_pages import asker_database, client_for

PAGE = "/nb/indicators/okonomi-disposisjonsfond"


def test_a_kept_page_has_an_etag_and_answers_304(tmp_path):
    client = client_for(asker_database(tmp_path))
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    tag = first.headers["etag"]
    assert tag == second.headers["etag"]
    assert "Content-Security-Policy" in second.headers
    unchanged = client.get(PAGE, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert client.get(PAGE, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_change_to_the_data_shows_on_the_next_request(tmp_path):
    url = asker_database(tmp_path)
    client = client_for(url)
    before = client.get(PAGE)
    assert "99,9" not in before.text
    csv = tmp_path / "new.csv"
    csv.write_text("indicator_id,area,period,value\nokonomi-disposisjonsfond,3203,2030,99.9\n")
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_observations(session, csv, municipality="3203")
    engine.dispose()
    after = client.get(PAGE)
    assert "99,9" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_errors_are_not_kept(tmp_path):
    client = client_for(asker_database(tmp_path))
    assert client.get("/nb/indicators/nope").status_code == 404
    assert client.get("/nb/indicators/nope").status_code == 404
    assert "etag" not in client.get("/nb/indicators/nope").headers


def test_each_coding_is_kept_apart(tmp_path):
    client = client_for(asker_database(tmp_path))
    for path in (PAGE, "/api/v1/observations?indicator=okonomi-disposisjonsfond"):
        zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        for coding in ("identity", "gzip;q=0"):
            plain = client.get(path, headers={"Accept-Encoding": coding})
            assert "content-encoding" not in plain.headers, (path, coding)
            assert plain.text == zipped.text  # httpx undid the gzip
