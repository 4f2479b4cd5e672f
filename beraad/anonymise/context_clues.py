"""*Herleidbaar door context*: details that identify someone once the names are gone.

"(34) … het enige Eritrese gezin in het dorp … sinds 2019 … zoon (7)": no name is left,
yet everyone in a small town knows who this is. Such details carry the case, so they are
never replaced silently: each is a finding for the review, with a suggested
generalisation ("(34)" → "(30-40)", "Eritrese" → "[herkomst]") that the facilitator
takes or leaves. Found here: an exact age (a child's, or an adult's in brackets), "de
enige … in …", an origin beside a year of arrival, a rare condition, an employer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from beraad.anonymise import spans as s

NOTE_AGE = "exacte leeftijd: samen met andere details herkenbaar"
NOTE_ONLY = "'de enige': wijst één persoon of gezin aan"
NOTE_ARRIVAL = "herkomst met jaar van aankomst"
NOTE_CONDITION = "zeldzame aandoening"
NOTE_EMPLOYER = "werkgever"

CHILD = (
    r"zoon|zoontje|dochter|dochtertje|kind|kindje|kinderen|baby|broer|broertje|zus|zusje|jongen|meisje|"
    r"tweeling|kleinzoon|kleindochter|pleegkind|pleegzoon|pleegdochter|neefje|nichtje"
)
AGE_AFTER_CHILD = re.compile(
    rf"\b(?:{CHILD})\b[^.!?\n]{{0,30}}?(?P<age>\((?:[1-9]|1[0-7])\)|\bvan\s+(?:[1-9]|1[0-7])(?:\s+jaar)?\b)", re.I
)
# "Mevrouw (34)", and "(34)" on its own at the start of a line or of a table cell
AGE_IN_BRACKETS = re.compile(r"(?:(?<=[\w.)])\s?|(?m:^)[ \t]*)(?P<age>\((?:1[89]|[2-9]\d)(?:\s*jaar)?\))")
AGED = re.compile(r"\b(?P<age>(?:[1-9]|1[0-7]|[2-9]\d)-?jarige?)\b", re.I)
ONLY = re.compile(
    r"\b(?:de|het)\s+(?P<only>enige\s+[^.!?\n,;]{2,60}?\s+(?:in|op|van|uit|bij)\s+[^.!?\n,;]{2,40}?)(?=[.!?\n,;]|$)",
    re.I,
)
ARRIVAL = re.compile(
    r"\b(?:sinds|in|vanaf)\s+(?:19[5-9]\d|20[0-3]\d)\b[^.!?\n]{0,40}?\b(?:gekomen|aangekomen|gevlucht|in nederland|naar nederland|hier)\b"
    r"|\b(?:kwam|kwamen|vluchtte|vluchtten|kwam\s+hij|kwam\s+zij)\b[^.!?\n]{0,30}?\b(?:in|sinds)\s+(?:19[5-9]\d|20[0-3]\d)\b",
    re.I,
)
CONDITIONS = (
    "huntington|als|mucoviscidose|duchenne|sikkelcelziekte|thalassemie|narcolepsie|syndroom van down|"
    "syndroom van [A-Z][\\w-]+|ziekte van [A-Z][\\w-]+|spierdystrofie|spierziekte|niet-aangeboren hersenletsel|"
    "dwarslaesie|tourette|epidermolysis bullosa|fenylketonurie|progeria|hemofilie|ms|multiple sclerose"
)
CONDITION = re.compile(rf"(?<![\w-])(?P<condition>(?i:{CONDITIONS}))(?![\w-])")
EMPLOYER = re.compile(
    r"\b(?:werkt|werkte|werken|werkten|in dienst|baan|stage|vakkenvuller|schoonmaker|chauffeur)\s+(?:\w+\s+)?bij\s+"
    r"(?:de\s+|het\s+)?(?P<employer>[A-Z][\w&'’-]+(?:\s+[A-Z][\w&'’-]+){0,2})"
)


def _span(match: re.Match[str], group: str, suggestion: str, note: str) -> s.Span:
    return s.Span(match.start(group), match.end(group), s.CONTEXT, match[group], suggestion, "possible", False, note)


def _without_only(phrase: str) -> str:
    """ "enige Eritrese gezin in het dorp" → "[herkomst] gezin", "enige imam in de wijk" →
    "[beroep]": what stays of the phrase without "enige", an origin, a rare occupation or
    the place."""
    from beraad.anonymise.possible import OCCUPATION, ORIGIN

    words = phrase.split(None, 1)[1] if " " in phrase else ""
    words = re.split(r"\s+(?:in|op|van|uit|bij)\s+", words, maxsplit=1)[0]
    words = OCCUPATION.sub("[beroep]", ORIGIN.sub("[herkomst]", words))
    return words if words.strip() else "[weggelaten]"


def _range(age: int) -> str:
    if age < 4:
        return "jong kind"
    if age < 12:
        return "basisschoolleeftijd"
    if age < 18:
        return "tiener"
    low = age // 10 * 10
    return f"{low}-{low + 10}"


def _age_of(text: str) -> int | None:
    digits = re.search(r"\d+", text)
    return int(digits.group()) if digits else None


CONDITION_HINTS = ("ziekte", "syndroom", "huntington", "ALS", "MS", "mucoviscidose", "duchenne", "sikkel", "thalass",
                   "narcolep", "spier", "hersenletsel", "dwarslaesie", "tourette", "bullosa", "fenylketon", "progeria",
                   "hemofilie", "sclerose")  # fmt: skip


def find(text: str) -> Iterator[s.Span]:
    digits = any(c.isdigit() for c in text)
    lower = text.lower()
    if digits:
        yield from _ages(text)
    if "enige" in lower:
        for match in ONLY.finditer(text):
            yield _span(match, "only", _without_only(match["only"]), NOTE_ONLY)
    if digits:
        for match in ARRIVAL.finditer(text):
            year = re.search(r"(?:19|20)\d{2}", match.group())
            if year is not None:
                start = match.start() + year.start()
                yield s.Span(start, start + 4, s.CONTEXT, year.group(), "[jaar]", "possible", False, NOTE_ARRIVAL)
    if any(hint in text or hint in lower for hint in CONDITION_HINTS):
        for match in CONDITION.finditer(text):
            word = match["condition"]
            if word.lower() in ("als", "ms") and not word.isupper():
                continue  # "als" is a word; only ALS and MS in capitals are conditions
            yield _span(match, "condition", "[aandoening]", NOTE_CONDITION)
    if " bij " in lower:
        for match in EMPLOYER.finditer(text):
            yield _span(match, "employer", "[werkgever]", NOTE_EMPLOYER)


def _ages(text: str) -> Iterator[s.Span]:
    for match in AGE_AFTER_CHILD.finditer(text):
        age = _age_of(match["age"])
        if age is not None:
            written = match["age"]
            suggestion = f"({_range(age)})" if written.startswith("(") else f"in de {_range(age)}"
            yield _span(match, "age", suggestion, NOTE_AGE)
    for match in AGE_IN_BRACKETS.finditer(text):
        age = _age_of(match["age"])
        if age is not None:
            yield _span(match, "age", f"({_range(age)})", NOTE_AGE)
    for match in AGED.finditer(text):
        age = _age_of(match["age"])
        if age is not None and age < 100:
            yield _span(match, "age", "[leeftijd]", NOTE_AGE)
