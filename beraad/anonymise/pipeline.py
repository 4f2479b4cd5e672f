"""One anonymisation pipeline for the export, the review screen and the command line.

known names -> identifier patterns -> addresses and named places -> names by their
context -> deduce for everything else -> allowlist -> the facilitator's decisions ->
consistent pseudonyms -> every later mention of what was found -> what might still
identify someone (*mogelijk herleidbaar*). It returns spans, so the review can show
what will be replaced, and the text with the replacements.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from beraad.anonymise import (
    context,
    context_clues,
    deduce_spans,
    lexicon,
    names,
    normal,
    patterns,
    places,
    possible,
    vocabulary,
)
from beraad.anonymise import spans as s
from beraad.anonymise.allowlist import Allowlist
from beraad.anonymise.names import KnownPerson
from beraad.anonymise.pseudonyms import NUMBERED, Pseudonyms
from beraad.anonymise.triggers import WordIndex

# What `replace_possible` replaces: names and places. Quasi-identifiers (an origin, an
# occupation) are only ever reported, so that a verslag keeps its meaning.
REPLACEABLE_POSSIBLE = {s.PERSON, s.PARTICIPANT, s.PLACE, s.INSTITUTION}
WIDEN = {s.PERSON, s.PLACE, s.INSTITUTION}
# What is replaced in a literature reference: the listed people, shapes, the facilitator's own phrases.
CITATION_SOURCES = {"known", "pattern", "manual"}
WORD_CHAR = re.compile(r"\w")
ENDS_IN_INITIAL = re.compile(r"(?<![^\s])[A-Z]$")
INITIAL_DOT = re.compile(r"\.(?=[ \t]*[a-z,;:)])")
MORE_INITIALS = re.compile(r"(?:\.[ \u00a0]?[A-Z](?!\w))*")
NEXT_NAME = re.compile(rf" (?P<word>[{vocabulary.UPPER}][\w'’]*(?:-[\w'’]+)*)(?![\w-])")
PREVIOUS_NAME = re.compile(rf"(?<![\w-])(?P<word>[{vocabulary.UPPER}][\w'’]*(?:-[\w'’]+)*) $")

ProgressHook = Callable[[str, float | None], None]

__all__ = ["Anonymiser", "ProgressHook", "Pseudonyms", "Result", "Review", "deduce_engine"]


def deduce_engine(progress: ProgressHook | None = None) -> object:
    """The shared deduce instance, loaded once per process (see fast_deduce). progress is
    called with (message, fraction or None) while a first use builds deduce's tables."""
    return deduce_spans.engine(progress)


@dataclass
class Review:
    """The facilitator's decisions: texts to keep as they are, texts to replace too."""

    keep: set[str] = field(default_factory=set)
    replace: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Result:
    """spans: everything replaced in `text` (a span with certain=False is a *mogelijk
    herleidbaar* finding that was replaced by decision). possible: *mogelijk
    herleidbaar* findings nobody decided on yet, not replaced, each with the category
    and label it would get; an export must refuse while any is left."""

    source: str
    spans: list[s.Span]
    possible: list[s.Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return s.apply(self.source, self.spans)

    @property
    def undecided(self) -> bool:
        return bool(self.possible)

    def unnamed(self) -> Result:
        """The same findings, every participant (a numbered one, the casusinbrenger, the
        gespreksleider) as "[een deelnemer]": for text that says who did something, such as
        who approved or who was asked, where a label would point at one colleague."""
        if not any(span.category == s.PARTICIPANT for span in self.spans):
            return self
        spans = [
            dataclasses.replace(span, replacement=s.UNNAMED_PARTICIPANT) if span.category == s.PARTICIPANT else span
            for span in self.spans
        ]
        return Result(self.source, _joined(self.source, spans), self.possible)


@functools.lru_cache(maxsize=8)
def _allowlist(municipalities: tuple[str, ...], teams: tuple[str, ...]) -> Allowlist:
    """One allowlist per workspace's settings: building its pattern costs more than a
    short text's anonymisation, and a listing of many knelpunten makes many anonymisers."""
    return Allowlist(list(municipalities), list(teams))


class Anonymiser:
    def __init__(
        self,
        known: Iterable[KnownPerson] = (),
        municipalities: Iterable[str] = (),
        use_deduce: bool = True,
        planned_from: date | None = None,
        teams: Iterable[str] = (),
    ) -> None:
        """planned_from: the day of the session; a date from then on is a plan (an action's
        deadline, a next meeting), not part of anyone's history, and stays. teams: public
        team names (beraad.toml), kept as written."""
        self.known = [p for p in known if p.name.strip()]
        self.allowlist = _allowlist(tuple(municipalities), tuple(teams))
        self.use_deduce = use_deduce
        self.planned_from = planned_from

    def find(
        self,
        text: str,
        review: Review | None = None,
        pseudonyms: Pseudonyms | None = None,
        *,
        replace_possible: bool = False,
        method: str | None = None,
    ) -> Result:
        """Find what identifies someone in text. replace_possible: replace every
        *mogelijk herleidbaar* name or place nobody decided on (the command line does).
        method: a text of the session's method copy, which a trainer wrote, not the team:
        "text" (a title, a question, a label): what is certain is replaced, nothing is
        asked about ("Verhelderingsvragen" is the method's own word); "citation" (one of
        the method's sources): only the people of this document (listed, or found
        anywhere in it) and identifier shapes are replaced, published authors stay.

        The detectors read the text normalised (see normal.py); the spans returned are
        on the text as typed, and what they do not cover stays exactly as it was."""
        typed = normal.normalise(text)
        result = self._find(typed.text, review, pseudonyms, replace_possible, method)
        if typed.same:
            return result
        return Result(text, [_back(f, typed) for f in result.spans], [_back(f, typed) for f in result.possible])

    def _find(
        self,
        text: str,
        review: Review | None,
        pseudonyms: Pseudonyms | None,
        replace_possible: bool,
        method: str | None = None,
    ) -> Result:
        review = review or Review()
        pseudonyms = pseudonyms or Pseudonyms()
        pseudonyms.register(self.known)
        keep = {normal.plain(k).strip() for k in review.keep}
        replace = {normal.plain(k).strip() for k in review.replace}
        if method is None:
            pseudonyms.lower_words |= possible.lower_words(text)
        allowed, found, flagged_all = self._detect(text, pseudonyms.lower_words)
        found = [f for f in found if not self._planned(f)]
        if method is not None:  # the method's own texts: nothing to ask the facilitator about
            flagged_all = []
        if method == "citation":
            found = [f for f in found if f.source in CITATION_SOURCES]
        # "de bakker" in lower case after "De Bakker" was found: the baker, or her? For the review.
        if method is None and pseudonyms.spread.everyday:
            flagged_all += [f for f in pseudonyms.spread.find(text) if not f.certain]
        flagged = s.resolve(flagged_all)
        flagged_texts = {f.text.casefold() for f in flagged}

        certain = s.resolve(found)
        # What the facilitator added by hand ("ook vervangen"), in any case, only where
        # nothing was found already: a phrase never undoes part of a replacement.
        manual = _manual(text, (p for p in replace if p.casefold() not in flagged_texts))
        certain += _outside_of(manual, certain)
        certain.sort(key=lambda f: f.start)
        spans = [self._label(f, pseudonyms) for f in certain if f.text.strip() not in keep]
        blocked = s.Occupied([*((f.start, f.end) for f in certain), *allowed])
        later = [_with_first_name(text, f) for f in pseudonyms.spread.find(text)]
        later = [f for f in later if not blocked.overlaps(f.start, f.end)]
        if method is None:
            flagged += [f for f in later if not f.certain and f.text.casefold() not in flagged_texts]
        later = [f for f in later if f.certain]
        spans += [self._label(f, pseudonyms) for f in later if f.text.strip() not in keep]
        blocked = s.Occupied([*((f.start, f.end) for f in [*certain, *later]), *allowed])

        undecided: list[s.Span] = []
        for finding in flagged:
            written = finding.text.strip()
            if written in keep or blocked.overlaps(finding.start, finding.end):
                continue
            chosen = written in replace or written.casefold() in {r.casefold() for r in replace}
            if chosen or (replace_possible and finding.category in REPLACEABLE_POSSIBLE):
                spans.append(self._label(finding, pseudonyms))
            else:
                undecided.append(self._label(finding, pseudonyms, tentative=True))
        return Result(text, _joined(text, sorted(spans, key=lambda f: f.start)), undecided)

    def anonymise(self, text: str, review: Review | None = None, *, replace_possible: bool = False) -> str:
        return self.find(text, review, replace_possible=replace_possible).text

    def _planned(self, finding: s.Span) -> bool:
        if self.planned_from is None or finding.category != s.DATE:
            return False
        day = patterns.day_of(finding.text)
        return day is not None and day >= self.planned_from

    def _detect(
        self, text: str, lower: Container[str] = frozenset()
    ) -> tuple[list[tuple[int, int]], list[s.Span], list[s.Span]]:
        """(allowlisted ranges, certain findings, *mogelijk herleidbaar* findings), piece by
        piece: every detector looks no further than a line, and pieces keep memory flat."""
        allowed: list[tuple[int, int]] = []
        found: list[s.Span] = []
        flagged: list[s.Span] = []
        for offset, piece in deduce_spans.pieces(text):
            index = WordIndex(piece)
            here = self.allowlist.ranges(piece, index)
            allowed += [(a + offset, b + offset) for a, b in here]
            candidates = list(possible.find(piece, index, lower))
            found += [_shift(s.balanced(f), offset) for f in self._certain(piece, index, here, candidates)]
            flagged += [_shift(s.balanced(_place_by_context(piece, f)), offset) for f in candidates if not f.certain]
            flagged += [_shift(s.balanced(f), offset) for f in context_clues.find(piece)]
            flagged += [_shift(f, offset) for f in names.short_forms(piece, self.known)]
        return allowed, found, flagged

    def _certain(
        self, text: str, index: WordIndex, allowed: list[tuple[int, int]], candidates: list[s.Span]
    ) -> Iterator[s.Span]:
        """Certain findings; candidates: what possible.find made certain by its context."""
        known = list(names.find(text, self.known, index.at))
        yield from known
        found: list[s.Span] = [
            *patterns.find(text),
            *_after_names(places.find(text, index), known),
            *context.find(text, index),
        ]
        found += [f for f in candidates if f.certain]
        if self.use_deduce:
            found += [f for f in deduce_spans.find_piece(text) if not _word_not_name(text, f)]
        for finding in found:
            if finding.category in WIDEN:
                finding = _widen(text, finding)
            if finding.category == s.PERSON:
                finding = _with_first_name(text, _whole_name(text, finding))
                finding = _place_by_context(text, finding)
            if self.allowlist.covers(finding.start, finding.end, allowed):
                continue
            if finding.category in WIDEN:
                trimmed = _outside(text, finding, allowed)
                if trimmed is not None:
                    yield trimmed
                continue
            yield finding

    @staticmethod
    def _label(finding: s.Span, pseudonyms: Pseudonyms, tentative: bool = False) -> s.Span:
        if finding.replacement:
            return finding
        if tentative and finding.category not in NUMBERED:
            return _with(finding, finding.category, f"[{finding.category}]")
        category, label = pseudonyms.resolve(finding.category, finding.text, replaced=not tentative)
        if tentative:
            category = finding.category
        return _with(finding, category, label)


def _joined(text: str, spans: list[s.Span]) -> list[s.Span]:
    """Two parts of one name replaced apart ("Fatiam" by its typo, "Yilmaz" by the known
    surname) become one "[persoon 1]", not "[persoon 1] [persoon 1]"."""
    joined: list[s.Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.replacement == span.replacement
            and last.category in (s.PERSON, s.PARTICIPANT)
            and not text[last.end : span.start].strip()
            and "\n" not in text[last.end : span.start]
        ):
            joined[-1] = dataclasses.replace(last, end=span.end, text=text[last.start : span.end])
        else:
            joined.append(span)
    return joined


def _after_names(found: Iterable[s.Span], known: list[s.Span]) -> Iterator[s.Span]:
    """An address whose first words are a known name ("YILMAZ Molenweg 12" in a title)
    starts after the name: the name and the address are each replaced."""
    for finding in found:
        for name in known:
            if finding.category == s.ADDRESS and finding.start <= name.start < finding.end and name.end < finding.end:
                rest = finding.text[name.end - finding.start :]
                start = name.end + len(rest) - len(rest.lstrip())
                finding = s.Span(
                    start, finding.end, finding.category, rest.lstrip(), finding.replacement, finding.source
                )
        yield finding


def _word_not_name(text: str, finding: s.Span) -> bool:
    """What deduce took for a name or a place that is not one to replace: a country (a
    finding for the review to decide, see possible.quasi_identifiers), or an everyday word
    that is also a surname, opening a sentence that goes on without a person's verb
    ("Koning klant", "Bakker worden wilde hij"; but "Visser belde")."""
    word = finding.text.strip()
    if finding.category == s.PLACE and word.lower() in possible.COUNTRY_SET:
        return True
    if finding.category != s.PERSON or " " in word or vocabulary.zipf(word) < IDIOM_ZIPF:
        return False
    if not _sentence_start(text, finding.start) or not (lexicon.ordinary(word) or not lexicon.known_name(word)):
        return False
    after = possible.NEXT_WORDS.match(text, finding.end)
    return after is not None and after.group(1)[0].islower() and after.group(1).lower() not in possible.PERSON_VERBS


IDIOM_ZIPF = 4.0  # an everyday word ("koning" 5.1, "bakker" 4.3); rarer surnames stay names


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \u00a0\t\"'‘“(")
    return not before or before[-1] in ".!?:\n•-*"


def _shift(finding: s.Span, offset: int) -> s.Span:
    if not offset:
        return finding
    return dataclasses.replace(finding, start=finding.start + offset, end=finding.end + offset)


def _with(finding: s.Span, category: str, replacement: str) -> s.Span:
    return s.Span(
        finding.start, finding.end, category, finding.text, replacement, finding.source, finding.certain, finding.note
    )


def _widen(text: str, finding: s.Span) -> s.Span:
    """Never replace part of a word: "Al-Amin", not "Al-[persoon 1]". A lower-case Dutch
    word joined to a name by a hyphen is no part of it: "casus-[persoon 1]",
    "[persoon 1]-dossier"."""
    start, end = finding.start, finding.end
    while start > 0 and (
        WORD_CHAR.match(text[start - 1])
        or (
            text[start - 1] == "-"
            and start > 1
            and WORD_CHAR.match(text[start - 2])
            and not _joined_word(PART_BEFORE.search(text, 0, start - 1))
        )
    ):
        start -= 1
    while end < len(text) and (
        WORD_CHAR.match(text[end])
        or (
            text[end] == "-"
            and end + 1 < len(text)
            and WORD_CHAR.match(text[end + 1])
            and not _joined_word(PART_AFTER.match(text, end + 1))
        )
    ):
        end += 1
    if (start, end) == (finding.start, finding.end):
        return finding
    return s.Span(start, end, finding.category, text[start:end], finding.replacement, finding.source)


PART_BEFORE = re.compile(r"[^\W\d_]+$")
PART_AFTER = re.compile(r"[^\W\d_]+")


def _joined_word(part: re.Match[str] | None) -> bool:
    return part is not None and names.joined_word(part.group())


def _outside(text: str, finding: s.Span, allowed: list[tuple[int, int]]) -> s.Span | None:
    """A name that runs into an allowlisted term ("Volgens Rijk", "Jan van het UWV"):
    the part outside the term, if that part is still a name and not an everyday word."""
    start, end = finding.start, finding.end
    for a, b in allowed:
        if a >= end:
            break
        if b <= start:
            continue
        if a <= start:
            start = b
        else:
            end = a
    piece = text[start:end]
    stripped = piece.strip(" \t\n,.;:-")
    if not stripped or (start, end) == (finding.start, finding.end):
        return finding if stripped else None
    start += piece.index(stripped)
    end = start + len(stripped)
    words = [w for w in stripped.split() if w.lower() not in names.TUSSENVOEGSELS]
    if not words or all(vocabulary.is_word(w) for w in words):
        return None
    return s.Span(start, end, finding.category, text[start:end], finding.replacement, finding.source)


def _place_by_context(text: str, finding: s.Span) -> s.Span:
    """ "geboren in Asmara", "gevlucht uit Homs": one word that deduce took for a name is a
    place after such words (it is replaced either way; this gives it the right label)."""
    if finding.category != s.PERSON or finding.source == "known" or " " in finding.text:
        return finding
    if not possible.PLACE_CONTEXT.search(text, max(0, finding.start - 40), finding.start):
        return finding
    note = possible.PLACE_NOTE if not finding.certain else finding.note
    return s.Span(finding.start, finding.end, s.PLACE, finding.text, "", finding.source, finding.certain, note)


def _whole_name(text: str, finding: s.Span) -> s.Span:
    """ "Rami Al-Khatib" when deduce knew only Rami; "Filmon Tewelde" when only Tewelde
    stood after a relation: a capitalised word beside a name that is no Dutch word
    belongs to the name."""
    start, end = finding.start, finding.end
    if ENDS_IN_INITIAL.search(text, start, end):  # "meneer K" of "meneer K.A. belde"
        more = MORE_INITIALS.match(text, end)
        end = more.end() if more else end
        dot = 1 if text.startswith(".", end) else 0
        after = NEXT_NAME.match(text, end + dot)
        if INITIAL_DOT.match(text, end) or (dot and after and not vocabulary.is_word(after["word"])):
            end += dot  # "mevrouw J. belde" → "[persoon 1] belde"; a sentence's own full stop stays
    after = NEXT_NAME.match(text, end)
    if after and not vocabulary.is_word(after["word"]) and after["word"].lower() not in possible.ORIGIN_SET:
        end = after.end()
    before = PREVIOUS_NAME.search(text, max(0, start - 40), start)
    if before and before["word"].lower() not in possible.ORIGIN_SET and _name_word(before["word"]):
        start = before.start("word")
    if (start, end) == (finding.start, finding.end):
        return finding
    return s.Span(start, end, finding.category, text[start:end], finding.replacement, finding.source)


def _with_first_name(text: str, finding: s.Span) -> s.Span:
    """ "elif yilmaz", "ahmed Yilmaz": a first name in lower case right before a name
    found belongs to it (see names.first_name_before)."""
    if finding.category != s.PERSON:
        return finding
    start = names.first_name_before(text, finding.start)
    if start is None:
        return finding
    return s.Span(start, finding.end, finding.category, text[start : finding.end], "", finding.source)


def _name_word(word: str) -> bool:
    """A capitalised word right before a name that belongs to it: no Dutch word, or a first
    name deduce knows that is not a common word ("Mei Chen", "Jan de Vries")."""
    if not vocabulary.is_word(word):
        return True
    return lexicon.known_name(word) and vocabulary.zipf(word) < names.FUNCTION_WORD_ZIPF


def _manual(text: str, phrases: Iterable[str]) -> Iterator[s.Span]:
    for phrase in phrases:
        if phrase.strip():
            for match in re.finditer(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", text, re.I):
                yield s.Span(match.start(), match.end(), s.MANUAL, match.group(), "", "manual")


def _outside_of(manual: Iterable[s.Span], found: list[s.Span]) -> list[s.Span]:
    """The parts of the facilitator's phrases that nothing else covers: a phrase that
    overlaps a finding (a street typed into "ook vervangen" inside a whole address) adds
    what lies outside it and leaves the finding as it was."""
    taken = s.Occupied((f.start, f.end) for f in found)
    kept: list[s.Span] = []
    for span in sorted(manual, key=lambda f: (f.start, -f.end)):
        if kept and span.start < kept[-1].end:
            continue
        if not taken.overlaps(span.start, span.end):
            kept.append(span)
            continue
        inside = sorted((f.start, f.end) for f in found if f.start < span.end and span.start < f.end)
        at = span.start
        for start, end in [*inside, (span.end, span.end)]:
            piece = span.text[at - span.start : max(at, start) - span.start]
            if piece.strip(" ,.;:-") and at < start:
                lead = len(piece) - len(piece.lstrip(" ,.;:-"))
                trail = len(piece) - len(piece.rstrip(" ,.;:-"))
                kept.append(s.Span(at + lead, start - trail, s.MANUAL, piece.strip(" ,.;:-"), "", "manual"))
            at = max(at, end)
    return kept


def _back(finding: s.Span, typed: normal.Normal) -> s.Span:
    """A finding on the normalised text, on the text as typed."""
    start, end = typed.span(finding.start, finding.end)
    return dataclasses.replace(finding, start=start, end=end)
