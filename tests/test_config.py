import pytest

from sdgplan.config import load_settings
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
    with pytest.raises(ConfigError, match="unknown setting: database"):
        load_settings(config)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read .*nope.yaml: No such file"):
        load_settings(tmp_path / "nope.yaml")


def test_remote_images(tmp_path, monkeypatch):
    monkeypatch.delenv("SDGPLAN_REMOTE_IMAGES", raising=False)
    assert load_settings().remote_images == "error"
    monkeypatch.setenv("SDGPLAN_REMOTE_IMAGES", "drop")
    assert load_settings().remote_images == "drop"
    config = tmp_path / "sdgplan.yaml"
    config.write_text("remote_images: fetch\n", encoding="utf-8")
    monkeypatch.delenv("SDGPLAN_REMOTE_IMAGES")
    with pytest.raises(ConfigError, match="remote_images: Input should be 'error' or 'drop'"):
        load_settings(config)


def test_deeply_nested_file_is_a_message(tmp_path):
    config = tmp_path / "sdgplan.yaml"
    config.write_text("db: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sdgplan.yaml: for dypt nestet / nested too deeply"):
        load_settings(config)
