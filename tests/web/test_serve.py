"""`sdgplan serve` in a subprocess: it answers the pages, and refuses a database that is not
at the current schema before it starts."""

import os
import subprocess
import sys
import time

import httpx

from tests.browser import free_port
from tests.test_cli import run
from tests.web.test_pages import asker_database


def test_serve_answers_the_pages(tmp_path):
    url = asker_database(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDGPLAN_")}
    command = [sys.executable, "-m", "sdgplan", "serve", "--db", url, "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/nb/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "sdgplan serve did not answer"
                time.sleep(0.2)
        assert response.status_code == 200
        assert '<html lang="nb">' in response.text and "Asker" in response.text
        english = httpx.get(f"http://127.0.0.1:{port}/en/focus-areas/okonomi", timeout=5)
        assert english.status_code == 200 and '<html lang="en">' in english.text
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_serve_refuses_a_database_without_the_schema(runner, tmp_path):
    result = run(runner, "serve", "--db", f"sqlite:///{tmp_path / 'missing.db'}", ok=False)
    assert result.exit_code == 1
    assert "Feil:" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_serve_refuses_an_empty_database_in_english(runner, tmp_path):
    (tmp_path / "empty.db").write_bytes(b"")
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run(runner, "--lang", "en", "serve", "--db", url, ok=False)
    assert result.exit_code == 1
    assert "Error:" in result.stderr
