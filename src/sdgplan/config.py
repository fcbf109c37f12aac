"""Settings: defaults < config file (`--config`, else found) < environment (SDGPLAN_*) < flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from sdgplan.errors import ConfigError

RemoteImages = Literal["error", "drop"]

CONFIG_NAME = "sdgplan.yaml"
CONFIG_ENV = "SDGPLAN_CONFIG"


class Settings(BaseSettings):
    """Every setting, with its default and help text (documented in docs/configuration.md)."""

    model_config = SettingsConfigDict(env_prefix="SDGPLAN_", extra="forbid")

    db: str = Field(
        default="sqlite:///sdgplan.db",
        description="SQLAlchemy database URL: a SQLite file (default ./sdgplan.db) or "
        "PostgreSQL, e.g. postgresql://user@localhost:5432/sdgplan.",
    )
    remote_images: RemoteImages = Field(
        default="error",
        description="Narrative images from outside (http:, https:, ftp:, //host, file:): "
        "`error` refuses the file; `drop` imports it with a warning and the report leaves the "
        "image out. Reports never load outside content either way.",
    )


def find_config(config: Path | None = None) -> Path | None:
    """The settings file to read, or None.

    `config` (`--config`) when given; else the file `SDGPLAN_CONFIG` names (it must then
    exist); else `./sdgplan.yaml`; else `$XDG_CONFIG_HOME/sdgplan/sdgplan.yaml`, where an
    unset, empty or relative `XDG_CONFIG_HOME` means `~/.config` (XDG Base Directory
    specification); else none.
    """
    if config is not None:
        return config
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    local = Path(CONFIG_NAME)
    if local.is_file():
        return local
    user = _user_config_dir() / "sdgplan" / CONFIG_NAME
    return user if user.is_file() else None


def _user_config_dir() -> Path:
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    return Path(os.path.expanduser("~")) / ".config"


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, a YAML file, SDGPLAN_* variables and `overrides`.

    The file is `config`, or the one `find_config` finds. Overrides that are None (flags
    not given) are ignored.
    """
    path = find_config(config)
    values: dict[str, Any] = _read_config_file(path) if path else {}
    try:
        from_env = Settings()
        values.update({name: getattr(from_env, name) for name in from_env.model_fields_set})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**values)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"Ugyldige innstillinger / invalid settings: {problems}") from e


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ConfigError(f"Kan ikke lese / cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise ConfigError(f"Ugyldig YAML i / invalid YAML in {path}: {e}") from e
    except RecursionError as e:
        raise ConfigError(f"{path}: for dypt nestet / nested too deeply") from e
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: ventet nøkkel: verdi / expected key: value pairs")
    unknown = set(data) - set(Settings.model_fields)
    if unknown:
        raise ConfigError(
            f"{path}: ukjent innstilling / unknown setting: {', '.join(sorted(unknown))}",
            hint=f"Tillatt / allowed: {', '.join(Settings.model_fields)}",
        )
    return data
