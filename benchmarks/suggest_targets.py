"""How well `sdgplan sdg suggest` finds the targets a plan's authors chose (issue 15, item 3).

Every goal and strategy of the Asker example with a target reference (x.y) is a query; its
target references are the right answers. Goal level: every line with any SDG reference
(goal or target), the goals of the suggestions in rank order against the goals referred to.
Reported: hit@1, hit@3, hit@5 and mean reciprocal rank (of the first right answer; 0 when
none is ranked), for the suggester, ablations of it, and a keyword baseline.

    .venv/bin/python -m benchmarks.suggest_targets [--folds]

Deterministic: no randomness, ties broken in the UN's order.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sdgplan.domain.plan import PlanVersion
from sdgplan.domain.references import ReferenceKind
from sdgplan.importers import import_plan_file
from sdgplan.reference import load_sdg_catalogue
from sdgplan.search import STOP_WORDS
from sdgplan.suggesting.lexicon import LEXICON
from sdgplan.suggesting.ranker import RankerSettings, TargetRanker, prose_weights
from sdgplan.suggesting.text import words

EXAMPLE = Path(__file__).resolve().parent.parent / "src/sdgplan/examples/asker"
PLANS = {
    "seed 000 (proposal overview)": EXAMPLE / "plan-overview-proposal-2020-2032.txt",
    "adopted plan": EXAMPLE / "plan-adopted.yaml",
}
KS = (1, 3, 5)
COLUMNS = [
    f"{level}{name}" for level in ("", "goal ") for name in ("hit@1", "hit@3", "hit@5", "MRR")
]

Ranking = Callable[[str], list[str]]  # a line's text -> target codes, best first


@dataclass(frozen=True)
class Query:
    text: str
    focus_area: int  # its number, for the folds
    targets: frozenset[str]
    goals: frozenset[str]


def queries(version: PlanVersion) -> list[Query]:
    found = []
    for item in version.items():
        targets = {r.code for r in item.refs if r.kind is ReferenceKind.TARGET}
        goals = {str(r.sdg_goal) for r in item.refs if r.sdg_goal is not None}
        if goals:
            area = int(item.path.split(".")[0])
            found.append(Query(item.text, area, frozenset(targets), frozenset(goals)))
    return found


def scores(ranked: list[list[str]], gold: list[frozenset[str]]) -> list[float]:
    """hit@1, hit@3, hit@5 and MRR over the queries."""
    ranks = []
    for codes, right in zip(ranked, gold, strict=True):
        ranks.append(next((n for n, c in enumerate(codes, 1) if c in right), 0))
    count = len(ranks)
    hits = [sum(1 for r in ranks if 0 < r <= k) / count for k in KS]
    return [*hits, sum(1 / r for r in ranks if r) / count]


def evaluate(rank: Ranking, lines: Sequence[Query]) -> tuple[list[float], list[float]]:
    """Target-level and goal-level scores of a ranking."""
    with_targets = [q for q in lines if q.targets]
    target_level = scores([rank(q.text) for q in with_targets], [q.targets for q in with_targets])
    goal_ranked = [list(dict.fromkeys(c.split(".")[0] for c in rank(q.text))) for q in lines]
    return target_level, scores(goal_ranked, [q.goals for q in lines])


def keyword_baseline() -> Ranking:
    """Distinct words of the line found in a target's Norwegian title, unstemmed; the most
    common function words (`sdgplan.search.STOP_WORDS`) left out."""
    catalogue = load_sdg_catalogue()
    titles = [(t.code, {w.folded for w in words(t.title_nb)}) for t in catalogue.targets.values()]

    def rank(text: str) -> list[str]:
        query = {w.folded for w in words(text)} - STOP_WORDS
        overlap = [(len(query & title), n, code) for n, (code, title) in enumerate(titles)]
        return [code for hits, _n, code in sorted(overlap, key=lambda o: (-o[0], o[1])) if hits]

    return rank


def suggester(
    settings: RankerSettings, version: PlanVersion | None, *, lexicon: bool = True
) -> Ranking:
    """The suggester as `suggest_for_plan` runs it: with the plan's own common words
    weighted down when `version` is given."""
    ranker = TargetRanker(
        load_sdg_catalogue(), lexicon=LEXICON if lexicon else None, settings=settings
    )
    weights = prose_weights([i.text for i in version.items()], ranker.analyzer) if version else None

    def rank(text: str) -> list[str]:
        return [s.target.code for s in ranker.rank(text, top=None, weights=weights)]

    return rank


def systems(version: PlanVersion) -> dict[str, Ranking]:
    base = RankerSettings()
    return {
        "suggester": suggester(base, version),
        "  without the lexicon": suggester(replace(base, lexicon=False), version),
        "  without compound splitting": suggester(replace(base, compounds=False), version),
        "  without indicator texts": suggester(replace(base, indicator_weight=0.0), version),
        "  without the plan's common words weighted down": suggester(base, None),
        "keyword baseline": keyword_baseline(),
    }


def table(
    title: str, rows: dict[str, tuple[list[float], list[float]]], count: tuple[int, int]
) -> str:
    lines = [
        f"### {title}: {count[0]} lines with target references, {count[1]} with any SDG reference",
        "",
        "| system | " + " | ".join(COLUMNS) + " |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (target, goal) in rows.items():
        cells = [f"{v:.2f}" for v in target + goal]
        lines.append(f"| {name.strip()} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def folds(version: PlanVersion) -> str:
    """2-fold check of the settings: the best of a small grid on the odd focus areas'
    lines, scored on the even ones, and the other way round."""
    lines = queries(version)
    grid = [
        RankerSettings(k1=k1, b=b, indicator_weight=iw, goal_weight=gw)
        for k1 in (0.9, 1.2, 2.0)
        for b in (0.5, 0.75, 1.0)
        for iw in (0.25, 0.5, 1.0)
        for gw in (0.0, 0.3)
    ]
    rankers = [suggester(s, version) for s in grid]
    out = [
        "| tuned on | tested on | chosen k1, b, indicators, goal | test hit@5 | test MRR "
        "| default hit@5 | default MRR |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    default = suggester(RankerSettings(), version)
    for tune_parity in (1, 0):
        tune = [q for q in lines if q.focus_area % 2 == tune_parity]
        test = [q for q in lines if q.focus_area % 2 != tune_parity]
        results = [evaluate(r, tune)[0] for r in rankers]
        best = max(range(len(grid)), key=lambda n: (results[n][3], -n))
        chosen = grid[best]
        tested = evaluate(rankers[best], test)[0]
        base = evaluate(default, test)[0]
        names = ("odd", "even") if tune_parity else ("even", "odd")
        out.append(
            f"| {names[0]} focus areas | {names[1]} | {chosen.k1}, {chosen.b}, "
            f"{chosen.indicator_weight}, {chosen.goal_weight} | {tested[2]:.2f} | {tested[3]:.2f} "
            f"| {base[2]:.2f} | {base[3]:.2f} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", action="store_true", help="also the 2-fold check of settings")
    args = parser.parse_args()
    for title, path in PLANS.items():
        result = import_plan_file(path)
        assert result.plan is not None
        version = result.plan.versions[0]
        lines = queries(version)
        started = time.perf_counter()
        rows = {name: evaluate(rank, lines) for name, rank in systems(version).items()}
        elapsed = time.perf_counter() - started
        count = (sum(1 for q in lines if q.targets), len(lines))
        print(table(title, rows, count))  # noqa: T201
        print(f"\n({elapsed:.1f} s for all systems)\n")  # noqa: T201
        if args.folds:
            print(folds(version) + "\n")  # noqa: T201


if __name__ == "__main__":
    main()
