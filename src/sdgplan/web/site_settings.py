"""A municipality's look on the public web: its `sites` settings (title, logo, accent colour,
contact), the logo file read once per application, and a stylesheet with the accent colour.

The content security policy allows no inline style (`style-src 'self'`), so the colour is
not written into the page: each page links `/{lang}/site-assets/{key}/theme.css`, a
stylesheet of one rule made from the settings, next to `/static/site.css`. `key` is the
settings entry (a municipality number or `default`), so every URL is stable and never
depends on the database.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request

from sdgplan.config import DEFAULT_SITE, Settings, SiteSettings
from sdgplan.errors import ConfigError, NotFound
from sdgplan.i18n import _
from sdgplan.web.page_views import Site

MAX_LOGO_BYTES = 1_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
ASSETS = "site-assets"


@dataclass(frozen=True)
class Logo:
    content: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Branding:
    """What the base layout shows of the settings: links are built here, not in templates."""

    key: str
    settings: SiteSettings
    lang: str

    @property
    def title(self) -> str | None:
        return self.settings.title

    @property
    def theme_url(self) -> str | None:
        if self.settings.accent_colour is None:
            return None
        return f"/{self.lang}/{ASSETS}/{self.key}/theme.css"

    @property
    def logo_url(self) -> str | None:
        logo = self.settings.logo
        if logo is None:
            return None
        return f"/{self.lang}/{ASSETS}/{self.key}/logo{logo.suffix.lower()}"


def branding(request: Request, site: Site | None, lang: str) -> Branding:
    """The settings of the page's municipality (`default` for pages without one)."""
    settings: Settings = request.app.state.settings
    key, found = settings.site(site.municipality.number if site is not None else None)
    return Branding(key, found, lang)


def settings_of_key(request: Request, key: str) -> SiteSettings:
    """The settings an asset URL names; NotFound for a key the settings do not have."""
    settings: Settings = request.app.state.settings
    if key != DEFAULT_SITE and key not in settings.sites:
        raise NotFound(_("Fant ikke siden"))
    return settings.site(key)[1]


def theme_css(site: SiteSettings) -> str:
    """The stylesheet that gives the site its accent colour (checked for contrast with the
    header's white text when the settings were read)."""
    if site.accent_colour is None:
        raise NotFound(_("Fant ikke siden"))
    return f":root {{ --accent: {site.accent_colour}; }}\n"


def load_logo(path: Path, *, key: str) -> Logo:
    """The logo file, checked to be what its name says; a ConfigError names the setting."""
    setting = f"sites.{key}.logo"
    try:
        content = path.read_bytes()
    except OSError as e:
        raise ConfigError(
            _("{setting}: kan ikke lese {path}: {reason}").format(
                setting=setting, path=path, reason=e.strerror
            )
        ) from e
    suffix = path.suffix.lower()
    if len(content) > MAX_LOGO_BYTES:
        problem = _("filen er større enn {size} MB").format(size=MAX_LOGO_BYTES // 1_000_000)
    elif suffix == ".png" and not content.startswith(PNG_MAGIC):
        problem = _("ikke et PNG-bilde")
    elif suffix == ".svg" and not _is_svg(content):
        problem = _("ikke et SVG-bilde")
    else:
        return Logo(content, LOGO_TYPES[suffix])
    raise ConfigError(f"{setting}: {path}: {problem}")


def _is_svg(content: bytes) -> bool:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "<svg" in text[:4096]


class SiteAssets:
    """The logos of one application, each read once (by path: entries may share one)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._logos: dict[Path, Logo] = {}
        self._lock = threading.Lock()

    def logo(self, key: str, site: SiteSettings) -> Logo | None:
        if site.logo is None:
            return None
        with self._lock:
            found = self._logos.get(site.logo)
            if found is None:
                found = self._logos[site.logo] = load_logo(site.logo, key=key)
            return found

    def check(self) -> None:
        """Read every configured logo now, so a bad one stops the server at its start."""
        for key in self.settings.sites:
            self.logo(key, self.settings.site(key)[1])


_creating = threading.Lock()


def site_assets(app: FastAPI) -> SiteAssets:
    """The application's `SiteAssets`: made by `create_app` or at first use."""
    with _creating:
        assets: SiteAssets | None = getattr(app.state, "site_assets", None)
        if assets is None:
            assets = app.state.site_assets = SiteAssets(app.state.settings)
        return assets
