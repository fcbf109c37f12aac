"""A synthetic national data set in sdgplan's own file formats, for the ingest benchmarks.

One municipality (Asker, 3203) holds the indicators, or with `--owner CODE` an organisation
such as a national office (`NO-SSB`) whose series municipalities show (`series:`); its
observations cover every municipality of the register as areas, one value a year: 357 x 100
x 15 by default. About
10 % of the cells are missing and about 2 % hold a status word ("Ikke målt", "Tall kommer").
The same seed gives the same files. Run:
.venv/bin/python -m benchmarks.national_data OUT [--municipalities N] [--indicators N] [--years N]
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from sdgplan.reference.municipalities import load_municipalities

OWNER = "3203"
FIRST_YEAR = 2010
MISSING, STATUS_WORDS = 0.10, 0.02
COLUMNS = ["indicator_id", "area", "period", "breakdown", "value", "status", "display", "note"]
UNITS = ["%", "", "kr", "per 1000 innbyggere", "kr/m2"]


@dataclass(frozen=True)
class NationalData:
    indicator_file: Path
    observations_file: Path
    rows: int  # observation rows written, status words included
    status_rows: int


def generate(
    folder: Path,
    *,
    municipalities: int = 357,
    indicators: int = 100,
    years: int = 15,
    seed: int = 2030,
    owner: str = OWNER,
) -> NationalData:
    """Write `indicators.yaml` and `observations.csv` into `folder`, the indicators held by
    `owner`."""
    rng = random.Random(seed)
    areas = _areas(municipalities)
    keys = [f"nasjonal-{n:03d}" for n in range(1, indicators + 1)]
    periods = [str(FIRST_YEAR + n) for n in range(years)]
    folder.mkdir(parents=True, exist_ok=True)
    indicator_file = folder / "indicators.yaml"
    indicator_file.write_text(
        _indicator_yaml(keys, areas, periods, rng, owner=owner), encoding="utf-8"
    )
    observations_file = folder / "observations.csv"
    rows = status_rows = 0
    with observations_file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for key in keys:
            for area in areas:
                level, growth = rng.uniform(1, 1000), rng.uniform(-0.05, 0.05)
                for period in periods:
                    level *= 1 + growth + rng.uniform(-0.02, 0.02)
                    draw = rng.random()
                    if draw < MISSING:
                        continue
                    rows += 1
                    if draw < MISSING + STATUS_WORDS:
                        status_rows += 1
                        word = rng.choice(["Ikke målt", "Tall kommer"])
                        writer.writerow([key, area, period, "", "", word, "", ""])
                    else:
                        writer.writerow([key, area, period, "", f"{level:.1f}", "", "", ""])
    return NationalData(indicator_file, observations_file, rows, status_rows)


def _areas(count: int) -> list[str]:
    """The owner and the first `count - 1` other municipalities of the register."""
    others = sorted(n for n in load_municipalities() if n != OWNER)
    return [OWNER, *others[: count - 1]]


def _indicator_yaml(
    keys: list[str], areas: list[str], periods: list[str], rng: random.Random, *, owner: str
) -> str:
    register = load_municipalities()
    document = {
        "format": "sdgplan-indicators",
        "format_version": 1,
        "municipality": owner,
        "years": f"{periods[0]}-{periods[-1]}",
        "areas": [
            {"code": code, "name": register[code].name, "kind": "municipality"}
            for code in areas
            if code != owner
        ],
        "indicators": [_indicator(key, rng) for key in keys],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _indicator(key: str, rng: random.Random) -> dict[str, str]:
    unit = rng.choice(UNITS)
    result = {"key": key, "name": f"Syntetisk nøkkeltall {key[-3:]}"}
    if unit:
        result["unit"] = unit
    result["direction"] = rng.choice(["higher", "lower"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for indicators.yaml and observations.csv")
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--owner", default=OWNER, help="who holds the indicators (3203)")
    args = parser.parse_args()
    data = generate(
        args.out,
        municipalities=args.municipalities,
        indicators=args.indicators,
        years=args.years,
        seed=args.seed,
        owner=args.owner,
    )
    print(f"{data.rows} observation rows ({data.status_rows} with a status word)")
    print(f"{data.indicator_file}\n{data.observations_file}")


if __name__ == "__main__":
    main()
