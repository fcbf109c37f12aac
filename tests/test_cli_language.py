"""One language per run: --lang, SDGPLAN_LANG and the settings file; help, messages, counts;
the status line only on a terminal."""

from __future__ import annotations

import io

import click

from sdgplan.cli import cli
from sdgplan.cli import progress as progress_module
from sdgplan.cli.progress import CLEAR, Progress
from sdgplan.i18n import current_language, translations
from tests.test_cli import run

ONE = "municipality: {number: '0301', name: Oslo}\nindicators:\n- key: a\n  name: A\n"
TWO = ONE + "- key: b\n  name: B\n"
OBSERVATIONS = "indicator_id,area,period,value\n"


def import_indicators(runner, tmp_path, text, *args, env=None):
    """`sdgplan [args] import indicators` of `text` into a fresh database."""
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'lang.db'}"
    result = runner.invoke(
        cli, [*args, "import", "indicators", str(path), "--db", db], env=env or {}
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split(" -> ")[0]


def missing_database(runner, tmp_path, *args, env=None):
    db = f"sqlite:///{tmp_path / 'none.db'}"
    result = runner.invoke(cli, [*args, "show", "plan", "--db", db], env=env or {})
    assert result.exit_code == 1
    return result.stderr.replace(str(tmp_path / "none.db"), "DB")


def test_norwegian_by_default_with_counts_by_number(runner, tmp_path):
    assert import_indicators(runner, tmp_path, ONE) == (
        "Importert 1 indikator, 0 tabeller, 0 områder"
    )
    assert import_indicators(runner, tmp_path, TWO) == (
        "Importert 2 indikatorer, 0 tabeller, 0 områder"
    )
    assert missing_database(runner, tmp_path) == (
        "Feil: Databasen finnes ikke: DB\nImporter en plan: sdgplan import plan FIL\n"
    )


def test_lang_flag_gives_english(runner, tmp_path):
    assert import_indicators(runner, tmp_path, ONE, "--lang", "en") == (
        "Imported 1 indicator, 0 tables, 0 areas"
    )
    assert import_indicators(runner, tmp_path, TWO, "--lang=en") == (
        "Imported 2 indicators, 0 tables, 0 areas"
    )
    assert missing_database(runner, tmp_path, "--lang", "en") == (
        "Error: The database does not exist: DB\nImport a plan: sdgplan import plan FILE\n"
    )
    assert current_language() == "nb"  # the run's language ends with the run


def test_environment_gives_english(runner, tmp_path):
    env = {"SDGPLAN_LANG": "en"}
    assert import_indicators(runner, tmp_path, TWO, env=env) == (
        "Imported 2 indicators, 0 tables, 0 areas"
    )
    assert missing_database(runner, tmp_path, env=env).startswith("Error: The database")
    help_text = runner.invoke(cli, ["--help"], env=env).stdout
    assert help_text.startswith("Usage: ") and "Show this message and exit." in help_text
    # the flag wins over the environment
    assert missing_database(runner, tmp_path, "--lang", "nb", env=env).startswith("Feil: ")


def test_settings_file_gives_english(runner, tmp_path):
    config = tmp_path / "sdgplan.yaml"
    config.write_text("language: en\n", encoding="utf-8")
    # a file found without --config (here by SDGPLAN_CONFIG) applies to --help too
    env = {"SDGPLAN_CONFIG": str(config)}
    assert import_indicators(runner, tmp_path, ONE, env=env) == (
        "Imported 1 indicator, 0 tables, 0 areas"
    )
    help_text = runner.invoke(cli, ["import", "--help"], env=env).stdout
    assert help_text.startswith("Usage: ") and "Import indicators." in help_text
    # --config names it for one command
    path = tmp_path / "indicators.yaml"
    db = f"sqlite:///{tmp_path / 'config.db'}"
    result = run(runner, "import", "indicators", path, "--db", db, "--config", config)
    assert result.stdout.startswith("Imported 1 indicator, ")
    # the environment and the flag win over the file
    assert missing_database(runner, tmp_path, env={**env, "SDGPLAN_LANG": "nb"}).startswith(
        "Feil: "
    )
    assert missing_database(runner, tmp_path, "--lang", "nb", env=env).startswith("Feil: ")


def test_unknown_languages_are_clear_errors(runner, tmp_path):
    result = runner.invoke(cli, ["--lang", "xx", "--help"])
    assert result.exit_code == 2
    assert "Feil: Invalid value for '--lang': 'xx' is not one of 'nb', 'en'." in result.stderr
    result = runner.invoke(cli, ["--help"], env={"SDGPLAN_LANG": "de"})
    assert result.exit_code == 2
    assert result.stderr == "Feil: Ukjent språk i SDGPLAN_LANG: 'de'; bruk nb, en\n"
    config = tmp_path / "sdgplan.yaml"
    config.write_text("language: fr\n", encoding="utf-8")
    result = run(runner, "init", "--config", config, ok=False)
    assert result.stderr == (
        "Feil: Ugyldige innstillinger: language: 'fr' er ikke tillatt; bruk nb, en\n"
    )


def test_output_has_no_norwegian_english_pairs(runner, tmp_path):
    outputs = [
        missing_database(runner, tmp_path),
        run(runner, "delete", "municipality", "0301", ok=False).stderr,
        run(runner, "import", "plan", tmp_path, ok=False).stderr,
        run(runner, "--help").stdout,
        run(runner, "report", "--help").stdout,
    ]
    for text in outputs:
        assert " / " not in text.replace("/ --", ""), text  # "--pdf / --no-pdf" is click's


def test_usage_errors_are_framed_in_the_run_language(runner):
    result = runner.invoke(cli, ["--lang", "en", "show", "plan", "--nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: cli show plan [OPTIONS]\nTry 'cli show plan --help'")
    assert result.stderr.endswith("\nError: No such option '--nope'.\n")
    result = runner.invoke(cli, ["show", "plan", "--nope"])
    assert result.stderr.startswith("Bruk: cli show plan [VALG]\nSe «cli show plan --help»")
    assert result.stderr.endswith("\nFeil: No such option '--nope'.\n")


def test_a_choice_names_the_commands_own_options(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'two.db'}"
    for number in ("0301", "3203"):
        path = tmp_path / f"{number}.yaml"
        path.write_text(ONE.replace("0301", number).replace("Oslo", "X"), encoding="utf-8")
        run(runner, "import", "indicators", path, "--db", db)
    result = run(runner, "export", "observations", "--db", db, ok=False)
    assert result.stderr.endswith("\nOppgi --municipality NUMMER\n")
    result = run(runner, "--lang", "en", "export", "observations", "--db", db, ok=False)
    assert result.stderr.endswith("\nGive --municipality NUMBER\n")


def commands(group: click.Group):
    for sub in group.commands.values():
        yield sub
        if isinstance(sub, click.Group):
            yield from commands(sub)


def test_every_help_text_has_an_english_translation():
    english = translations("en").gettext
    for command in [cli, *commands(cli)]:
        texts = [command.help, command.short_help]
        texts += [p.help for p in command.params if isinstance(p, click.Option)]
        for text in filter(None, texts):
            assert english(text) != text, f"{command.name}: {text!r}"


def test_the_status_line_shows_on_a_terminal_only(runner, tmp_path, monkeypatch):
    path = tmp_path / "indicators.yaml"
    path.write_text(ONE, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'status.db'}"
    piped = run(runner, "import", "indicators", path, "--db", db)
    assert piped.stderr == ""
    monkeypatch.setattr(progress_module, "stderr_is_terminal", lambda: True)
    shown = run(runner, "import", "indicators", path, "--db", db)
    assert shown.stderr.startswith(f"{CLEAR}Leser, sjekker og lagrer {tmp_path}"[:60])
    assert shown.stderr.endswith(CLEAR) and shown.stderr.count(CLEAR) == 2
    assert shown.stdout == piped.stdout


def test_progress_counts_stages_and_fits_the_line():
    out = io.StringIO()
    with Progress(out, stages=2, width=30) as progress:
        progress.stage("Skriver HTML")
        progress.stage("Skriver PDF med en lang tekst som ikke får plass")
    assert out.getvalue() == (
        f"{CLEAR}[1/2] Skriver HTML ...{CLEAR}[2/2] Skriver PDF med en lan…{CLEAR}"
    )
    assert Progress.on_stderr(terminal=False).file is None
