"""When an action is due, as a date: "dd-mm-jjjj" as typed, or the words a team uses in
the room ("volgende week", "binnen twee weken", "eind maart", "vrijdag") turned into the
date they mean, counted from the day of the session. A date can be late; "binnen twee
weken" in a verslag a month later cannot. No I/O here."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from beraad.text import day_text

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"), ("februari", "feb"), ("maart", "mrt", "mar"), ("april", "apr"), ("mei",),
            ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"), ("september", "sep", "sept"),
            ("oktober", "okt", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6}
NUMBERS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "paar": 2, "enkele": 3,
}  # fmt: skip
UNITS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "maand": 0, "maanden": 0}

# Words before the date that do not change it: "vóór 1 maart", "uiterlijk vrijdag".
_FILLER = re.compile(r"^(uiterlijk|voor|vóór|op|per|tegen|rond|uiterst|in|de|het)\s+")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_WITHIN = re.compile(r"^(?:binnen|over|na)\s+(?:een\s+)?(\w+)?\s*(dagen|dag|weken|week|maanden|maand)$")
_EDGE = re.compile(r"^(begin|half|medio|midden|eind|einde|eind van|einde van)\s+(?:de\s+)?(\w+)(?:\s+(\d{4}))?$")


def parse_when(text: str, day: date) -> date | None:
    """The date text means, said on day (the session's date); None when it names no date
    ("na vaststelling verslag", "zo snel mogelijk")."""
    words = " ".join(text.strip().casefold().replace(",", " ").split())
    previous = None
    while previous != words:
        previous, words = words, _FILLER.sub("", words)
    if not words:
        return None
    for parse in (_numeric, _relative, _within, _day_month, _edge, _month, _weekday):
        try:
            found = parse(words, day)
        except (OverflowError, ValueError):  # counted past the last date there is (a session of 31-12-9999)
            return None
        if found is not None:
            return found
    return None


def shown(found: date) -> str:
    return day_text(found)


def as_date(text: str, day: date) -> str:
    """What a 'wanneer' cell holds once it is left: the date as dd-mm-jjjj when the text
    names one, otherwise the text as it was."""
    found = parse_when(text, day)
    return shown(found) if found is not None else text


def _numeric(words: str, day: date) -> date | None:
    match = _NUMERIC.match(words)
    if not match:
        return None
    dd, mm, yy = int(match[1]), int(match[2]), match[3]
    year = int(yy) + 2000 if yy and len(yy) == 2 else int(yy) if yy else day.year
    try:
        found = date(year, mm, dd)
    except ValueError:
        return None
    if not yy and found < day:  # "1-3" said in November: next March
        found = _safe(year + 1, mm, dd) or found
    return found


def _relative(words: str, day: date) -> date | None:
    fixed = {
        "vandaag": day,
        "morgen": day + timedelta(days=1),
        "overmorgen": day + timedelta(days=2),
        "deze week": _friday(day),
        "eind deze week": _friday(day),
        "eind van de week": _friday(day),
        "volgende week": _friday(day + timedelta(days=7)),
        "eind volgende week": _friday(day + timedelta(days=7)),
        "komende week": _friday(day + timedelta(days=7)),
        "deze maand": _month_end(day.year, day.month),
        "eind deze maand": _month_end(day.year, day.month),
        "eind van de maand": _month_end(day.year, day.month),
        "volgende maand": _month_end(*_next_month(day.year, day.month)),
        "komende maand": _month_end(*_next_month(day.year, day.month)),
        "volgende keer": None,
    }
    return fixed.get(words)


def _within(words: str, day: date) -> date | None:
    match = _WITHIN.match(words)
    if not match:
        return None
    count_word, unit = match[1] or "een", match[2]
    count = int(count_word) if count_word.isdigit() else NUMBERS.get(count_word)
    if count is None or count > 366:
        return None
    if UNITS[unit] == 0:
        year, month = day.year, day.month + count
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + timedelta(days=count * UNITS[unit])


def _day_month(words: str, day: date) -> date | None:
    match = _DAY_MONTH.match(words)
    if not match or match[2] not in MONTHS:
        return None
    year = int(match[3]) if match[3] else day.year
    found = _safe(year, MONTHS[match[2]], int(match[1]))
    if found is not None and not match[3] and found < day:
        found = _safe(year + 1, MONTHS[match[2]], int(match[1]))
    return found


def _edge(words: str, day: date) -> date | None:
    """'eind maart' (its last day), 'begin april' (the first), 'half mei' (the 15th)."""
    match = _EDGE.match(words)
    if not match or match[2] not in MONTHS:
        return None
    month = MONTHS[match[2]]
    year = int(match[3]) if match[3] else day.year
    if not match[3] and (year, month) < (day.year, day.month):
        year += 1
    if match[1].startswith("eind"):
        return _month_end(year, month)
    return date(year, month, 1 if match[1] == "begin" else 15)


def _month(words: str, day: date) -> date | None:
    """'december': by the end of it (the coming one)."""
    parts = words.split()
    if not parts or parts[0] not in MONTHS or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return None
    return _edge(f"eind {words}", day)


def _weekday(words: str, day: date) -> date | None:
    """'vrijdag': the coming Friday (a week on, said on a Friday)."""
    words = words.removeprefix("aanstaande ").removeprefix("komende ")
    if words not in WEEKDAYS:
        return None
    ahead = (WEEKDAYS[words] - day.weekday()) % 7 or 7
    return day + timedelta(days=ahead)


def _friday(day: date) -> date:
    return day + timedelta(days=(4 - day.weekday()) % 7)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_date(text: str) -> bool:
    """Whether a cell holds a date as dd-mm-jjjj already."""
    try:
        datetime.strptime(text.strip(), "%d-%m-%Y")
    except ValueError:
        return False
    return True


# Quarters: "K1 2027" everywhere beraad names one (the server's pages, its exports, the
# laptop). Typed, the ways people write one are all taken.
_ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4}
_QUARTER_FORMS = [
    re.compile(r"^[kq]\s*([1-4])[\s/-]*(\d{4})$"),  # K1 2027, Q1-2027
    re.compile(r"^(\d{4})[\s/-]*[kq]\s*([1-4])$"),  # 2027-K1, 2027-Q1 (the old filter's form)
    re.compile(r"^(eerste|tweede|derde|vierde|[1-4]e)\s+kwartaal\s+(?:van\s+)?(\d{4})$"),  # 1e kwartaal 2027
    re.compile(r"^kwartaal\s+([1-4])\s+(?:van\s+)?(\d{4})$"),  # kwartaal 1 2027
]
QUARTER_EXAMPLE = "K1 2027"


def quarter_text(day: date) -> str:
    """The quarter a day falls in, as beraad writes it: 'K1 2027'."""
    return f"K{(day.month - 1) // 3 + 1} {day.year}"


def parse_quarter(text: str) -> tuple[int, int] | None:
    """(year, quarter) of a quarter as typed ('K1 2027', 'k1-2027', '2027-Q1', '1e kwartaal
    2027', 'eerste kwartaal van 2027'), or None."""
    words = " ".join(text.strip().casefold().split())
    for number, form in enumerate(_QUARTER_FORMS):
        found = form.match(words)
        if found is None:
            continue
        first, second = found.groups()
        if number == 1:
            year, quarter = int(first), int(second)
        else:
            year, quarter = int(second), _ORDINALS.get(first) or int(first)
        return (year, quarter) if 1 <= year <= 9999 else None
    return None


def quarter_days(year: int, quarter: int) -> tuple[date, date]:
    """The first and the last day of a quarter."""
    first = date(year, 3 * quarter - 2, 1)
    return first, _month_end(year, 3 * quarter)


def quarter_of(since: date | None, until: date | None) -> str:
    """'K1 2027' when since and until are exactly one quarter, else ''."""
    if since is None or until is None:
        return ""
    year, quarter = since.year, (since.month - 1) // 3 + 1
    return quarter_text(since) if (since, until) == quarter_days(year, quarter) else ""
