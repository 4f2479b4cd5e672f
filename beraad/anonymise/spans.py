"""Spans: what the anonymiser found, where, and what it becomes."""

from __future__ import annotations

from dataclasses import dataclass

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
MANUAL = "handmatig"
OTHER = "overig"

# When two findings overlap, the more certain one wins.
PRIORITY = {"known": 3, "pattern": 2, "manual": 4, "deduce": 1}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    text: str
    replacement: str = ""
    source: str = "pattern"

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def resolve(spans: list[Span]) -> list[Span]:
    """Drop overlapping findings: higher priority first, then the longer one."""
    ranked = sorted(spans, key=lambda s: (-PRIORITY[s.source], -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ranked:
        if not any(span.overlaps(other) for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def apply(text: str, spans: list[Span]) -> str:
    parts, last = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[last : span.start])
        parts.append(span.replacement)
        last = span.end
    parts.append(text[last:])
    return "".join(parts)
