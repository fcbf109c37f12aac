"""The replay server answers in order, records requests, waits and drops when told."""

import http.client
import urllib.error
import urllib.request

import pytest

from tests.replay import Answer, replaying


def test_answers_in_order_and_records_requests():
    answers = [Answer(status=429, headers={"Retry-After": "1"}), Answer(body='{"ok": true}')]
    with replaying(answers, strict=True) as server:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}/api/x?top=3")
        assert refused.value.code == 429 and refused.value.headers["Retry-After"] == "1"
        with urllib.request.urlopen(f"{server.url}/api/x?top=3") as answer:
            assert answer.read() == b'{"ok": true}'
        with pytest.raises(urllib.error.HTTPError) as unknown:  # strict: no third answer
            urllib.request.urlopen(f"{server.url}/api/x")
        assert unknown.value.code == 500 and server.unanswered == 1
    assert [r.path for r in server.requests] == ["/api/x"] * 3
    assert server.requests[0].query == {"top": ["3"]}


def test_a_slow_answer_times_out_and_a_dropped_one_fails():
    with replaying([Answer(delay=0.5), Answer(drop=True)]) as server:
        with pytest.raises(TimeoutError):
            urllib.request.urlopen(server.url, timeout=0.1)
        with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError)):
            urllib.request.urlopen(server.url, timeout=2)
