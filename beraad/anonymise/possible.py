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
from collections.abc import Iterator

from beraad.anonymise import spans as s
from beraad.anonymise import vocabulary

CAPITALISED = re.compile(r"(?<![\w@/.-])[A-ZÀ-Þ][a-zß-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*(?![\w@/-]|\.\w)")
LOWER_WORD = re.compile(r"(?<![\w-])[a-zß-ÿ][a-zß-ÿ'’-]*")
PLACE_ENDINGS = (
    "dorp", "veen", "wijk", "stad", "dam", "recht", "hoven", "horst", "zijl", "woude", "wolde", "loo",
    "kerk", "broek", "hem", "heim", "sum", "um", "drecht", "haven", "burg", "berg", "meer", "zand",
)  # fmt: skip

NAME_NOTE = "onbekend woord met hoofdletter: mogelijk een naam"
PLACE_NOTE = "onbekend woord met hoofdletter: mogelijk een plaats of wijk"
ORIGIN_NOTE = "herkomst of taal bij de leeftijd van een kind"
OCCUPATION_NOTE = "zeldzaam beroep"

ORIGINS = (
    "eritre[ae]s?e?|eritreeër|somalisch[e]?|somali[ëe]r|ethiopisch[e]?|ethiopiër|syrisch[e]?|syriër|iraaks[e]?|"
    "irakees|iraans[e]?|iraniër|afghaans[e]?|afghaan|turks[e]?|turk|marokkaans[e]?|marokkaan|pools[e]?|polen|"
    "oekraïens[e]?|oekraïner|surinaams[e]?|surinamer|antilliaans[e]?|antilliaan|curaçaos[e]?|arubaans[e]?|"
    "chinees|chinese|soedanees|soedanese|jemenitisch[e]?|koerdisch[e]?|koerd|berbers[e]?|amazigh|"
    "bulgaars[e]?|roemeens[e]?|hongaars[e]?|litouws[e]?|lets[e]?|russisch[e]?|armeens[e]?|kaapverdisch[e]?|"
    "ghanees|ghanese|nigeriaans[e]?|congolees|congolese|egyptisch[e]?|pakistaans[e]?|indiaas[e]?|"
    "tigrinya|tigrinyasprekend[e]?|amhaars|amhaarse|arabisch[e]?|dari|pasjtoe|pashto|farsi|perzisch[e]?|"
    "papiaments|sranantongo|tamazight|tarifit|oromo|somalisch|oekraïens|russisch|mandarijn|kantonees"
)
ORIGIN = re.compile(rf"\b(?:{ORIGINS})\b", re.I)
CHILD_AGE = re.compile(
    r"\b(?:van|is|werd|wordt)\s+(?:[1-9]|1[0-7])(?:\s*jaar)?\b|\((?:[1-9]|1[0-7])\)|\b(?:[1-9]|1[0-7])[\s-]*(?:jaar|jarige?)\b",
    re.I,
)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
OCCUPATIONS = (
    "imam|dominee|predikant|pastoor|pastor|rabbijn|burgemeester|notaris|chirurg|piloot|kraanmachinist|"
    "orthodontist|dierenarts|profvoetballer|voetballer|rapper|zanger|zangeres|acteur|actrice|schrijver|schrijfster|"
    "journalist|rechter|officier van justitie|wethouder|gedeputeerde|kamerlid|raadslid|directeur|topsporter|"
    "hoogleraar|schoolhoofd|apotheker|garagehouder|marktkoopman|"
    "conciërge"
)
OCCUPATION = re.compile(rf"\b(?:enige|bekende|eigen)?\s*\b(?:{OCCUPATIONS})\b", re.I)
OCCUPATION_HINT = re.compile(r"\b(?:enige|bekende|werkt(?:e)? als|is|was|als)\b", re.I)


def names_and_places(text: str) -> Iterator[s.Span]:
    """Capitalised words that are no Dutch word and appear nowhere in lower case."""
    lower_words = {w.lower() for w in LOWER_WORD.findall(text)}
    for match in CAPITALISED.finditer(text):
        word = match.group()
        if len(word) < 3 or word.lower() in lower_words or vocabulary.is_word(word):
            continue
        place = word.lower().endswith(PLACE_ENDINGS)
        category, note = (s.PLACE, PLACE_NOTE) if place else (s.PERSON, NAME_NOTE)
        yield s.Span(match.start(), match.end(), category, word, "", "possible", False, note)


def quasi_identifiers(text: str) -> Iterator[s.Span]:
    for sentence in SENTENCE.finditer(text):
        body = sentence.group()
        if CHILD_AGE.search(body):
            for match in ORIGIN.finditer(body):
                start, end = sentence.start() + match.start(), sentence.start() + match.end()
                yield s.Span(start, end, s.ORIGIN, text[start:end], "", "possible", False, ORIGIN_NOTE)
        for match in OCCUPATION.finditer(body):
            if OCCUPATION_HINT.search(body[max(0, match.start() - 20) : match.start() + 1]):
                word = match.group().strip()
                start = sentence.start() + match.end() - len(word)
                for lead in ("enige ", "bekende ", "eigen "):
                    if word.lower().startswith(lead):
                        start += len(lead)
                end = sentence.start() + match.end()
                yield s.Span(start, end, s.OCCUPATION, text[start:end], "", "possible", False, OCCUPATION_NOTE)


def find(text: str) -> Iterator[s.Span]:
    yield from names_and_places(text)
    yield from quasi_identifiers(text)
