"""`sdgplan programme import | show | compare | export | template | restructuring`: the action
programme with budget, its versions and party amendments, and the financial rules (issue 14)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    municipality_option,
    open_store,
    store_options,
    user_errors,
    write_output,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.programme import Allocation, Amounts, Measure, Programme
    from sdgplan.programme import Comparison, RuleYear


def period_option(command: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--period",
        metavar=N_("ÅÅÅÅ-ÅÅÅÅ"),
        default=None,
        help=N_("Programperioden, f.eks. 2024-2027 [standard: den siste lagrede]."),
    )(command)


@cli.group(
    name="programme",
    help=N_(
        "Handlingsprogram med budsjett: tjenesteområder og rammer, tiltak knyttet til planens "
        "mål, investeringer, årsverk, versjonene (forslag, partienes endringsforslag, "
        "tilleggsinnstilling, vedtak) og handlingsreglene. Formatet er beskrevet i "
        "docs/planning-cycle.md."
    ),
)
def programme_group() -> None:
    pass


@programme_group.command(
    name="import",
    short_help=N_("Importer et handlingsprogram."),
    help=N_(
        "Les et handlingsprogram (YAML, sdgplan-programme, eller en Excel-arbeidsbok .xlsx fra "
        "sdgplan programme template) og lagre det; et lagret program for samme periode "
        "erstattes. Hver endringsliste (tilleggsinnstilling, endringsforslag, vedtak) må være "
        "i balanse hvert år, ellers lagres ingenting.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme import handlingsprogram-2024-2027.yaml\n"
        "    sdgplan programme import handlingsprogram-2025-2028.xlsx"
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@municipality_option
@store_options
def programme_import(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.programme import import_programme
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings) as engine, session_scope(engine) as session:
        imported = import_programme(session, file, municipality=municipality, who=current_user())
    if imported.issues:
        click.echo(render_issues(imported.issues), err=True, nl=False)
    p = imported.programme
    message = (
        _("Uendret") if imported.unchanged else _("Erstattet") if imported.replaced else _("Lagret")
    )
    click.echo(
        _("{done}: handlingsprogram {period} for {municipality}: {versions}").format(
            done=message,
            period=p.period,
            municipality=p.municipality,
            versions=", ".join(v.key for v in p.versions),
        )
    )


@programme_group.command(
    name="show",
    short_help=N_("Vis et handlingsprogram."),
    help=N_(
        "Vis en versjon av handlingsprogrammet: rammer per tjenesteområde og år, tiltak, "
        "investeringer, penger per satsingsområde og bærekraftsmål, og om handlingsreglene "
        "holdes hvert år. Beløp i mill. kr.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme show --period 2024-2027 --version forslag"
    ),
)
@period_option
@click.option(
    "--version",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Versjonens nøkkel [standard: den vedtatte, ellers forslaget]."),
)
@municipality_option
@store_options
def programme_show(
    period: str | None, version: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import programme as use
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        chosen = use.choose_programme(s, owner, period)
        shown = use.choose_version(chosen, version)
        money = use.allocation(s, chosen, shown.key)
        rules = use.financial_rules(s, chosen)
    click.echo(render_programme(chosen, shown.key, money, rules))


@programme_group.command(
    name="compare",
    short_help=N_("Sammenlign to versjoner av et handlingsprogram."),
    help=N_(
        "Vis hva en versjon endrer mot en annen: tiltak lagt til, fjernet eller endret per "
        "år, hva det koster per år, og hvordan pengene per satsingsområde og bærekraftsmål "
        "endres. Beløp i mill. kr.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme compare --version H --against forslag"
    ),
)
@period_option
@click.option("--version", metavar=N_("NØKKEL"), required=True, help=N_("Versjonen som vises."))
@click.option(
    "--against", metavar=N_("NØKKEL"), required=True, help=N_("Versjonen den sammenlignes med.")
)
@municipality_option
@store_options
def programme_compare(
    period: str | None,
    version: str,
    against: str,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan import programme as use
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        chosen = use.choose_programme(s, owner, period)
        comparison = use.compare(s, chosen, version, against)
    click.echo(render_comparison(comparison))


@programme_group.command(
    name="export",
    short_help=N_("Skriv et handlingsprogram som YAML."),
    help=N_(
        "Skriv et lagret handlingsprogram som YAML som sdgplan programme import leser igjen "
        "(beløp i kroner).\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme export --period 2024-2027 --out handlingsprogram.yaml"
    ),
)
@period_option
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Utfil [standard: standard ut]."),
)
@municipality_option
@store_options
def programme_export(
    period: str | None, out: Path | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import programme as use
    from sdgplan.exporters.programme import programme_yaml
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        text = programme_yaml(use.choose_programme(s, owner, period))
    write_output(text, out)


@programme_group.command(
    name="template",
    short_help=N_("Skriv en Excel-mal for et handlingsprogram."),
    help=N_(
        "Skriv handlingsprogrammet som en Excel-arbeidsbok (ett ark per del: program, "
        "tjenesteområder, versjoner, tiltak, inndekning, investeringer, økonomi) som "
        "sdgplan programme import leser igjen. Med --period en tom mal for perioden, med "
        "tjenesteområdene fra det siste lagrede programmet; med --from et lagret program "
        "fylt ut.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme template --period 2025-2028 --out handlingsprogram.xlsx\n"
        "    sdgplan programme template --from 2024-2027 --out handlingsprogram.xlsx"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Utfil (.xlsx)."),
)
@click.option(
    "--period",
    metavar=N_("ÅÅÅÅ-ÅÅÅÅ"),
    default=None,
    help=N_("En tom mal for denne perioden, f.eks. 2025-2028."),
)
@click.option(
    "--from",
    "source",
    metavar=N_("ÅÅÅÅ-ÅÅÅÅ"),
    default=None,
    help=N_("Det lagrede programmet for denne perioden, fylt ut."),
)
@municipality_option
@store_options
def programme_template(
    out: Path,
    period: str | None,
    source: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan import programme as use
    from sdgplan.cli.common import bad_value, replace_file
    from sdgplan.domain.programme import Period
    from sdgplan.errors import NotFound
    from sdgplan.exporters.programme_template import blank_programme, programme_workbook
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    if (period is None) == (source is None):
        raise bad_value("--period/--from", _("oppgi den ene av dem"))
    try:
        blank = Period.parse(period) if period else None
    except ValueError as e:
        raise bad_value("--period", str(e)) from None
    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        if blank is None:
            chosen = use.choose_programme(s, owner, source)
        else:
            try:
                areas = use.choose_programme(s, owner, None).service_areas
            except NotFound:
                areas = ()
            chosen = blank_programme(municipality=owner, period=blank, service_areas=areas)
    replace_file(out, programme_workbook(chosen))
    click.echo(_("Skrevet: {path}").format(path=out), err=True)


@programme_group.command(
    name="restructuring",
    short_help=N_("Vis vedtatt omstillingsbeløp per handlingsprogram."),
    help=N_(
        "Vis omstillingsbeløpet det første året i hvert lagrede handlingsprogram (den vedtatte "
        "versjonen), med summen, som tabellen «Vedtatt omstillingsbeløp» i fireårsrapporten. "
        "Med --years bare programmene som begynner i de årene.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme restructuring --years 2020-2023"
    ),
)
@click.option(
    "--years", metavar=N_("ÅÅÅÅ-ÅÅÅÅ"), default=None, help=N_("Årene programmene begynner i.")
)
@municipality_option
@store_options
def programme_restructuring(
    years: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import programme as use
    from sdgplan.cli.common import bad_value
    from sdgplan.domain.programme import Period
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    try:
        chosen = Period.parse(years) if years else None
    except ValueError as e:
        raise bad_value("--years", str(e)) from None
    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        rows = use.restructuring(s, owner, chosen)
    label = _("Handlingsprogram {period}")
    lines = [(label.format(period=r.period), r.amount) for r in rows]
    lines.append((_("Sum"), sum((r.amount for r in rows), Decimal(0))))
    width = max(len(text) for text, _amount in lines)
    click.echo(_("Vedtatt omstillingsbeløp det første året i perioden (mill. kr)"))
    for text, amount in lines:
        click.echo(f"{text:<{width}}  {_millions(amount):>8}")


@programme_group.command(
    name="chart",
    short_help=N_("Tegn tjenesteområdenes andel av regnskapet."),
    help=N_(
        "Tegn tjenesteområdenes andel av regnskapet et år som liggende søyler med andelen "
        "skrevet ved hver søyle. Formatet følger filendelsen: .svg (bilde), .html (side uten "
        "nettilgang) eller .json (Vega-Lite-spesifikasjonen).\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan programme chart --year 2022 --out andeler.svg"
    ),
)
@period_option
@click.option(
    "--year",
    type=int,
    default=None,
    help=N_("Året [standard: det siste året med andeler]."),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Filen diagrammet skrives til: .svg, .html eller .json."),
)
@municipality_option
@store_options
def programme_chart(
    period: str | None,
    year: int | None,
    out: Path,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan import programme as use
    from sdgplan.cli.common import UserError, chart_suffix, write_chart
    from sdgplan.loading import resolve_municipality
    from sdgplan.reports.programme_chart import service_area_shares_chart
    from sdgplan.store.db import session_scope

    chart_suffix(out)  # a wrong suffix is refused before the database is read
    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        chosen = use.choose_programme(s, owner, period)
    chart = service_area_shares_chart(chosen, year)
    if chart is None:
        raise UserError(
            _("Handlingsprogrammet har ingen andeler av regnskapet for {year}").format(
                year=year if year is not None else _("noe år")
            ),
            hint=_("Gi tjenesteområdene «shares» i programfilen (se docs/planning-cycle.md)"),
        )
    write_chart(out, chart)


def _millions(amount: Decimal) -> str:
    from sdgplan.domain.display import format_number

    millions = amount / Decimal(1_000_000)
    decimals = next((d for d in (0, 1) if millions == round(millions, d)), 2)
    return format_number(float(millions), decimals)


def _table(title: str, years: Iterable[int], rows: Iterable[tuple[str, Amounts]]) -> list[str]:
    years = list(years)
    listed = list(rows)
    if not listed:
        return []
    width = max(len(title), *(len(name) for name, _amounts in listed))
    head = f"{title:<{width}}" + "".join(f"  {y:>9}" for y in years)
    body = [
        f"{name:<{width}}" + "".join(f"  {_millions(amounts.get(y, Decimal(0))):>9}" for y in years)
        for name, amounts in listed
    ]
    return ["", head, *body]


def render_programme(
    programme: Programme, version: str, money: Allocation, rules: list[RuleYear]
) -> str:
    chosen = programme.version(version)
    years = programme.period.years
    lines = [f"{programme.title} ({programme.municipality}): {chosen.label} ({chosen.key})"]
    if programme.illustrative:
        lines.append(_("Tallene er illustrerende."))
    lines.append(_("Beløp i mill. kr."))
    names = {a.key: a.name for a in programme.service_areas}
    frames = programme.frames(version)
    lines += _table(_("Ramme"), years, [(names[k], v) for k, v in frames.items()])
    measures = programme.measures(version)
    lines += _table(_("Tiltak"), years, [(_named(m), m.amounts) for m in measures])
    if not measures:
        lines += ["", _("Ingen tiltak.")]
    lines += _table(_("Investering"), years, [(p.name, p.amounts) for p in programme.investments])
    lines += _allocation_tables(money, years)
    lines += _staff(programme)
    lines += _rules(rules, years)
    return "\n".join(lines)


def _allocation_tables(money: Allocation, years: range) -> list[str]:
    lines = _table(_("Satsingsområde"), years, money.focus_areas.items())
    lines += _table(
        _("Bærekraftsmål"),
        years,
        [(_("Mål {number}").format(number=n), a) for n, a in sorted(money.sdgs.items())],
    )
    if any(money.unlinked.values()):
        lines += _table(_("Uten kjent mål"), years, [(_("Sum"), money.unlinked)])
    return lines


def _staff(programme: Programme) -> list[str]:
    from sdgplan.domain.display import format_number

    years = sorted({y for a in programme.service_areas for y in [*a.staff, *a.shares]})
    if not years:
        return []
    lines = ["", _("Årsverk og andel av regnskapet (%)")]
    for area in programme.service_areas:
        parts = [
            _("{year}: {count} årsverk").format(year=y, count=format_number(float(a), 0))
            for y, a in sorted(area.staff.items())
        ] + [f"{y}: {format_number(float(a), 0)} %" for y, a in sorted(area.shares.items())]
        lines.append(f"{area.name}: {'; '.join(parts)}")
    return lines


def _rules(rules: list[RuleYear], years: range) -> list[str]:
    from sdgplan.domain.display import format_number

    if not rules:
        return []
    lines = ["", _("Handlingsregler")]
    for rule in dict.fromkeys(r.indicator for r in rules):
        found = {r.year: r for r in rules if r.indicator == rule}
        first = next(iter(found.values()))
        shown = str(first.threshold) if first.threshold else ""
        limit = f" ({shown})" if shown and shown not in first.name else ""
        lines.append(f"{first.name}{limit}")
        for year in years:
            r = found.get(year)
            if r is None or r.value is None:
                lines.append(f"  {year}: " + _("mangler tall"))
                continue
            verdict = {True: _("holdes"), False: _("brytes"), None: _("ingen terskel")}[r.kept]
            value = format_number(float(r.value), 1)
            lines.append(f"  {year}: {value} % - {verdict}")
    return lines


def render_comparison(c: Comparison) -> str:
    years = c.programme.period.years
    lines = [
        _("{version} mot {against}, {title}. Beløp i mill. kr.").format(
            version=f"{c.version.label} ({c.version.key})",
            against=f"{c.against.label} ({c.against.key})",
            title=c.programme.title,
        )
    ]
    actions = {"add": _("nytt"), "remove": _("fjernet"), "change": _("endret")}
    lines += _table(
        _("Endring"),
        years,
        [(f"{actions[d.action]}: {_named(d.measure)}", d.amounts) for d in c.measures],
    )
    if not c.measures:
        lines.append(_("Ingen tiltak er endret."))
    lines += _table(_("Kostnad"), years, [(_("Sum"), c.cost)])
    if c.version.base == c.against.key and c.version.financing:
        lines += _table(_("Inndekning"), years, [(f.text, f.amounts) for f in c.version.financing])
    lines += _allocation_tables(c.allocation, years)
    return "\n".join(lines)


def _named(measure: Measure) -> str:
    return f"{measure.text} [{measure.key}]"
