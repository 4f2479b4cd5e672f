"""*Mogelijk herleidbaar*: what might still identify someone, for the facilitator to decide.

Two kinds. A capitalised word that is not an ordinary Dutch word and that nothing
replaced is probably a name or a place nobody listed ("Tesfay", "Hoograven").
And quasi-identifiers: harmless alone, identifying together in a small town, such
as an origin or a language beside a child's age ("haar Eritrese zoon van 8"), or a
rare occupation ("de enige imam in de wijk"). These are findings, never silent
replacements: the review shows them apart and the facilitator decides.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from beraad.anonymise import spans as s
from beraad.anonymise import vocabulary
from beraad.anonymise.triggers import Triggered, WordIndex, words

# Łukasz, Şahin and Yıldız count too: any Latin capital, then any letters.
CAPITALISED = re.compile(rf"(?<![\w@/.-])[{vocabulary.UPPER}][^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w@/-]|\.\w)")
LOWER_WORD = re.compile(r"(?<![\w-])[a-zß-ÿ][a-zß-ÿ'’-]*")
PLACE_ENDINGS = (
    "dorp", "veen", "wijk", "stad", "dam", "recht", "hoven", "horst", "zijl", "woude", "wolde", "loo",
    "kerk", "broek", "hem", "heim", "sum", "um", "drecht", "haven", "burg", "berg", "meer", "zand",
)  # fmt: skip

NAME_NOTE = "onbekend woord met hoofdletter: mogelijk een naam"
PLACE_NOTE = "onbekend woord met hoofdletter: mogelijk een plaats of wijk"
ORIGIN_NOTE = "herkomst of taal bij de leeftijd van een kind"
OCCUPATION_NOTE = "zeldzaam beroep"
COUNTRY_NOTE = "land van herkomst"

ORIGIN_TEXT = """
eritrees eritrese eritreeër eritreeërs somalisch somalische somaliër somaliërs ethiopisch ethiopische ethiopiër
syrisch syrische syriër syriërs iraaks iraakse irakees iraans iraanse iraniër afghaans afghaanse afghaan afghanen
turks turkse turk marokkaans marokkaanse marokkaan pools poolse oekraïens oekraïense oekraïner surinaams
surinaamse surinamer antilliaans antilliaanse antilliaan curaçaos curaçaose arubaans arubaanse chinees chinese
soedanees soedanese jemenitisch jemenitische koerdisch koerdische koerd berbers berberse amazigh bulgaars
bulgaarse roemeens roemeense hongaars hongaarse litouws litouwse russisch russische armeens armeense
kaapverdisch kaapverdische ghanees ghanese nigeriaans nigeriaanse congolees congolese egyptisch egyptische
pakistaans pakistaanse indiaas indiase tigrinya amhaars amhaarse arabisch arabische dari pasjtoe pashto farsi
perzisch perzische papiaments sranantongo tamazight tarifit oromo mandarijn kantonees
"""
ORIGIN_WORDS = ORIGIN_TEXT.split()
ORIGIN_SET = frozenset(ORIGIN_WORDS)
ORIGIN = re.compile(rf"\b(?:{'|'.join(ORIGIN_WORDS)})\b", re.I)
CHILD_AGE = re.compile(
    r"\b(?:van|is|werd|wordt)\s+(?:[1-9]|1[0-7])(?:\s*jaar)?\b|\((?:[1-9]|1[0-7])\)|\b(?:[1-9]|1[0-7])[\s-]*(?:jaar|jarige?)\b",
    re.I,
)
OCCUPATIONS = (
    "imam|dominee|predikant|pastoor|pastor|rabbijn|burgemeester|notaris|chirurg|piloot|kraanmachinist|"
    "orthodontist|dierenarts|profvoetballer|voetballer|rapper|zanger|zangeres|acteur|actrice|schrijver|schrijfster|"
    "journalist|rechter|officier van justitie|wethouder|gedeputeerde|kamerlid|raadslid|topsporter|"
    "hoogleraar|schoolhoofd|apotheker|garagehouder|marktkoopman|"
    "conciërge"
)
OCCUPATION = re.compile(rf"\b(?:{OCCUPATIONS})\b", re.I)
ORIGIN_TRIGGER = Triggered(ORIGIN, ORIGIN_WORDS)
# Countries many residents of Dutch municipalities come from: where someone was born or
# fled from narrows a family down in a small town, with or without a child's age.
COUNTRY_TEXT = """
eritrea somalië somalie ethiopië ethiopie syrië syrie irak iran afghanistan turkije marokko polen oekraïne
oekraine suriname curaçao curacao aruba bonaire soedan sudan jemen koerdistan bulgarije roemenië roemenie
hongarije litouwen kaapverdië kaapverdie ghana nigeria congo egypte pakistan india china libië libie
tunesië tunesie algerije
"""
COUNTRY_WORDS = COUNTRY_TEXT.split()
COUNTRY_SET = frozenset(COUNTRY_WORDS)
# where someone lives, was born or comes from: the capitalised word after it is a place,
# even one that is also a word ("woont in Lombok", "kwam uit Transvaal")
PLACE_CONTEXT = re.compile(
    r"\b(?:geboren|opgegroeid|woont|woonde|wonen|wonend|afkomstig|gevlucht|verhuisd|vertrokken|komt|kwam)"
    r"\s+(?:in|uit|naar|te|vanuit)\s+$",
    re.I,
)
COUNTRY = re.compile(rf"\b(?:{'|'.join(COUNTRY_WORDS)})\b", re.I)
COUNTRY_TRIGGER = Triggered(COUNTRY, COUNTRY_WORDS)
OCCUPATION_TRIGGER = Triggered(OCCUPATION, words(OCCUPATIONS))
OCCUPATION_HINT = re.compile(r"\b(?:enige|bekende|werkt(?:e)? als|is|was|als)\b", re.I)


# What people do in a case narrative, right after their name.
_PERSON_VERBS = """belde belt kwam komt zei zegt vertelde vertelt vluchtte vlucht woont woonde huilde huilt wil wilde
    mocht mag sliep slaapt zit zat gaat ging werkt werkte spreekt sprak kreeg krijgt vroeg vraagt meldde meldt
    betaalt betaalde schreef schrijft dreigde dreigt heeft had is was wordt werd kan kon moet moest durft durfde
    hoorde hoort zag ziet weet wist voelt voelde zoekt zocht leeft leefde staat stond ontving ontvangt
    tekende tekent huurt huurde verdient verdiende en"""
PERSON_VERBS = frozenset(_PERSON_VERBS.split())
# Endings of Dutch nouns and adjectives that no list knows ("Stopzetting kwam te laat"):
# such a word stays a finding to decide on, even before a verb.
DUTCH_ENDINGS = (
    "ing", "ingen", "heid", "heden", "tie", "ties", "isme", "schap", "teit", "nis", "sel", "dom", "erij", "ig",
    "lijk", "baar", "loos", "isch", "achtig", "matig", "waardig",
)  # fmt: skip


def dutch_noun(word: str) -> bool:
    """A noun made from a Dutch verb or adjective that no list knows: "Stopzetting"
    (stopzetten), "Onbereikbaarheid" (onbereikbaar)."""
    lower = word.lower()
    if lower.endswith(("ing", "ingen")) and len(lower) >= 7:
        stem = lower[: -3 if lower.endswith("ing") else -5]
        return vocabulary.is_word(stem + "en")
    if lower.endswith(("heid", "heden")) and len(lower) >= 8:
        return vocabulary.is_word(lower[: -4 if lower.endswith("heid") else -5])
    return False


NEXT_WORDS = re.compile(r"[ \u00a0]+([^\W\d_]+)(?:[ \u00a0]+([^\W\d_]+))?")


def lower_words(text: str) -> set[str]:
    """The words text writes in lower case: whatever they are, they are no names."""
    return set(LOWER_WORD.findall(text))


def names_and_places(text: str, lower: Container[str] = frozenset()) -> Iterator[s.Span]:
    """Capitalised words that are no Dutch word and appear nowhere in lower case (in this
    text, or in `lower`, the rest of the document). Two such words in a row ("Zarmina
    Noori") are a name for certain."""
    here = lower_words(text)
    previous: s.Span | None = None
    for match in CAPITALISED.finditer(text):
        word = match.group()
        if word[1].isupper():
            continue  # an acronym (ROC, ISK)
        bare = word.lower()
        if len(word) < 3 or bare in here or bare in lower or bare in ORIGIN_SET or bare in COUNTRY_SET:
            continue  # an origin or a language alone identifies nobody; beside a child's age, see below
        lives = PLACE_CONTEXT.search(text, max(0, match.start() - 40), match.start()) is not None
        if (vocabulary.is_word(word) or dutch_noun(word)) and not lives and not _acts(text, match, word):
            continue
        place = lives or word.lower().endswith(PLACE_ENDINGS)
        category, note = (s.PLACE, PLACE_NOTE) if place else (s.PERSON, NAME_NOTE)
        current = s.Span(match.start(), match.end(), category, word, "", "possible", False, note)
        if previous is not None and previous.end + 1 == current.start and text[previous.end] == " ":
            name = text[previous.start : current.end]
            yield s.Span(previous.start, current.end, s.PERSON, name, "", "context")
            previous = None
            continue
        if previous is not None:
            yield _settle(text, previous)
        previous = current
    if previous is not None:
        yield _settle(text, previous)


RARE_ZIPF = 3.0  # a word only by its form ("Taras" as a plural): rare as itself


def _acts(text: str, match: re.Match[str], word: str) -> bool:
    """A rare capitalised word in mid-sentence that does what people do ("voor Iryna;
    Taras weet van niets") is asked about, even when it looks like an inflected word."""
    if vocabulary.zipf(word) >= RARE_ZIPF or dutch_noun(word):
        return False
    before = text[max(0, match.start() - 4) : match.start()].rstrip(" \u00a0\t\"'‘“(")
    if not before or before[-1] in ".!?\n•-*":
        return False
    after = NEXT_WORDS.match(text, match.end())
    return after is not None and after.group(1).lower() in PERSON_VERBS


def _settle(text: str, finding: s.Span) -> s.Span:
    """An unknown word that does what people do ("Tesfay belde", "Merhawi en zijn zus")
    is a name for certain."""
    after = NEXT_WORDS.match(text, finding.end)
    if after is None or after.group(1).lower() not in PERSON_VERBS or finding.text.lower().endswith(DUTCH_ENDINGS):
        return finding
    if after.group(1).lower() == "en" and (after.group(2) or "").lower() not in {"zijn", "haar", "hun"}:
        return finding
    return s.Span(finding.start, finding.end, s.PERSON, finding.text, "", "context")


def quasi_identifiers(text: str, index: WordIndex | None = None) -> Iterator[s.Span]:
    index = index or WordIndex(text)
    for match in ORIGIN_TRIGGER.finditer(index):
        start = max(text.rfind(c, 0, match.start()) for c in ".!?\n") + 1
        ends = [e for e in (text.find(c, match.end()) for c in ".!?\n") if e >= 0]
        if CHILD_AGE.search(text, start, min(ends, default=len(text))):
            yield s.Span(match.start(), match.end(), s.ORIGIN, match.group(), "", "possible", False, ORIGIN_NOTE)
    for match in COUNTRY_TRIGGER.finditer(index):
        yield s.Span(match.start(), match.end(), s.ORIGIN, match.group(), "", "possible", False, COUNTRY_NOTE)
    for match in OCCUPATION_TRIGGER.finditer(index):
        if OCCUPATION_HINT.search(text, max(0, match.start() - 20), match.start()):
            yield s.Span(
                match.start(), match.end(), s.OCCUPATION, match.group(), "", "possible", False, OCCUPATION_NOTE
            )


def find(text: str, index: WordIndex | None = None, lower: Container[str] = frozenset()) -> Iterator[s.Span]:
    yield from names_and_places(text, lower)
    yield from quasi_identifiers(text, index)
