"""Report settings per municipality: title, subtitle, period, logo, cover image, accent
colour and contact, read from a YAML file kept with the data (`report.yaml`) and overridable
by command-line flags. Images are inlined as data: URLs: the report never loads outside
content (docs/security.md)."""

from __future__ import annotations

import base64
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import Node

from sdgplan.errors import ConfigError, InvalidData
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, read_text
from sdgplan.importers.yaml_nodes import NodeReader, compose_text
from sdgplan.reports.periods import parse_period

KEYS = ("title", "subtitle", "period", "logo", "cover_image", "accent_colour", "contact")
MAX_IMAGE_BYTES = 5_000_000
# magic numbers of the raster formats browsers and WeasyPrint both show; SVG is left out:
# it can carry scripts and links to outside content
IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class ReportSettings:
    """What a municipality's report shows besides its data; None: the default.

    Defaults: the title from the kind and period ("4-årsrapport 2020-2023"), the subtitle
    "FNs bærekraftsmål", the period of a four-year report the council term
    (`periods.council_term`), no logo, cover image or contact, the accent colour of the
    stylesheet. `logo` and `cover_image` hold data: URLs.
    """

    title: str | None = None
    subtitle: str | None = None
    period: tuple[int, int] | None = None
    logo: str | None = None
    cover_image: str | None = None
    accent_colour: str | None = None
    contact: str | None = None

    def overridden(
        self,
        *,
        title: str | None = None,
        subtitle: str | None = None,
        period: str | None = None,
        accent_colour: str | None = None,
    ) -> ReportSettings:
        """These settings with the given command-line values in place of the file's."""
        try:
            years = parse_period(period) if period is not None else self.period
            colour = check_colour(accent_colour) if accent_colour is not None else None
        except ValueError as e:
            raise ConfigError(str(e)) from e
        return dataclasses.replace(
            self,
            title=title if title is not None else self.title,
            subtitle=subtitle if subtitle is not None else self.subtitle,
            period=years,
            accent_colour=colour or self.accent_colour,
        )


def check_colour(text: str) -> str:
    """`#1f5f8b` as given; anything else is a ValueError naming the expected form."""
    if COLOUR.fullmatch(text) is None:
        raise ValueError(
            _("Ugyldig farge «{text}»; skriv #RRGGBB, for eksempel #1f5f8b").format(text=text)
        )
    return text.lower()


def image_data_url(path: Path) -> str:
    """The image file as a data: URL; a ValueError names the file and what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ValueError(
            _("Kan ikke lese {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(
            _("{path}: bildet er større enn {size} MB").format(
                path=path, size=MAX_IMAGE_BYTES // 1_000_000
            )
        )
    media_type = next((t for magic, t in IMAGE_TYPES if data.startswith(magic)), None)
    if media_type is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        media_type = "image/webp"
    if media_type is None:
        raise ValueError(_("{path}: ikke et PNG-, JPEG-, GIF- eller WebP-bilde").format(path=path))
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def load_report_settings(path: Path) -> ReportSettings:
    """Read a `report.yaml`; image paths are relative to its folder.

    Every problem is reported with the file and line (`InvalidData`).

    Example:

        title: 4-årsrapport 2020-2023
        subtitle: FNs bærekraftsmål
        period: 2020-2023
        logo: logo.png
        accent_colour: "#1f5f8b"
        contact: "Ansvarlig redaktør: Asker kommune"
    """
    log = IssueLog(str(path))
    root = compose_text(read_text(path), log)
    reader = NodeReader(log)
    top = reader.mapping(root, set(KEYS), "report settings") if root is not None else {}
    settings = ReportSettings()
    if top:
        settings = ReportSettings(
            title=reader.text(top.get("title"), required=False) or None,
            subtitle=reader.text(top.get("subtitle"), required=False) or None,
            period=reader.parsed(top.get("period"), parse_period),
            logo=_image(reader, top.get("logo"), path.parent),
            cover_image=_image(reader, top.get("cover_image"), path.parent),
            accent_colour=reader.parsed(top.get("accent_colour"), check_colour),
            contact=reader.text(top.get("contact"), required=False) or None,
        )
    if log.issues:
        raise InvalidData(
            _("Rapportinnstillingene har feil: {path}").format(path=path),
            issues=log.issues,
        )
    return settings


def _image(reader: NodeReader, node: Node | None, folder: Path) -> str | None:
    return reader.parsed(node, lambda name: image_data_url(folder / name))
