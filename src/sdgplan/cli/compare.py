"""`sdgplan compare`: one indicator of the municipality against a comparison group."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import bad_value, municipality_option, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

if TYPE_CHECKING:
    from sdgplan.comparing import Comparison
    from sdgplan.config import Settings


@cli.command(
    short_help=N_("Sammenlign en indikator med andre kommuner."),
    help=N_(
        "Sammenlign en indikator med en gruppe kommuner: gruppens verdi (befolkningsvektet "
        "med --weights, ellers uvektet snitt) og metoden, egen verdi, avstanden til gruppen, "
        "plassering og persentil blant alle kommuner med tall, og med --volume "
        "innsparingspotensialet ((egen enhetskostnad - gruppens) x eget volum). Tallene for "
        "andre kommuner er de lagrede tallene med et kommunenummer som område.\n\n"
        "Gruppen: kostra (kommunens KOSTRA-gruppe i --kostra-file, eller en gruppe der ved "
        "kode eller navn), county (fylket), country (hele landet), country-without-oslo, "
        "peers (kommunene i --peers).\n\n"
        "Eksempel:\n\n"
        "    sdgplan compare --indicator andel-barnehage --group kostra "
        "--kostra-file kostra.json --weights folketall"
    ),
)
@click.option("--indicator", required=True, metavar=N_("NØKKEL"), help=N_("Indikatoren."))
@click.option(
    "--year",
    type=int,
    metavar=N_("ÅR"),
    default=None,
    help=N_("Året [standard: det siste året med kommunens tall]."),
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
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("Utformat."),
)
@municipality_option
@store_options
def compare(
    indicator: str,
    year: int | None,
    group: str | None,
    kostra_file: Path | None,
    peers: str | None,
    method: str | None,
    weights: str | None,
    volume: str | None,
    format_name: str,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.comparing import compare as compare_indicator
    from sdgplan.domain.groups import GroupMethod
    from sdgplan.exporters.writers import json_text
    from sdgplan.importers.klass import read_kostra_groups
    from sdgplan.store.db import session_scope

    peer_numbers = [n.strip() for n in (peers or "").split(",") if n.strip()]
    if peers is not None and not peer_numbers:
        raise bad_value("--peers", _("skriv kommunenumre med komma mellom: 0301,4601"))
    choice = group or ("peers" if peer_numbers else "kostra" if kostra_file else "country")
    if choice == "peers" and not peer_numbers:
        raise bad_value("--group", _("peers trenger --peers NUMRE"))
    kostra_groups = read_kostra_groups(kostra_file) if kostra_file else ()
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        result = compare_indicator(
            session,
            indicator=indicator,
            group=choice,
            municipality=municipality,
            year=year,
            method=GroupMethod(method) if method else None,
            weights=weights,
            volume=volume,
            kostra_groups=kostra_groups,
            peers=peer_numbers,
        )
    if format_name == "json":
        click.echo(json_text(comparison_record(result), indent=2), nl=False)
    else:
        click.echo(render_comparison(result), nl=False)


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
