"""`sdgplan sdg suggest`: the SDG targets a goal or strategy may serve, offline."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import UserError, load_plan_version, store_options, terminal_width
from sdgplan.cli.groups import sdg
from sdgplan.domain.plan import VersionKind
from sdgplan.i18n import N_, _, current_language

# The ranker and the store are imported when the command runs, so `--help` stays fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.plan import Plan, PlanVersion
    from sdgplan.suggesting.ranker import Suggestion
    from sdgplan.target_suggestions import ItemSuggestions

MATCHED_SHOWN = 4  # matched words listed per suggestion


@sdg.command(
    name="suggest",
    short_help=N_("Foreslå delmål for et mål eller en strategi."),
    help=N_(
        "Foreslå hvilke av FNs 169 delmål et mål eller en strategi kan høre til.\n\n"
        "Gi en tekst (norsk eller engelsk), eller --plan for hvert mål og hver strategi i "
        "den lagrede planen, med referansene de har og om noen av dem er blant forslagene. "
        "Forslagene rangeres etter ordene som finnes igjen i delmålenes og indikatorenes "
        "tekster (bøyningsformer og sammensatte ord regnes med); ingenting hentes fra "
        "nettet, og ingenting endres i planen.\n\n"
        "Eksempel:\n\n"
        '    sdgplan sdg suggest "Redusere klimagassutslippene fra transport"\n\n'
        "    sdgplan sdg suggest --plan adopted --top 3"
    ),
)
@click.argument("text", metavar=N_("[TEKST]"), required=False)
@click.option(
    "--plan",
    "plan_version",
    type=click.Choice([k.value for k in VersionKind]),
    default=None,
    help=N_("Foreslå for hele den lagrede planen: versjonen (adopted eller proposal)."),
)
@click.option(
    "--municipality",
    metavar=N_("NUMMER"),
    default=None,
    help=N_("Kommunenummer, når databasen har flere kommuner (med --plan)."),
)
@click.option(
    "--title",
    metavar=N_("TITTEL"),
    default=None,
    help=N_("Planens tittel, når databasen har flere planer (med --plan)."),
)
@click.option(
    "--top",
    metavar="N",
    type=click.IntRange(1, 169),
    default=5,
    show_default=True,
    help=N_("Antall forslag."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=N_("Utformat."),
)
@store_options
def sdg_suggest(
    text: str | None,
    plan_version: str | None,
    municipality: str | None,
    title: str | None,
    top: int,
    format_name: str,
    *,
    settings: Settings,
) -> None:
    from sdgplan import target_suggestions as service

    if (text is None) == (plan_version is None):
        raise click.UsageError(_("Gi enten en TEKST eller --plan VERSJON"))
    if text is not None:
        found = service.suggest_targets(text, top=top)
        if format_name == "json":
            rows = [service.suggestion_to_dict(n, s) for n, s in enumerate(found, 1)]
            _echo_json({"text": text, "suggestions": rows})
        else:
            click.echo(render_suggestions(found, width=terminal_width()), nl=False)
        return
    plan, version = _stored_plan(settings, municipality, plan_version, title)
    items = service.suggest_for_plan(version, top=top)
    if format_name == "json":
        _echo_json(
            {
                "municipality": plan.municipality.number,
                "plan": plan.title,
                "version": version.kind.value,
                "items": service.plan_suggestions_to_dict(items),
            }
        )
    else:
        click.echo(render_plan_suggestions(items, width=terminal_width()), nl=False)


def _stored_plan(
    settings: Settings, municipality: str | None, version: str | None, title: str | None
) -> tuple[Plan, PlanVersion]:
    from sdgplan.errors import ChoiceNeeded

    try:
        plan, plan_version = load_plan_version(settings, municipality, version, title)
    except ChoiceNeeded as e:  # this command names the plan's title --title
        raise UserError(e.message, _("Oppgi --municipality NUMMER eller --title TITTEL")) from e
    return plan, plan_version


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def render_suggestions(
    found: list[Suggestion], *, width: int, indent: str = "", empty: str | None = None
) -> str:
    """A table: rank, target, score, matched words, the target's title cut to fit."""
    from sdgplan.domain.display import format_number
    from sdgplan.target_suggestions import target_title

    if not found:
        return indent + (empty or _("Ingen delmål passer; prøv flere eller andre ord.")) + "\n"
    locale = "en" if current_language() == "en" else "nb_NO"
    rows = [
        (
            f"{n}",
            s.target.code,
            format_number(s.score, 1, locale=locale),
            ", ".join(s.matched[:MATCHED_SHOWN]),
            target_title(s),
        )
        for n, s in enumerate(found, 1)
    ]
    header = ("#", _("FN-delmål"), _("poeng"), _("ord som traff"), _("tittel"))
    sizes = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    room = max(width - len(indent) - sum(sizes) - 8, 20)
    lines = []
    for row in [header, *rows]:
        cells = [row[0].rjust(sizes[0]), row[1].ljust(sizes[1]), row[2].rjust(sizes[2])]
        cells += [row[3].ljust(sizes[3]), textwrap.shorten(row[4], room, placeholder=" …")]
        lines.append((indent + "  ".join(cells)).rstrip())
    return "\n".join(lines) + "\n"


def render_plan_suggestions(items: list[ItemSuggestions], *, width: int) -> str:
    """Per goal and strategy: its text, its references and whether they are among the
    suggestions, then the suggestions."""
    from sdgplan.reports.terminal import refs_text

    blocks = []
    for found in items:
        item = found.item
        head = textwrap.shorten(f"{item.path} {item.text}", max(width, 40), placeholder=" …")
        if found.local_only:
            verdict = _("bare lokal (AK)")
        elif found.confirmed:
            verdict = _("blant forslagene: {codes}").format(codes=", ".join(found.confirmed))
        else:
            verdict = _("ingen av dem blant forslagene")
        refs = _("referanser: {refs}").format(refs=refs_text(item.refs))
        table = render_suggestions(
            found.suggestions, width=width, indent="   ", empty=_("Ingen forslag.")
        )
        blocks.append(f"{head}\n   {refs}; {verdict}\n{table}")
    return "\n".join(blocks)
