"""Where the settings file is and what it holds, without validating it (`sdgplan.config` does).

Kept apart from `config` (pydantic) so the CLI can read the file's language before any
output, also for `--help`, at the cost of a YAML parse.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from sdgplan.errors import ConfigError
from sdgplan.i18n import LANGUAGES, _

CONFIG_NAME = "sdgplan.yaml"
CONFIG_ENV = "SDGPLAN_CONFIG"


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


def read_config_file(path: Path) -> dict[str, Any]:
    """The file's `key: value` pairs, not yet checked against the settings."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ConfigError(
            _("Kan ikke lese {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    except yaml.YAMLError as e:
        raise ConfigError(_("Ugyldig YAML i {path}: {error}").format(path=path, error=e)) from e
    except RecursionError as e:
        raise ConfigError(_("{path}: for dypt nestet").format(path=path)) from e
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(_("{path}: ventet nøkkel: verdi").format(path=path))
    return data


def configured_language(config: Path | None = None) -> str | None:
    """The settings file's `language` if it names a known one; None if there is no file, it
    sets none, or it cannot be read (the command reports that when it loads the settings)."""
    path = find_config(config)
    if path is None:
        return None
    try:
        value = read_config_file(path).get("language")
    except ConfigError:
        return None
    return value if value in LANGUAGES else None
