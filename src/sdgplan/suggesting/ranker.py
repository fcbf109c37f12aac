"""SDG targets ranked for a text by Okapi BM25 over their Norwegian and English texts.

Each target is one document: its own title in both languages, the titles of its indicators
and, with a small weight, the title of its goal. Words are stemmed terms (`text.Analyzer`);
a field's weight multiplies the counts of its terms (a simple BM25F). BM25 as in Robertson
and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond" (2009), with the
idf that never goes below zero.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sdgplan.domain.sdg import SdgCatalogue, SdgTarget
from sdgplan.search import fold
from sdgplan.suggesting.text import Analyzer, Term, words

# Norwegian endings of nouns, adjectives and verbs; a
# lexicon key is found in its word with one of them (`boliger`, `veien`, `tettstedene`).
ENDINGS = ("", "r", "s", "e", "a", "en", "er", "et", "ar", "ene", "ane", "ende")
PROSE_LINES = 20  # fewer lines than this say too little about a plan's own common words
PROSE_SHARE = 0.1  # a word in more than this share of a plan's lines starts to count less


@dataclass(frozen=True)
class RankerSettings:
    """The ranking's knobs, fixed before the benchmark was run (`benchmarks/README.md`)."""

    k1: float = 1.2
    b: float = 0.75
    indicator_weight: float = 0.5  # a word in an indicator's title, against the target's own
    goal_weight: float = 0.3  # a word in the goal's title
    lexicon_weight: float = 0.5  # a word a lexicon entry adds, against one of the text
    compounds: bool = True
    lexicon: bool = True


@dataclass(frozen=True)
class Suggestion:
    target: SdgTarget
    score: float
    matched: tuple[str, ...]  # the text's words that matched, the strongest first


class TargetRanker:
    """An index of the catalogue's targets, built once; `rank` is then quick."""

    def __init__(
        self,
        catalogue: SdgCatalogue,
        *,
        lexicon: Mapping[str, str] | None = None,
        settings: RankerSettings | None = None,
    ) -> None:
        self.settings = settings or RankerSettings()
        self.targets = list(catalogue.targets.values())
        lexicon = lexicon if self.settings.lexicon else None
        vocabulary = {w.folded for text in _norwegian_texts(catalogue) for w in words(text)}
        vocabulary |= {w.folded for key in lexicon or {} for w in words(key)}
        self.analyzer = Analyzer(vocabulary, compounds=self.settings.compounds)
        self._lexicon = self._stemmed_lexicon(lexicon or {})
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)
        lengths = [self._add(n, t, catalogue) for n, t in enumerate(self.targets)]
        average = sum(lengths) / len(lengths)
        k1, b = self.settings.k1, self.settings.b
        self._norms = [k1 * (1 - b + b * length / average) for length in lengths]
        count = len(self.targets)
        self._idf = {
            term: math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in self._postings.items()
        }

    def rank(
        self, text: str, *, top: int | None = 5, weights: Mapping[str, float] | None = None
    ) -> list[Suggestion]:
        """The targets that match `text`, best first (ties in the UN's order); only those
        with a score above zero. `weights` scale terms (see `prose_weights`)."""
        query = self.query_terms(text)
        k1 = self.settings.k1
        scores: dict[int, float] = defaultdict(float)
        contributions: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for term, (weight, written) in query.items():
            weight *= weights.get(term, 1.0) if weights else 1.0
            postings = self._postings.get(term)
            if not postings or weight <= 0:
                continue
            idf = self._idf[term]
            for number, frequency in postings.items():
                score = weight * idf * frequency * (k1 + 1) / (frequency + self._norms[number])
                scores[number] += score
                for word in written:
                    contributions[number][word] += score
        ranked = sorted(scores, key=lambda n: (-scores[n], n))[:top]
        return [
            Suggestion(
                self.targets[n],
                scores[n],
                tuple(w for w, _s in sorted(contributions[n].items(), key=lambda i: -i[1])),
            )
            for n in ranked
        ]

    def query_terms(self, text: str) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Each term of `text` with its weight and the words (as written) it came from;
        a lexicon entry's words count `lexicon_weight`."""
        found: dict[str, tuple[float, tuple[str, ...]]] = {}

        def add(terms: Iterable[Term], written: str, scale: float = 1.0) -> None:
            for term, weight in terms:
                old, words_of = found.get(term, (0.0, ()))
                more = words_of if written in words_of else (*words_of, written)
                found[term] = (max(old, weight * scale), more)

        for word in words(text):
            add(self.analyzer.terms(word), word.written)
            for extra in self._lexicon_entries(word.folded):
                add(extra, word.written, self.settings.lexicon_weight)
        return found

    def _lexicon_entries(self, folded: str) -> list[list[Term]]:
        """The lexicon's words for a word or its compound parts, each part found in a form
        with or without a Norwegian ending (Snowball leaves `veier` as it is)."""
        if not self._lexicon:
            return []
        found: list[list[Term]] = []
        for form in [folded, *self.analyzer.splitter.split(folded)]:
            for ending in ENDINGS:
                key = form[: len(form) - len(ending)] if form.endswith(ending) else ""
                if key in self._lexicon:
                    found += self._lexicon[key]
                    break
        return found

    def _add(self, number: int, target: SdgTarget, catalogue: SdgCatalogue) -> float:
        """Index one target; its length (weighted count of terms)."""
        counts: dict[str, float] = defaultdict(float)
        goal = catalogue.goals[target.goal]
        indicators = [i for i in catalogue.indicators.values() if i.target == target.code]
        fields: list[tuple[str, str, float]] = [(target.title_en, "en", 1.0)]
        if target.title_nb != target.title_en:  # a flagged Norwegian title is the English one
            fields.append((target.title_nb, "nb", 1.0))
        for indicator in indicators:
            fields.append((indicator.title_en, "en", self.settings.indicator_weight))
            if indicator.title_nb != indicator.title_en:
                fields.append((indicator.title_nb, "nb", self.settings.indicator_weight))
        for title, language in [(goal.title_en, "en"), (goal.title_nb, "nb")]:
            fields.append((title, language, self.settings.goal_weight))
        for text, language, field_weight in fields:
            for term, weight in self.analyzer.text_terms(text, language):
                counts[term] += weight * field_weight
        for term, frequency in counts.items():
            self._postings[term][number] = frequency
        return sum(counts.values())

    def _stemmed_lexicon(self, lexicon: Mapping[str, str]) -> dict[str, list[list[Term]]]:
        """Lexicon entries by their folded key, with the terms of each word they add."""
        return {
            fold(key): [self.analyzer.terms(w) for w in words(expansion)]
            for key, expansion in lexicon.items()
        }


def prose_weights(texts: list[str], analyzer: Analyzer) -> dict[str, float]:
    """Terms common in a plan's own lines, each with a weight below 1: a term in every line
    counts nothing, one in a tenth of the lines or fewer counts fully. Empty for a plan of
    fewer than `PROSE_LINES` lines."""
    if len(texts) < PROSE_LINES:
        return {}
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update({term for w in words(text) for term, _w in analyzer.terms(w)})
    count = len(texts)
    full = math.log(1 / PROSE_SHARE)
    return {
        term: max(0.0, math.log(count / n) / full)
        for term, n in frequency.items()
        if n > count * PROSE_SHARE
    }


def _norwegian_texts(catalogue: SdgCatalogue) -> Iterable[str]:
    yield from (t.title_nb for t in catalogue.targets.values())
    yield from (i.title_nb for i in catalogue.indicators.values())
    yield from (g.title_nb for g in catalogue.goals.values())
