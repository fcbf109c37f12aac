"""A benefit-realisation plan as YAML (`format: sdgplan-benefits`, version 1), read with line
numbers and written back (docs/method-tool.md, "Benefit realisation").

```yaml
format: sdgplan-benefits
format_version: 1
municipality: '3203'
key: gevinster-2019
title: Plan for gevinstrealisering
baseline_year: 2019
target_year: 2023
illustrative: true
areas:
- key: tjenesteproduksjon
  name: Tjenesteproduksjon
  benefits:
  - key: trivsel-skole
    text: Elevene trives bedre på skolen
    indicator: utdanning-trivsel-skole
    expected: 4.4
    expected_year: 2023
```
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import Node

from sdgplan.domain.benefits import Benefit, BenefitArea, BenefitPlan
from sdgplan.domain.indicators import key_problem
from sdgplan.domain.numbers import parse_decimal
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, missing
from sdgplan.importers.climate_csv import parse_year
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

FORMAT, VERSION = "sdgplan-benefits", 1
TOP_KEYS = {
    "format",
    "format_version",
    "municipality",
    "key",
    "title",
    "baseline_year",
    "target_year",
    "illustrative",
    "areas",
}
AREA_KEYS = {"key", "name", "benefits"}
BENEFIT_KEYS = {"key", "text", "indicator", "expected", "expected_year"}


def read_benefit_plan(
    text: str, *, source: str, indicators: Collection[str] | None = None
) -> Parsed[BenefitPlan]:
    """The plan in `text`; every problem with its line. `indicators` are the keys stored for
    the municipality: a benefit measured by another indicator is an error (None: unchecked)."""
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        return Parsed(None, log.issues)
    reader = _Reader(log, indicators)
    top = reader.mapping(root, TOP_KEYS, FORMAT)
    if top is None:
        return Parsed(None, log.issues)
    reader.check_format(top, FORMAT, VERSION)
    key = reader.key(top.get("key"), at=root, what="key")
    title = reader.text(top.get("title"), required=True, at=root, key="title")
    baseline = reader.year(top.get("baseline_year"), at=root, key="baseline_year")
    target = reader.year(top.get("target_year"), at=root, key="target_year", required=False)
    if baseline is not None and target is not None and target <= baseline:
        reader.error(
            top["target_year"],
            _("Målåret {year} må være etter nullpunktsåret {baseline}").format(
                year=target, baseline=baseline
            ),
        )
    illustrative = reader.parsed(top.get("illustrative"), _boolean) or False
    if "areas" not in top:
        reader.error(root, missing("areas"))
    areas = reader.areas(top.get("areas"), baseline=baseline, target_year=target)
    if key is None or not title or baseline is None:
        return Parsed(None, log.issues)
    return Parsed(BenefitPlan(key, title, baseline, target, illustrative, areas), log.issues)


class _Reader(NodeReader):
    def __init__(self, log: IssueLog, indicators: Collection[str] | None) -> None:
        super().__init__(log)
        self.indicators = indicators
        self.benefit_lines: dict[str, int] = {}

    def key(self, node: Node | None, *, at: Node, what: str) -> str | None:
        value = self.text(node, required=True, at=at, key=what)
        if not value:
            return None
        problem = key_problem(value)
        if problem:
            self.error(node, problem)
            return None
        return value

    def year(self, node: Node | None, *, at: Node, key: str, required: bool = True) -> int | None:
        if not self.text(node, required=required, at=at, key=key):
            return None
        return self.parsed(node, parse_year)

    def areas(
        self, node: Node | None, *, baseline: int | None, target_year: int | None
    ) -> tuple[BenefitArea, ...]:
        areas: list[BenefitArea] = []
        lines: dict[str, int] = {}
        for item in self.sequence(node):
            fields = self.mapping(item, AREA_KEYS, "areas")
            if fields is None:
                continue
            key = self.key(fields.get("key"), at=item, what="key")
            name = self.text(fields.get("name"), required=True, at=item, key="name")
            benefits = tuple(
                b
                for b in (
                    self.benefit(b, baseline=baseline, target_year=target_year)
                    for b in self.sequence(fields.get("benefits"))
                )
                if b is not None
            )
            if key is None or not name:
                continue
            if not self.first_time(
                item, key, lines, _("Målområdet «{key}» står også på linje {first}")
            ):
                continue
            areas.append(BenefitArea(key, name, benefits))
        return tuple(areas)

    def benefit(
        self, item: Node, *, baseline: int | None, target_year: int | None
    ) -> Benefit | None:
        fields = self.mapping(item, BENEFIT_KEYS, "benefits")
        if fields is None:
            return None
        key = self.key(fields.get("key"), at=item, what="key")
        text = self.text(fields.get("text"), required=True, at=item, key="text")
        indicator = self.text(fields.get("indicator"), required=False) or None
        if indicator is not None and self.indicators is not None:
            if indicator not in self.indicators:
                self.error(
                    fields["indicator"],
                    _(
                        "Ukjent indikator «{key}»: kommunen har ingen indikator med den "
                        "nøkkelen; importer indikatorene først"
                    ).format(key=indicator),
                )
                indicator = None
        expected = self.parsed(fields.get("expected"), parse_decimal)
        year = self.year(fields.get("expected_year"), at=item, key="expected_year", required=False)
        ok = self._check_expected(fields, item, expected, year, baseline, target_year)
        if key is None or not text or not ok:
            return None
        again = _("Gevinsten «{key}» står også på linje {first}")
        if not self.first_time(item, key, self.benefit_lines, again):
            return None
        return Benefit(key, text, indicator, expected, year)

    def _check_expected(
        self,
        fields: dict[str, Node],
        item: Node,
        expected: Decimal | None,
        year: int | None,
        baseline: int | None,
        target_year: int | None,
    ) -> bool:
        if expected is not None and "indicator" not in fields:
            self.error(fields["expected"], _("«expected» trenger en «indicator» å måle med"))
            return False
        if expected is not None and year is None and target_year is None:
            self.error(
                fields["expected"],
                _("«expected» trenger et år: skriv «expected_year» eller planens «target_year»"),
            )
            return False
        if year is not None and baseline is not None and year <= baseline:
            self.error(
                fields["expected_year"],
                _("Året {year} må være etter nullpunktsåret {baseline}").format(
                    year=year, baseline=baseline
                ),
            )
            return False
        return True


def _boolean(text: str) -> bool:
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    raise ValueError(
        _("Ugyldig «illustrative» «{value}»; skriv true eller false").format(value=text)
    )


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    """A decimal as a plain number, written exactly as stored (`16.50`)."""
    text = str(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def benefit_plan_data(plan: BenefitPlan, *, municipality: str) -> dict[str, Any]:
    """The plan as plain data in the file's layout (keys left out where empty)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": VERSION,
        "municipality": municipality,
        "key": plan.key,
        "title": plan.title,
        "baseline_year": plan.baseline_year,
    }
    if plan.target_year is not None:
        data["target_year"] = plan.target_year
    data["illustrative"] = plan.illustrative
    data["areas"] = [
        {"key": a.key, "name": a.name, "benefits": [_benefit_data(b) for b in a.benefits]}
        for a in plan.areas
    ]
    return data


def _benefit_data(benefit: Benefit) -> dict[str, Any]:
    data: dict[str, Any] = {"key": benefit.key, "text": benefit.text}
    optional = {
        "indicator": benefit.indicator,
        "expected": benefit.expected,
        "expected_year": benefit.expected_year,
    }
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def benefit_plan_yaml(plan: BenefitPlan, *, municipality: str) -> str:
    """The plan as a `sdgplan-benefits` file that imports back to the same plan."""
    header = (
        f"# sdgplan benefit plan (format {FORMAT} {VERSION}). Import it with:\n"
        "#   sdgplan benefits import THIS_FILE\n"
    )
    body = yaml.dump(
        benefit_plan_data(plan, municipality=municipality),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body
