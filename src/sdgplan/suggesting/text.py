"""Words of a goal or strategy as search terms: folded, stemmed in Norwegian and English,
and Norwegian compounds split against a vocabulary (`klimagassutslipp` -> `klima`, `gass`,
`utslipp`).

A term is a stem with its language: `nb:utslipp`, `en:emiss`. A word is stemmed both ways,
since a text may be in either language and the SDG texts exist in both; a Norwegian word
whose English stem matches nothing costs nothing.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer

from sdgplan.search import fold

_WORD = re.compile(r"[^\W_]+")
MIN_WORD = 2
MIN_PART = 3  # shortest part of a compound (`gass`, `sol` are words; `by` is too short to trust)
MIN_COMPOUND = 7  # shorter words are not split
MAX_COMPOUND = 64  # nor longer ones: no real compound is, and splitting costs length squared
LINKS = ("s", "e", "")  # Norwegian linking letters: `samfunn-s-sikkerhet`, `barn-e-hage`
MAX_ENDING = 4  # letters of an ending a compound's head may carry (`-ene`, `-ende`, `-ingen`)
MODIFIER_USES = 2  # a first part not a word of its own counts when it starts this many words

# Function words, and the verbs and nouns of plan prose that say nothing about which target a
# line serves ("Kommunen skal arbeide aktivt for å tilrettelegge for ..."). Generic Norwegian,
# no names: words frequent in one municipality's plan are found from the plan itself
# (`ranker.prose_weights`).
NB_STOP_WORDS = frozenset(
    """
    og i på for til av en et ei det den de dem som med er var å at om har ha hadde fra ved
    eller men så seg sin sine sitt sitt der her hvor når hva hvem hvilke hvilken slik også
    ikke kan skal vil må bør blir bli ble være vært gjennom mot mellom under over etter
    før uten innen hele alle alt andre annen annet egen egne eget nye ny nytt mer mest
    flere mange blant samt både enten dette disse denne deres vår våre vårt man
    kommune kommunen kommunens kommuner kommunal kommunale kommunalt
    arbeide arbeider arbeidet aktivt aktiv aktive tilrettelegge tilrettelegger legge rette
    bidra bidrar sikre sikrer jobbe jobber fokus vekt særlig god gode godt bedre
    pådriver pådrivere videreutvikle utvikle utvikler økt øke økende
    """.split()
)
EN_STOP_WORDS = frozenset(
    """
    a an the and or of in on at to for by with from as is are be been being was were that
    this these those its it their there which who whom all any other such including
    into through within between per not no nor than also both each more most
    shall will should must can may all ensure promote achieve
    """.split()
)


class Stemmer:
    """Snowball's Norwegian and English stemmers, remembered per word; safe across threads
    (a Snowball stemmer keeps state while it works)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stemmers = {
            "nb": snowballstemmer.stemmer("norwegian"),
            "en": snowballstemmer.stemmer("english"),
        }
        self._known: dict[tuple[str, str], str] = {}

    def stem(self, word: str, language: str) -> str:
        key = (language, word)
        stem = self._known.get(key)
        if stem is None:
            with self._lock:
                stem = self._known[key] = self._stemmers[language].stemWord(word)
        return stem


@dataclass(frozen=True)
class Word:
    """A word as written and folded (`Klimagassutslipp`, `klimagassutslipp`)."""

    written: str
    folded: str


def words(text: str) -> list[Word]:
    """The words of `text` in order; numbers (years, codes) left out, `CO₂` kept as `co2`.

    >>> [w.folded for w in words("Klima- og energiplan 2030 for CO₂!")]
    ['klima', 'og', 'energiplan', 'for', 'co2']
    """
    found = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if len(folded) >= MIN_WORD and not folded.isdigit():
            found.append(Word(match.group(), folded))
    return found


class CompoundSplitter:
    """Splits Norwegian compounds into words of a vocabulary.

    The vocabulary is the words of the SDG texts. A first part that is no word there on
    its own still counts when it starts `MODIFIER_USES` of its words followed by one
    (`klima` in `klimaendringer`, `klimafondet`), so compounds of the texts themselves
    split as well.
    """

    def __init__(self, vocabulary: Iterable[str], stemmer: Stemmer) -> None:
        self._stemmer = stemmer
        words = {w for w in vocabulary if len(w) >= MIN_PART}
        self._known = words | {stemmer.stem(w, "nb") for w in words}
        self._known |= _modifiers(words, self._known)
        self._splits: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a folded word, or () when it is no compound of known words.

        Fewest parts win; between equals, the longest last part (the head of a Norwegian
        compound, which carries its meaning).
        """
        if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND:
            return ()
        parts = self._splits.get(word)
        if parts is None:
            best = self._best(word)
            parts = self._splits[word] = best if best and len(best) > 1 else ()
        return parts

    def _known_word(self, part: str, *, head: bool) -> bool:
        """Whether `part` is a known word; the head (last part) may carry an ending
        (`endringene`). Endings are cut by length, not stemmed: stemming every possible
        part of every word would cost most of the index's build time."""
        if part in self._known:
            return True
        if not head:
            return False
        shortest = max(MIN_PART, len(part) - MAX_ENDING)
        return any(part[:end] in self._known for end in range(shortest, len(part)))

    def _best(self, word: str) -> tuple[str, ...] | None:
        """Fewest known parts, at least two, that make `word` (dynamic programming from
        the end)."""
        n = len(word)
        best: list[tuple[str, ...] | None] = [None] * (n + 1)
        best[n] = ()
        for start in range(n - MIN_PART, -1, -1):
            for end in range(start + MIN_PART, n + 1):
                rest = best[end]
                if rest is None or (start == 0 and end == n):
                    continue
                for link in LINKS:
                    part_end = end - len(link)
                    if part_end - start < MIN_PART or word[part_end:end] != link:
                        continue
                    if link and end == n:  # a link only joins two parts
                        continue
                    part = word[start:part_end]
                    if not self._known_word(part, head=end == n):
                        continue
                    candidate = (part, *rest)
                    if _better(candidate, best[start]):
                        best[start] = candidate
        return best[0]


def _better(candidate: tuple[str, ...], current: tuple[str, ...] | None) -> bool:
    if current is None:
        return True
    if len(candidate) != len(current):
        return len(candidate) < len(current)
    return len(candidate[-1]) > len(current[-1])


def _modifiers(words: set[str], known: set[str]) -> set[str]:
    """First parts of compounds whose rest is a known word, used by `MODIFIER_USES` words."""
    uses: Counter[str] = Counter()
    for word in words:
        if len(word) < MIN_COMPOUND:
            continue
        seen: set[str] = set()
        for cut in range(MIN_PART + 1, len(word) - MIN_PART):
            head = word[cut:]
            if len(head) >= MIN_PART + 1 and head in known:
                for link in LINKS:
                    first = word[:cut]
                    if link and first.endswith(link):
                        first = first[: -len(link)]
                    elif link:
                        continue
                    if len(first) >= MIN_PART + 1:
                        seen.add(first)
        uses.update(seen)
    return {m for m, n in uses.items() if n >= MODIFIER_USES}


PART_WEIGHT = 0.5  # a part of a compound counts half as much as a word of its own
Term = tuple[str, float]  # `nb:utslipp`, weight


class Analyzer:
    """Turns words into weighted terms: the Norwegian and English stem of the whole word,
    and the Norwegian stems of its parts, stop words left out."""

    def __init__(self, vocabulary: Iterable[str], *, compounds: bool = True) -> None:
        self.stemmer = Stemmer()
        self.splitter = CompoundSplitter(vocabulary, self.stemmer)
        self.compounds = compounds

    def terms(self, word: Word, languages: tuple[str, ...] = ("nb", "en")) -> list[Term]:
        found: list[Term] = []
        folded = word.folded
        if "nb" in languages and folded not in NB_STOP_WORDS:
            found.append(("nb:" + self.stemmer.stem(folded, "nb"), 1.0))
            for part in self.splitter.split(folded) if self.compounds else ():
                if part not in NB_STOP_WORDS:
                    found.append(("nb:" + self.stemmer.stem(part, "nb"), PART_WEIGHT))
        if "en" in languages and folded not in EN_STOP_WORDS:
            found.append(("en:" + self.stemmer.stem(folded, "en"), 1.0))
        return found

    def text_terms(self, text: str, language: str) -> list[Term]:
        """Every term of a text in one language, repeated as often as it occurs."""
        return [t for w in words(text) for t in self.terms(w, (language,))]
