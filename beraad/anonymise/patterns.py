"""Identifier patterns that need no dictionary: numbers and codes, found by their shape.

People type numbers in every grouping ("12 34 56 782", "06 - 12 34 56 78",
"+291 7 123 456"), so the patterns allow a separator between any two digits and
then check what they found (the 11-test for a BSN, a plausible day and month for
a date). Earlier patterns claim their text first: a date is never read as the tail
of a case number, a phone number never as a BSN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from beraad.anonymise import spans as s

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
NUMERIC_DATE = r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2}|\d{2})"
DATE = (
    rf"(?:{NUMERIC_DATE}(?![\d/-])|\d{{1,2}}[\s-]+(?:{MONTHS})\.?[\s-]+(?:19|20)\d{{2}}"
    rf"|(?:19|20)\d{{2}}-[01]\d-[0-3]\d)"
)
_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}


def day_of(text: str) -> date | None:
    """The calendar day a date as people write it names ("15-12-2026", "15 december 2026",
    "2026-12-15"); None when it names none."""
    written = text.strip().lower().rstrip(".")
    try:
        if match := re.fullmatch(NUMERIC_DATE, written):
            year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
            return date(year, int(match["m"]), int(match["d"]))
        if match := re.fullmatch(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})", written):
            month = _MONTH_NUMBERS.get(match[2])
            return date(int(match[3]), month, int(match[1])) if month else None
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", written):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 31-02-2026
        return None
    return None


BIRTH = r"\b(?:geboren|geb\.|geb\b|geboortedatum|geboortedag|dob\b)[:\s]*(?:op\s+|in\s+)?"

# Between two digits: nothing, one space, or a dash, dot or slash with optional spaces.
GAP = r"(?:[ \u00a0]?[-./][ \u00a0]?|[ \u00a0])?"
NO_DIGIT_BEFORE = r"(?<![\w+])(?<!\w[-/])(?<!\d[ .])(?<!\d[ .\-/] )"
NO_DIGIT_AFTER = r"(?![ \u00a0]?[-./]?[ \u00a0]?\d)(?!\w)"

# Country codes of the Netherlands, its neighbours, and the countries of origin most
# common among residents of Dutch municipalities (Eritrea, Somalia, Ethiopia, Syria,
# Iraq, Iran, Afghanistan, Turkey, Morocco, Poland, Ukraine, Suriname, the Dutch
# Caribbean, China, ...). A number with any other code still matches by its length.
COUNTRY_CODES = (
    "31|32|33|44|49|48|380|90|212|213|216|291|252|251|249|963|964|98|93|92|20|597|599|297|86|"
    "40|359|370|371|420|7|234|233|237|243|27|62|91|880|94|55|57|34|39|351|30"
)
PHONE = (
    rf"(?:(?<![\w+])(?:\+|00)[ \u00a0]?(?:{COUNTRY_CODES}|\d{{1,3}})[ \u00a0.-]?(?:\(0\)[ \u00a0.-]?)?"
    rf"\d(?:{GAP}\d){{5,11}}"
    rf"|{NO_DIGIT_BEFORE}(?:\(0\d{{1,3}}\)|0\d{{1,3}}){GAP}\d(?:{GAP}\d){{4,8}}){NO_DIGIT_AFTER}"
)
# The first digit comes first and the look-behinds after it: a pattern that starts with a
# digit lets re skip to the next digit, one that starts with a look-behind does not.
NINE_DIGITS = rf"\d(?<![\w+]\d)(?<!\w[-/]\d)(?<!\d[ .]\d)(?<!\d[ .\-/] \d)(?:{GAP}\d){{8}}{NO_DIGIT_AFTER}"
BSN_CONTEXT = re.compile(r"(?i)\b(?:bsn|burgerservice-?nummer|sofi-?nummer|citizen service number)\b")

CONTEXT_WORD = (
    r"(?:dossier|zaak|klant|cli[eë]nt|registratie|referentie|aanvraag|kenmerk|relatie|besluit|beschikking|"
    r"factuur|polis|contract|vordering|cjib|debiteur|meldings?|clientnummer)"
)
CONTEXT_NEEDS = (
    "dossier", "zaak", "klant", "cli", "registratie", "referentie", "aanvraag", "kenmerk", "relatie", "besluit",
    "beschikking", "factuur", "polis", "contract", "vordering", "cjib", "debiteur", "melding",
)  # fmt: skip
CASE_CONTEXT = rf"(?i:\b{CONTEXT_WORD}[-\s]?(?:nummer|nr\.?|id|code)?\s*[:.]?\s*)(?P<value>[A-Za-z0-9][A-Za-z0-9/.-]*\d[A-Za-z0-9]*)"
CODE = r"(?<![\w/.\-:])[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)+(?![\w/]|[-.]\w)"
LETTERS_DIGITS = r"(?<![\w/.-])[A-Z]{1,5}\d{5,}(?![\w/-])"
LONG_NUMBER = r"\d(?<![\w.,/-]\d)\d{6,}(?![\w/-]|[.,]\d)"


@dataclass(frozen=True)
class _Pattern:
    category: str
    regex: re.Pattern[str]
    needs: tuple[str, ...] = ()  # the pattern runs only when the text (lower case) holds one of these


# "naam(at)hotmail.com", "naam [at] kpnmail [dot] nl", "naam apenstaartje gmail punt com"
AT = r"(?:\s*[(\[{]\s*(?:at|@|apenstaartje)\s*[)\]}]\s*|\s+(?:at|apenstaartje)\s+)"
DOT = r"(?:\s*[(\[{]\s*(?:dot|punt)\s*[)\]}]\s*|\s+(?:dot|punt)\s+|\.)"
DISGUISED_EMAIL = rf"(?<![\w.])[\w.+-]+{AT}[\w-]+(?:{DOT}[\w-]+)+"
TLD = r"(?:nl|com|org|net|eu|be|de|info|io|me|tv|app|co|uk|fr|pl|tr|ma|biz|online|social)"
# a web address without http or www, with a path: "facebook.com/jan.devries"
BARE_URL = rf"(?<![\w@/.-])(?:[\w-]+\.)+{TLD}/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]"
HANDLE = r"(?<![\w.@/])@[A-Za-z0-9_](?:[\w.]{0,28}[A-Za-z0-9_])?(?![\w@])"
# Dutch licence plates, all side codes (letters in capitals, or any case after "kenteken")
PLATE_SHAPES = (
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|"
    r"\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|"
    r"[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
)
PLATE = rf"(?<![\w-])(?:{PLATE_SHAPES}|(?<=kenteken )(?i:{PLATE_SHAPES}))(?![\w-])"
NUMBER_WORDS = (
    "een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|"
    "achttien|negentien|twintig|eenentwintig|tweeëntwintig|drieëntwintig|vierentwintig|vijfentwintig|"
    "zesentwintig|zevenentwintig|achtentwintig|negenentwintig|dertig|eenendertig|eerste|tweede|derde|vierde|"
    "vijfde|zesde|zevende|achtste|negende|tiende"
)
YEAR_WORDS = r"(?:negentien|tweeduizend|twintig)\w*"
# "geboren op drie maart negentienzesentachtig", "geboren 3 maart '86"
BIRTH_IN_WORDS = (
    rf"(?i:\b(?:geboren|geb\.|geboortedatum|geboortedag)[:\s]+(?:op\s+)?)"
    rf"(?P<value>(?i:(?:\d{{1,2}}|{NUMBER_WORDS})\s+(?:{MONTHS})\.?(?:\s+(?:(?:19|20)\d{{2}}|['’]\d{{2}}|{YEAR_WORDS}))?))"
)
# "jarig op 14 mei en wordt dan 17": a birthday and an age give the date of birth
BIRTHDAY = rf"(?i:\bjarig\s+(?:op\s+)?)(?P<value>(?i:(?:\d{{1,2}}|{NUMBER_WORDS})\s+(?:{MONTHS})))\b"

PATTERNS = [
    _Pattern(s.EMAIL, re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), ("@",)),
    _Pattern(s.EMAIL, re.compile(DISGUISED_EMAIL, re.I), ("at", "apenstaartje")),
    _Pattern(s.URL, re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+(?:\.[\w-]+)+\S*", re.I), ("http", "www.")),
    _Pattern(s.URL, re.compile(BARE_URL, re.I), ("/",)),
    _Pattern(s.HANDLE, re.compile(HANDLE), ("@",)),
    _Pattern(s.PLATE, re.compile(PLATE), ("-",)),
    _Pattern(s.BIRTH_DATE, re.compile(BIRTH_IN_WORDS), ("geb",)),
    _Pattern(s.BIRTH_DATE, re.compile(BIRTHDAY), ("jarig",)),
    _Pattern(s.IBAN, re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){3,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?\b", re.I)),
    _Pattern(s.BIRTH_DATE, re.compile(rf"(?i:{BIRTH})(?P<value>{DATE})", re.I), ("geb", "dob")),
    _Pattern(s.DATE, re.compile(rf"(?<![\w/.-]){DATE}", re.I)),
]
CASE_PATTERNS = [
    _Pattern(s.CASE_NUMBER, re.compile(CASE_CONTEXT), CONTEXT_NEEDS),
    _Pattern(s.CASE_NUMBER, re.compile(CODE)),
    _Pattern(s.CASE_NUMBER, re.compile(LETTERS_DIGITS)),
    _Pattern(s.CASE_NUMBER, re.compile(LONG_NUMBER)),
]
PHONE_RE = re.compile(PHONE)
WITHOUT_DIGITS = {s.EMAIL, s.URL, s.HANDLE, s.BIRTH_DATE}  # patterns that can match text without a digit
NINE_DIGITS_RE = re.compile(NINE_DIGITS)
LOOSE_GAP = r"(?:[ \u00a0]?[-./]?[ \u00a0]?\n?[ \u00a0]?)"
LOOSE_BSN_RE = re.compile(rf"\d(?<![\w+]\d)(?:{LOOSE_GAP}[\dOo]){{8}}(?![\w])")
THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
ANY_DIGIT = re.compile(r"\d")
YEAR = re.compile(r"(?:19|20)\d{2}")
YEAR_RANGE = re.compile(r"(?:19|20)\d{2}[-/](?:(?:19|20)?\d{2})")


def elf_proef(digits: str) -> bool:
    """The Dutch 11-test for BSN numbers."""
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _plausible_date(match: re.Match[str]) -> bool:
    if match.groupdict().get("d") is None:
        return True
    return 1 <= int(match["d"]) <= 31 and 1 <= int(match["m"]) <= 12


def _plausible_phone(number: str) -> bool:
    """A Dutch number has ten digits; an international one eight to fifteen."""
    digits = len(_digits(number))
    if number.lstrip("(").startswith("0") and not number.startswith("00"):
        return digits == 10
    return 8 <= digits <= 15


def _looks_like_case_number(code: str) -> bool:
    """A code such as TV-2024-11873, 2024/WMO/0815 or 77-001234, and not an amount,
    a year range, a time or a version number."""
    if THOUSANDS.fullmatch(code) or YEAR_RANGE.fullmatch(code):
        return False
    digits = sum(c.isdigit() for c in code)
    groups = re.split(r"[-/.]", code)
    has_letters = any(c.isalpha() for c in code)
    if has_letters:
        return digits >= 3 and any(sum(c.isdigit() for c in g) >= 2 for g in groups)
    return digits >= 6 or (len(groups) >= 3 and digits >= 4)


class _Claims:
    """Which characters a pattern already took; later patterns skip them."""

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


def find(text: str) -> Iterator[s.Span]:
    lower = text.lower()
    if not ANY_DIGIT.search(text) and not any(
        w in lower for w in ("@", "www", "(at)", "[at]", " at ", "apenstaartje", "/", "geb", "jarig")
    ):
        return  # every pattern here needs a digit, except e-mail, web addresses and dates in words
    claims = _Claims(len(text))

    def claim(start: int, end: int, category: str) -> s.Span | None:
        if end <= start or not claims.free(start, end):
            return None
        claims.take(start, end)
        return s.Span(start, end, category, text[start:end])

    digits = ANY_DIGIT.search(text) is not None
    for pattern in PATTERNS:
        if pattern.needs and not any(word in lower for word in pattern.needs):
            continue
        if not digits and pattern.category not in WITHOUT_DIGITS:
            continue
        for match in pattern.regex.finditer(text):
            if not _plausible_date(match):
                continue
            start, end = match.span("value") if "value" in pattern.regex.groupindex else match.span()
            if span := claim(start, end, pattern.category):
                yield span
    if not digits:
        return  # what follows are numbers
    for match in NINE_DIGITS_RE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if BSN_CONTEXT.search(before) and (span := claim(*match.span(), s.BSN)):
            yield span
    for match in LOOSE_BSN_RE.finditer(text):
        # "23456778O", "2345\n67781": a letter O for a zero, a number over two lines
        written = match.group()
        if len(_digits(written)) < 7:
            continue
        after_bsn = BSN_CONTEXT.search(text[max(0, match.start() - 40) : match.start()]) is not None
        with_o = written != _digits(written) and elf_proef(_digits(written.replace("O", "0").replace("o", "0")))
        if (after_bsn or with_o) and (span := claim(*match.span(), s.BSN)):
            yield span
    for match in PHONE_RE.finditer(text):
        if _plausible_phone(match.group()) and (span := claim(*match.span(), s.PHONE)):
            yield span
    # "zaaknummer 2026-00123", "dossier 123456782": a number its words call a case number
    # is one, also when its nine digits happen to pass the 11-test (one in eleven do)
    yield from _case_numbers(text, lower, claim, CASE_PATTERNS[:1])
    for match in NINE_DIGITS_RE.finditer(text):
        if elf_proef(_digits(match.group())) and (span := claim(*match.span(), s.BSN)):
            yield span
    yield from _case_numbers(text, lower, claim, CASE_PATTERNS[1:])


def _case_numbers(
    text: str, lower: str, claim: Callable[[int, int, str], s.Span | None], kinds: list[_Pattern]
) -> Iterator[s.Span]:
    for case in kinds:
        if case.needs and not any(word in lower for word in case.needs):
            continue
        regex = case.regex
        for match in regex.finditer(text):
            start, end = match.span("value") if "value" in regex.groupindex else match.span()
            code = text[start:end].rstrip(".")
            end = start + len(code)
            if regex.pattern == CODE and not _looks_like_case_number(code):
                continue
            if regex.pattern == CASE_CONTEXT and (len(_digits(code)) < 4 or YEAR.fullmatch(code)):
                continue
            if span := claim(start, end, s.CASE_NUMBER):
                yield span
