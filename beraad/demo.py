"""A filled example session: realistic case 1 of the domain notes, with invented people.

`beraad demo && beraad export <id>` shows a newcomer or a trainer a real verslag in a
minute. Every name, address and number below is invented; they are there on purpose,
so the verslag shows what the anonymiser does with them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from beraad.model.bottleneck import SOURCES, Bottleneck
from beraad.model.method import ChecklistField, Method
from beraad.model.session import Session

PARTICIPANTS = [
    ("Sanne Willems", "klantmanager"),
    ("Youssef Amrani", "handhaver"),
    ("Marieke de Boer", "wijkteammedewerker"),
    ("Tom Verhoef", "schuldhulpverlener"),
]


def session(method: Method, day: date) -> Session:
    demo = Session.start(
        method,
        "Uitkering gestopt na vlucht voor huiselijk geweld",
        day,
        PARTICIPANTS,
        case_presenter=0,
        team="Team Werk en Inkomen Noord",
        facilitator="Petra Hoekstra",
    )
    demo.case_people = ["Linda Bakker", "Ricardo Bakker"]
    values: dict[str, dict[str, Any]] = {
        "opening": {
            "doelen": "Begrijpen waarom ieder afzonderlijk 'goed' handelde en het toch misging; leren waar onze ruimte zit.",
            "afspraken": [
                item for f in method.step("opening").fields if isinstance(f, ChecklistField) for item in f.items
            ],
            "verslag": "Het team; de knelpunten gaan na vaststelling naar de teamleider en beleid.",
        },
        "casus": {
            "verhaal": (
                "Mevrouw Linda Bakker vlucht op advies van de politie met haar twee kinderen naar haar zus in Zeist, "
                "weg van haar partner Ricardo. Ze geeft het nieuwe adres (Dorpsstraat 14b, 3701 AB Zeist) niet door; "
                "ze is bang dat Ricardo het vindt. Een anonieme tip meldt dat ze niet meer op de Kerkstraat 12 woont. "
                "De handhaver stelt vast dat ze elders verblijft; de uitkering wordt stopgezet en er volgt een boete "
                "wegens schending van de inlichtingenplicht (dossier WI-2024-00815). Ze loopt huurachterstand op en "
                "krijgt een ontruimingsaanzegging. Ieder deed 'wat moest', en toch staat zij met haar kinderen op straat. "
                "Ze is bereikbaar op 06-12345678."
            ),
            "hittepunt": "Het moment dat Sanne de stopzetting moest tekenen, terwijl zij wist waarom mevrouw gevlucht was.",
        },
        "verheldering": {
            "feiten": [
                "De politie had het vertrek geadviseerd; dat stond niet in het dossier.",
                "Veilig Thuis was betrokken, maar de gemeente wist dat niet.",
                "Mevrouw had het adres bewust niet doorgegeven uit angst.",
                "De boete is opgelegd zonder gesprek met mevrouw.",
            ]
        },
        "dilemma": {
            "vraag": "Moet ik de uitkering stopzetten omdat de regels dat vragen, of doorbetalen omdat haar veiligheid voorgaat?",
            "opties": [
                {
                    "optie": "Stopzetten en terugvorderen",
                    "schade": "Zij en haar kinderen verliezen inkomen en woning; vertrouwen in de gemeente weg.",
                },
                {
                    "optie": "Doorbetalen ondanks de overtreding",
                    "schade": "Ik handel in strijd met de regels en met gelijke behandeling.",
                },
                {
                    "optie": "Opschorten en eerst in gesprek",
                    "schade": "Tijdelijke onzekerheid, en ik neem een risico richting handhaving.",
                },
            ],
        },
        "perspectieven": {
            "tabel": [
                {
                    "Perspectief": "Mevrouw",
                    "Waarde": "veiligheid, bestaanszekerheid",
                    "Norm": "Inkomen loopt door zolang zij veilig moet wonen",
                },
                {"Perspectief": "Kinderen", "Waarde": "stabiliteit", "Norm": "Geen ontruiming door een regel"},
                {
                    "Perspectief": "Klantmanager",
                    "Waarde": "menselijke maat",
                    "Norm": "Eerst het gesprek, dan de beslissing",
                },
                {
                    "Perspectief": "Handhaving",
                    "Waarde": "rechtmatigheid",
                    "Norm": "De inlichtingenplicht geldt voor iedereen",
                },
                {
                    "Perspectief": "Gemeente",
                    "Waarde": "rechtszekerheid, vertrouwen",
                    "Norm": "Gebruik de hardheidsclausule waar de wet knelt",
                },
                {
                    "Perspectief": "Wetgever",
                    "Waarde": "doelmatigheid",
                    "Norm": "Bijstand alleen voor wie er recht op heeft",
                },
            ]
        },
        "alternatieven": {
            "lijst": [
                "Uitkering opschorten in plaats van beëindigen",
                "Awb art. 4:84 toepassen: afwijken van de beleidsregel bij onevenredige gevolgen",
                "Contact met Veilig Thuis vóór een besluit",
                "Afzien van de boete wegens dringende redenen",
                "Geheim adres registreren via de procedure voor vluchtende inwoners",
            ]
        },
        "afweging": {
            "afwegingen": {
                "d1": {
                    "Ik vind het juist om": "de uitkering op te schorten en eerst het gesprek te voeren",
                    "omdat (waarde)": "menselijke maat en veiligheid",
                    "Daardoor kan ik niet (schade)": "de regel letterlijk en snel toepassen",
                    "Die schade beperk ik door": "het besluit goed te motiveren",
                    "Wat ik daarvoor nodig heb": "steun van de teamleider",
                },
                "d2": {
                    "Ik vind het juist om": "de overtreding vast te leggen",
                    "omdat (waarde)": "rechtmatigheid en gelijke behandeling",
                    "Daardoor kan ik niet (schade)": "de omstandigheden volledig laten meewegen",
                    "Die schade beperk ik door": "de boete te matigen wegens dringende redenen",
                    "Wat ik daarvoor nodig heb": "duidelijke ruimte in de beleidsregel",
                },
                "d3": {
                    "Ik vind het juist om": "door te betalen tot zij veilig woont",
                    "omdat (waarde)": "bestaanszekerheid van de kinderen",
                    "Daardoor kan ik niet (schade)": "handhaving volgen",
                    "Die schade beperk ik door": "samen met handhaving een plan te maken",
                    "Wat ik daarvoor nodig heb": "een snelle lijn met Veilig Thuis",
                },
                "d4": {
                    "Ik vind het juist om": "de schuld niet te laten oplopen",
                    "omdat (waarde)": "toekomstperspectief",
                    "Daardoor kan ik niet (schade)": "wachten op het bezwaar",
                    "Die schade beperk ik door": "direct een betalingsregeling voor de huur te regelen",
                    "Wat ik daarvoor nodig heb": "toestemming om vroeg in te grijpen",
                },
            }
        },
        "dialoog": {
            "eens": ["Veiligheid van mevrouw en de kinderen gaat voor", "Het besluit kwam te snel, zonder gesprek"],
            "verschillen": ["Hoe zwaar de overtreding weegt", "Of handhaving en hulp bij dezelfde persoon passen"],
            "aard": "Vooral over waarden (rechtmatigheid tegenover menselijke maat); over feiten waren we het eens.",
        },
        "conclusie": {
            "conclusies": (
                "Wij gebruiken de ruimte die er is (opschorten, Awb art. 4:84, matigen van de boete) te weinig. "
                "De werkwijze rond de inlichtingenplicht houdt geen rekening met vluchtende inwoners."
            ),
            "acties": [
                {
                    "wat": "Casus terugleggen bij handhaving en samen het besluit heroverwegen",
                    "wie": "klantmanager",
                    "wanneer": "binnen twee weken",
                },
                {"wat": "Werkafspraak met Veilig Thuis opstellen", "wie": "teamleider", "wanneer": "voor 1 maart"},
                {"wat": "Knelpunt agenderen bij beleid", "wie": "gespreksleider", "wanneer": "na vaststelling verslag"},
            ],
            "signalen": ["Inlichtingenplicht bij vlucht", "Geen gesprek vóór stopzetting"],
        },
        "evaluatie": {
            "doelen_bereikt": "Ja: we zien nu waar de ruimte zat.",
            "hielp": ["De persoonlijke afweging in stilte", "Het perspectief van de kinderen"],
            "anders": ["Meer tijd voor de dialoog"],
            "score": {"d1": 5, "d2": 4, "d3": 4, "d4": 5},
            "volgende_keer": "Over zes maanden kijken wat er met de knelpunten is gebeurd.",
        },
    }
    for step_id, fields in values.items():
        for field_id, value in fields.items():
            demo.set_value(step_id, field_id, value)
    demo.bottlenecks = [
        Bottleneck(
            id="k1",
            title="Inlichtingenplicht houdt geen rekening met vlucht voor huiselijk geweld",
            description="Wie op advies van de politie vlucht en het adres niet doorgeeft, verliest de uitkering en krijgt een boete.",
            sources=[SOURCES[0], SOURCES[2]],
            regulation="Participatiewet art. 17 (inlichtingenplicht), art. 18 lid 1",
            effect="Inkomensverlies, schulden en dreigende dakloosheid voor een gezin dat net veilig is.",
            subsistence=True,
            discretion="nee",
            recurrence="vermoedelijk structureel",
            addressee="beleid",
            step_id="conclusie",
            actions=["Knelpunt agenderen bij beleid"],
        ),
        Bottleneck(
            id="k2",
            title="Handhaving besluit zonder gesprek en zonder informatie van Veilig Thuis",
            description="Signalen van Veilig Thuis en politie komen niet bij de klantmanager of handhaver terecht.",
            sources=[SOURCES[5], SOURCES[4]],
            regulation="Awb art. 4:84; AVG (gegevensdeling)",
            effect="Besluiten op onvolledige informatie; inwoners voelen zich niet gehoord.",
            subsistence=True,
            discretion="onduidelijk",
            recurrence="vermoedelijk structureel",
            addressee="management",
            step_id="verheldering",
            actions=["Werkafspraak met Veilig Thuis opstellen"],
        ),
    ]
    demo.go_to("evaluatie")
    demo.status = "afgerond"
    demo.timer_running = False  # as finishing leaves it
    for step, seconds in zip(method.steps, (300, 620, 580, 700, 900, 320, 960, 610, 540, 300), strict=False):
        demo.add_elapsed(step.id, seconds)
    return demo
