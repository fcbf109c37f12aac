"""`sdgplan compare`: one indicator of the municipality against a comparison group, or with
`--all` every indicator and every municipality with a figure."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import (
    bad_value,
    municipality_option,
    open_store,
    store_options,
    write_output,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

if TYPE_CHECKING:
    from sdgplan.comparing import Comparison, Standing
    from sdgplan.config import Settings


@cli.command(
    short_help=N_("Sammenlign en indikator med andre kommuner."),
    help=N_(
        "Sammenlign en indikator med en gruppe kommuner: gruppens verdi (befolkningsvektet "
        "med --weights, ellers uvektet snitt) og metoden, egen verdi, avstanden til gruppen, "
        "plassering og persentil blant alle kommuner med tall, og med --volume "
        "innsparingspotensialet ((egen enhetskostnad - gruppens) x eget volum). Tallene for "
        "andre kommuner er de lagrede tallene med et kommunenummer som område.\n\n"
        "Med --all: alle indikatorer og alle kommuner med tall, hver mot sin gruppe (county: "
        "sitt fylke, kostra: sin KOSTRA-gruppe), som CSV eller JSON.\n\n"
        "Gruppen: kostra (kommunens KOSTRA-gruppe i --kostra-file, eller en gruppe der ved "
        "kode eller navn), county (fylket), country (hele landet), country-without-oslo, "
        "peers (kommunene i --peers).\n\n"
        "Eksempel:\n\n"
        "    sdgplan compare --indicator andel-barnehage --group kostra "
        "--kostra-file kostra.json --weights folketall\n\n"
        "    sdgplan compare --all --group county --out sammenligning.csv"
    ),
)
@click.option("--indicator", metavar=N_("NØKKEL"), default=None, help=N_("Indikatoren."))
@click.option(
    "--all",
    "every_indicator",
    is_flag=True,
    help=N_("Alle indikatorer og alle kommuner med tall (CSV eller JSON, ikke --volume)."),
)
@click.option(
    "--year",
    type=int,
    metavar=N_("ÅR"),
    default=None,
    help=N_("Året [standard: det siste året med kommunens tall, ellers med noen kommunes tall]."),
)
@click.option(
    "--group",
    "group",
    metavar=N_("GRUPPE"),
    default=None,
    help=N_(
        "kostra, county, country, country-without-oslo, peers eller en KOSTRA-gruppes kode "
        "eller navn [standard: peers med --peers, kostra med --kostra-file, ellers country]."
    ),
)
@click.option(
    "--kostra-file",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("KOSTRA-grupperingen fra Klass (klassifikasjon 112) som JSON."),
)
@click.option(
    "--peers",
    metavar=N_("NUMRE"),
    default=None,
    help=N_("Egne sammenligningskommuner, kommaseparert: 0301,4601."),
)
@click.option(
    "--method",
    type=click.Choice(["weighted", "mean"]),
    default=None,
    help=N_("Gruppens verdi [standard: weighted med --weights, ellers mean]."),
)
@click.option(
    "--weights",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Indikatoren med vektene, f.eks. folketallet, for samme år."),
)
@click.option(
    "--volume",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Indikatoren med eget volum, for innsparingspotensialet ved enhetskostnader."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["text", "json", "csv"]),
    default=None,
    help=N_("Utformat [standard: text, med --all csv]."),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Utfil [standard: standard ut]."),
)
@municipality_option
@store_options
def compare(
    indicator: str | None,
    every_indicator: bool,
    year: int | None,
    group: str | None,
    kostra_file: Path | None,
    peers: str | None,
    method: str | None,
    weights: str | None,
    volume: str | None,
    format_name: str | None,
    out: Path | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.comparing import compare as compare_indicator
    from sdgplan.comparing import compare_all
    from sdgplan.domain.groups import GroupMethod
    from sdgplan.exporters.writers import csv_text, json_text
    from sdgplan.importers.klass import read_kostra_groups
    from sdgplan.store.db import session_scope

    if every_indicator:
        for option, given in (("--indicator", indicator), ("--volume", volume)):
            if given is not None:
                raise bad_value(option, _("kan ikke brukes med --all"))
        if format_name == "text":
            raise bad_value("--format", _("--all skriver csv eller json"))
    elif indicator is None:
        raise bad_value("--indicator", _("oppgi en indikator, eller --all for alle"))
    elif format_name == "csv":
        raise bad_value("--format", _("csv er for --all; én indikator skrives som text eller json"))
    peer_numbers = [n.strip() for n in (peers or "").split(",") if n.strip()]
    if peers is not None and not peer_numbers:
        raise bad_value("--peers", _("skriv kommunenumre med komma mellom: 0301,4601"))
    choice = group or ("peers" if peer_numbers else "kostra" if kostra_file else "country")
    if choice == "peers" and not peer_numbers:
        raise bad_value("--group", _("peers trenger --peers NUMRE"))
    kostra_groups = read_kostra_groups(kostra_file) if kostra_file else ()
    options: dict[str, Any] = {
        "group": choice,
        "year": year,
        "method": GroupMethod(method) if method else None,
        "weights": weights,
        "kostra_groups": kostra_groups,
        "peers": peer_numbers,
    }
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        if every_indicator:
            standings = compare_all(session, municipality, progress=_report_progress, **options)
        else:
            assert indicator is not None
            result = compare_indicator(
                session, indicator=indicator, municipality=municipality, volume=volume, **options
            )
    if every_indicator:
        records = [standing_record(s) for s in standings]
        if format_name == "json":
            text = json_text(records, indent=1)
        else:
            text = csv_text(
                list(STANDING_COLUMNS), ([r[c] for c in STANDING_COLUMNS] for r in records)
            )
    elif format_name == "json":
        text = json_text(comparison_record(result), indent=2)
    else:
        text = render_comparison(result)
    write_output(text, out)


def _report_progress(done: int, total: int, key: str) -> None:
    """A line on stderr for every tenth of the indicators."""
    if done == total or done % max(1, total // 10) == 0:
        click.echo(
            _("Sammenlignet {done} av {total} indikatorer ({key})").format(
                done=done, total=total, key=key
            ),
            err=True,
        )


STANDING_COLUMNS = (
    "indicator",
    "municipality",
    "municipality_name",
    "year",
    "value",
    "group",
    "group_name",
    "group_method",
    "group_value",
    "group_members_used",
    "group_members",
    "distance",
    "relative_distance",
    "position",
    "of",
    "percentile",
    "progress",
)


def standing_record(standing: Standing) -> dict[str, Any]:
    """One municipality on one indicator with plain numbers, for `--all` (CSV or JSON)."""
    from sdgplan.reference.municipalities import load_municipalities

    known = load_municipalities().get(standing.municipality)
    value, gap, rank = standing.group, standing.distance, standing.rank
    return {
        "indicator": standing.indicator,
        "municipality": standing.municipality,
        "municipality_name": known.name if known else None,
        "year": standing.year,
        "value": standing.value,
        "group": value.group.key if value else None,
        "group_name": value.group.name if value else None,
        "group_method": value.method.value if value else None,
        "group_value": value.value if value else None,
        "group_members_used": len(value.members_used) if value else None,
        "group_members": len(value.members_used) + len(value.members_missing) if value else None,
        "distance": gap.absolute if gap else None,
        "relative_distance": gap.relative if gap else None,
        "position": rank.position if rank else None,
        "of": rank.of if rank else None,
        "percentile": rank.percentile if rank else None,
        "progress": standing.progress.value if standing.progress else None,
    }


def comparison_record(result: Comparison) -> dict[str, Any]:
    """The comparison with plain numbers, for `--format json`."""
    from sdgplan.domain.groups import describe_method

    group = result.group
    return {
        "municipality": result.municipality.number,
        "municipality_name": result.municipality.name,
        "indicator": result.indicator.key,
        "indicator_name": result.indicator.name,
        "unit": result.indicator.unit,
        "direction": result.indicator.direction,
        "year": result.year,
        "own_value": result.own,
        "group": {
            "key": group.group.key,
            "name": group.group.name,
            "kind": group.group.kind.value,
            "value": group.value,
            "method": group.method.value,
            "method_text": describe_method(group),
            "weights": result.weights,
            "weighted_unavailable": result.weighted_unavailable,
            "members_used": list(group.members_used),
            "members_missing": list(group.members_missing),
        },
        "distance": None
        if result.distance is None
        else {"absolute": result.distance.absolute, "relative": result.distance.relative},
        "rank": None
        if result.rank is None
        else {
            "position": result.rank.position,
            "of": result.rank.of,
            "percentile": result.rank.percentile,
        },
        "volume": None
        if result.volume_key is None
        else {"indicator": result.volume_key, "value": result.volume},
        "savings_potential": None if result.savings is None else float(result.savings),
    }


def render_comparison(result: Comparison) -> str:
    """A small table in the run's language: `Egen verdi   11,0 %`."""
    from sdgplan.assessment.wording import number, signed, with_unit
    from sdgplan.domain.groups import describe_method

    unit, decimals = result.indicator.unit, result.decimals

    def figure(value: float | None) -> str:
        return "–" if value is None else with_unit(number(value, decimals), unit)

    rows = [
        (_("Egen verdi"), figure(result.own)),
        (_("Gruppens verdi"), f"{figure(result.group.value)} ({describe_method(result.group)})"),
    ]
    gap = result.distance
    if gap is None:
        rows.append((_("Avstand til gruppen"), "–"))
    else:
        text = signed(with_unit(number(gap.absolute, decimals), unit), gap.absolute)
        if gap.relative is not None:
            share = 100 * gap.relative
            text += f" ({signed(with_unit(number(share, 1), '%'), share)})"
        rows.append((_("Avstand til gruppen"), text))
    rows.append((_("Plassering"), _placing(result)))
    if result.volume_key is not None:
        if result.savings is None:
            saved = _("– (mangler tall for {key} eller gruppens verdi)").format(
                key=result.volume_key
            )
        else:
            saved = _("{amount} (volum {volume})").format(
                amount=number(float(result.savings), 0), volume=number(result.volume or 0, 0)
            )
        rows.append((_("Innsparingspotensial"), saved))
    width = max(len(label) for label, _value in rows)
    title = _("SAMMENLIGNING {year}: {name}").format(year=result.year, name=result.indicator.name)
    where = _("{name} ({number}) og {group}").format(
        name=result.municipality.name, number=result.municipality.number, group=_group_name(result)
    )
    lines = [title, where, "", *(f"{label:<{width}}  {value}" for label, value in rows)]
    if result.weighted_unavailable:
        lines += [
            "",
            _(
                "Merk: befolkningsvektet snitt mangler vekter (--weights) for {year}, "
                "så snittet er uvektet."
            ).format(year=result.year),
        ]
    return "\n".join(lines) + "\n"


def _placing(result: Comparison) -> str:
    from sdgplan.assessment.wording import number

    if result.indicator.direction is None:
        return _("– (indikatoren har ingen retning)")
    if result.rank is None:
        return "–"
    text = _("{position} av {of} kommuner med tall").format(
        position=result.rank.position, of=result.rank.of
    )
    if result.rank.percentile is not None:
        text += " " + _("(persentil {percentile})").format(
            percentile=number(result.rank.percentile, 1)
        )
    return text


def _group_name(result: Comparison) -> str:
    from sdgplan.domain.groups import GroupKind

    group = result.group.group
    if group.kind is GroupKind.COUNTRY:
        return _("hele landet")
    if group.kind is GroupKind.COUNTRY_WITHOUT_OSLO:
        return _("landet utenom Oslo")
    return group.name
