"""`sdgplan consultation import`: the consultations file, all or nothing, with the line of a
problem; the Asker example loads its consultation."""

from sdgplan.cli import cli
from sdgplan.store import consultation_repo
from sdgplan.store.db import make_engine, session_scope
from tests.consultation.conftest import ASKER, OSLO
from tests.reports.oslo import oslo_database

HEAD = "format: sdgplan-consultations\nformat_version: 1\nmunicipality: '0301'\nconsultations:\n"
GOOD = (
    "  - key: samrad\n    title: Samråd\n    document_kind: other\n"
    "    opens: 2026-01-05\n    closes: 2026-02-05\n"
)


def stored(url: str, municipality: str) -> list[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        keys = [c.key for c in consultation_repo.load_consultations(session, municipality)]
    engine.dispose()
    return keys


def test_a_file_is_saved_whole_or_not_at_all_with_the_line_of_the_problem(runner, tmp_path):
    url = oslo_database(tmp_path)
    path = tmp_path / "horinger.yaml"
    bad_document = (
        "  - key: plan\n    title: Planforslaget\n    document_kind: thematic-plan\n"
        "    document: Finnes ikke\n    opens: 2026-01-05\n    closes: 2026-02-05\n"
    )
    path.write_text(HEAD + GOOD + bad_document, encoding="utf-8")
    refused = runner.invoke(cli, ["consultation", "import", str(path), "--db", url])
    assert refused.exit_code == 1
    assert "linje 10" in refused.stderr and "Ingen temaplan heter «Finnes ikke»" in refused.stderr
    assert stored(url, OSLO) == []

    reversed_period = GOOD.replace("2026-02-05", "2025-12-24").replace("samrad", "annen")
    path.write_text(HEAD + GOOD + GOOD + reversed_period, encoding="utf-8")
    refused = runner.invoke(cli, ["consultation", "import", str(path), "--db", url])
    assert refused.exit_code == 1
    assert "slutter (2025-12-24) før den begynner (2026-01-05)" in refused.stderr
    assert "står også på linje 5" in refused.stderr
    assert stored(url, OSLO) == []

    path.write_text(HEAD + GOOD, encoding="utf-8")
    saved = runner.invoke(cli, ["consultation", "import", str(path), "--db", url])
    assert saved.exit_code == 0, saved.stderr
    assert "1 høring lagret for Oslo (0301)" in saved.output
    again = runner.invoke(cli, ["consultation", "import", str(path), "--db", url])
    assert "0 høringer lagret" in again.output
    assert stored(url, OSLO) == ["samrad"]


def test_the_asker_example_carries_its_consultation_on_the_proposal(asker_url):
    assert stored(asker_url, ASKER) == ["handlingsprogram-2024-2027"]
