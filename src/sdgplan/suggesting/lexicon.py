"""Words of Norwegian municipal planning that the SDG texts do not use, each with words that
they do use (Norwegian or English).

Origin: written by hand for sdgplan (issue 15) from the vocabulary of Norwegian municipal
master plans (kommuneplan, planstrategi) and the sectors of a municipality, mapped to the
wording of the UN targets. It is a general list, not fitted to any one plan's lines; the
benchmark (`benchmarks/suggest_targets.py`) reports the suggester with and without it.
Keys are Norwegian words in any form (they are stemmed); a compound of a key counts too
(`nærmiljøanlegg` has `nærmiljø` as a part only when both are words the splitter knows).
"""

from __future__ import annotations

LEXICON: dict[str, str] = {
    # education and childhood
    "barnehage": "førskoleopplæring early childhood pre-primary",
    "skole": "grunnskole education utdanning",
    "elev": "grunnskole education learners",
    "lærling": "technical vocational skills yrkesfaglig",
    "yrkesfag": "technical vocational skills",
    "frafall": "complete education fullføre",
    # health and welfare
    "folkehelse": "health well-being helse velvære",
    "psykisk": "mental health",
    "rus": "substance abuse rusmisbruk",
    "vaksine": "vaccine vaksiner",
    "eldre": "older persons",
    "aldersvennlig": "older persons",
    "universell": "accessible tilgjengelige disabilities",
    "utenforskap": "social inclusion inkludering",
    "integrering": "inclusion migrants",
    "lavinntekt": "poverty fattigdom income",
    "barnefattigdom": "poverty fattigdom children",
    "likestilling": "gender equality",
    "vold": "violence",
    "kriminalitet": "violence crime",
    # settlements, transport, housing
    "kollektiv": "public transport transportsystemer",
    "kollektivtransport": "public transport transportsystemer",
    "sykkel": "transport road",
    "syklende": "transport road",
    "gående": "transport road",
    "trafikk": "road traffic safety",
    "vei": "road infrastructure",
    "bolig": "housing adequate affordable",
    "tettsted": "urbanization human settlements",
    "stedsutvikling": "urbanization human settlements planning",
    "arealplan": "settlement planning land",
    "sentrum": "urban cities",
    "møteplass": "public spaces",
    "grøntområde": "green public spaces",
    "friluftsliv": "green public spaces",
    "kulturminne": "cultural heritage",
    "kulturmiljø": "cultural heritage",
    # environment, climate, resources
    "naturmangfold": "biodiversity biological diversity",
    "støy": "pollution forurensning",
    "avløp": "wastewater sanitation",
    "renovasjon": "waste management",
    "gjenvinning": "recycling reuse",
    "ombruk": "reuse recycling",
    "sirkulær": "waste recycling reuse resource efficiency",
    "klimagass": "greenhouse gas emissions",
    "klimatilpasning": "climate change adaptation",
    "overvann": "flood water disasters",
    "beredskap": "disaster risk resilience",
    "jordvern": "land degradation agricultural",
    "matjord": "land agricultural food",
    "kyst": "coastal marine ecosystems",
    "fjord": "coastal marine ecosystems",
    "vassdrag": "freshwater ecosystems",
    "fornybar": "renewable energy",
    "solenergi": "renewable energy",
    "anskaffelse": "public procurement",
    "innkjøp": "public procurement",
    # economy, work, democracy, digital
    "næringsliv": "enterprises entrepreneurship",
    "arbeidsplass": "employment decent work jobs",
    "gründer": "entrepreneurship enterprises",
    "arbeidsmiljø": "safe working environments labour rights",
    "digitalisering": "information communications technology",
    "digital": "information communications technology internet",
    "bredbånd": "internet",
    "frivillighet": "civil society partnerships",
    "frivillig": "civil society",
    "medvirkning": "participatory decision-making",
    "lokaldemokrati": "participatory representative decision-making",
}
