"""Identifier patterns that need no dictionary: numbers, codes and addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from beraad.anonymise import spans as s

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}}\s+(?:{MONTHS})\.?\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})"

# Suffixes that name a street on their own ("aan de Oudegracht"), and suffixes that are
# also endings of ordinary words ("Uitkering", "Noord"), which count only before a number.
STREET_SUFFIX = (
    "straat|straatweg|laan|weg|plein|gracht|kade|singel|dreef|steeg|dijk|plantsoen|boulevard|allee|burgwal|"
    "straatje|dwarsstraat|wetering"
)
LOOSE_SUFFIX = "hof|park|pad|baan|markt|ring|wal|dam|erf|hoven|zijde|haven|akker|weide|vaart|veld|velden|berg|poort|brink|hoek|oord|werf|gang|stede|lei"
HOUSE_NUMBER = (
    r"\d{1,5}(?:\s?-\s?\d{1,4}|\s?[a-zA-Z](?![a-zA-Z])|\s?(?:bis|hs|huis|[IVX]{1,3})\b)?"
    r"(?:\s+(?:\d{1,2}\s?(?:hoog|hg|e\s+etage)|hoog|unit\s?\d{1,4}|bus\s?\d{1,4}|app\.?\s?\d{1,4}))?"
)
PARTICLE = r"(?:van|de|der|den|het|ter|ten|'t)"
_LEAD = rf"(?:[A-Z][\w'’.-]*\s+(?:{PARTICLE}\s+)*){{0,2}}"
STREET_NAME = (
    rf"{_LEAD}[A-Z][\w'’-]*(?:{STREET_SUFFIX})\b"
    rf"|{_LEAD}[A-Z][\w'’-]*(?:{LOOSE_SUFFIX})(?=\s+\d)"
    rf"|\b(?:Laan|Plein|Weg|Kade|Singel|Burgemeester|Dokter|Van)\s+(?:{PARTICLE}\s+)*[A-Z][\w'’-]+(?=\s+\d)"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (s.EMAIL, re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (s.URL, re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+(?:\.[\w-]+)+\S*", re.I)),
    (s.IBAN, re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b", re.I)),
    (
        s.BIRTH_DATE,
        re.compile(rf"(?i:geboren\s+(?:op\s+)?|geb\.?\s*|geboortedatum:?\s*)(?P<value>{DATE})", re.I),
    ),
    (
        s.PHONE,
        re.compile(r"(?<![\w+/-])(?:(?:\+|00)\s?31[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)(?:[\s.)(-]{0,2}\d){9}(?![\d])"),
    ),
    (
        s.CASE_NUMBER,
        re.compile(
            r"(?i:(?:dossier|zaak|klant|cli[eë]nt|registratie|referentie|aanvraag|kenmerk|relatie)\s?"
            r"(?:nummer|nr\.?|id)?\s*:?\s*)(?P<value>[A-Z0-9][A-Z0-9/.-]{3,}\d)"
        ),
    ),
    (s.CASE_NUMBER, re.compile(r"\b[A-Z]{1,5}[-/]\d[\dA-Z]*(?:[-/][\dA-Z]+)+\b|\b[A-Z]{1,5}-\d{4,}\b")),
    (s.CASE_NUMBER, re.compile(r"\b\d{2,4}[-/]\d{4,8}(?:[-/]\d{1,8})?\b")),
    (s.POSTCODE, re.compile(r"\b[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b")),
    (s.ADDRESS, re.compile(rf"\b(?:{STREET_NAME})(?:\s+{HOUSE_NUMBER})?")),
]

BSN_CONTEXT = re.compile(r"(?i)\b(?:bsn|burgerservicenummer|sofi-?nummer)\b")
NINE_DIGITS = re.compile(
    r"(?<![\d.-])\d{4}[.\s]?\d{2}[.\s]?\d{3}(?![\d-])|(?<![\d.-])\d{3}[.\s]\d{3}[.\s]\d{3}(?![\d-])"
)


def elf_proef(digits: str) -> bool:
    """The Dutch 11-test for BSN numbers."""
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def find(text: str) -> Iterator[s.Span]:
    for category, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("value") if "value" in pattern.groupindex else match.span()
            yield s.Span(start, end, category, text[start:end])
    for match in NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        context = text[max(0, match.start() - 30) : match.start()]
        if elf_proef(digits) or BSN_CONTEXT.search(context):
            yield s.Span(match.start(), match.end(), s.BSN, match.group())
