"""Settings: defaults < config file (`--config`, else found) < environment (SDGPLAN_*) < flags."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from sdgplan.config_file import CONFIG_ENV, CONFIG_NAME, find_config, read_config_file
from sdgplan.errors import ConfigError
from sdgplan.i18n import LANGUAGE_ENV, _

__all__ = [
    "CONFIG_ENV",
    "CONFIG_NAME",
    "AccessibilitySettings",
    "Settings",
    "SiteSettings",
    "find_config",
    "load_settings",
]

RemoteImages = Literal["error", "drop"]
Language = Literal["nb", "en"]  # sdgplan.i18n.LANGUAGES
DEFAULT_SITE = "default"  # the `sites` entry of every municipality without its own
LOGO_SUFFIXES = (".svg", ".png")
# the header shows white text and links on the accent colour: WCAG 2.1 AA, 1.4.3 (text)
MIN_CONTRAST = 4.5
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+")


class AccessibilitySettings(BaseModel):
    """The facts of the accessibility statement (tilgjengelighetserklæring) only the
    municipality knows; the rest of the page is generated."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(
        default=None, description="When the statement was last reviewed (YYYY-MM-DD)."
    )
    deviations: list[str] = Field(
        default_factory=list,
        description="Known deviations from WCAG 2.1 AA, one sentence each (shown as written).",
    )
    enforcement_body: str | None = Field(
        default=None,
        description="Who enforces the rules; default: Tilsynet for universell utforming av ikt.",
    )
    enforcement_url: str = Field(
        default="https://www.uutilsynet.no/",
        description="Where readers report a problem the municipality did not fix.",
    )

    @field_validator("deviations")
    @classmethod
    def _no_empty_deviation(cls, value: list[str]) -> list[str]:
        texts = [text.strip() for text in value]
        if not all(texts):
            raise ValueError(_("et avvik er tomt"))
        return texts

    @field_validator("enforcement_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        return web_address(value)


class SiteSettings(BaseModel):
    """How the public web shows one municipality: title, logo, colour and contact."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(
        default=None, description="Name in the page header; default: the municipality's name."
    )
    logo: Path | None = Field(
        default=None,
        description="An SVG or PNG file shown in the page header; a relative path is "
        "relative to the settings file.",
    )
    accent_colour: str | None = Field(
        default=None,
        description="#RRGGBB behind the header's white text; it must reach the contrast "
        "WCAG AA asks for (4.5:1).",
    )
    contact_email: str | None = Field(
        default=None, description="E-mail address for feedback on the pages."
    )
    contact_url: str | None = Field(
        default=None, description="Web address (https://...) of a feedback form."
    )
    accessibility: AccessibilitySettings = Field(default_factory=AccessibilitySettings)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError(_("tittelen er tom"))
        return value.strip() if value is not None else None

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: Path | None) -> Path | None:
        if value is not None and value.suffix.lower() not in LOGO_SUFFIXES:
            raise ValueError(
                _("logoen «{path}» må være en SVG- eller PNG-fil (.svg, .png)").format(path=value)
            )
        return value

    @field_validator("accent_colour")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        return readable_accent(value) if value is not None else None

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and EMAIL.fullmatch(value.strip()) is None:
            raise ValueError(
                _(
                    "«{value}» er ikke en e-postadresse; skriv for eksempel postmottak@kommune.no"
                ).format(value=value)
            )
        return value.strip() if value is not None else None

    @field_validator("contact_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return web_address(value) if value is not None else None


class SmtpSettings(BaseModel):
    """The mail server the reporting round's reminders are sent through."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field(description="The SMTP server's host name.")
    port: int = Field(default=587, ge=1, le=65535, description="Its port (587: submission).")
    sender: str = Field(description="The From address of the reminders.")
    starttls: bool = Field(default=True, description="Switch to TLS before signing in.")
    username: str | None = Field(default=None, description="User name, if the server asks.")
    password: SecretStr | None = Field(
        default=None, description="Password; better in SDGPLAN_SMTP (JSON) than in a file."
    )


class OidcSettings(BaseModel):
    """Single sign-on with an OpenID Connect provider (Entra ID, ID-porten, Keycloak...).
    A user signs in as the local account whose name is the claim `username_claim`."""

    model_config = ConfigDict(extra="forbid")

    metadata_url: str = Field(
        description="The provider's discovery document: "
        "https://.../.well-known/openid-configuration."
    )
    client_id: str = Field(description="This application's client id at the provider.")
    client_secret: SecretStr = Field(description="Its client secret.")
    scope: str = Field(default="openid email profile", description="The scopes asked for.")
    username_claim: str = Field(
        default="preferred_username",
        description="The claim of the ID token that is the local user's name.",
    )
    label: str = Field(
        default="Single sign-on", description="The name of the sign-in button's provider."
    )


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
    sites: dict[str, SiteSettings] = Field(
        default_factory=dict,
        description="The public web per municipality (its number, quoted, or `default`): "
        "title, logo, accent colour, feedback contact, accessibility statement.",
    )

    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs the web's session cookies; default: a random key made "
        "once and kept in the database, so every worker shares it.",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only (set it behind HTTPS).",
    )
    smtp: SmtpSettings | None = Field(
        default=None,
        description="Mail server for the reporting round's reminders; without it the "
        "reminders are listed in the application.",
    )
    oidc: OidcSettings | None = Field(
        default=None, description="Single sign-on with OpenID Connect, besides local accounts."
    )

    def site(self, number: str | None) -> tuple[str, SiteSettings]:
        """The settings of municipality `number` (its own entry over `default`, field by
        field) and the key they are found by: the number, or `default`."""
        default = self.sites.get(DEFAULT_SITE, SiteSettings())
        if number is None or number == DEFAULT_SITE or number not in self.sites:
            return DEFAULT_SITE, default
        return number, _merged(default, self.sites[number])


def _merged(default: SiteSettings, own: SiteSettings) -> SiteSettings:
    update: dict[str, Any] = {name: getattr(own, name) for name in own.model_fields_set}
    if "accessibility" in own.model_fields_set:
        nested = own.accessibility
        update["accessibility"] = default.accessibility.model_copy(
            update={name: getattr(nested, name) for name in nested.model_fields_set}
        )
    return default.model_copy(update=update)


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    # relative luminance, WCAG 2.1 definition (sRGB)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_accent(value: str) -> str:
    """`value` as #rrggbb if white text on it reaches WCAG AA contrast; else a ValueError
    saying what to change."""
    if COLOUR.fullmatch(value) is None:
        raise ValueError(
            _("Ugyldig farge «{text}»; skriv #RRGGBB, for eksempel #1f5f8b").format(text=value)
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValueError(
            _(
                "fargen «{colour}» gir for lav kontrast mot hvit tekst ({ratio}:1; WCAG AA "
                "krever minst 4,5:1): velg en mørkere farge"
            ).format(colour=value, ratio=f"{ratio:.2f}".replace(".", ","))
        )
    return value.lower()


def web_address(value: str) -> str:
    """An http(s) address with a host; anything else (javascript:, a bare path) is refused."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(
            _("«{value}» er ikke en nettadresse; skriv https://...").format(value=value)
        )
    return value.strip()


def env_name(field: str) -> str:
    """The environment variable of a setting: SDGPLAN_DB, SDGPLAN_LANG for `language`."""
    alias = Settings.model_fields[field].validation_alias
    return alias.upper() if isinstance(alias, str) else f"SDGPLAN_{field.upper()}"


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, a YAML file, SDGPLAN_* variables and `overrides`.

    The file is `config`, or the one `find_config` finds. Overrides that are None (flags
    not given) are ignored. A relative logo path in the file is relative to the file.
    """
    path = find_config(config)
    values: dict[str, Any] = _checked_file(path) if path else {}
    sources = dict.fromkeys(values, str(path))
    try:
        from_env = Settings()
        values.update({name: getattr(from_env, name) for name in from_env.model_fields_set})
        sources.update({name: env_name(name) for name in from_env.model_fields_set})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**{_init_name(name): value for name, value in values.items()})
    except SettingsError as e:  # an environment variable that is not JSON where it must be
        field = re.search(r'field "(\w+)"', str(e))
        name = env_name(field[1]) if field and field[1] in Settings.model_fields else str(e)
        problem = _("{variable}: ikke gyldig JSON").format(variable=name)
        raise ConfigError(_("Ugyldige innstillinger: {problems}").format(problems=problem)) from e
    except ValidationError as e:
        problems = "; ".join(_problem(error, sources) for error in e.errors())
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
    _logos_relative_to(data.get("sites"), path.parent)
    return data


def _logos_relative_to(sites: Any, folder: Path) -> None:
    """Make each site's relative `logo` path relative to the settings file's folder."""
    if not isinstance(sites, dict):
        return
    for site in sites.values():
        logo = site.get("logo") if isinstance(site, dict) else None
        if isinstance(logo, str) and logo and not Path(logo).is_absolute():
            site["logo"] = str(folder / logo)


def _init_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else field


def _problem(error: Any, sources: dict[str, str]) -> str:
    """One invalid value: the setting's name and the values it allows; a value inside a
    setting (`sites.3203.accent_colour`) also names the file or variable it came from."""
    loc = str(error["loc"][0]) if error["loc"] else ""
    field = next((f for f in Settings.model_fields if _init_name(f) == loc), loc)
    if len(error["loc"]) > 1:
        key = ".".join(str(part) for part in (field, *error["loc"][1:]) if part != "[key]")
        where = f"{sources[field]}, " if field in sources else ""
        return f"{where}{key}: {_message(error)}"
    annotation = Settings.model_fields[field].annotation if field in Settings.model_fields else None
    allowed = get_args(annotation) if get_origin(annotation) is Literal else ()
    if not allowed:
        return f"{field}: {_message(error)}"
    return _("{setting}: {value!r} er ikke tillatt; bruk {allowed}").format(
        setting=field, value=error["input"], allowed=", ".join(allowed)
    )


def _message(error: Any) -> str:
    """Our own message for a value we refused, pydantic's for the rest."""
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    if error["type"] == "extra_forbidden":
        inner = "accessibility" in error["loc"][2:-1]
        model = AccessibilitySettings if inner else SiteSettings
        return _("ukjent innstilling; tillatt: {names}").format(names=", ".join(model.model_fields))
    if error["loc"][-1] == "[key]":  # YAML reads an unquoted 0301 as the number 193
        return _('ikke en tekst: skriv kommunenummeret i anførselstegn, for eksempel "0301"')
    return str(error["msg"])
