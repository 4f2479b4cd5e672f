"""Once found, masked everywhere: every later mention of a person, place or
institution found anywhere in the document, also where no detector would see it.

Found names are kept in an index by their first word, and a text is scanned word
by word once, so the cost grows with the text and not with the number of names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from beraad.anonymise import lexicon, vocabulary
from beraad.anonymise import spans as s

WORD = re.compile(r"[^\W\d_](?:\w|['’-](?=\w))*")
PART = re.compile(r"[^\W\d_](?:\w|['’](?=\w))*")  # a word without its hyphenated parts
POSSESSIVE_END = re.compile(r"(?:['’]s|s|['’])$")
GAP = re.compile(r"[\s.]*")
OWNER_ENDINGS = ("s", "'", "’")
COMMON_ZIPF = 4.5  # names that are also everyday words count only mid-sentence ("Bos", "Visser")


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]  # lower case
    category: str
    text: str  # the text a label is asked for
    single: bool  # one word: matched only when written with a capital
    common: bool
    any_case: bool = False  # a name that is no Dutch word ("Tesfay"): "tesfay" and "TESFAY" too
    everyday: bool = False  # more words, each an everyday word or a particle: "De Bakker" (the baker?)


EVERYDAY_NOTE = "gewone woorden die ook een gevonden naam zijn"
NAME_ZIPF = 5.0  # "anna" 4.7, "jansen" 4.1; "mensen" 6.2 is a word whatever deduce's lists say


def any_case_name(word: str) -> bool:
    """Whether a name part found for someone is masked in any letter case wherever it
    stands ("Fatima", "fatima", "FATIMA"): when it is no everyday Dutch word ("groot",
    "bakker"), and either no Dutch word at all ("Tesfay", "Yilmaz") or a name in
    deduce's lists that is rarer than everyday words ("Fatima", "Anna", "Jansen"). A word
    deduce once read as part of a long name ("Zaken", "Kredietbank") is neither."""
    lower = word.lower()
    if lexicon.ordinary(lower):
        return False
    if not vocabulary.is_word(lower):
        return True
    return lexicon.known_name(lower) and vocabulary.zipf(lower) < NAME_ZIPF


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in WORD.findall(text))


class SpreadIndex:
    def __init__(self) -> None:
        self._by_first: dict[str, list[_Entry]] = {}
        self._known: set[tuple[tuple[str, ...], str]] = set()
        self._everyday = False

    def add(self, text: str, category: str, label_text: str | None = None) -> None:
        words = _words(text)
        if not words or (len(words) == 1 and len(words[0]) < 2) or (words, category) in self._known:
            return
        self._known.add((words, category))
        single = len(words) == 1
        common = single and vocabulary.zipf(words[0]) >= COMMON_ZIPF
        any_case = single and category == s.PERSON and any_case_name(words[0])
        everyday = not single and all(lexicon.ordinary(w) or w in lexicon.TUSSENVOEGSELS for w in words)
        entry = _Entry(words, category, label_text or text, single, common, any_case, everyday)
        self._everyday = self._everyday or everyday
        entries = self._by_first.setdefault(words[0], [])
        entries.append(entry)
        entries.sort(key=lambda e: -len(e.words))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    @property
    def everyday(self) -> bool:
        """Whether a name of everyday words was found ("De Bakker"): only then can a text
        hold a mention to ask about."""
        return self._everyday

    def find(self, text: str) -> Iterator[s.Span]:
        if not self._by_first:
            return
        # The distinct words first (one pass in C), so that the scan below looks up
        # only the words that can start a mention.
        words = set(WORD.findall(text))
        words |= {part for word in words if "-" in word for part in PART.findall(word)}
        hits = {word: entries for word in words if (entries := self._candidates(word))}
        if not hits:
            return
        end = -1
        for whole in WORD.finditer(text):
            # a compound is read whole ("Al-Khatib"), else part by part ("casus-yilmaz")
            parts = [whole] if whole.group() in hits or "-" not in whole.group() else []
            parts = parts or list(PART.finditer(text, whole.start(), whole.end()))
            for match in parts:
                candidates = hits.get(match.group())
                if candidates is None or match.start() < end:
                    continue
                at = self._at(text, match, candidates)
                if at is not None:
                    entry, end = at
                    written = text[match.start() : end]
                    if entry.everyday and written.split()[-1].islower():
                        # "de bakker" in lower case after "De Bakker" was found: the baker, or her?
                        yield s.Span(match.start(), end, entry.category, written, "", "possible", False, EVERYDAY_NOTE)
                        continue
                    yield s.Span(match.start(), end, entry.category, written, "", "deduce")

    def _candidates(self, word: str) -> list[_Entry]:
        lower = word.lower()
        candidates = self._by_first.get(lower)
        if candidates is None and lower.endswith(OWNER_ENDINGS):
            base = POSSESSIVE_END.sub("", lower)
            candidates = [e for e in self._by_first.get(base, []) if e.single]  # "Dawits", "Semhar's"
        return candidates or []

    def _at(self, text: str, first: re.Match[str], candidates: list[_Entry]) -> tuple[_Entry, int] | None:
        """The longest entry that starts at this word, and where its last word ends."""
        capital = first.group()[0].isupper()
        for entry in candidates:
            if entry.single:
                if entry.any_case or (capital and not (entry.common and _sentence_start(text, first.start()))):
                    return entry, first.end()
                continue
            end = first.end()
            for word in entry.words[1:]:
                gap = GAP.match(text, end)
                following = WORD.match(text, gap.end()) if gap else None
                if following is None or following.group().lower() != word:
                    break
                end = following.end()
            else:
                return entry, end
        return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \u00a0\t\"'‘“(")
    return not before or before[-1] in ".!?:\n•-*"
