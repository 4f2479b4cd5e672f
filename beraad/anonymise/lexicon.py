"""Which name parts are also ordinary Dutch words, and which words are known names.

A part of a person's name counts in a text in any letter case ("jansen", "YILMAZ")
unless it is also a Dutch word written in lower case ("groot", "bos", "koning"): such a
part counts only with a capital or in capitals, so "een groot probleem" keeps its
meaning. The list of such words is data/name_words.txt (made by tools/name_words.py from
deduce's name lists and OpenTaal's word list). deduce's own lists of first names and
surnames tell a name from a typo ("Maria" is a name of its own, "Fatiam" is not).
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TUSSENVOEGSELS = frozenset(
    {
        "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "uit", "von", "vande",
        "el", "al", "la", "le", "du", "da", "di", "del", "dos", "das", "bin", "ben", "ibn", "abu", "mc",
    }
)  # fmt: skip


@functools.cache
def name_words() -> frozenset[str]:
    lines = (DATA / "name_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _deduce_list(*parts: str) -> frozenset[str]:
    """The words of deduce's name lists, lower case (an empty set without deduce)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("deduce")
    except (ImportError, ValueError):
        return frozenset()
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src" / "names"
    found: set[str] = set()
    for part in parts:
        path = root / part / "items.txt"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                found.update(token.lower() for token in line.replace("-", " ").split())
    return frozenset(found)


def _deduce_names() -> frozenset[str]:
    """deduce's first names and surnames."""
    return _deduce_list("lst_first_name", "lst_surname")


def ordinary(token: str) -> bool:
    """Whether a name part is also an ordinary Dutch word in lower case ("groot", "bos")."""
    return token.lower().strip("'’") in name_words()


def known_name(word: str) -> bool:
    """Whether a word is a first name or surname in deduce's lists."""
    return word.lower() in _deduce_names()


def first_name(word: str) -> bool:
    """Whether a word is a first name in deduce's list ("elif", "fatima", "jo")."""
    return word.lower() in _deduce_list("lst_first_name")


def parts(name: str) -> list[str]:
    """The parts of a name that identify: words of two letters or more, no tussenvoegsels
    ("Al-Khatib" gives "al-khatib" and "khatib"; "van der Berg" gives "berg")."""
    found: list[str] = []
    for word in name.replace("’", "'").replace("/", " ").replace(";", " ").split():  # "(Jo/Hanna)" too
        word = word.strip(".,;:()[]\"'")
        pieces = [word, *word.split("-")] if "-" in word else [word]
        for piece in pieces:
            piece = piece.strip("-'")
            if len(piece) >= 2 and piece.lower() not in TUSSENVOEGSELS and not piece.replace(".", "").isupper():
                found.append(piece)
            elif len(piece) >= 3 and piece.isupper() and piece.isalpha():
                found.append(piece)  # a name typed in capitals
    return list(dict.fromkeys(found))
