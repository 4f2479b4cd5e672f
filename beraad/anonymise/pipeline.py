"""One anonymisation pipeline for the export, the review screen and the command line.

known names -> identifier patterns -> deduce for everything else -> allowlist ->
the facilitator's review decisions -> consistent pseudonyms. It returns spans, so
the review can show what will be replaced, and the text with the replacements.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from beraad.anonymise import names, patterns
from beraad.anonymise import spans as s
from beraad.anonymise.allowlist import Allowlist
from beraad.anonymise.names import KnownPerson

# deduce tags -> our categories
DEDUCE_TAGS = {
    "persoon": s.PERSON,
    "patient": s.PERSON,
    "locatie": s.PLACE,
    "instelling": s.INSTITUTION,
    "zorginstelling": s.INSTITUTION,
    "ziekenhuis": s.INSTITUTION,
    "datum": s.DATE,
    "leeftijd": s.AGE,
    "telefoonnummer": s.PHONE,
    "emailadres": s.EMAIL,
    "url": s.URL,
    "bsn": s.BSN,
    "id": s.CASE_NUMBER,
}
NUMBERED = {s.PERSON, s.PLACE, s.INSTITUTION, s.ADDRESS}  # "[persoon 1]", "[persoon 2]"...
SPREAD = {s.PERSON, s.PLACE, s.INSTITUTION}  # once found, masked wherever they occur
TITLE_OR_INITIAL = re.compile(rf"^(?:{names.TITLES}\s+)?(?:[A-Z]\.\s?)*", re.I)

_deduce = None
_deduce_lock = threading.Lock()


def deduce_engine():
    """The shared deduce instance, loaded once per process (see fast_deduce)."""
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            from beraad.anonymise import fast_deduce

            _deduce = fast_deduce.load()
    return _deduce


@dataclass
class Review:
    """The facilitator's decisions: texts to keep as they are, texts to replace too."""

    keep: set[str] = field(default_factory=set)
    replace: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Result:
    source: str
    spans: list[s.Span]

    @property
    def text(self) -> str:
        return s.apply(self.source, self.spans)


class Pseudonyms:
    """The same person (place, institution) gets the same pseudonym throughout a document."""

    def __init__(self, start: dict[str, int] | None = None) -> None:
        """start: numbers already taken, e.g. {"persoon": 2} when two people in the case are known."""
        self._labels: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = dict(start or {})
        self._texts: dict[tuple[str, str], str] = {}

    def seen(self) -> dict[str, str]:
        """Entities found so far (text -> category), longest first, to mask every occurrence."""
        found = {text: category for (category, _), text in self._texts.items() if category in SPREAD}
        return dict(sorted(found.items(), key=lambda item: -len(item[0])))

    def label(self, category: str, text: str) -> str:
        self._texts[(category, text.strip())] = text.strip()
        if category not in NUMBERED:
            return f"[{category}]"
        key = (category, _identity(category, text))
        if key not in self._labels:
            self._counts[category] = self._counts.get(category, 0) + 1
            self._labels[key] = f"[{category} {self._counts[category]}]"
        return self._labels[key]


def _identity(category: str, text: str) -> str:
    """'Mevrouw Jansen', 'mw. Jansen' and 'Jansen' are the same person."""
    if category == s.PERSON:
        bare = TITLE_OR_INITIAL.sub("", text).strip() or text
        return bare.split()[-1].lower().removesuffix("'s")
    return " ".join(text.lower().split())


class Anonymiser:
    def __init__(
        self,
        known: Iterable[KnownPerson] = (),
        municipalities: Iterable[str] = (),
        use_deduce: bool = True,
    ) -> None:
        self.known = list(known)
        self.allowlist = Allowlist(list(municipalities))
        self.use_deduce = use_deduce

    def find(self, text: str, review: Review | None = None, pseudonyms: Pseudonyms | None = None) -> Result:
        review = review or Review()
        pseudonyms = pseudonyms or Pseudonyms()
        allowed = self.allowlist.ranges(text)
        found = list(names.find(text, self.known))
        found += [f for f in patterns.find(text) if not self.allowlist.covers(text, f.start, f.end, allowed)]
        if self.use_deduce:
            found += [f for f in self._deduce(text) if not self.allowlist.covers(text, f.start, f.end, allowed)]
        found += _manual(text, review.replace)
        found += [
            s.Span(m.start(), m.end(), category, m.group(), "", "deduce")
            for entity, category in pseudonyms.seen().items()
            if len(entity) > 2 and entity not in review.keep
            for m in re.finditer(rf"(?<![\w-]){re.escape(entity)}(?![\w-])", text)
        ]
        kept = [f for f in s.resolve(found) if f.text.strip() not in review.keep]
        labelled = [
            f
            if f.replacement
            else s.Span(f.start, f.end, f.category, f.text, pseudonyms.label(f.category, f.text), f.source)
            for f in kept
        ]
        return Result(text, labelled)

    def anonymise(self, text: str, review: Review | None = None) -> str:
        return self.find(text, review).text

    @staticmethod
    def _deduce(text: str) -> list[s.Span]:
        return list(_deduce_spans(text))


@functools.lru_cache(maxsize=4096)
def _deduce_spans(text: str) -> tuple[s.Span, ...]:
    """deduce is deterministic: a text seen before (a second pass, a second export) is free."""
    document = deduce_engine().deidentify(text)
    found = []
    for annotation in document.annotations:
        tag = annotation.tag.lower()
        category = DEDUCE_TAGS.get(tag, s.OTHER)
        if tag == "locatie" and any(c.isdigit() for c in annotation.text):
            category = s.ADDRESS
        found.append(s.Span(annotation.start_char, annotation.end_char, category, annotation.text, "", "deduce"))
    return tuple(found)


def _manual(text: str, phrases: Iterable[str]) -> list[s.Span]:
    found = []
    for phrase in phrases:
        if phrase.strip():
            for match in re.finditer(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", text):
                found.append(s.Span(match.start(), match.end(), s.MANUAL, match.group(), "", "manual"))
    return found
