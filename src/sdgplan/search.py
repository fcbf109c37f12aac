"""Full-text search over short documents in Norwegian: word forms through Snowball's Norwegian
stemmer ("skolen", "skole" and "skoler" are one word), case and accents folded (æ, ø and å
stay letters), every word of the query required, hits ranked, matching words marked.

A word of four letters or more also finds the compounds built on it ("skole" finds
"grunnskolen"), ranked below the word itself: Norwegian writes compounds as one word.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import snowballstemmer

MAX_QUERY = 200  # characters; a longer query is cut at a word
SNIPPET_LENGTH = 180  # characters of the body shown with a hit
COMPOUND_MIN = 4  # a stem this long also finds the words that contain it
_WORD = re.compile(r"\w+")
_SWEDISH_GERMAN = str.maketrans({"ä": "æ", "ö": "ø"})  # how their neighbours write æ and ø
_LETTERS_KEPT = frozenset("æøå")
# words too common to narrow a search: left out unless the query has nothing else
STOP_WORDS = frozenset("og i på for til av en et ei det den de som med er å at om".split())
_EXACT, _COMPOUND = 2, 1  # weights of a hit on the word itself and on a compound


@dataclass(frozen=True)
class Document:
    """Something a search finds: `kind` and `key` say what and where (a page's stable key),
    `context` is shown with it (e.g. its focus area); `title` counts more than `body`."""

    kind: str
    key: str
    title: str
    body: str = ""
    context: str = ""


@dataclass(frozen=True)
class Segment:
    """A piece of a title or snippet; `marked` when it is a word the query matched."""

    text: str
    marked: bool = False


@dataclass(frozen=True)
class Hit:
    document: Document
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]  # a window of the body around the first match


@dataclass(frozen=True)
class Results:
    total: int
    hits: tuple[Hit, ...]  # the best `limit` of `total`, best first


def clean_query(text: str) -> tuple[str, bool]:
    """The query with its white space collapsed and cut to `MAX_QUERY` characters at a
    word, and whether it was cut."""
    query = " ".join(unicodedata.normalize("NFC", text).split())
    if len(query) <= MAX_QUERY:
        return query, False
    cut = query[:MAX_QUERY]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut), True


def fold(word: str) -> str:
    """`Skolen` -> `skolen`, `Café` -> `cafe`, `Tromsø` stays `tromsø`, `Göteborg` ->
    `gøteborg`: lower case, accents off, the Norwegian letters kept."""
    word = word.casefold().translate(_SWEDISH_GERMAN)
    if word.isascii():
        return word
    return "".join(
        char
        if char in _LETTERS_KEPT
        else "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        for char in word
    )


class SearchIndex:
    """The documents' words by stem, built once; `search` is then quick and thread-safe."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = [_tidy(d) for d in documents]
        self._stemmer = snowballstemmer.stemmer("norwegian")
        self._stemmer_lock = threading.Lock()  # a Snowball stemmer keeps state while it works
        self._stems: dict[str, str] = {}  # each word as written in the documents -> stem
        self._postings: dict[str, dict[int, _Posting]] = {}  # stem -> document number -> ...
        for number, document in enumerate(self.documents):
            title = self._find(document.title)
            body = self._find(document.body)
            for stem in title.keys() | body.keys():
                in_title, _first = title.get(stem, (0, -1))
                in_body, first = body.get(stem, (0, -1))
                self._postings.setdefault(stem, {})[number] = _Posting(in_title, in_body, first)

    def terms(self, query: str) -> list[str]:
        """The stems the query asks for, each once; common words only if nothing else."""
        words = [fold(w) for w in _WORD.findall(query)]
        wanted = [w for w in words if w not in STOP_WORDS] or words
        return list(dict.fromkeys(self._stem_new(w) for w in wanted))

    def search(self, query: str, *, limit: int = 50) -> Results:
        """The documents holding every word of `query` (in some form), ranked: more words
        in the title first, then more hits in the title, then in the body, then in the
        order of the documents."""
        terms = self.terms(query)
        scores: dict[int, _Score] | None = None
        marked: set[str] = set()
        for term in terms:
            stems = self._matching(term)
            marked |= stems.keys()
            found = self._scores(stems, within=scores)
            scores = found if scores is None else {n: scores[n] + s for n, s in found.items()}
            if not scores:
                break
        if not scores:
            return Results(0, ())
        ranked = sorted(scores, key=lambda n: (scores[n].rank, n))
        return Results(len(ranked), tuple(self._hit(n, marked) for n in ranked[:limit]))

    def _find(self, text: str) -> dict[str, tuple[int, int]]:
        """Each stem in `text`: how many times, and where it is first."""
        found: dict[str, tuple[int, int]] = {}
        for match in _WORD.finditer(text):
            word = match.group()
            stem = self._stems.get(word)
            if stem is None:
                stem = self._stems[word] = self._stem_new(fold(word))
            count, first = found.get(stem, (0, match.start()))
            found[stem] = (count + 1, first)
        return found

    def _stem_new(self, folded: str) -> str:
        with self._stemmer_lock:
            stem: str = self._stemmer.stemWord(folded)
        return stem

    def _matching(self, term: str) -> dict[str, int]:
        """The stored stems that answer to `term`, with their weight."""
        stems = {term: _EXACT} if term in self._postings else {}
        if len(term) >= COMPOUND_MIN and term.isalpha():
            stems |= {s: _COMPOUND for s in self._postings if term in s and s != term}
        return stems

    def _scores(
        self, stems: dict[str, int], *, within: dict[int, _Score] | None
    ) -> dict[int, _Score]:
        """The documents (of `within`, if given) that hold one of `stems`, with their score."""
        title: dict[int, int] = {}
        body: dict[int, int] = {}
        for stem, weight in stems.items():
            for number, (in_title, in_body, _first) in self._postings[stem].items():
                if within is None or number in within:
                    title[number] = title.get(number, 0) + weight * in_title
                    body[number] = body.get(number, 0) + weight * in_body
        return {n: _Score(1 if title[n] else 0, title[n], body[n]) for n in title}

    def _hit(self, number: int, marked: set[str]) -> Hit:
        document = self.documents[number]
        title = self._segments(document.title, marked, 0, len(document.title))
        return Hit(document, tuple(title), tuple(self._snippet(number, marked)))

    def _snippet(self, number: int, marked: set[str]) -> list[Segment]:
        """A window of the body around its first hit; none when only the title matched."""
        firsts = [
            posting.first
            for stem in marked
            if (posting := self._postings[stem].get(number)) is not None and posting.body
        ]
        if not firsts:
            return []
        body = self.documents[number].body
        first = _WORD.match(body, min(firsts))
        assert first is not None
        start, end = _window(body, first.start(), first.end())
        segments = self._segments(body, marked, start, end)
        if start > 0:
            segments.insert(0, Segment("… "))
        if end < len(body):
            segments.append(Segment(" …"))
        return segments

    def _segments(self, text: str, marked: set[str], start: int, end: int) -> list[Segment]:
        """`text[start:end]` cut into plain and marked pieces."""
        segments: list[Segment] = []
        done = start
        for match in _WORD.finditer(text, start, end):
            if self._stems.get(match.group()) in marked:  # a word cut at `end` is not
                if match.start() > done:
                    segments.append(Segment(text[done : match.start()]))
                segments.append(Segment(match.group(), marked=True))
                done = match.end()
        if end > done:
            segments.append(Segment(text[done:end]))
        return segments


class _Posting(NamedTuple):
    title: int  # times in the title
    body: int  # times in the body
    first: int  # where in the body it is first (-1: not there)


@dataclass(frozen=True)
class _Score:
    title_terms: int  # how many of the query's words are in the title
    title: int
    body: int

    def __add__(self, other: _Score) -> _Score:
        return _Score(
            self.title_terms + other.title_terms, self.title + other.title, self.body + other.body
        )

    @property
    def rank(self) -> tuple[int, int, int]:
        return (-self.title_terms, -self.title, -self.body)


def _window(body: str, first: int, first_end: int) -> tuple[int, int]:
    """Where the snippet starts and ends: at spaces, with the first hit (from `first` to
    `first_end`) a little after the start, or the body's start when the hit is near it."""
    if len(body) <= SNIPPET_LENGTH:
        return 0, len(body)
    start = 0
    if first_end > SNIPPET_LENGTH:
        space = body.find(" ", first - SNIPPET_LENGTH // 3, first)
        start = space + 1 if space >= 0 else first
    end = max(start + SNIPPET_LENGTH, first_end)
    if end >= len(body):
        return start, len(body)
    space = body.rfind(" ", first_end, end)
    return start, (space if space > 0 else end)


def _tidy(document: Document) -> Document:
    """Texts composed (NFC: "å" one letter, as `\\w` needs) and white space collapsed."""

    def tidy(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    return Document(
        document.kind, document.key, tidy(document.title), tidy(document.body), document.context
    )
