"""Names nobody listed, found by what stands around them.

deduce knows Dutch names and many Arabic and Turkish ones, but not Semhar, Dawit or
Tesfay. What gives such a name away is its place in the sentence: after a relation
("haar zoon Yonas", "ex-partner, Dawit,"), after a title ("mevrouw Tesfamariam",
"mw. T."), before an age ("Yonas (8)"), or as an owner ("Dawits moeder"). A word
there is a name when it is not an ordinary Dutch word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from beraad.anonymise import lexicon, vocabulary
from beraad.anonymise import spans as s
from beraad.anonymise.names import TITLES
from beraad.anonymise.triggers import Triggered, WordIndex, words

RELATIONS = (
    "zoon|zoontje|dochter|dochtertje|kind|kindje|baby|broer|broertje|zus|zusje|zuster|moeder|vader|"
    "stiefvader|stiefmoeder|pleegvader|pleegmoeder|pleegkind|pleegzoon|pleegdochter|partner|ex-partner|expartner|"
    "ex|ex-man|ex-vrouw|exman|exvrouw|echtgenoot|echtgenote|man|vrouw|vriend|vriendin|vriendje|vriendinnetje|"
    "buurman|buurvrouw|buurjongen|buurmeisje|oom|tante|neef|nicht|neefje|nichtje|opa|oma|grootmoeder|"
    "grootvader|schoonmoeder|schoonvader|schoonzus|schoonzoon|schoondochter|zwager|kleinzoon|kleindochter|"
    "juf|juffrouw|meester|mentor|docent|leraar|lerares|trainer|coach|huisbaas|verhuurder|werkgever|baas|"
    "collega|tolk|imam|pastor|pastoor|dominee|huisarts|dokter|arts|advocaat|bewindvoerder|cliënt|client|"
    "klant|inwoner|aanvrager|aanvraagster|bewoner|bewoonster|jongen|meisje|jongere|tweeling|"
    "klantmanager|consulent|handhaver|casemanager|regisseur|jeugdconsulent|begeleider|begeleidster"
)
NAME = rf"[{vocabulary.UPPER}][\w'’]*(?:-[\w'’]+)*"  # Łukasz and Şahin too
PARTICLES = r"(?:van|de|der|den|ter|ten|el|al|bin|ben|abu|ould|wold|w/)"
AFTER_RELATION = re.compile(
    rf"(?i:\b(?:{RELATIONS}))(?:[ \u00a0]*[,:(][ \u00a0]*|[ \u00a0]+)"
    rf"(?P<name>{NAME}(?:[ \u00a0](?:{PARTICLES}[ \u00a0])*{NAME}){{0,2}})"
)
AFTER_TITLE = re.compile(
    rf"(?i:\b{TITLES})[ \u00a0]+(?P<name>(?:[A-Z]\.[ \u00a0]?){{1,3}}(?![\w])|{NAME}(?:[ \u00a0]{NAME})?)"
)
BEFORE_AGE = re.compile(
    rf"(?P<name>{NAME})[ \u00a0]*(?:\([ \u00a0]*\d{{1,2}}[ \u00a0]*(?:jaar|jr\.?)?\)|,[ \u00a0]*\d{{1,2}}[ \u00a0]*jaar\b)"
)
OWNER = re.compile(rf"(?P<name>{NAME}?)(?:['’]s|s|['’])[ \u00a0]+(?i:(?:{RELATIONS}))\b")
# Words after a relation that are no name: "haar zoon Ook", "moeder Zij".
NEVER = {
    "de", "het", "een", "en", "of", "maar", "ze", "zij", "hij", "wij", "ik", "die", "dat", "dit", "deze", "toen",
    "ook", "nu", "daar", "hier", "haar", "zijn", "hun", "mijn", "op", "in", "aan", "bij", "van", "voor", "met",
}  # fmt: skip


def _is_name(word: str, strict: bool = True) -> bool:
    bare = word.rstrip("'’")
    if bare.lower() in NEVER or len(bare) < 2 or not bare[0].isupper():
        return False
    if not strict:
        return vocabulary.zipf(bare) < 4.5 or not vocabulary.is_word(bare)
    return not vocabulary.is_word(bare)


def _trim(name: str) -> str:
    """Keep the words of a name up to the first one that is an ordinary word."""
    end = 0
    for i, match in enumerate(re.finditer(r"\S+", name)):
        word = match.group()
        if re.fullmatch(PARTICLES, word.lower()):
            continue  # kept only when a name follows
        if i and not _is_name(word, strict=False):
            break
        end = match.end()
    return name[:end]


# The same places with a name typed in lower case: "haar dochter fatima", "mevrouw yilmaz".
LOWER_NAME = r"[^\W\d_A-Z][\w'’]*"
LOWER_AFTER = re.compile(
    rf"(?i:\b(?:{RELATIONS}|{TITLES}))[ \u00a0]+(?P<name>{LOWER_NAME}(?:[ \u00a0](?:{PARTICLES}[ \u00a0])*{LOWER_NAME})?)"
)
LOWER_NAME_ZIPF = 4.5  # "fatima" 3.4, "ali" 4.4, "yilmaz" 2.4; "heeft", "kreeg" are far more common


def _lower_name(word: str) -> bool:
    """A word in lower case after a relation or a title that is a name: deduce knows it
    as one, it is no everyday word, and it is rare as a Dutch word if it is one at all."""
    bare = word.rstrip("'’")
    if bare in NEVER or len(bare) < 2 or not bare.islower() or not lexicon.known_name(bare) or lexicon.ordinary(bare):
        return False
    return not vocabulary.is_word(bare) or vocabulary.zipf(bare) < LOWER_NAME_ZIPF


TITLE_WORDS = [
    "mevrouw", "mevr", "mw", "meneer", "mijnheer", "mr", "dhr", "de heer", "heer", "juffrouw", "dokter", "dr",
    "familie", "fam", "moeder", "vader", "zus", "broer", "oma", "opa", "tante", "oom",
]  # fmt: skip
RELATION_TRIGGER = Triggered(AFTER_RELATION, words(RELATIONS))
TITLE_TRIGGER = Triggered(AFTER_TITLE, TITLE_WORDS)
LOWER_TRIGGER = Triggered(LOWER_AFTER, [*words(RELATIONS), *TITLE_WORDS])


def find(text: str, index: WordIndex | None = None) -> Iterator[s.Span]:
    index = index or WordIndex(text)
    for match in RELATION_TRIGGER.finditer(index):
        first = match["name"].split()[0]
        if _is_name(first, strict=False):
            name = _trim(match["name"])
            yield s.Span(match.start("name"), match.start("name") + len(name), s.PERSON, name, source="context")
    for match in TITLE_TRIGGER.finditer(index):
        name = match["name"].strip()
        if "." in name or _is_name(name.split()[0], strict=False):
            name = name if "." in name else _trim(name)
            yield s.Span(match.start("name"), match.start("name") + len(name), s.PERSON, name, source="context")
    for match in LOWER_TRIGGER.finditer(index):
        parts = match["name"].split()
        if not _lower_name(parts[0]):
            continue
        end = match.start("name") + len(parts[0])
        last = parts[-1].rstrip("'’")
        if len(parts) > 1 and (_lower_name(last) or not vocabulary.is_word(last)):  # "dochter elif yilmaz"
            end = match.end("name")
        yield s.Span(match.start("name"), end, s.PERSON, match.string[match.start("name") : end], source="context")
    for regex in (BEFORE_AGE, OWNER):
        for match in regex.finditer(text):
            if _is_name(match["name"]):
                yield s.Span(match.start("name"), match.end("name"), s.PERSON, match["name"], source="context")
