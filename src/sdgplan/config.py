"""Settings: defaults < config file (`--config`, else found) < environment (SDGPLAN_*) < flags."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from sdgplan.config_file import CONFIG_ENV, CONFIG_NAME, find_config, read_config_file
from sdgplan.errors import ConfigError
from sdgplan.i18n import LANGUAGE_ENV, _

__all__ = ["CONFIG_ENV", "CONFIG_NAME", "Settings", "find_config", "load_settings"]

RemoteImages = Literal["error", "drop"]
Language = Literal["nb", "en"]  # sdgplan.i18n.LANGUAGES


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
    # The environment variable is SDGPLAN_LANG, like the flag --lang (the alias; the field
    # is filled by that name only).
    language: Language = Field(
        default="nb",
        validation_alias=LANGUAGE_ENV.lower(),
        description="Language of everything sdgplan writes: messages, help, reports "
        "(`nb` Norwegian bokmål, `en` English). Data keep their own texts.",
    )


def env_name(field: str) -> str:
    """The environment variable of a setting: SDGPLAN_DB, SDGPLAN_LANG for `language`."""
    alias = Settings.model_fields[field].validation_alias
    return alias.upper() if isinstance(alias, str) else f"SDGPLAN_{field.upper()}"


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, a YAML file, SDGPLAN_* variables and `overrides`.

    The file is `config`, or the one `find_config` finds. Overrides that are None (flags
    not given) are ignored.
    """
    path = find_config(config)
    values: dict[str, Any] = _checked_file(path) if path else {}
    try:
        from_env = Settings()
        values.update({name: getattr(from_env, name) for name in from_env.model_fields_set})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**{_init_name(name): value for name, value in values.items()})
    except ValidationError as e:
        problems = "; ".join(_problem(error) for error in e.errors())
        raise ConfigError(_("Ugyldige innstillinger: {problems}").format(problems=problems)) from e


def _checked_file(path: Path) -> dict[str, Any]:
    data = read_config_file(path)
    unknown = set(data) - set(Settings.model_fields)
    if unknown:
        raise ConfigError(
            _("{path}: ukjent innstilling: {names}").format(
                path=path, names=", ".join(sorted(map(str, unknown)))
            ),
            hint=_("Tillatt: {names}").format(names=", ".join(Settings.model_fields)),
        )
    return data


def _init_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else field


def _problem(error: Any) -> str:
    """One invalid value: the setting's name and the values it allows."""
    loc = str(error["loc"][0]) if error["loc"] else ""
    field = next((f for f in Settings.model_fields if _init_name(f) == loc), loc)
    allowed = (
        get_args(Settings.model_fields[field].annotation) if field in Settings.model_fields else ()
    )
    if not allowed:
        return f"{field}: {error['msg']}"
    return _("{setting}: {value!r} er ikke tillatt; bruk {allowed}").format(
        setting=field, value=error["input"], allowed=", ".join(allowed)
    )
