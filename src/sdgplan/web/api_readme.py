"""The README.md of the data zip: what each file holds and what each of its columns means,
in the current language. The columns are listed here in the order the exporters write
them; tests/web/test_api.py checks them against the files."""

from __future__ import annotations

from dataclasses import dataclass

from sdgplan.i18n import N_, _

FILES: dict[str, tuple[str, dict[str, str]]] = {
    "focus-areas.csv": (
        N_("Satsingsområdene i planen, i planens rekkefølge."),
        {
            "key": N_("Stabil nøkkel for satsingsområdet (`okonomi`)"),
            "name": N_("Navnet på satsingsområdet"),
        },
    ),
    "plan.csv": (
        N_(
            "Hovedmål, delmål og strategier i planens rekkefølge, med bærekraftsmålene de "
            "viser til."
        ),
        {
            "key": N_(
                "Stabil nøkkel: `okonomi.0` er hovedmålet, `okonomi.1` et delmål, "
                "`okonomi.1.2` en strategi"
            ),
            "focus_area": N_("Navnet på satsingsområdet"),
            "level": N_("`main_goal` (hovedmål), `goal` (delmål) eller `strategy` (strategi)"),
            "path": N_(
                "Plassen i planen: `2` er hovedmålet i satsingsområde 2, `2.3` delmål 3 der, "
                "`2.3.1` den første strategien under det"
            ),
            "text": N_("Teksten som i planen"),
            "refs": N_(
                "Bærekraftsmål og delmål det viser til, skilt med mellomrom (`11 11.3`); "
                "`AK` er et lokalt mål"
            ),
        },
    ),
    "indicators.csv": (
        N_(
            "Nøkkeltallene (indikatorene) med terskler, nivåer og mål, i kolonnene til arket "
            "`indicators` i Excel-filen for indikatorer."
        ),
        {
            "key": N_("Stabil nøkkel for indikatoren (`okonomi-disposisjonsfond`)"),
            "name": N_("Navnet på indikatoren"),
            "unit": N_("Enheten verdiene skrives med (`%`); tom når navnet sier den"),
            "direction": N_("`higher` eller `lower`: hvilken retning som er bedre"),
            "threshold": N_("Terskel (`> 10 %`) eller intervall (`10-20 %`)"),
            "scale": N_("Skala for en spørreundersøkelse (`1-5`)"),
            "focus_area": N_("Satsingsområdet til målet som indikatoren måler"),
            "goal": N_("Nøkkelen til målet indikatoren måler; flere skilt med komma"),
            "source": N_("Kilden til tallene"),
            "notes": N_("Merknader"),
            "bands_desired": N_("Ønsket nivå: intervaller skilt med semikolon"),
            "bands_acceptable": N_("Akseptabelt nivå: intervaller skilt med semikolon"),
            "target_value": N_("Målverdien"),
            "target_change": N_("Målet som endring i prosent fra basisåret (`-67`)"),
            "target_year": N_("Året målet gjelder for"),
            "target_base_year": N_("Basisåret for en endring"),
            "target_reached_change": N_("Endringen som er nådd, i prosent, som i en rapport"),
            "target_reached_year": N_("Året den endringen var nådd"),
            "progress_base_year": N_("Basisåret for fremdriftsmålingen (standard 2015)"),
            "progress_limit": N_("En naturlig grense for verdien i fremdriftsmålingen"),
            "series": N_("Den delte tallserien indikatoren viser (`EIER/NØKKEL`), om noen"),
            "group_method": N_(
                "Hvordan en gruppes verdi regnes ut: `weighted` (befolkningsvektet) eller `mean`"
            ),
        },
    ),
    "areas.csv": (
        N_("Områdene tallene gjelder: kommunen, bydeler, andre kommuner, landet."),
        {
            "code": N_("Områdekoden: kommunenummer, nøkkel for en bydel eller `NO`"),
            "name": N_("Navnet på området"),
            "kind": N_("`municipality`, `district`, `county`, `country` eller `other`"),
        },
    ),
    "observations.csv": (
        N_(
            "Alle tallene, én rad per indikator, område, periode og fordeling, i samme "
            "rekkefølge og med de samme tallene som API-et (`/api/v1/observations`). Filen "
            "kan leses inn igjen med `sdgplan import observations`."
        ),
        {
            "municipality": N_("Kommunenummeret"),
            "focus_area": N_("Satsingsområdene til indikatorens mål, skilt med ` | `"),
            "goal": N_("Tekstene til indikatorens mål, skilt med ` | `"),
            "indicator_id": N_("Indikatorens nøkkel (`key` i indicators.csv)"),
            "indicator": N_("Navnet på indikatoren"),
            "unit": N_("Enheten; tom hvis ingen"),
            "area": N_("Områdekoden (`code` i areas.csv)"),
            "area_name": N_("Navnet på området"),
            "area_kind": N_("`municipality`, `district`, `county`, `country` eller `other`"),
            "period": N_("År (`2022`), periode (`2018-2019`), måned (`2023-01`) eller dato"),
            "breakdown": N_("Fordelingen (en aldersgruppe, for eksempel); tom for totalen"),
            "value": N_(
                "Verdien, med punktum som desimaltegn og så mange desimaler som oppgitt; "
                "tom når det ikke finnes noen"
            ),
            "status": N_(
                "`measured` (målt), `not_measured` (ikke målt), `pending` (tall kommer) "
                "eller `under_development` (under utvikling)"
            ),
            "display": N_("Verdien slik den skrives på norsk (`15,1 %`, `Ikke målt`)"),
            "note": N_("Merknad; tom hvis ingen"),
        },
    ),
    "assessment.csv": (
        N_(
            "Vurderingen av {year}: én rad per indikator, per sammenstilling til mål, "
            "satsingsområder og bærekraftsmål, og per funn om dekning."
        ),
        {
            "level": N_("`indicator`, `main_goal`, `goal`, `focus_area`, `sdg` eller `coverage`"),
            "indicator": N_("Indikatorens nøkkel (indikatorer og dekning av en indikator)"),
            "name": N_(
                "Navnet på indikatoren; for en sammenstilling målet, satsingsområdet eller "
                "bærekraftsmålet; for dekning hva som mangler"
            ),
            "goal": N_("Målene, skilt med ` | `; for dekning målet eller bærekraftsdelmålet"),
            "focus_area": N_("Satsingsområdene, skilt med ` | `"),
            "period": N_("Perioden til verdien som er vurdert, eller året"),
            "value": N_("Verdien som er vurdert"),
            "display": N_("Verdien slik den skrives"),
            "threshold_status": N_("Terskelen: `met`, `not_met`, `no_rule` eller `no_data`"),
            "band_status": N_("Nivået: `desired`, `acceptable`, `not_acceptable` eller tom"),
            "progress_status": N_("Fremdriften mot målet (Open SDG-metoden)"),
            "score": N_("Fremdriftspoeng fra -5 til 5; gjennomsnittet for en sammenstilling"),
            "progress_value": N_("Vekst eller forholdstall i fremdriftsmålingen"),
            "trend": N_("Trenden siden forrige måling"),
            "eurostat_short_term": N_("Eurostats trendkategori på kort sikt (5 år)"),
            "eurostat_long_term": N_("Eurostats trendkategori på lang sikt (15 år)"),
            "outcome": N_("Vurderingen av indikatoren"),
            "attainment": N_("Måloppnåelsen i en sammenstilling"),
            "counts": N_("Vurderingene i en sammenstilling talt opp (JSON-tekst)"),
            "reason": N_("Begrunnelsen i ord, på språket filen ble laget på"),
            "reason_parts": N_(
                "Begrunnelsen som data: setninger av ledd `{message, params}` (JSON-tekst)"
            ),
        },
    ),
}


@dataclass(frozen=True)
class PlanFacts:
    title: str
    adopted: bool
    date: str | None
    year: int


def readme(name: str, code: str, files: list[str], plan: PlanFacts | None) -> str:
    """README.md describing `files` (names from FILES) and their columns."""
    lines = [
        "# " + _("Åpne data for {name} ({code})").format(name=name, code=code),
        "",
        _(
            "Alle data sdgplan har om {name}, som CSV-filer: UTF-8, komma mellom feltene, én "
            "overskriftsrad og punktum som desimaltegn. Tekst som et regneark ville lest som "
            "en formel, har en apostrof foran."
        ).format(name=name),
        "",
    ]
    if plan is None:
        lines += [_("Ingen plan er lagret, så filene om planen og vurderingen mangler."), ""]
    else:
        version = _("vedtatt") if plan.adopted else _("forslag")
        lines += [
            _("Planen: {title}, {version}").format(title=plan.title, version=version)
            + (f" ({plan.date})." if plan.date else "."),
            "",
        ]
    for file in files:
        about, columns = FILES[file]
        text = _(about).format(year=plan.year) if plan else _(about)
        heading = "| {} | {} |".format(_("kolonne"), _("innhold"))
        lines += [f"## {file}", "", text, "", heading, "|---|---|"]
        lines += [f"| `{column}` | {_cell(_(meaning))} |" for column, meaning in columns.items()]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")
