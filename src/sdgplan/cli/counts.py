"""Counts of things in the run's language, singular or plural by the number: "1 indikator"."""

from __future__ import annotations

from collections.abc import Callable

from sdgplan.i18n import ngettext

# Keys are the change log's entities (`sdgplan log --entity`) and the import summaries'.
PHRASES: dict[str, Callable[[int], str]] = {
    "focus_area": lambda n: ngettext("{count} satsingsområde", "{count} satsingsområder", n),
    "main_goal": lambda n: ngettext("{count} hovedmål", "{count} hovedmål", n),
    "sub_goal": lambda n: ngettext("{count} delmål", "{count} delmål", n),
    "strategy": lambda n: ngettext("{count} strategi", "{count} strategier", n),
    "plan_version": lambda n: ngettext("{count} planversjon", "{count} planversjoner", n),
    "plan_item": lambda n: ngettext("{count} mål eller strategi", "{count} mål og strategier", n),
    "indicator": lambda n: ngettext("{count} indikator", "{count} indikatorer", n),
    "table": lambda n: ngettext("{count} tabell", "{count} tabeller", n),
    "area": lambda n: ngettext("{count} område", "{count} områder", n),
    "observation": lambda n: ngettext("{count} observasjon", "{count} observasjoner", n),
    "thematic_plans": lambda n: ngettext("{count} temaplan", "{count} temaplaner", n),
    "narrative": lambda n: ngettext("{count} tekst", "{count} tekster", n),
    "boundaries": lambda n: ngettext(
        "{count} kartflate eller punkt", "{count} kartflater og punkter", n
    ),
    "municipality": lambda n: ngettext("{count} kommune", "{count} kommuner", n),
}


def counted(what: str, count: int) -> str:
    """`count` of `what` (a key of PHRASES; another key is shown as it is)."""
    phrase = PHRASES.get(what)
    return phrase(count).format(count=count) if phrase else f"{count} {what}"


def listed(counts: dict[str, int]) -> str:
    """ "2 indikatorer, 5 observasjoner" in the order given."""
    return ", ".join(counted(what, count) for what, count in counts.items())
