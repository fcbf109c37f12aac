"""The source of an indicator: a saved SSB query that sends a contents code to it, read from
a file or from the queries saved with the municipality (`sdgplan fetch --save`), which
`sdgplan fetch` runs when no file is given (docs/sources.md, "sdgplan fetch").

A stored query is named by its file's stem (`ssb/07459.yaml` is `07459`); saving, replacing
and forgetting one is logged in the change log as entity `source_query`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.errors import ConfigError, InvalidData, NotFound
from sdgplan.i18n import _
from sdgplan.importers.base import read_text
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.sources.pxweb import Query
from sdgplan.sources.queries import parse_query
from sdgplan.store import change_log, source_repo
from sdgplan.store.source_repo import StoredQuery

ENTITY = "source_query"
NAME_LENGTH = 200  # source_queries.name


@dataclass(frozen=True)
class SavedQuery:
    """A parsed query and where it came from."""

    name: str  # the file's stem, or the stored query's name
    label: str  # named in the provenance: the file's name, or the stored query's name
    origin: str  # named in messages: the file's path, or the stored query
    text: str
    query: Query
    municipality: str | None  # the text's `municipality:`, if it has one

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(c.indicator for c in self.query.contents))


@dataclass(frozen=True)
class Source:
    """A stored query as `sdgplan fetch --list` shows it; `problem` if it no longer reads."""

    stored: StoredQuery
    query: Query | None
    problem: str | None = None


def read_file(path: Path) -> SavedQuery:
    """The query in `path`; InvalidData naming the file, line and value of every problem."""
    text = read_text(path)
    return _read(text, name=path.stem, label=path.name, origin=str(path))


def read_stored(stored: StoredQuery, municipality: str) -> SavedQuery:
    origin = _("lagret spørring «{name}» ({municipality})").format(
        name=stored.name, municipality=municipality
    )
    return _read(stored.text, name=stored.name, label=stored.name, origin=origin)


def stored_queries(session: Session, municipality: str) -> list[SavedQuery]:
    """The municipality's stored queries, parsed; NotFound if it has none."""
    stored = source_repo.list_queries(session, municipality)
    if not stored:
        raise NotFound(
            _("Ingen spørringer er lagret for {municipality}").format(municipality=municipality),
            hint=_("Lagre spørrefilene ved første henting: sdgplan fetch FIL... --save"),
        )
    return [read_stored(s, municipality) for s in stored]


def check_names(saved: Sequence[SavedQuery]) -> None:
    """ConfigError for two files of the same name (one would replace the other) or a name
    too long to store."""
    seen: dict[str, str] = {}
    for s in saved:
        if len(s.name) > NAME_LENGTH:
            raise ConfigError(
                _("{origin}: filnavnet er for langt (over {limit} tegn)").format(
                    origin=s.origin, limit=NAME_LENGTH
                )
            )
        if s.name in seen:
            raise ConfigError(
                _("{first} og {second} ville bli lagret med samme navn «{name}»").format(
                    first=seen[s.name], second=s.origin, name=s.name
                ),
                hint=_("Gi spørrefilene ulike navn."),
            )
        seen[s.name] = s.origin


def save_queries(
    session: Session, saved: Sequence[SavedQuery], *, municipality: str, who: str
) -> dict[str, str]:
    """Store each query under its name, replacing a stored one of the same name, each new or
    changed text logged; returns each name's outcome: `new`, `changed` or `unchanged`."""
    check_names(saved)
    outcome = {}
    for s in saved:
        old = source_repo.get_query(session, municipality, s.name)
        if old is not None and old.text == s.text:
            outcome[s.name] = "unchanged"
            continue
        source_repo.save_query(session, municipality, name=s.name, text=s.text, saved_by=who)
        change_log.record(
            session,
            who=who,
            municipality=municipality,
            action="save",
            entity=ENTITY,
            key=s.name,
            old={"text": old.text} if old else None,
            new={"table": s.query.table, "indicators": s.indicators, "text": s.text},
            source=s.origin,
        )
        outcome[s.name] = "changed" if old else "new"
    return outcome


def list_sources(session: Session, municipality: str) -> list[Source]:
    """The municipality's stored queries, each with its table and indicators if it reads."""
    sources = []
    for stored in source_repo.list_queries(session, municipality):
        try:
            query = read_stored(stored, municipality).query
        except InvalidData as e:
            sources.append(Source(stored, None, e.message))
            continue
        sources.append(Source(stored, query))
    return sources


def forget_query(session: Session, *, municipality: str, name: str, who: str) -> StoredQuery:
    """Delete the stored query `name`, logged; NotFound listing the stored names."""
    stored = source_repo.delete_query(session, municipality, name)
    change_log.record(
        session,
        who=who,
        municipality=municipality,
        action="delete",
        entity=ENTITY,
        key=name,
        old={"text": stored.text},
        source="sdgplan fetch --forget",
    )
    return stored


def _read(text: str, *, name: str, label: str, origin: str) -> SavedQuery:
    declared = declared_municipality(text)
    query = parse_query(text, source=origin)
    return SavedQuery(name, label, origin, text, query, declared[0] if declared else None)
