"""Spans: what the anonymiser found, where, and what it becomes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Categories, in Dutch as the review screen and the verslag show them.
PERSON = "persoon"
PARTICIPANT = "deelnemer"
ADDRESS = "adres"
POSTCODE = "postcode"
PHONE = "telefoonnummer"
EMAIL = "e-mail"
BSN = "BSN"
IBAN = "rekeningnummer"
CASE_NUMBER = "dossiernummer"
BIRTH_DATE = "geboortedatum"
DATE = "datum"
PLACE = "plaats"
INSTITUTION = "instelling"
AGE = "leeftijd"
URL = "url"
HANDLE = "account"  # @handles on social media
PLATE = "kenteken"
MANUAL = "weggelaten"  # what the facilitator added by hand ("geboren in [weggelaten]")
OTHER = "overig"
# Quasi-identifiers: harmless alone, identifying together. Only ever "mogelijk herleidbaar".
ORIGIN = "herkomst"
OCCUPATION = "beroep"
# Identifying through context (issue 16): a child's exact age, "de enige … in …", a rare
# condition, an employer. Never replaced silently: the review suggests a generalisation.
CONTEXT = "herleidbaar door context"

# A participant as whatever leaves the laptop beyond the verslag's own text shows them
# (the approval line, a signaal's details, the register's JSON): never one colleague.
UNNAMED_PARTICIPANT = "[een deelnemer]"
NUMBERED_PARTICIPANT = re.compile(r"\[deelnemer \d+\]")


def unnamed_labels(value: Any) -> Any:
    """A verslag's own "[deelnemer 3]" (the team chose numbered participants) as
    "[een deelnemer]" in whatever goes beyond the team (a signaal, the register's JSON,
    a push to the server); strings inside lists and dicts too."""
    if isinstance(value, str):
        return NUMBERED_PARTICIPANT.sub(UNNAMED_PARTICIPANT, value)
    if isinstance(value, list):
        return [unnamed_labels(item) for item in value]
    if isinstance(value, dict):
        return {key: unnamed_labels(item) for key, item in value.items()}
    return value


# When two findings overlap, the more certain one wins.
PRIORITY = {"manual": 4, "known": 3, "pattern": 2, "deduce": 1, "context": 1, "possible": 0}


@dataclass(frozen=True)
class Span:
    """One finding. `certain` is False for a *mogelijk herleidbaar* finding (see
    pipeline.Result.possible); `note` says in Dutch why it was flagged."""

    start: int
    end: int
    category: str
    text: str
    replacement: str = ""
    source: str = "pattern"
    certain: bool = True
    note: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Occupied:
    """Ranges of text already taken, merged, with an O(log n) overlap test."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(ranges):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Drop overlapping findings: higher priority first, then the longer one.

    Only findings that overlap (directly or through a chain) compete, so the text is
    cut into such clusters first: the work stays linear in the number of findings."""
    ordered = sorted((s for s in spans if s.end > s.start), key=lambda s: s.start)
    kept: list[Span] = []
    cluster: list[Span] = []
    reach = -1
    for span in ordered:
        if cluster and span.start >= reach:
            kept += _resolve_cluster(cluster)
            cluster = []
        cluster.append(span)
        reach = max(reach, span.end) if len(cluster) > 1 else span.end
    kept += _resolve_cluster(cluster)
    return sorted(kept, key=lambda s: s.start)


def _resolve_cluster(cluster: list[Span]) -> list[Span]:
    if len(cluster) < 2:
        return cluster
    kept: list[Span] = []
    for span in sorted(cluster, key=lambda s: (-_rank(s), -(s.end - s.start), s.start)):
        if not any(span.overlaps(other) for other in kept):
            kept.append(span)
    return kept


# An e-mail or web address that holds a name ("semhar.t@outlook.com") goes whole: a name
# replaced inside it would leave the rest of the address standing.
WHOLE = {EMAIL, URL, HANDLE}


def _rank(span: Span) -> int:
    return PRIORITY["manual"] + 1 if span.category in WHOLE else PRIORITY[span.source]


PAIRS = {"(": ")", "[": "]", "{": "}"}
CLOSING = {close: open_ for open_, close in PAIRS.items()}


def balanced(span: Span) -> Span:
    """A finding never takes one bracket of a pair and leaves the other: "(06-12345678)"
    becomes "([telefoonnummer])", not "[telefoonnummer])". A pair that is part of what
    was found ("(088) 123 45 67") goes with it."""
    text, start, end = span.text, span.start, span.end
    while text and text[0] in PAIRS and text.count(PAIRS[text[0]]) < text.count(text[0]):
        text, start = text[1:], start + 1
    while text and text[-1] in CLOSING and text.count(CLOSING[text[-1]]) < text.count(text[-1]):
        text, end = text[:-1], end - 1
    if end == span.end and start == span.start:
        return span
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return Span(start, end, span.category, stripped, span.replacement, span.source, span.certain, span.note)


def apply(text: str, spans: Iterable[Span]) -> str:
    parts, last = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[last : span.start])
        parts.append(span.replacement)
        last = span.end
    parts.append(text[last:])
    return "".join(parts)
