"""The held-out set: written before the anonymiser was tuned for issue 16 and never tuned
on. bench/anonymise_quality.py reports it apart; nobody changes the anonymiser to make a
snippet here pass (add a similar one to tests/anonymise_cases.py instead).

All names, numbers and addresses are invented.
"""

from __future__ import annotations

from tests.anonymise_labels import (
    ADDRESS,
    BIRTH,
    BSN,
    CASE,
    CONTEXT,
    EMAIL,
    HANDLE,
    IBAN,
    INSTITUTION,
    PHONE,
    PLATE,
    POSTCODE,
    URL,
    Snippet,
    n,
    p,
)

SHY, ZW, NB = "\u00ad", "\u200b", "\u00a0"

RESIDENT = (("Mariam Okafor", "persoon 1"),)
TWO = (("Liesbeth Wouters", "deelnemer 1"), ("Demet Arslan", "persoon 1"))

HELD_OUT: list[Snippet] = [
    # --- ordinary snippets: names nobody listed, numbers, addresses
    Snippet("Haar buurvrouw Gerda Lammers bracht soep.", p("Gerda", "Lammers")),
    Snippet("Mevrouw Okonkwo belde over de huurtoeslag.", n("Okonkwo")),
    Snippet("De jongen, Tsegay Berhane, is net achttien.", n("Tsegay", "Berhane")),
    Snippet("Zijn vriendin Maryam Rezaei wacht op een verblijfsvergunning.", n("Maryam", "Rezaei")),
    Snippet("Haar zoon Bogdan (12) spreekt al goed Nederlands.", n("Bogdan")),
    Snippet("Buurman Teun Hofstede hoorde het geschreeuw.", p("Teun", "Hofstede")),
    Snippet("Meneer Sadiki wil zijn schulden zelf oplossen.", n("Sadiki")),
    Snippet("Wilma Timmer en haar dochter Noor wonen bij opa.", p("Wilma", "Timmer", "Noor")),
    Snippet("De ex van mevrouw, Jurgen Brink, betaalt niets.", p("Jurgen", "Brink")),
    Snippet("Ahmed Benali (41) verloor zijn baan bij de bouw.", n("Ahmed", "Benali")),
    Snippet("Haar BSN 234567781 stond op de brief.", [("234567781", BSN)]),
    Snippet("Bel hem op 06-23456789 na vijven.", [("06-23456789", PHONE)]),
    Snippet("Het mailadres is w.timmer71@ziggo.nl.", [("w.timmer71@ziggo.nl", EMAIL)]),
    Snippet("Betaal op NL86 INGB 0002 4455 88.", [("NL86 INGB 0002 4455 88", IBAN)]),
    Snippet("Ze woont op de Zwanenvest 17, 3011 JA.", [("Zwanenvest", ADDRESS), ("3011 JA", POSTCODE)]),
    Snippet("Zaaknummer ZK-2024-118734 ligt bij bezwaar.", [("ZK-2024-118734", CASE)]),
    Snippet("Geboren op 23-08-1992 in Lagos.", [("23-08-1992", BIRTH)]),
    Snippet("De kinderen zitten op basisschool De Vlinderboom.", [("Vlinderboom", INSTITUTION)]),
    Snippet(
        "Participatiewet art. 18 lid 1 en Awb art. 4:84 boden ruimte.",
        [],
        ["Participatiewet art. 18 lid 1", "Awb art. 4:84"],
    ),
    Snippet("Het UWV en de SVB wisselden gegevens uit.", [], ["UWV", "SVB"]),
    # --- a relative who shares the resident's surname
    Snippet(
        "Haar broer Chidi Okafor belde de klantmanager.",
        n("Chidi"),
        ["klantmanager"],
        RESIDENT,
        (("Chidi",), ("Mariam",)),
        "relative",
    ),
    Snippet(
        "Mariam Okafor en haar zoon Emeka Okafor kwamen samen.",
        n("Mariam", "Okafor", "Emeka"),
        [],
        RESIDENT,
        (("Mariam",), ("Emeka",)),
        "relative",
    ),
    Snippet(
        "De dochter, Ada Okafor, tolkt voor haar moeder Mariam.",
        n("Ada", "Okafor", "Mariam"),
        [],
        RESIDENT,
        (("Ada",), ("Mariam",)),
        "relative",
    ),
    Snippet(
        "Haar ex-man Obi Okafor woont nog in het oude huis.",
        n("Obi", "Okafor"),
        [],
        RESIDENT,
        (("Obi",),),
        "relative",
    ),
    Snippet(
        "Liesbeth Wouters sprak met Demet Arslan en met haar zus Sevgi Arslan.",
        [*p("Liesbeth", "Wouters"), *n("Demet", "Arslan", "Sevgi")],
        [],
        TWO,
        (("Liesbeth",), ("Demet",), ("Sevgi",)),
        "relative",
    ),
    # --- letter case
    Snippet("OKAFOR belde twee keer.", n("OKAFOR"), [], RESIDENT, (), "case"),
    Snippet("okafor belde twee keer, mariam huilde.", n("okafor", "mariam"), [], RESIDENT, (), "case"),
    Snippet("casus arslan: stopzetting na verhuizing", n("arslan"), [], TWO, (), "case"),
    Snippet("LIESBETH WOUTERS bracht de casus in.", p("LIESBETH", "WOUTERS"), [], TWO, (), "case"),
    # --- shapes
    Snippet(
        "Zijn profiel staat op facebook.com/chidi.okafor.77.",
        [("facebook.com/chidi.okafor.77", URL)],
        [],
        (),
        (),
        "shape",
    ),
    Snippet("Ze post als @mariam_ok op Instagram.", [("@mariam_ok", HANDLE)], [], (), (), "shape"),
    Snippet("Mail naar gerda.lammers(at)hotmail.com.", [("gerda.lammers(at)hotmail.com", EMAIL)], [], (), (), "shape"),
    Snippet(
        "Mail naar g.lammers [at] kpnmail [dot] nl.", [("g.lammers", EMAIL), ("kpnmail", EMAIL)], [], (), (), "shape"
    ),
    Snippet("De auto met kenteken 12-XTB-4 werd gezien.", [("12-XTB-4", PLATE)], [], (), (), "shape"),
    Snippet("Zijn bus, GZ-882-K, staat voor de deur.", [("GZ-882-K", PLATE)], [], (), (), "shape"),
    Snippet(
        "Ze is geboren op drie maart negentienzesentachtig.", [("negentienzesentachtig", BIRTH)], [], (), (), "shape"
    ),
    Snippet("Hij is jarig op 14 mei en wordt dan 17.", [("14 mei", BIRTH)], [], (), (), "shape"),
    Snippet(
        "Bel 06–34567812 of +31 (0)6 4567 8123.", [("06–34567812", PHONE), ("4567 8123", PHONE)], [], (), (), "shape"
    ),
    Snippet("Haar BSN is 23456778O volgens de brief.", [("23456778O", BSN)], [], (), (), "shape"),
    Snippet("BSN: 2345\n67781 (over twee regels).", [("234567781", BSN)], [], (), (), "shape"),
    Snippet(
        "Ze woonde aan de Pijnackerstraat, vlak bij de markt.", [("Pijnackerstraat", ADDRESS)], [], (), (), "shape"
    ),
    Snippet("Hij woont boven de kapper op de Rijnkade.", [("Rijnkade", ADDRESS)], [], (), (), "shape"),
    Snippet("Haar Poolse nummer: +48 601 234 567.", [("601 234 567", PHONE)], [], (), (), "shape"),
    Snippet("Zijn TikTok is tiktok.com/@bogdan.k2011.", [("bogdan.k2011", HANDLE)], [], (), (), "shape"),
    # --- invisible and look-alike characters
    Snippet(f"Mariam Oka{SHY}for belde.", n("Okafor"), [], RESIDENT, (), "chars"),
    Snippet(f"Haar BSN is 2345{ZW}67781.", [("234567781", BSN)], [], (), (), "chars"),
    Snippet(f"Postcode 3011{NB}JA, Rotterdam.", [("3011 JA", POSTCODE)], [], (), (), "chars"),
    Snippet(f"Bel 06{NB}2345{NB}6789.", [("0623456789", PHONE)], [], (), (), "chars"),
    Snippet("Demet Arslan belde; mevrouw Arsla\u0301n niet.", n("Demet", "Arslan"), [], TWO, (), "chars"),
    Snippet("Ｏｋａｆｏｒ stond op de envelop.", n("Okafor"), [], RESIDENT, (), "chars"),
    Snippet("Mevrouw Оkafоr (met Cyrillische o) belde.", n("Okafor"), [], RESIDENT, (), "chars"),
    Snippet(f"Lies{ZW}beth Wou{ZW}ters was er niet.", p("Liesbeth", "Wouters"), [], TWO, (), "chars"),
    # --- forms of a known name
    Snippet("Mariam Okafr belde opnieuw.", n("Mariam", "Okafr"), [], RESIDENT, (), "form"),
    Snippet("Marian Okafor belde opnieuw.", n("Marian", "Okafor"), [], RESIDENT, (), "form"),
    Snippet("Het Okafor-dossier is dik.", n("Okafor"), [], RESIDENT, (), "form"),
    Snippet("M.O. belde; M. Okafor had geen post.", n("M.O.", "Okafor"), [], RESIDENT, (), "form"),
    Snippet("Liesbeths collega nam het over.", p("Liesbeth"), [], TWO, (), "form"),
    Snippet("Lies Wouters nam het over.", p("Lies", "Wouters"), [], TWO, (), "form"),
    Snippet("Arslans dochter zit op school.", n("Arslan"), [], TWO, (), "form"),
    Snippet(
        "Mevrouw W. van de school belde over de kinderen.",
        [],
        [],
        TWO,
        (),
        "false-link",
    ),
    # --- context that identifies with the names gone (to be flagged, not replaced)
    Snippet("Haar zoontje van 4 gaat naar de peuteropvang.", [("4", CONTEXT)], [], (), (), "context"),
    Snippet("Het is het enige Nigeriaanse gezin in het dorp.", [("enige", CONTEXT)], [], (), (), "context"),
    Snippet("Hij heeft de ziekte van Huntington.", [("Huntington", CONTEXT)], [], (), (), "context"),
    Snippet("Ze werkt bij de Jumbo in het centrum.", [("Jumbo", CONTEXT)], [], (), (), "context"),
    Snippet("Mevrouw (52) kwam in 2015 uit Nigeria.", [("52", CONTEXT), ("Nigeria", CONTEXT)], [], (), (), "context"),
    # --- what must stay
    Snippet("De Wmo 2015 en de Jeugdwet lopen hier door elkaar.", [], ["Wmo 2015", "Jeugdwet"], (), (), "keep"),
    Snippet("Er kwam een tolk Somalisch bij het gesprek.", [], ["Somalisch"], (), (), "keep"),
    Snippet("Ze spreekt Tigrinya en een beetje Arabisch.", [], ["Tigrinya", "Arabisch"], (), (), "keep"),
    Snippet("Bel de Belastingtelefoon op 0800-0543.", [], ["0800-0543"], (), (), "keep"),
    Snippet("Het UWV is bereikbaar via 088-8982070.", [], ["088-8982070"], (), (), "keep"),
    Snippet("Nidos is voogd; de Anw-uitkering liep af.", [], ["Nidos", "Anw"], (), (), "keep"),
    Snippet("De Tozo moest worden terugbetaald.", [], ["Tozo"], (), (), "keep"),
    Snippet(
        "Volgens de Wet verbetering poortwachter lag het bij de werkgever.",
        [],
        ["Wet verbetering poortwachter"],
        (),
        (),
        "keep",
    ),
    Snippet("Koning klant, zei de teamleider nog.", [], ["Koning klant"], (), (), "keep"),
    Snippet("Bakker worden wilde hij altijd al.", [], ["Bakker"], (), (), "keep"),
    Snippet("Stopzetting volgde binnen een week.", [], ["Stopzetting"], (), (), "keep"),
    Snippet("Het CJIB stuurde een aanmaning; ook het LBIO.", [], ["CJIB", "LBIO"], (), (), "keep"),
    Snippet("De Wet kinderopvang 2005 en de Awir gelden hier.", [], ["Wet kinderopvang", "Awir"], (), (), "keep"),
    Snippet("Artikel 7:2 Awb gaat over het horen.", [], ["Artikel 7:2 Awb"], (), (), "keep"),
    Snippet("Per 1 juli 2023 gold de nieuwe beleidsregel.", [], ["beleidsregel"], (), (), "keep"),
]
