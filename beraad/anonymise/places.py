"""Where a family lives and goes: whole addresses, postcodes with their city, and the
named schools, GP practices, care providers, clubs, mosques and churches around them.

An address is replaced whole (street of several words, number, addition such as
201-H or "3 hoog"); a postcode takes the city after it along. For a named place the
kind stays and the name goes ("basisschool [instelling 1]"): that a child goes to
school is part of the case, which school is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from beraad.anonymise import spans as s
from beraad.anonymise import vocabulary
from beraad.anonymise.triggers import Triggered, WordIndex, words

# Suffixes that name a street on their own ("aan de Oudegracht"), and suffixes that are
# also endings of ordinary words ("Uitkering", "Noord"), which count only before a number.
STREET_SUFFIX = (
    "straat|straatweg|laan|weg|plein|gracht|kade|singel|dreef|steeg|dijk|plantsoen|boulevard|allee|burgwal|"
    "straatje|dwarsstraat|wetering|hof|markt|park"
)
LOOSE_SUFFIX = (
    "pad|baan|ring|wal|dam|erf|hoven|zijde|haven|akker|weide|vaart|veld|velden|berg|poort|brink|hoek|oord|"
    "werf|gang|stede|lei|horst|kamp|donk|rode|hout|straten|lanen|hage|plaats|plas|meer|lommer|doelen"
)
FUNCTION_WORDS = (
    r"(?:Op|Aan|In|Bij|Naar|Via|Vanaf|Tot|Langs|Over|Uit|Met|De|Het|Een|Ze|Zij|Hij|Wij|Ik|En|Of|Maar|Dan|"
    r"Toen|Daar|Hier|Ook|Nu|Sinds|Voor|Na|Om|Door|Tegen|Mevrouw|Meneer|Zoon|Dochter|Moeder|Vader)\b"
)
WORD = r"[A-Z][\w'’.-]*"
PARTICLES = r"(?:van|de|der|den|het|ter|ten|'t|en|la|le|du)"
LEAD = rf"(?:(?!{FUNCTION_WORDS}){WORD}\s+(?:{PARTICLES}\s+)*){{0,3}}"
HOUSE_NUMBER = (
    r"\d{1,5}(?:[ \u00a0]?-[ \u00a0]?(?:\d{1,4}|[A-Za-z]{1,3}|[IVX]{1,4})(?![\w-])"
    r"|[ \u00a0]?[a-zA-Z](?![\w-])|[ \u00a0](?:bis|hs|huis|zw|rd|[IVX]{1,4})\b)?"
    r"(?:[ \u00a0,]+(?:\d{1,2}[ \u00a0]?(?:-?hoog|hg|e[ \u00a0]+(?:etage|verdieping))|hoog|unit[ \u00a0]?\d{1,4}"
    r"|bus[ \u00a0]?\d{1,4}|app\.?[ \u00a0]?\d{1,4}|kamer[ \u00a0]?\d{1,4})\b)?"
)
STREET = re.compile(
    rf"\b(?P<street>{LEAD}[A-Z][\w'’-]*(?:{STREET_SUFFIX})"
    rf"|{LEAD}[A-Z][\w'’-]*(?:{LOOSE_SUFFIX})(?=\s+\d)"
    rf"|(?:Laan|Plein|Weg|Kade|Singel|Burgemeester|Dokter|Dr\.|Van|Prins|Prinses|Koningin|Graaf|Sint|St\.)"
    rf"\s+(?:{PARTICLES}\s+)*(?:{WORD}\s+)?{WORD}(?=\s+\d))"
    rf"(?![\w-])(?P<number>[ \u00a0]+{HOUSE_NUMBER})?"
)
CITY = r"(?:'s-|'t[ \u00a0])?[A-Z][\w'’-]+(?:[ \u00a0](?:aan|op|bij|in|den|de|der|an)[ \u00a0][A-Z][\w'’-]+|[ \u00a0][A-Z][A-Z\w'’-]+)?"
POSTCODE = re.compile(
    rf"(?<![\w-])[1-9]\d{{3}}(?:[ \u00a0]?(?!SA|SD|SS)[A-Z]{{2}}|(?!sa|sd|ss)[a-z]{{2}})(?![\w-])(?:,?[ \u00a0]+{CITY})?"
)

# Kinds of place whose name identifies a family: the kind stays, the name goes.
HEADS = (
    "basisschool|school|obs|cbs|pcbs|rkbs|ikc|kindcentrum|kinderopvang|kinderdagverblijf|kdv|bso|buitenschoolse opvang|"
    "peuterspeelzaal|peuteropvang|montessorischool|daltonschool|jenaplanschool|vrije school|college|lyceum|"
    "gymnasium|scholengemeenschap|praktijkschool|mavo|vmbo|roc|mbo-school|taalschool|"
    "huisartsenpraktijk|huisartsenpost|gezondheidscentrum|apotheek|tandartspraktijk|"
    "fysiotherapiepraktijk|praktijk|ziekenhuis|kliniek|zorggroep|thuiszorg|thuiszorgorganisatie|zorgcentrum|"
    "verpleeghuis|woonzorgcentrum|zorgaanbieder|ggz-instelling|instelling|"
    "voetbalvereniging|voetbalclub|sportvereniging|sportclub|zwemvereniging|zwemclub|judoclub|sportschool|"
    "boksschool|vereniging|vv|sv|fc|rkvv|rksv|hockeyclub|korfbalvereniging|turnvereniging|dansschool|"
    "moskee|kerk|parochie|kerkgemeente|pinkstergemeente|evangeliegemeente|baptistengemeente|synagoge|tempel|gurdwara|stichting|buurthuis|wijkcentrum|"
    "jongerencentrum|woningcorporatie|woningbouwvereniging|corporatie|werkgever|bedrijf|supermarkt|winkel|"
    "restaurant|camping|opvang|vrouwenopvang|daklozenopvang|azc"
)
NAME_WORD = r"(?:'t[ \u00a0]|[Dd]e[ \u00a0]|[Hh]et[ \u00a0])?[A-Z][\w'’&-]*[\w'’]"
INSTITUTION = re.compile(
    rf"(?i:\b(?P<head>{HEADS}))[ \u00a0]+(?P<name>{NAME_WORD}(?:[ \u00a0](?:van|de|der|den|het|en|'t|aan|op|in|&)?"
    rf"[ \u00a0]?[A-Z][\w'’&-]*[\w'’]){{0,3}})"
)
NAME_BEFORE_HEAD = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’-]*[ \u00a0-]){1,2})(?P<head>(?i:moskee|kerk|camii|cami|school|college|praktijk|kliniek))\b"
)
COMPOUND_PLACE = re.compile(
    r"\b[A-Z][a-zà-ÿ'’-]{2,}(?:moskee|kerk|camii|school|college|lyceum|praktijk|kliniek|huis|centrum|parochie)\b"
)


def _address_end(text: str, end: int) -> int:
    """An address runs on into ', 1055 EC Amsterdam'."""
    match = re.compile(r",?[ \u00a0]+").match(text, end)
    if match and (postcode := POSTCODE.match(text, match.end())):
        return postcode.end()
    return end


# "aan de Molenweg", "boven de kapper op de Rijnkade": a street without a number
STREET_CONTEXT = re.compile(r"(?i:\b(?:aan|op|in|langs|via|naar|vanaf|richting)\s+(?:de|het)\s+)$")
STREET_WORDS = {"laan", "plein", "weg", "kade", "singel", "burgemeester", "dokter", "dr", "van", "prins", "prinses",
                "koningin", "graaf", "sint", "st"}  # fmt: skip
SUFFIXES = tuple(STREET_SUFFIX.split("|") + LOOSE_SUFFIX.split("|"))
INSTITUTION_TRIGGER = Triggered(INSTITUTION, words(HEADS))
LOOKBACK = 80  # characters before a street word where its first words may start


def _streets(index: WordIndex) -> Iterator[re.Match[str]]:
    """STREET, tried only near a word that can end or start a street name."""
    text = index.text
    positions = sorted(
        position
        for word, found in index.at.items()
        if word.endswith(SUFFIXES) or word in STREET_WORDS
        for position in found
    )
    end = -1
    for position in positions:
        if position < end:
            continue
        line = text.rfind("\n", 0, position) + 1
        for match in STREET.finditer(text, max(line, position - LOOKBACK, end), position + LOOKBACK):
            if match.start() <= position < match.end():
                yield match
                end = match.end()
                break


def find(text: str, index: WordIndex | None = None) -> Iterator[s.Span]:
    index = index or WordIndex(text)
    for match in _streets(index):
        street = match["street"]
        if (
            not match["number"]
            and vocabulary.is_word(street.split()[-1])
            and " " not in street
            and not STREET_CONTEXT.search(text, max(0, match.start() - 30), match.start())
        ):
            continue  # "Onderweg", "Voorpark": words, not streets, without a house number or "aan de"
        start, end = match.start(), match.end()
        if match["number"]:
            end = _address_end(text, end)
        yield s.Span(start, end, s.ADDRESS, text[start:end])
    for match in POSTCODE.finditer(text):
        yield s.Span(match.start(), match.end(), s.POSTCODE, match.group())
    for match in INSTITUTION_TRIGGER.finditer(index):
        name = match["name"]
        if _ordinary(name):
            continue
        yield s.Span(match.start("name"), match.end("name"), s.INSTITUTION, name)
    for match in NAME_BEFORE_HEAD.finditer(text):
        name = match["name"].strip(" \u00a0-")
        if _ordinary(name):
            continue
        yield s.Span(match.start("name"), match.start("name") + len(name), s.INSTITUTION, name)
    for match in COMPOUND_PLACE.finditer(text):
        # Capitalised in mid-sentence, a compound such as "Regenboogschool" is a name.
        if not _sentence_start(text, match.start()) and not _generic_compound(match.group()):
            yield s.Span(match.start(), match.end(), s.INSTITUTION, match.group())


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \u00a0\t\"'‘“(")
    return not before or before[-1] in ".!?:\n•-*"


GENERIC_PREFIXES = {
    "basis", "middelbare", "hoge", "praktijk", "vrije", "taal", "huisartsen", "tandarts", "gezondheids",
    "buurt", "wijk", "jongeren", "zorg", "woonzorg", "kinder", "dag", "sport", "dans", "zwem", "muziek",
    "speciale", "openbare", "christelijke", "katholieke", "islamitische", "gemeente", "stad", "dorps",
    "winter", "zomer", "school", "avond", "rijschool", "bouw", "kerk", "volks", "kinderdag",
}  # fmt: skip


def _generic_compound(word: str) -> bool:
    lower = word.lower()
    for head in ("moskee", "kerk", "camii", "school", "college", "lyceum", "praktijk", "kliniek", "huis", "centrum"):
        if lower.endswith(head):
            prefix = lower[: -len(head)].rstrip("-s")
            return not prefix or prefix in GENERIC_PREFIXES or vocabulary.zipf(lower) >= 3.5
    return False


def _ordinary(name: str) -> bool:
    """'de school Zij', 'praktijk Ook': a common word after the kind is no name."""
    words = [w for w in re.split(r"[ \u00a0]+", name) if w.lower() not in {"de", "het", "'t"}]
    return not words or (len(words) == 1 and vocabulary.zipf(words[0]) >= 4.5)
