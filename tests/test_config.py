from pathlib import Path

import pytest
from pydantic import SecretStr

from sdgplan.cli import cli
from sdgplan.config import Settings, find_config, load_settings
from sdgplan.errors import ConfigError


def test_default(monkeypatch):
    monkeypatch.delenv("SDGPLAN_DB", raising=False)
    assert load_settings().db == "sqlite:///sdgplan.db"


def test_precedence_file_env_flag(tmp_path, monkeypatch):
    config = tmp_path / "sdgplan.yaml"
    config.write_text("db: sqlite:///from-file.db\n", encoding="utf-8")
    monkeypatch.delenv("SDGPLAN_DB", raising=False)
    assert load_settings(config).db == "sqlite:///from-file.db"
    monkeypatch.setenv("SDGPLAN_DB", "sqlite:///from-env.db")
    assert load_settings(config).db == "sqlite:///from-env.db"
    assert load_settings(config, db="sqlite:///from-flag.db").db == "sqlite:///from-flag.db"
    assert load_settings(config, db=None).db == "sqlite:///from-env.db"


def test_unknown_setting(tmp_path):
    config = tmp_path / "sdgplan.yaml"
    config.write_text("database: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ukjent innstilling: database"):
        load_settings(config)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="Kan ikke lese .*nope.yaml: No such file"):
        load_settings(tmp_path / "nope.yaml")


def test_remote_images(tmp_path, monkeypatch):
    monkeypatch.delenv("SDGPLAN_REMOTE_IMAGES", raising=False)
    assert load_settings().remote_images == "error"
    monkeypatch.setenv("SDGPLAN_REMOTE_IMAGES", "drop")
    assert load_settings().remote_images == "drop"
    config = tmp_path / "sdgplan.yaml"
    config.write_text("remote_images: fetch\n", encoding="utf-8")
    monkeypatch.delenv("SDGPLAN_REMOTE_IMAGES")
    with pytest.raises(
        ConfigError, match="remote_images: 'fetch' er ikke tillatt; bruk error, drop"
    ):
        load_settings(config)


def test_deeply_nested_file_is_a_message(tmp_path):
    config = tmp_path / "sdgplan.yaml"
    config.write_text("db: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sdgplan.yaml: for dypt nestet"):
        load_settings(config)


# Discovery: without --config, SDGPLAN_CONFIG, ./sdgplan.yaml, then the user's config folder.
# conftest.py points XDG_CONFIG_HOME at an empty folder, so the developer's own file is unseen.


def write_config(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sdgplan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def places(tmp_path, monkeypatch):
    """An empty working directory and an empty user config folder (XDG_CONFIG_HOME)."""
    work, xdg = tmp_path / "work", tmp_path / "xdg"
    work.mkdir()
    xdg.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    monkeypatch.delenv("SDGPLAN_CONFIG", raising=False)
    monkeypatch.delenv("SDGPLAN_DB", raising=False)
    monkeypatch.delenv("SDGPLAN_REMOTE_IMAGES", raising=False)
    return work, xdg / "sdgplan"


def test_no_file_anywhere_gives_defaults(places):
    assert find_config() is None
    assert load_settings() == Settings()


def test_file_in_working_directory_is_found(places):
    work, _ = places
    write_config(work, "db: sqlite:///local.db\n")
    assert find_config() == Path("sdgplan.yaml")
    assert load_settings().db == "sqlite:///local.db"


def test_file_in_user_config_folder_is_found(places):
    _, user = places
    path = write_config(user, "db: sqlite:///user.db\n")
    assert find_config() == path
    assert load_settings().db == "sqlite:///user.db"


def test_working_directory_beats_user_folder(places):
    work, user = places
    write_config(work, "db: sqlite:///local.db\n")
    write_config(user, "db: sqlite:///user.db\n")
    assert load_settings().db == "sqlite:///local.db"


@pytest.mark.parametrize("xdg", [None, "", "relative/dir"])
def test_user_folder_defaults_to_home_dot_config(places, tmp_path, monkeypatch, xdg):
    # XDG Base Directory spec: unset, empty or relative XDG_CONFIG_HOME means ~/.config.
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME")
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write_config(tmp_path / "home" / ".config" / "sdgplan", "remote_images: drop\n")
    assert find_config() == path
    assert load_settings().remote_images == "drop"


def test_sdgplan_config_names_the_file(places, tmp_path, monkeypatch):
    work, _ = places
    write_config(work, "db: sqlite:///local.db\n")
    named = write_config(tmp_path / "elsewhere", "db: sqlite:///named.db\n")
    monkeypatch.setenv("SDGPLAN_CONFIG", str(named))
    assert load_settings().db == "sqlite:///named.db"
    flag = write_config(tmp_path / "flag", "db: sqlite:///flag.db\n")
    assert load_settings(flag).db == "sqlite:///flag.db"  # --config beats SDGPLAN_CONFIG


def test_sdgplan_config_naming_a_missing_file_is_an_error(places, tmp_path, monkeypatch):
    monkeypatch.setenv("SDGPLAN_CONFIG", str(tmp_path / "nope.yaml"))
    with pytest.raises(ConfigError, match="Kan ikke lese .*nope.yaml: No such file"):
        load_settings()


def test_found_file_keeps_precedence(places, monkeypatch):
    work, _ = places
    write_config(work, "db: sqlite:///from-file.db\nremote_images: drop\n")
    monkeypatch.setenv("SDGPLAN_DB", "sqlite:///from-env.db")
    settings = load_settings(db="sqlite:///from-flag.db")
    assert (settings.db, settings.remote_images) == ("sqlite:///from-flag.db", "drop")
    assert load_settings().db == "sqlite:///from-env.db"


# A value other than the default for every setting: a new field must be added here.
NON_DEFAULT = {
    "db": "sqlite:///every.db",
    "remote_images": "drop",
    "language": "en",
    "sites": {"default": {"title": "Kommunens mål"}},
    "secret_key": "a-key-for-the-session-cookies",
    "secure_cookies": True,
    "smtp": {"host": "smtp.example.no", "sender": "sdgplan@example.no"},
    "oidc": {
        "metadata_url": "https://idp.example.no/.well-known/openid-configuration",
        "client_id": "sdgplan",
        "client_secret": "s3cret",
    },
}


def revealed(value):
    """A dumped setting with its secrets in clear, to compare."""
    if isinstance(value, dict):
        return {k: revealed(v) for k, v in value.items()}
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def test_the_file_can_hold_every_setting(places):
    assert set(NON_DEFAULT) == set(Settings.model_fields)
    work, _ = places
    write_config(work, "".join(f"{name}: {value}\n" for name, value in NON_DEFAULT.items()))
    settings = load_settings()
    assert revealed(settings.model_dump(exclude_defaults=True)) == NON_DEFAULT
    assert settings != Settings()


def test_cli_uses_the_found_file(places, runner):
    work, _ = places
    write_config(work, f"db: sqlite:///{work / 'from-file.db'}\n")
    result = runner.invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Databasen er klar: sqlite:///{work / 'from-file.db'}\n"
    assert (work / "from-file.db").is_file()
    assert not (work / "sdgplan.db").exists()
