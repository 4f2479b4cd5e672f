"""A hard, realistic session for whole-session tests of the anonymised verslag.

A resident of Eritrean origin (the only person listed in the case), her son, her
ex-partner, a neighbour, a school, a GP practice, a mosque and a sports club, and
numbers typed the way people type them. One text per field of the dilemmamethode
(the ids in methods/dilemmamethode.toml) and one knelpunt. Everything is invented.

    from tests import hard_session
    session = hard_session.session(method, day)        # a filled Session
    hard_session.NEVER                                 # must appear in no output
    hard_session.texts()                               # every text, for engine tests

NEVER lists every identifier that must never appear in any output (md, html, docx,
signaal, review preview), compared case-insensitively as whole words. Some are
found only as *mogelijk herleidbaar*: an export may only happen after the review
decided on them, so a test should replace what Result.possible lists (or decide
"vervangen" on each) before it checks NEVER.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

PARTICIPANTS = [
    ("Sanne Willems", "klantmanager"),
    ("Youssef Amrani", "handhaver"),
    ("Marieke de Boer", "wijkteammedewerker"),
    ("Tom Verhoef", "schuldhulpverlener"),
]
FACILITATOR = "Petra Hoekstra"
CASE_PEOPLE = ["Semhar Tesfamariam"]  # the son, the ex-partner and the neighbour nobody listed
TITLE = "Uitkering stopgezet na vlucht voor ex-partner"
TEAM = "Team Werk en Inkomen West"

VALUES: dict[str, dict[str, Any]] = {
    "opening": {
        "doelen": "Begrijpen waar de ruimte zat toen Sanne de stopzetting voor mw. Tesfamariam moest tekenen.",
        "verslag": "Het team; de knelpunten gaan na vaststelling naar beleid.",
    },
    "terugblik": {
        "meenemen": "Vorige keer zei Semhar dat Dawit haar niet met rust liet; we vragen na of Yonas nog op De Regenboog zit.",
    },
    "casus": {
        "verhaal": (
            "Semhar Tesfamariam (34, geb. 12-04-1990) kwam in 2015 uit Eritrea. Ze woonde met haar zoon Yonas (8) "
            "op de Bos en Lommerweg 201-H, 1055 EC Amsterdam. Haar ex-partner Dawit Haile stond steeds voor de deur; "
            "op advies van de politie vluchtte ze naar een kamer bij de buurvrouw van haar zus, Agnieszka Kowalczyk, "
            "in de Van Speijkstraat 45 3 hoog. Agnieszka belde later zelf met het wijkteam. Semhars nieuwe adres "
            "gaf ze niet door: Dawit mocht het niet vinden. Een anonieme tip (via 06 - 12 34 56 78) meldde dat ze "
            "er niet meer woonde. De handhaver stopte de uitkering (dossier 2024/WMO/0815, zaak TV-2024-11873) en "
            "legde een boete op. Yonas zit op basisschool De Regenboog en voetbalt bij SV Hoograven; hij is "
            "ingeschreven bij Huisartsenpraktijk Lombok. Mevrouw T. is bereikbaar op +291 7 123 456 (familie) en "
            "0612 34 56 79, e-mail semhar.t@outlook.com. BSN 12 34 56 782, rekening NL91 ABNA 0417 1643 00."
        ),
        "hittepunt": "Het moment dat Sanne de stopzetting moest tekenen, terwijl zij wist dat Semhar op de vlucht was voor Dawit.",
    },
    "verheldering": {
        "feiten": [
            "De politie had het vertrek geadviseerd; dat stond niet in dossier 2024/WMO/0815.",
            "Agnieszka Kowalczyk heeft Semhar en Yonas twee maanden opgevangen.",
            "Dawits moeder belde de klantmanager om te vragen waar Semhar woonde.",
            "De juf van Yonas op De Regenboog zag dat hij niet meer sliep.",
            "De huisarts van Huisartsenpraktijk Lombok verwees naar Veilig Thuis (melding VT-23-004512).",
        ]
    },
    "dilemma": {
        "vraag": "Moet ik de uitkering van mw. Tesfamariam stopzetten omdat de regels dat vragen, of doorbetalen omdat haar veiligheid voorgaat?",
        "opties": [
            {
                "optie": "Stopzetten en terugvorderen",
                "schade": "Semhar en Yonas verliezen inkomen en woning; het vertrouwen in de gemeente is weg.",
            },
            {
                "optie": "Doorbetalen ondanks de overtreding",
                "schade": "Ik handel in strijd met de regels; Dawit Haile kan via de stukken het adres achterhalen.",
            },
        ],
    },
    "perspectieven": {
        "tabel": [
            {"Perspectief": "Semhar", "Waarde": "veiligheid", "Norm": "Haar adres blijft geheim voor Dawit"},
            {"Perspectief": "Yonas (8)", "Waarde": "stabiliteit", "Norm": "Hij blijft op De Regenboog"},
            {"Perspectief": "Agnieszka", "Waarde": "burenhulp", "Norm": "Wie helpt, wordt niet gestraft"},
            {
                "Perspectief": "Handhaving",
                "Waarde": "rechtmatigheid",
                "Norm": "De inlichtingenplicht geldt voor iedereen",
            },
            {"Perspectief": "Gemeente", "Waarde": "menselijke maat", "Norm": "Gebruik Awb art. 4:84 waar de wet knelt"},
        ]
    },
    "alternatieven": {
        "lijst": [
            "Uitkering opschorten in plaats van beëindigen",
            "Geheim adres registreren, zodat Dawit Haile het niet vindt",
            "Contact met Veilig Thuis vóór een besluit over Semhar",
            "Boete matigen; zaak TV-2024-11873 heropenen",
        ]
    },
    "afweging": {
        "afwegingen": {
            "d1": {
                "Ik vind het juist om": "de uitkering van Semhar op te schorten en eerst het gesprek te voeren",
                "omdat (waarde)": "menselijke maat en veiligheid",
                "Daardoor kan ik niet (schade)": "de regel letterlijk toepassen",
                "Die schade beperk ik door": "het besluit goed te motiveren",
                "Wat ik daarvoor nodig heb": "steun van de teamleider",
            },
            "d2": {
                "Ik vind het juist om": "de overtreding vast te leggen",
                "omdat (waarde)": "rechtmatigheid",
                "Daardoor kan ik niet (schade)": "rekening houden met Dawit als dreiging",
                "Die schade beperk ik door": "de boete te matigen",
                "Wat ik daarvoor nodig heb": "ruimte in de beleidsregel",
            },
            "d3": {
                "Ik vind het juist om": "door te betalen tot Semhar en Yonas veilig wonen",
                "omdat (waarde)": "bestaanszekerheid",
                "Daardoor kan ik niet (schade)": "handhaving volgen",
                "Die schade beperk ik door": "met Agnieszka en de school af te stemmen",
                "Wat ik daarvoor nodig heb": "een lijn met Veilig Thuis",
            },
            "d4": {
                "Ik vind het juist om": "de schuld niet te laten oplopen",
                "omdat (waarde)": "toekomstperspectief",
                "Daardoor kan ik niet (schade)": "wachten op het bezwaar",
                "Die schade beperk ik door": "een betalingsregeling voor NL91 ABNA 0417 1643 00",
                "Wat ik daarvoor nodig heb": "toestemming om vroeg in te grijpen",
            },
        }
    },
    "dialoog": {
        "eens": ["De veiligheid van Semhar en Yonas gaat voor", "Het besluit kwam te snel"],
        "verschillen": ["Hoe zwaar de overtreding weegt", "Of we Agnieszka Kowalczyk mochten bellen"],
        "aard": "Vooral over waarden; over de feiten rond Dawit waren we het eens.",
    },
    "conclusie": {
        "conclusies": (
            "Wij gebruiken de ruimte (opschorten, Awb art. 4:84) te weinig. De werkwijze rond de "
            "inlichtingenplicht houdt geen rekening met vluchtende inwoners zoals mevrouw T."
        ),
        "acties": [
            {
                "wat": "Dossier 2024/WMO/0815 terugleggen bij handhaving",
                "wie": "klantmanager",
                "wanneer": "binnen twee weken",
            },
            {"wat": "Werkafspraak met Veilig Thuis opstellen", "wie": "teamleider", "wanneer": "voor 1 maart"},
        ],
        "signalen": ["Inlichtingenplicht bij vlucht", "Geen gesprek vóór stopzetting"],
    },
    "evaluatie": {
        "doelen_bereikt": "Ja: we zien nu waar de ruimte zat voor Semhar.",
        "hielp": ["De persoonlijke afweging in stilte", "Het perspectief van Yonas"],
        "anders": ["Meer tijd voor de dialoog"],
        "score": {"d1": 5, "d2": 4, "d3": 4, "d4": 5},
        "volgende_keer": "Over zes maanden kijken wat er met de knelpunten is gebeurd.",
    },
}

BOTTLENECK: dict[str, Any] = {
    "id": "k1",
    "title": "Inlichtingenplicht houdt geen rekening met vlucht voor een ex-partner",
    "description": (
        "Semhar Tesfamariam gaf haar adres niet door omdat Dawit Haile haar zocht; de uitkering werd gestopt "
        "(dossier 2024/WMO/0815). Haar buurvrouw Agnieszka ving haar op in de Van Speijkstraat 45 3 hoog."
    ),
    "sources": [],
    "regulation": "Participatiewet art. 17 (inlichtingenplicht), art. 18 lid 1",
    "effect": "Yonas (8) moest van De Regenboog af; inkomensverlies en schulden voor een gezin dat net veilig is.",
    "subsistence": True,
    "discretion": "nee",
    "recurrence": "vermoedelijk structureel",
    "addressee": "beleid",
    "step_id": "conclusie",
}

# Every identifier in the session that must never appear in any output.
NEVER = [
    # people: the listed resident in every form, and everyone nobody listed
    "Semhar", "Semhars", "Tesfamariam", "mw. Tesfamariam", "mevrouw T.", "Yonas", "Dawit", "Dawits", "Haile",
    "Agnieszka", "Kowalczyk",
    # participants and the facilitator
    "Sanne", "Willems", "Youssef", "Amrani", "Marieke", "Boer", "Verhoef", "Petra", "Hoekstra",
    # addresses and postcodes, with their additions and city
    "Bos en Lommerweg", "Lommerweg", "201-H", "1055 EC", "Van Speijkstraat", "Speijkstraat",
    # schools, GP practice, club
    "Regenboog", "Hoograven", "Lombok",
    # numbers typed the way people type them
    "12-04-1990", "2024/WMO/0815", "TV-2024-11873", "VT-23-004512", "06 - 12 34 56 78", "12 34 56 78",
    "+291 7 123 456", "7 123 456", "0612 34 56 79", "semhar.t@outlook.com", "12 34 56 782",
    "NL91 ABNA 0417 1643 00", "0417 1643",
]  # fmt: skip


def texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text in the session: each field value and the knelpunt."""
    for step_id, fields in VALUES.items():
        for field_id, value in fields.items():
            yield from _strings(f"{step_id}.{field_id}", value)
    for key in ("title", "description", "regulation", "effect"):
        yield f"knelpunt.{key}", BOTTLENECK[key]


def _strings(where: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(f"{where}[{n}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(f"{where}.{key}", item)


def session(method: Any, day: date) -> Any:
    """The hard session as a beraad Session (method: the dilemmamethode)."""
    from beraad.model.bottleneck import Bottleneck
    from beraad.model.session import Session

    filled = Session.start(method, TITLE, day, PARTICIPANTS, case_presenter=0, team=TEAM, facilitator=FACILITATOR)
    filled.case_people = list(CASE_PEOPLE)
    for step_id, fields in VALUES.items():
        for field_id, value in fields.items():
            filled.set_value(step_id, field_id, value)
    filled.bottlenecks = [Bottleneck(**BOTTLENECK)]
    return filled
