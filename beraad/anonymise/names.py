"""Known names (participants, people in the case) matched in all the forms people write them."""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass

from beraad.anonymise import spans as s

TUSSENVOEGSELS = {
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "uit", "von", "vande",
    "el", "al", "la", "le", "du", "da", "di", "del", "dos", "das", "bin", "ben", "ibn", "abu", "mc",
}  # fmt: skip
TITLES = (
    r"(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|mr\.?|dhr\.?|de\s+heer|heer|juffrouw|dokter|dr\.?|"
    r"familie|fam\.?|moeder|vader|zus|broer|oma|opa|tante|oom)"
)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    label: str  # the pseudonym, e.g. "deelnemer 2" or "persoon 1"
    category: str = s.PERSON


def _split(name: str) -> tuple[str, list[str], list[str]]:
    """First name(s), tussenvoegsel, surname: "Anna de Groot" -> ("Anna", ["de"], ["Groot"])."""
    tokens = name.split()
    if len(tokens) == 1:
        return tokens[0], [], []
    first, rest = tokens[0], tokens[1:]
    prefix = []
    while len(rest) > 1 and rest[0].lower() in TUSSENVOEGSELS:
        prefix.append(rest.pop(0))
    return first, prefix, rest


def _words(tokens: list[str]) -> str:
    return r"\s+".join(re.escape(t) for t in tokens)


# Possessive and genitive endings: "Semhars zoon", "Anna's collega", "Yonas' school".
POSSESSIVE = r"(?:['’`]?s|['’])?"


def patterns(person: KnownPerson) -> list[re.Pattern[str]]:
    """Regexes for every written form of a known name, inflections included.

    Single words (a first name or a surname alone) match as written, with a capital:
    'Groot' is a surname, 'groot' is an adjective. Forms of two or more words match
    in any case, since people type fast.
    """
    first, prefix, surname = _split(person.name.strip())
    forms: list[tuple[str, bool]] = []
    if not surname:
        if len(first) >= 2:
            forms.append((re.escape(first), False))
        return [_compile(form, ignore_case) for form, ignore_case in forms]
    with_prefix = rf"(?:{_words(prefix)}\s+)?{_words(surname)}" if prefix else _words(surname)
    initials = r"(?:[A-Z]\.\s?){1,4}\s*"
    forms += [
        (rf"(?:{TITLES}\s+)?{re.escape(first)}\s+(?:[A-Z]\.\s?)*{with_prefix}", True),
        (rf"(?:{TITLES}\s+)?{initials}{with_prefix}", True),
        (rf"{TITLES}\s+{with_prefix}", True),
        (rf"{TITLES}\s+{re.escape(first)}", True),
    ]
    if prefix:
        forms.append((_words(prefix + surname), True))
    for word in [first, *surname]:
        if len(word) >= 2 and word.lower() not in TUSSENVOEGSELS:
            forms.append((re.escape(word[0].upper() + word[1:]), False))
    return [_compile(form, ignore_case) for form, ignore_case in forms]


def _compile(form: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){form}{POSSESSIVE}(?![\w-])", re.I if ignore_case else 0)


def find(text: str, people: list[KnownPerson], words: Container[str] | None = None) -> Iterator[s.Span]:
    """Every mention of the people in text. words: the lower-case words of text, if known;
    a person none of whose name words occur there is skipped at once."""
    for person in people:
        if words is not None and not any(w in words for w in _name_words(person)):
            continue
        for pattern in _patterns(person):
            for match in pattern.finditer(text):
                yield s.Span(match.start(), match.end(), person.category, match.group(), f"[{person.label}]", "known")


@functools.lru_cache(maxsize=1024)
def _name_words(person: KnownPerson) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[^\W\d_]+", person.name) if w.lower() not in TUSSENVOEGSELS)


@functools.lru_cache(maxsize=1024)
def _patterns(person: KnownPerson) -> list[re.Pattern[str]]:
    return patterns(person)
