"""deduce's findings as spans, in pieces of a bounded size.

deduce keeps a token object per word and an annotation per finding for the whole
text it is given; on one text of megabytes that costs gigabytes. Its annotators
look no further than a sentence, so we give it paragraphs, cut at line ends (or at a
sentence end in a very long line), and cache each piece: a second pass over the
same document, or a review after one edited field, costs only what changed.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from typing import Any

from beraad.anonymise import spans as s

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
PIECE = 4000  # characters: large enough for any sentence, small enough to stay cheap
# What our own patterns find better (numbers in any grouping), and the redacted text we never use.
OURS = {"redactor", "identifiers", "phone_numbers", "email_addresses", "urls"}
SENTENCE_END = re.compile(r"[.!?]\s+")

_engine: Any = None
_engine_lock = threading.Lock()


def engine(progress: Any = None) -> Any:
    """The shared deduce instance, loaded once per process (see fast_deduce)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from beraad.anonymise import fast_deduce

            _engine = fast_deduce.load(progress=progress)
    return _engine


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece): whole lines, joined up to PIECE characters; a longer line is cut
    after a sentence, or at a space when it has none."""
    start = 0
    while start < len(text):
        end = min(len(text), start + PIECE)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                found = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
                cut = found[-1] - 1 if found else text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def find(text: str) -> Iterator[s.Span]:
    for offset, piece in pieces(text):
        for span in find_piece(piece):
            yield s.Span(span.start + offset, span.end + offset, span.category, span.text, "", "deduce")


@functools.lru_cache(maxsize=8192)
def find_piece(text: str) -> tuple[s.Span, ...]:
    """deduce is deterministic: a piece seen before is free."""
    document = engine().deidentify(text, disabled=OURS)
    found = []
    for annotation in document.annotations:
        tag = annotation.tag.lower()
        category = DEDUCE_TAGS.get(tag, s.OTHER)
        if tag == "locatie" and any(c.isdigit() for c in annotation.text):
            category = s.ADDRESS
        found.append(s.Span(annotation.start_char, annotation.end_char, category, annotation.text, "", "deduce"))
    return tuple(found)
