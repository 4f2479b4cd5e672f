"""An anonymisation test set: invented snippets from the social domain, every direct
identifier labelled. (text, must not appear in the output, must stay, known people)

All names, numbers and addresses are invented. Known people are listed as
(name, pseudonym) the way a session lists participants and people in the case.
"""

PARTICIPANTS = [("Anna de Groot", "deelnemer 1"), ("Bram Visser", "deelnemer 2"), ("Carla Smit", "deelnemer 3")]
CASE_PEOPLE = [("Fatima El Amrani", "persoon 1"), ("Kees van der Berg", "persoon 2"), ("Lisa Jansen", "persoon 3")]
KNOWN = PARTICIPANTS + CASE_PEOPLE
MUNICIPALITIES = ["Utrecht", "Almere", "Amsterdam"]

CASES: list[tuple[str, list[str], list[str]]] = [
    # Known names in all their forms
    ("Anna de Groot bracht de casus in.", ["Anna", "Groot"], []),
    ("A. de Groot heeft de casus voorbereid met B. Visser.", ["Groot", "Visser"], []),
    ("A.P. de Groot en mw. De Groot zijn dezelfde klantmanager.", ["Groot"], ["klantmanager"]),
    ("Volgens Anna's collega was het dossier onvolledig.", ["Anna"], []),
    ("Mevrouw El Amrani vluchtte op advies van de politie naar haar zus.", ["Amrani"], ["politie"]),
    ("Fatima belde in paniek; mw. El Amrani had geen geld voor boodschappen.", ["Fatima", "Amrani"], []),
    ("Dhr. van der Berg kreeg een boete van de handhaver.", ["Berg"], ["handhaver"]),
    ("Kees vertelde dat Van der Berg al twee maanden geen inkomen had.", ["Kees", "Berg"], []),
    (
        "Lisa's moeder durft haar zoon niet in huis te nemen vanwege de kostendelersnorm.",
        ["Lisa"],
        ["kostendelersnorm"],
    ),
    ("meneer visser en carla smit waren het niet eens.", ["visser", "carla", "smit"], []),
    (
        "Bram Visser (Wmo-consulent) vond dat de Wmo 2015 meer ruimte gaf.",
        ["Bram", "Visser"],
        ["Wmo-consulent", "Wmo 2015"],
    ),
    # Names nobody listed (deduce)
    ("Haar ex-partner, Mohamed Bouzid, wist niet waar ze woonde.", ["Mohamed", "Bouzid"], []),
    ("De buurvrouw, mevrouw Hendriks, had de tip gegeven.", ["Hendriks"], []),
    ("Jan de Vries van het wijkteam nam contact op met Veilig Thuis.", ["Jan de Vries"], ["wijkteam", "Veilig Thuis"]),
    # BSN
    ("Haar BSN is 123456782.", ["123456782"], []),
    ("BSN: 1234.56.782 staat op de beschikking.", ["1234.56.782"], []),
    ("Het burgerservicenummer 111222333 bleek niet te kloppen.", ["111222333"], []),
    ("Zijn sofinummer was 987654321 volgens het UWV.", ["987654321"], ["UWV"]),
    # IBAN
    ("De huur wordt betaald van NL91 ABNA 0417 1643 00.", ["NL91 ABNA 0417 1643 00", "0417"], []),
    (
        "Rekening NL20INGB0001234567 is geblokkeerd door de Belastingdienst.",
        ["NL20INGB0001234567"],
        ["Belastingdienst"],
    ),
    # Phone numbers
    ("Bel haar op 06-12345678 of 06 1234 5678.", ["12345678", "1234 5678"], []),
    ("Het nummer is +31 6 12345678, ook bereikbaar via +31612345679.", ["12345678", "612345679"], []),
    ("Kantoor: (030) 123 45 67, of 030-1234568, of 0031 30 1234569.", ["123 45 67", "1234568", "1234569"], []),
    ("De bewindvoerder is bereikbaar op 0591-123456.", ["123456"], ["bewindvoerder"]),
    ("Bel 020 123 4567 voor een afspraak met de klantmanager.", ["123 4567"], ["klantmanager"]),
    # E-mail
    ("Mail de stukken naar f.elamrani83@gmail.com voor vrijdag.", ["elamrani83", "gmail"], []),
    ("Ze schreef vanaf jan.devries@hotmail.nl aan de gemeente.", ["devries@hotmail"], ["gemeente"]),
    # Postcode and address
    ("Ze woont op de Kerkstraat 12-3, 3511 AB in een kamer.", ["Kerkstraat", "3511 AB"], []),
    ("Nieuw adres: Lange Nieuwstraat 7b 3 hoog, 3512pd.", ["Nieuwstraat", "3512pd"], []),
    ("Hij sliep op de Oudegracht 214 bis bij een vriend.", ["Oudegracht"], []),
    ("De woning aan de Laan van Meerdervoort 1020 unit 4 werd ontruimd.", ["Meerdervoort", "1020"], []),
    ("Sinds maart woont ze aan de Van Speijkstraat 45 huis in Almere.", ["Speijkstraat"], ["Almere"]),
    # Dates of birth
    ("Mevrouw is geboren op 12-03-1985 en heeft drie kinderen.", ["12-03-1985"], []),
    ("Geb. 04/07/1999, woonachtig in Utrecht.", ["04/07/1999"], ["Utrecht"]),
    ("Geboortedatum: 3 januari 2001 volgens de Jeugdwet-aanvraag.", ["3 januari 2001"], ["Jeugdwet"]),
    # Case, dossier, zaak and klant numbers
    ("Dossier WI-2024-00815 is gesloten door de klantmanager.", ["WI-2024-00815", "00815"], ["klantmanager"]),
    (
        "Zaaknummer Z/24/007731 staat bij de Centrale Raad van Beroep.",
        ["Z/24/007731", "007731"],
        ["Centrale Raad van Beroep"],
    ),
    ("Klantnummer: 20240815 en relatienummer 77-001234.", ["20240815", "001234"], []),
    ("Het kenmerk van de terugvordering is BD/2023/55501 van Toeslagen.", ["55501"], ["Toeslagen"]),
    (
        "Aanvraag nr. SHV-2024-0042 voor schuldhulp werd afgewezen op grond van de Wgs.",
        ["SHV-2024-0042", "0042"],
        ["Wgs"],
    ),
    # Laws, articles, bodies and roles survive
    (
        "Participatiewet art. 18 lid 1 biedt ruimte; Awb art. 4:84 ook.",
        [],
        ["Participatiewet art. 18 lid 1", "Awb art. 4:84"],
    ),
    ("De Wsnp en de NVVK-modules kwamen aan bod, net als de Awir.", [], ["Wsnp", "NVVK-modules", "Awir"]),
    (
        "UWV, SVB, DUO en het CAK wisselen gegevens uit met de gemeente Amsterdam.",
        [],
        ["UWV", "SVB", "DUO", "CAK", "Amsterdam"],
    ),
    (
        "De leerplichtambtenaar en de procesregisseur spraken met de mantelzorgconsulent.",
        [],
        ["leerplichtambtenaar", "procesregisseur", "mantelzorgconsulent"],
    ),
    ("Participatiewet art. 22a en art. 41 lid 4 raken jongeren tot 27 jaar.", [], ["art. 22a", "art. 41 lid 4"]),
    # Mixed, as a case narrative reads
    (
        "Op 14 februari 2024 meldde Kees van der Berg (06-87654321) zich bij het wijkteam in Almere; "
        "zijn dossier WI-2023-01177 bij de klantmanager liep al sinds de scheiding.",
        ["Kees", "Berg", "87654321", "01177", "14 februari 2024"],
        ["wijkteam", "Almere", "klantmanager"],
    ),
]
