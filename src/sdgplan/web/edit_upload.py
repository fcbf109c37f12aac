"""An observations file uploaded on the editing pages (issue 12): read with the importers of
`sdgplan import observations` (`open_observations`) against the stored indicators and areas,
without saving; what each indicator's cells would become, merged into its draft-or-published
state (new, changed, unchanged); and on confirming, one draft per indicator changed, in the
caller's transaction (all or none).

Between the preview and the confirm the file travels in the preview's form, compressed and
signed (HMAC-SHA256 with a secret kept in the database, over the user, the municipality, the
session's CSRF token, the time and the bytes): the server keeps nothing between the two steps,
a cookie could not hold the file, and a changed, borrowed or stale payload is refused. The
confirm reads the file again against the data as it is then.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from sdgplan import corrections
from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import Observation, ObservationBatch, ObservationContext
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.plan import Municipality
from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.kinds.observations import cell_key
from sdgplan.editing.permissions import Action, may, require
from sdgplan.editing.subjects import Subject
from sdgplan.errors import ConfigError, Forbidden, FormatError
from sdgplan.i18n import _
from sdgplan.importers.observations import open_observations
from sdgplan.store import edit_repo, indicator_repo, org_repo
from sdgplan.store.edit_repo import Draft
from sdgplan.web.edit_diff import describe

MAX_BYTES = 5 * 1024 * 1024
MAX_AGE = dt.timedelta(hours=2)  # a preview older than this is uploaded again
SUFFIXES = (".csv", ".xlsx")
SHOWN = 200  # cells listed per indicator and kind of change; the rest are counted
_SECRET = "upload"
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Upload:
    filename: str  # the name as uploaded, made safe: no folders, a known suffix
    data: bytes


@dataclass(frozen=True)
class CellChange:
    where: str  # `Asker 2022`, with the breakdown in brackets
    before: str
    after: str


@dataclass
class IndicatorChanges:
    subject: Subject
    title: str
    version: int  # the version the preview was read against
    state: dict[str, Any]  # the merged state a draft would hold
    new: list[CellChange] = field(default_factory=list)
    changed: list[CellChange] = field(default_factory=list)
    unchanged: int = 0
    allowed: bool = True  # whether the user may change it
    draft_by: str | None = None  # the author of the open draft the file is compared with

    @property
    def touched(self) -> bool:
        return bool(self.new or self.changed)


@dataclass
class Preview:
    municipality: str
    upload: Upload
    indicators: list[IndicatorChanges]
    problems: list[Issue]
    warnings: list[Issue]

    @property
    def touched(self) -> list[IndicatorChanges]:
        return [item for item in self.indicators if item.touched]

    @property
    def forbidden(self) -> list[IndicatorChanges]:
        return [item for item in self.touched if not item.allowed]

    @property
    def ok(self) -> bool:
        """Whether confirming would save something and nothing stops it."""
        return not self.problems and not self.forbidden and bool(self.touched)


def upload_of(filename: str | None, data: bytes) -> Upload:
    """The upload, or ConfigError for a missing, empty, too large or unknown file."""
    name = _UNSAFE.sub("_", Path((filename or "").replace("\\", "/")).name).strip(" .")[-100:]
    if not name and not data:
        raise ConfigError(_("Velg en fil å laste opp"))
    if len(data) > MAX_BYTES:
        raise ConfigError(too_large())
    if not name.lower().endswith(SUFFIXES):
        raise ConfigError(
            _("Filen må være CSV (.csv) eller Excel (.xlsx), ikke {name}").format(name=name or "–")
        )
    if not data:
        raise ConfigError(_("Filen {name} er tom").format(name=name))
    return Upload(name, data)


def too_large() -> str:
    return _("Filen er for stor: høyst {limit} MB").format(limit=MAX_BYTES // (1024 * 1024))


def preview_upload(session: Session, user: User, municipality: str, upload: Upload) -> Preview:
    """What saving `upload` would change, indicator by indicator; nothing is written.

    Forbidden if the user may edit nothing in the municipality; the indicators outside a
    scoped editor's focus areas are marked (`allowed`)."""
    owner = org_repo.find_organisation(session, municipality)
    require(user, Action.EDIT, owner.number, user.focus_areas or None)
    context = indicator_repo.observation_context(session, owner.number)
    batch, issues, values_only = _read(upload, context, owner)
    problems = [i for i in issues if i.severity is Severity.ERROR]
    warnings = [i for i in issues if i.severity is not Severity.ERROR]
    if batch is not None and not problems:
        problems = _refused(upload, batch)
    if batch is None or problems:
        return Preview(owner.number, upload, [], problems, warnings)
    series: dict[str, list[Observation]] = {}
    for obs in batch.observations:
        series.setdefault(obs.indicator, []).append(obs)
    indicators = [
        _changes(session, user, owner, context, key, observations, values_only=values_only)
        for key, observations in sorted(series.items())
    ]
    return Preview(owner.number, upload, indicators, [], warnings)


def save_upload(
    session: Session,
    user: User,
    preview: Preview,
    *,
    versions: Mapping[str, int],
    reason: str | None = None,
) -> list[Draft]:
    """A draft of each indicator the upload changes, each based on the version the user saw
    in the preview (`versions` by subject; VersionConflict if one has moved on)."""
    if not preview.ok:
        raise ConfigError(_("Opplastingen kan ikke lagres; se forhåndsvisningen"))
    uploaded = _("Lastet opp fra {name}").format(name=preview.upload.filename)
    why = f"{reason} ({uploaded})" if reason else uploaded
    saved = []
    for item in preview.touched:
        saved.append(
            drafts.save_draft(
                session,
                user,
                preview.municipality,
                item.subject,
                item.state,
                version=versions.get(str(item.subject), -1),
                reason=why,
                action="upload",
            )
        )
    return saved


def _read(
    upload: Upload, context: ObservationContext, owner: Municipality
) -> tuple[ObservationBatch | None, list[Issue], bool]:
    """The batch read (None if the file cannot be read), its issues naming the uploaded
    file, and whether the file carries values only (the Excel template)."""
    with tempfile.TemporaryDirectory(prefix="sdgplan-upload-") as folder:
        path = Path(folder) / upload.filename
        path.write_bytes(upload.data)

        def named(text: str) -> str:
            return text.replace(str(path), upload.filename)

        try:
            opened = open_observations(path)
            declared = opened.declared()
            if declared is not None and not owner.answers_to(declared[0]):
                message = _("Filen gjelder kommune {number}, ikke {given}").format(
                    number=declared[0], given=owner.number
                )
                issue = Issue(Severity.ERROR, upload.filename, message, declared[1])
                return None, [issue], False
            parsed = opened.read(context=context, municipality=owner)
        except FormatError as error:
            message = f"{error.message} ({error.hint})" if error.hint else error.message
            return None, [Issue(Severity.ERROR, upload.filename, named(message))], False
        issues = [
            replace(i, source=named(i.source), message=named(i.message)) for i in parsed.issues
        ]
        return parsed.data, issues, opened.values_only


def _refused(upload: Upload, batch: ObservationBatch) -> list[Issue]:
    """An upload changes figures only: never a new indicator or area."""
    problems = [
        Issue(
            Severity.ERROR,
            upload.filename,
            _(
                "Ukjent indikator «{key}»: en opplasting lager ikke nye indikatorer; legg den "
                "til med «sdgplan import indicators» først"
            ).format(key=key),
        )
        for key in batch.new_indicators
    ]
    problems += [
        Issue(
            Severity.ERROR,
            upload.filename,
            _(
                "Området «{code}» finnes ikke i databasen: en opplasting lager ikke nye "
                "områder; bruk «sdgplan import observations»"
            ).format(code=code),
        )
        for code in batch.new_areas
    ]
    if not problems and not batch.observations:
        problems.append(Issue(Severity.ERROR, upload.filename, _("Filen har ingen tall")))
    return problems


def _changes(
    session: Session,
    user: User,
    owner: Municipality,
    context: ObservationContext,
    key: str,
    observations: list[Observation],
    *,
    values_only: bool,
) -> IndicatorChanges:
    subject = Subject("observations", key)
    current = drafts.editable(session, owner.number, subject)
    state: dict[str, Any] = dict(current.state or {})
    item = IndicatorChanges(
        subject=subject,
        title=current.title,
        version=current.version,
        state=state,
        allowed=may(user, Action.EDIT, owner.number, current.focus_areas),
        draft_by=current.draft.author if current.draft else None,
    )
    unit = context.indicators[key].unit
    for obs in observations:
        cell = cell_key(obs.area, obs.period, obs.breakdown)
        old = state.get(cell)
        new = _cell_value(obs, old, unit, values_only=values_only)
        if old is not None and _same(old, new):
            item.unchanged += 1
            continue
        change = CellChange(_where(context, obs), describe(old), describe(new))
        (item.changed if old is not None else item.new).append(change)
        state[cell] = new
    item.state = dict(sorted(state.items()))
    return item


def _cell_value(
    obs: Observation, old: Mapping[str, Any] | None, unit: str | None, *, values_only: bool
) -> dict[str, Any]:
    """The cell as `sdgplan import observations` would store it: a values-only file keeps
    the note, and the printed text while the figure is the same; a printed text equal to
    the standard rendering is dropped."""
    if values_only and old is not None:
        obs = replace(obs, note=old.get("note"))
        if _figure(old) == _figure(corrections.observation_value(obs)):
            obs = replace(obs, display=old.get("display"))
    if obs.display is not None and obs.display == display_observation(
        replace(obs, display=None), unit
    ):
        obs = replace(obs, display=None)
    return corrections.observation_value(obs)


def _figure(value: Mapping[str, Any]) -> tuple[Any, int, Any]:
    return value.get("value"), value.get("decimals") or 0, value.get("status")


def _same(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Equal, counting no decimals as 0 decimals."""
    return {**old, "decimals": old.get("decimals") or 0} == {
        **new,
        "decimals": new.get("decimals") or 0,
    }


def _where(context: ObservationContext, obs: Observation) -> str:
    area = context.areas.get(obs.area)
    text = f"{area.name if area else obs.area} {obs.period}"
    return f"{text} ({obs.breakdown})" if obs.breakdown else text


# -- carrying the file from the preview to the confirm ------------------------------------


@dataclass(frozen=True)
class Carried:
    """The hidden fields of the confirm form."""

    filename: str
    payload: str
    issued: str
    signature: str


def carry(session: Session, upload: Upload, *, user: User, municipality: str, csrf: str) -> Carried:
    """The upload as signed hidden fields (the secret is made on first use: commit after)."""
    issued = str(int(dt.datetime.now(dt.UTC).timestamp()))
    payload = base64.urlsafe_b64encode(zlib.compress(upload.data, 6)).decode("ascii")
    signature = _sign(edit_repo.secret(session, _SECRET), upload, user, municipality, csrf, issued)
    return Carried(upload.filename, payload, issued, signature)


def carried_upload(
    session: Session, fields: Mapping[str, str], *, user: User, municipality: str, csrf: str
) -> Upload:
    """The upload the confirm form carries: Forbidden if it is not the one this session
    previewed, ConfigError if the preview is too old."""
    refused = Forbidden(
        _("Opplastingen er endret eller hører til en annen økt; last opp filen på nytt")
    )
    try:
        packed = base64.urlsafe_b64decode(fields.get("payload", "").encode("ascii"))
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(packed, MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise refused from None
    if len(data) > MAX_BYTES or unpacker.unconsumed_tail:
        raise refused
    upload = Upload(fields.get("filename", ""), data)
    issued = fields.get("issued", "")
    expected = _sign(edit_repo.secret(session, _SECRET), upload, user, municipality, csrf, issued)
    if not hmac.compare_digest(expected.encode(), fields.get("signature", "").encode()):
        raise refused
    age = dt.datetime.now(dt.UTC) - dt.datetime.fromtimestamp(int(issued), dt.UTC)
    if age > MAX_AGE:
        raise ConfigError(
            _("Forhåndsvisningen er over {hours} timer gammel; last opp filen på nytt").format(
                hours=int(MAX_AGE.total_seconds() // 3600)
            )
        )
    return upload_of(upload.filename, upload.data)


def _sign(
    secret: str, upload: Upload, user: User, municipality: str, csrf: str, issued: str
) -> str:
    head = "\n".join([user.name, municipality, csrf, issued, upload.filename, ""])
    return hmac.new(secret.encode(), head.encode() + upload.data, hashlib.sha256).hexdigest()
