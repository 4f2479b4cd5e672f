"""One person, one pseudonym, throughout a document.

"Agnieszka Kowalczyk", "Agnieszka", "mevrouw Kowalczyk", "mw. K." and "Agnieszka's"
are one person, and so one "[persoon 4]". A listed person keeps the label the
session gave them, and no person found in the text ever gets a listed person's
number. The report builds a document in two passes with one Pseudonyms, so a
mention seen early ("mevrouw T.") is matched again in the second pass against
everyone the first pass met ("Tesfamariam").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from beraad.anonymise import spans as s
from beraad.anonymise.names import TITLES, TUSSENVOEGSELS, KnownPerson, _split
from beraad.anonymise.spread import SpreadIndex, any_case_name

NUMBERED = {s.PERSON, s.PLACE, s.INSTITUTION, s.ADDRESS}  # "[persoon 1]", "[persoon 2]"...
SPREAD = {s.PERSON, s.PLACE, s.INSTITUTION}  # once found, masked wherever they occur
LEADING_TITLE = re.compile(rf"^(?:{TITLES}\s+)+", re.I)
INITIAL = re.compile(r"^(?:[A-Z]\.?)+$")
POSSESSIVE = re.compile(r"(?:['’`]s|['’`])$")
LABEL = re.compile(r"^(?P<category>.+?) (?P<number>\d+)$")


@dataclass(eq=False)
class _Person:
    label: str
    category: str
    first: set[str] = field(default_factory=set)
    surname: str = ""
    words: set[str] = field(default_factory=set)  # a lone word: first name or surname, unknown which

    def tokens(self) -> set[str]:
        return self.first | self.words | ({self.surname} if self.surname else set())


@dataclass(frozen=True)
class _Mention:
    first: str = ""
    surname: str = ""
    word: str = ""
    initial: str = ""


def _initial(token: str) -> bool:
    """ "K.", "J.A.", "K": initials; "KOWALCZYK" and "DE" are a name and a particle in capitals."""
    return (
        INITIAL.match(token) is not None and ("." in token or len(token) <= 2) and token.lower() not in TUSSENVOEGSELS
    )


def _mention(text: str) -> _Mention:
    bare = LEADING_TITLE.sub("", text.strip()).strip() or text.strip()
    bare = POSSESSIVE.sub("", bare)
    tokens = [t for t in re.split(r"\s+", bare) if t]
    initials = [t for t in tokens if _initial(t)]
    words = [t.lower() for t in tokens if not _initial(t) and t.lower() not in TUSSENVOEGSELS]
    titled = bare != text.strip()
    if not words:
        return _Mention(initial=initials[0][0].lower() if initials else "")
    if len(words) == 1:
        if initials or titled:
            return _Mention(surname=words[0])
        return _Mention(word=words[0])
    return _Mention(first=words[0], surname=words[-1])


class Pseudonyms:
    """The same person (place, institution) gets the same pseudonym throughout a document."""

    def __init__(self, start: dict[str, int] | None = None) -> None:
        """start: numbers already taken, e.g. {"persoon": 2} when two people in the case are known."""
        self._counts: dict[str, int] = dict(start or {})
        self._people: list[_Person] = []
        self._others: dict[tuple[str, str], str] = {}
        self._texts: dict[str, str] = {}
        self._registered: set[KnownPerson] = set()
        self._by_surname: dict[str, dict[int, _Person]] = {}
        self._by_first: dict[str, dict[int, _Person]] = {}
        self._by_word: dict[str, dict[int, _Person]] = {}
        self._by_surname_initial: dict[str, dict[int, _Person]] = {}
        self._by_first_initial: dict[str, dict[int, _Person]] = {}
        self._by_initial_only: dict[str, _Person] = {}  # "mevrouw J.": nothing known but the initial
        self.version = 0  # grows whenever something new is seen; callers cache on it
        self.spread = SpreadIndex()
        self.lower_words: set[str] = set()  # words the document writes in lower case: no names
        self._listed: set[int] = set()  # ids of listed people: their names are matched by names.find

    def register(self, people: Iterable[KnownPerson]) -> None:
        """Listed people: their labels are taken, and found mentions of them get those labels."""
        for person in people:
            if person in self._registered or not person.name.strip():
                continue
            self._registered.add(person)
            match = LABEL.match(person.label)
            if match and match["category"] in NUMBERED:
                category = match["category"]
                self._counts[category] = max(self._counts.get(category, 0), int(match["number"]))
            first, _, surname = _split(person.name.strip())
            entry = _Person(f"[{person.label}]", person.category)
            self._people.append(entry)
            self._listed.add(id(entry))
            if surname:
                self._add(entry, first=first.lower(), surname=surname[-1].lower())
            else:
                self._add(entry, word=first.lower())

    def number_from(self, category: str, number: int) -> None:
        """Number whoever is found next after `number` ("[persoon 7]" stands in a text beside)."""
        self._counts[category] = max(self._counts.get(category, 0), number)

    def seen(self) -> dict[str, str]:
        """Entities found so far (text -> category), longest first, to mask every occurrence."""
        return dict(sorted(self._texts.items(), key=lambda item: -len(item[0])))

    def label(self, category: str, text: str) -> str:
        return self.resolve(category, text)[1]

    def resolve(self, category: str, text: str, replaced: bool = True) -> tuple[str, str]:
        """(category, label) for a finding; a person may turn out to be a listed participant.

        replaced=False: the label a finding would get, for a *mogelijk herleidbaar* one
        nobody decided on; its number is kept for it, but it is not masked elsewhere."""
        text = text.strip()
        if replaced and category in SPREAD and text not in self._texts:
            self._texts[text] = category
            self.spread.add(text, category)
            self.version += 1
        if category not in NUMBERED:
            return category, f"[{category}]"
        if category == s.PERSON:
            person = self._person(_mention(text))
            if replaced and id(person) not in self._listed:
                for token in person.tokens():
                    # A lone word of a name is masked elsewhere, in any case, only when it
                    # is a name: "Tesfay" and "Fatima" everywhere, but not "Kredietbank" or
                    # "Zaken" because deduce once read them as part of a long name.
                    if len(token) > 1 and any_case_name(token):
                        self.spread.add(token[0].upper() + token[1:], s.PERSON)
            return person.category, person.label
        key = (category, " ".join(POSSESSIVE.sub("", text).lower().split()))
        if key not in self._others:
            self._others[key] = self._next(category)
            self.version += 1
        return category, self._others[key]

    def _next(self, category: str) -> str:
        self._counts[category] = self._counts.get(category, 0) + 1
        return f"[{category} {self._counts[category]}]"

    def _person(self, mention: _Mention) -> _Person:
        found = self._match(mention)
        if found is None:
            found = _Person(self._next(s.PERSON), s.PERSON)
            self._people.append(found)
            if mention.initial:
                self._by_initial_only.setdefault(mention.initial, found)
        if mention.first and mention.surname:
            self._add(found, first=mention.first, surname=mention.surname)
        elif mention.surname:
            self._add(found, surname=mention.surname)
        elif mention.word and mention.word not in found.tokens():
            self._add(found, word=mention.word)
        return found

    def _add(self, person: _Person, first: str = "", surname: str = "", word: str = "") -> None:
        changed = False
        if first and first not in person.first:
            person.first.add(first)
            _put(self._by_first, first, person)
            _put(self._by_first_initial, first[0], person)
            changed = True
        if surname and not person.surname:
            person.surname = surname
            _put(self._by_surname, surname, person)
            _put(self._by_surname_initial, surname[0], person)
            changed = True
        if word and word not in person.words:
            person.words.add(word)
            _put(self._by_word, word, person)
            _put(self._by_first_initial, word[0], person)
            changed = True
        if changed:
            self.version += 1

    def _match(self, mention: _Mention) -> _Person | None:
        by_surname, by_first, by_word = self._by_surname, self._by_first, self._by_word
        if mention.surname:
            same = list(by_surname.get(mention.surname, {}).values())
            if mention.first:
                for person in same:
                    if mention.first in person.first or not person.first:
                        return person
                for person in [*by_first.get(mention.first, {}).values(), *by_word.get(mention.first, {}).values()]:
                    if not person.surname:
                        return person  # "Agnieszka" met before "Agnieszka Kowalczyk"
                for person in by_word.get(mention.surname, {}).values():
                    if not person.surname:
                        return person
                return None
            if same:
                return same[0]
            return next(iter(by_word.get(mention.surname, {}).values()), None)
        if mention.word:
            for index in (by_surname, by_first, by_word):
                if hits := index.get(mention.word):
                    return next(iter(hits.values()))
            if mention.word.endswith("s") and len(mention.word) > 3:  # "Dawits": the owner form
                return self._match(_Mention(word=mention.word[:-1]))
            return None
        if mention.initial:
            # "Mevrouw W." is no participant on her initial alone: a participant's label
            # would link a stranger to a colleague (and say who she is).
            for index in (self._by_surname_initial, self._by_first_initial):
                others = [p for p in index.get(mention.initial, {}).values() if p.category != s.PARTICIPANT]
                if len(others) == 1:
                    return others[0]
            return self._by_initial_only.get(mention.initial)
        return None


def _put(index: dict[str, dict[int, _Person]], key: str, person: _Person) -> None:
    index.setdefault(key, {})[id(person)] = person  # by identity: two people may look alike
