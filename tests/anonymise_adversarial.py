"""The tuning set's part for issue 16: adversarial snippets of every kind the issue names
(relatives sharing a surname, letter case, shapes, invisible and look-alike characters,
forms of a known name, a participant's label by an initial alone, context, what must
stay), and more ordinary ones, made from invented families so that each trick is tried
on names of many origins. The held-out set (anonymise_held_out.py) is never tuned on.
"""

from __future__ import annotations

from tests.anonymise_labels import (
    ADDRESS,
    BIRTH,
    BSN,
    CONTEXT,
    EMAIL,
    HANDLE,
    NON_DUTCH,
    PERSON,
    PHONE,
    PLATE,
    POSTCODE,
    URL,
    Snippet,
)

SHY, ZW, NB, JOIN = "\u00ad", "\u200b", "\u00a0", "\u2060"
DUTCH_NAMES = {"Petra", "Jansen", "Emma", "Kees", "Linda", "Vries", "Sem", "Julia"}

# (resident as listed, relatives' first names, the relation of each)
FAMILIES = [
    ("Fatima Yilmaz", ("Emre", "Zeynep"), ("broer", "dochter")),
    ("Semra Kaya", ("Mert", "Elif"), ("zoon", "zus")),
    ("Hanna Tesfaye", ("Dawit", "Saba"), ("ex-man", "dochter")),
    ("Amina Warsame", ("Abdi", "Hodan"), ("broer", "moeder")),
    ("Olga Kowalczyk", ("Piotr", "Ania"), ("man", "dochter")),
    ("Rana Haddad", ("Omar", "Lina"), ("zoon", "zus")),
    ("Petra Jansen", ("Emma", "Kees"), ("dochter", "ex-man")),
    ("Linda de Vries", ("Sem", "Julia"), ("zoon", "dochter")),
    ("Nadia El Amrani", ("Bilal", "Sara"), ("broer", "dochter")),
    ("Iryna Bondar", ("Taras", "Sofiia"), ("man", "dochter")),
    ("Shanti Ramdin", ("Ravi", "Priya"), ("broer", "dochter")),
    ("Gloria Martina", ("Jurensley", "Naomi"), ("zoon", "zus")),
    ("Mei Chen", ("Wei", "Lin"), ("man", "dochter")),
    ("Zahra Ahmadi", ("Farid", "Maryam"), ("man", "dochter")),
    ("Ana Popescu", ("Mihai", "Ioana"), ("man", "dochter")),
    ("Grace Mensah", ("Kofi", "Ama"), ("broer", "dochter")),
]
PARTICIPANTS = (("Liesbeth Wouters", "deelnemer 1"), ("Gerrit Brouwer", "deelnemer 2"))


def _kind(name: str) -> str:
    return PERSON if name.strip(".").title() in DUTCH_NAMES or name in DUTCH_NAMES else NON_DUTCH


def _labelled(*names: str) -> list[tuple[str, str]]:
    return [(name, _kind(name)) for name in names]


def _parts(resident: str) -> tuple[str, str]:
    words = resident.split()
    return words[0], words[-1]


def _bsn(seed: int) -> str:
    """A number that passes the 11-test, made from seed (invented, as every number here)."""
    digits = [int(c) for c in f"{seed:08d}"[:8]]
    while True:
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        digits[-1] = (digits[-1] + 1) % 10


def _relatives() -> list[Snippet]:
    found = []
    for resident, (one, two), (rel_one, rel_two) in FAMILIES:
        first, surname = _parts(resident)
        known = ((resident, "persoon 1"),)
        fixed = ("@[persoon 1]",)
        found.append(
            Snippet(
                f"Haar {rel_one} {one} {surname} belde de klantmanager.",
                _labelled(one, surname),
                ["klantmanager"],
                known,
                ((one,), fixed),
                "relative",
            )
        )
        found.append(
            Snippet(
                f"{first} {surname} en haar {rel_two} {two} {surname} ({7 + len(two)}) kwamen samen op het spreekuur.",
                _labelled(first, surname, two),
                ["spreekuur"],
                known,
                ((first,), (two,)),
                "relative",
            )
        )
        found.append(
            Snippet(
                f"{two} {surname} tolkt voor {first}; {one} weet van niets.",
                _labelled(two, surname, first, one),
                [],
                known,
                ((two,), (first,), (one,)),
                "relative",
            )
        )
    return found


def _case() -> list[Snippet]:
    found = []
    for number, (resident, _, _) in enumerate(FAMILIES):
        first, surname = _parts(resident)
        known = ((resident, "persoon 1"),)
        if number % 2:
            text = f"{surname.upper()} belde twee keer; {first.upper()} was boos."
            found.append(Snippet(text, _labelled(surname.upper(), first.upper()), [], known, (), "case"))
        else:
            text = f"casus {surname.lower()}: {first.lower()} kreeg geen uitkering meer."
            found.append(Snippet(text, _labelled(surname.lower(), first.lower()), ["uitkering"], known, (), "case"))
    return found


def _characters() -> list[Snippet]:
    found = []
    cyrillic = str.maketrans("aeopcA", "аеорсА")
    for number, (resident, _, _) in enumerate(FAMILIES):
        first, surname = _parts(resident)
        known = ((resident, "persoon 1"),)
        middle = len(surname) // 2
        kinds = [
            (f"Mevrouw {surname[:middle]}{SHY}{surname[middle:]} belde over de huur.", surname),
            (f"{first[:2]}{ZW}{first[2:]} kwam te laat.", first),
            (
                f"{''.join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in surname)} stond op de envelop.",
                surname,
            ),
            (f"Het dossier van {surname.translate(cyrillic)} is dik.", surname),
        ]
        text, name = kinds[number % len(kinds)]
        found.append(Snippet(text, _labelled(name), [], known, (), "chars"))
    bsn = _bsn(2345678)
    found += [
        Snippet(f"Haar BSN is {bsn[:4]}{ZW}{bsn[4:]}.", [(bsn, BSN)], [], (), (), "chars"),
        Snippet(f"BSN{NB}{bsn[:3]}{NB}{bsn[3:6]}{NB}{bsn[6:]} op de brief.", [(bsn, BSN)], [], (), (), "chars"),
        Snippet(f"Bel 06{SHY}1234{SHY}5678 na vijven.", [("0612345678", PHONE)], [], (), (), "chars"),
        Snippet(f"Postcode 3512{NB}JK in de wijk.", [("3512 JK", POSTCODE)], [], (), (), "chars"),
        Snippet(f"Postcode 35{JOIN}12 JK in de wijk.", [("3512 JK", POSTCODE)], [], (), (), "chars"),
        Snippet("Zij heet Zeynep Yi\u0307lmaz volgens de brief.", _labelled("Zeynep"), [], (), (), "chars"),
        Snippet("Meneer Öztu\u0308rk belde; Öztürk had gelijk.", _labelled("Öztürk"), [], (), (), "chars"),
        Snippet("Bel ０６－８７６５４３２１ voor een afspraak.", [("0687654321", PHONE)], [], (), (), "chars"),
    ]
    return found


def _forms() -> list[Snippet]:
    found = []
    for number, (resident, _, _) in enumerate(FAMILIES):
        first, surname = _parts(resident)
        known = ((resident, "persoon 1"),)
        if len(first) >= 5:
            typo = first[:2] + first[3] + first[2] + first[4:]
            found.append(Snippet(f"{typo} {surname} belde opnieuw.", _labelled(typo, surname), [], known, (), "form"))
        elif len(surname) >= 5:
            typo = surname[:-2] + surname[-1]
            found.append(Snippet(f"Mevrouw {typo} belde opnieuw.", _labelled(typo), [], known, (), "form"))
        forms = [
            (f"Het {surname}-dossier ligt bij de handhaver.", [surname], ["handhaver"]),
            (f"{first}s zoon zit op school.", [first], []),
            (
                f"{first[0]}.{surname[0]}. belde; {first[0]}. {surname} had geen post.",
                [f"{first[0]}.{surname[0]}.", surname],
                [],
            ),
            (f"Mw. {surname} en {surname}s kinderen wachten.", [surname], []),
        ]
        text, names, keep = forms[number % len(forms)]
        found.append(Snippet(text, _labelled(*names), keep, known, (), "form"))
    return found


def _first_name_one_letter_off() -> list[Snippet]:
    """A listed first name typed as another real name one letter away ("Marian" for
    Mariam), before the listed surname: her, typed fast."""
    pairs = [("Johanna Visser", "Johanne"), ("Mariska Dekker", "Marisca"), ("Hamida Rahimi", "Hamid")]
    return [
        Snippet(
            f"{typo} {name.split()[-1]} belde opnieuw.",
            _labelled(typo, name.split()[-1]),
            [],
            ((name, "persoon 1"),),
            (),
            "form",
        )
        for name, typo in pairs
    ]


def _false_links() -> list[Snippet]:
    lines = [
        "Mevrouw W. van de school belde over de kinderen.",
        "Meneer B. van de woningcorporatie kwam langs.",
        "Mw. W. van het UWV had de brief gestuurd.",
        "De heer B. was er ook bij.",
        "Mevrouw L.W. van het wijkteam belde terug.",
        "Dhr. G.B. van de bewindvoering stuurde een mail.",
    ]
    return [Snippet(line, [], [], PARTICIPANTS, (), "false-link") for line in lines]


def _shapes() -> list[Snippet]:
    bsn_o = _bsn(1234567)
    with_o = bsn_o.replace("0", "O", 1) if "0" in bsn_o else bsn_o
    bsn_lines = _bsn(9876543)
    return [
        Snippet(
            "Haar profiel: instagram.com/semra.kaya_88.", [("instagram.com/semra.kaya_88", URL)], [], (), (), "shape"
        ),
        Snippet(
            "Zie facebook.com/emre.yilmaz.77 voor de foto's.",
            [("facebook.com/emre.yilmaz.77", URL)],
            [],
            (),
            (),
            "shape",
        ),
        Snippet(
            "Hij staat op linkedin.com/in/piotr-kowalczyk-12.",
            [("linkedin.com/in/piotr-kowalczyk-12", URL)],
            [],
            (),
            (),
            "shape",
        ),
        Snippet("Zijn account is @kofi.mensah99 op TikTok.", [("@kofi.mensah99", HANDLE)], [], (), (), "shape"),
        Snippet("Ze stuurde een bericht vanaf @zahra_ahm.", [("@zahra_ahm", HANDLE)], [], (), (), "shape"),
        Snippet(
            "Mail naar r.haddad(at)gmail.com voor vrijdag.", [("r.haddad(at)gmail.com", EMAIL)], [], (), (), "shape"
        ),
        Snippet(
            "Haar mail: amina.w [at] hotmail [dot] com.", [("amina.w", EMAIL), ("hotmail", EMAIL)], [], (), (), "shape"
        ),
        Snippet("Schrijf naar shanti punt ramdin apenstaartje ziggo punt nl.", [("ziggo", EMAIL)], [], (), (), "shape"),
        Snippet("De auto, 34-KLT-9, stond voor de deur.", [("34-KLT-9", PLATE)], [], (), (), "shape"),
        Snippet("Zijn busje met kenteken VX-123-B is weg.", [("VX-123-B", PLATE)], [], (), (), "shape"),
        Snippet("Kenteken 1-ZHK-45 staat op haar naam.", [("1-ZHK-45", PLATE)], [], (), (), "shape"),
        Snippet("Haar scooter heeft DG-45-21.", [("DG-45-21", PLATE)], [], (), (), "shape"),
        Snippet("kenteken gb-342-x werd gezien.", [("gb-342-x", PLATE)], [], (), (), "shape"),
        Snippet(
            "Ze is geboren op twaalf juni negentienachtentachtig.",
            [("negentienachtentachtig", BIRTH), ("twaalf juni", BIRTH)],
            [],
            (),
            (),
            "shape",
        ),
        Snippet("Geboren 3 april '91 in Kabul.", [("3 april", BIRTH)], [], (), (), "shape"),
        Snippet("Zijn dochter is jarig op 2 oktober en wordt dan 9.", [("2 oktober", BIRTH)], [], (), (), "shape"),
        Snippet("Hij is jarig op elf maart.", [("elf maart", BIRTH)], [], (), (), "shape"),
        Snippet(
            "Bel 06–12345678 of 020–1234567.", [("06–12345678", PHONE), ("020–1234567", PHONE)], [], (), (), "shape"
        ),
        Snippet("Haar nummer: +31 (0)6 12 34 56 78.", [("12 34 56 78", PHONE)], [], (), (), "shape"),
        Snippet("Zijn Turkse nummer is 0090 532 123 4567.", [("532 123 4567", PHONE)], [], (), (), "shape"),
        Snippet("Bel +32 470 12 34 56 in België.", [("470 12 34 56", PHONE)], [], (), (), "shape"),
        Snippet(f"Haar BSN is {with_o}.", [(with_o, BSN)], [], (), (), "shape"),
        Snippet(
            f"BSN {bsn_lines[:5]}\n{bsn_lines[5:]} staat op de beschikking.", [(bsn_lines, BSN)], [], (), (), "shape"
        ),
        Snippet("Ze woonde aan de Molenweg, naast de bakker.", [("Molenweg", ADDRESS)], [], (), (), "shape"),
        Snippet("Hij woont boven de kapper op de Voorstraat.", [("Voorstraat", ADDRESS)], [], (), (), "shape"),
        Snippet(
            "De familie woont in de Lindenlaan sinds de scheiding.", [("Lindenlaan", ADDRESS)], [], (), (), "shape"
        ),
        Snippet("Haar kamer is aan de Oosterkade, driehoog.", [("Oosterkade", ADDRESS)], [], (), (), "shape"),
        Snippet("Ze sliep in de auto op de Parkweg.", [("Parkweg", ADDRESS)], [], (), (), "shape"),
        Snippet("Zie www.mijnblog-ana.nl/over-mij.", [("mijnblog-ana.nl", URL)], [], (), (), "shape"),
        Snippet(
            "Haar Wise-rekening is BE71 0961 2345 6769.",
            [("BE71 0961 2345 6769", "rekeningnummer")],
            [],
            (),
            (),
            "shape",
        ),
    ]


def _context() -> list[Snippet]:
    lines = [
        ("Haar zoontje van 3 gaat naar de opvang.", "3"),
        ("Zijn dochter (11) zorgt voor haar broertjes.", "11"),
        ("Meneer (67) woont alleen.", "67"),
        ("Het is de enige Syrische familie in de straat.", "enige"),
        ("Hij is de enige Somalische jongen op de school.", "enige"),
        ("Ze kwam in 2016 naar Nederland met twee kinderen.", "2016"),
        ("Sinds 2021 gevlucht uit Oekraïne, woont hij nu bij een gastgezin.", "2021"),
        ("Zij heeft de ziekte van Pompe.", "Pompe"),
        ("Hij heeft het syndroom van Marfan.", "Marfan"),
        ("Zijn zoon heeft mucoviscidose.", "mucoviscidose"),
        ("Ze werkt bij de Lidl als vakkenvuller.", "Lidl"),
        ("Hij werkte bij Tata Steel tot de reorganisatie.", "Tata"),
        ("De 14-jarige dochter spijbelt.", "14-jarige"),
        ("Mevrouw (48) en haar zoon (16) kregen een brief.", "48"),
    ]
    return [Snippet(text, [(flag, CONTEXT)], [], (), (), "context") for text, flag in lines]


def _keep() -> list[Snippet]:
    lines = [
        ("De Wmo 2015 en de Participatiewet 2015 gelden hier.", ["Wmo 2015", "Participatiewet"]),
        ("Volgens de Jeugdwet 2015 ligt het bij de gemeente.", ["Jeugdwet 2015"]),
        ("De Wet gemeentelijke schuldhulpverlening 2012 biedt ruimte.", ["Wet gemeentelijke schuldhulpverlening"]),
        ("Artikel 4:84 Awb is de hardheidsclausule.", ["Artikel 4:84", "Awb"]),
        ("Er was een tolk Arabisch bij het gesprek.", ["Arabisch"]),
        ("De tolk Tigrinya kwam te laat.", ["Tigrinya"]),
        ("Hij spreekt Dari en een beetje Engels.", ["Dari", "Engels"]),
        ("Ze spreekt alleen Pools.", ["Pools"]),
        ("Bel de Kindertelefoon op 0800-0432.", ["0800-0432"]),
        ("De SVB is bereikbaar via 088-1129200.", ["088-1129200"]),
        ("Bel 0900-8844 voor de Belastingdienst.", ["0900-8844"]),
        ("Nidos is voogd over de jongen.", ["Nidos"]),
        ("De Anw-uitkering stopte na het huwelijk.", ["Anw"]),
        ("Het CJIB legde beslag.", ["CJIB"]),
        ("De Tozo-terugvordering kwam als een schok.", ["Tozo"]),
        ("De Wet verbetering poortwachter legt het bij de werkgever.", ["Wet verbetering poortwachter"]),
        ("Koning klant is hier ver te zoeken.", ["Koning klant"]),
        ("Visser worden was zijn droom.", ["Visser worden"]),
        ("Groot was de schrik bij de klantmanager.", ["Groot"]),
        ("Stopzetting van de uitkering volgde.", ["Stopzetting"]),
        ("Terugvordering is hier het knelpunt.", ["Terugvordering"]),
        ("Onbereikbaarheid van de gemeente was het probleem.", ["Onbereikbaarheid"]),
        ("Ze kwam uit Nederland terug.", ["Nederland"]),
        ("De IND en het COA verwezen naar elkaar.", ["IND", "COA"]),
        ("Zie wetten.overheid.nl/BWBR0015703 voor de tekst.", ["wetten.overheid.nl/BWBR0015703"]),
        ("De kinderopvangtoeslag en de huurtoeslag werden verrekend.", ["kinderopvangtoeslag", "huurtoeslag"]),
        ("De Wet kinderopvang 2005 hoort hier bij.", ["Wet kinderopvang 2005"]),
        ("Bijzondere bijstand werd afgewezen.", ["Bijzondere bijstand"]),
        ("Het kindgebonden budget viel weg.", ["kindgebonden budget"]),
        ("Volgens de Vreemdelingenwet mag ze niet werken.", ["Vreemdelingenwet"]),
    ]
    return [Snippet(text, [], keep, (), (), "keep") for text, keep in lines]


def _ordinary() -> list[Snippet]:
    """Names nobody listed and numbers, in the sentences a case narrative has."""
    found = []
    streets = [
        "Kastanjelaan",
        "Oudegracht",
        "Bergweg",
        "Voorstraat",
        "Damstraat",
        "Lindenlaan",
        "Havenkade",
        "Dorpsstraat",
    ]
    for number, (resident, (one, _two), (rel_one, _)) in enumerate(FAMILIES):
        first, surname = _parts(resident)
        street = streets[number % len(streets)]
        found.append(
            Snippet(
                f"{first} {surname} vroeg bijzondere bijstand aan.", _labelled(first, surname), ["bijzondere bijstand"]
            )
        )
        found.append(
            Snippet(f"Mevrouw {surname} woont op de {street} {10 + number}.", [*_labelled(surname), (street, ADDRESS)])
        )
        found.append(Snippet(f"De {rel_one}, {one} {surname}, had geen inkomen.", _labelled(one, surname)))
        found.append(Snippet(f"Haar BSN is {_bsn(10000000 + number * 7919)}.", [(_bsn(10000000 + number * 7919), BSN)]))
    return found


ADVERSARIAL: list[Snippet] = [
    *_relatives(),
    *_case(),
    *_characters(),
    *_forms(),
    *_first_name_one_letter_off(),
    *_false_links(),
    *_shapes(),
    *_context(),
    *_keep(),
]
ORDINARY: list[Snippet] = _ordinary()
