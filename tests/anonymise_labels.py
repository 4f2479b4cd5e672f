"""The shape of a labelled snippet for the anonymiser's test sets.

A snippet is a text with every identifier in it labelled by category, the terms that
must stay, the people known for it (as a session lists them), and which mentions are
one person: two groups of mentions must never end up under one label. `kind` names the
adversarial trick a snippet plays ("" for an ordinary one).

Identifiers are written plainly ("Jansen", "123456782"); the check looks for them in the
output after folding case, accents and invisible characters, so a planted "Jan\u00adsen"
that comes out unchanged counts as leaked.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Categories of a labelled identifier. DIRECT ones must never leak.
PERSON, NON_DUTCH, ADDRESS, POSTCODE = "persoon", "persoon-nnl", "adres", "postcode"
BSN, PHONE, EMAIL, IBAN = "BSN", "telefoonnummer", "e-mail", "rekeningnummer"
CASE, BIRTH, INSTITUTION, PLACE = "dossiernummer", "geboortedatum", "instelling", "plaats"
URL, HANDLE, PLATE = "url", "account", "kenteken"
DIRECT = {PERSON, NON_DUTCH, ADDRESS, POSTCODE, BSN, PHONE, EMAIL, IBAN, CASE, BIRTH, URL, HANDLE, PLATE}
# Identifying only together with other details: must be *flagged* (a finding the review
# shows), not necessarily replaced.
CONTEXT = "context"


class Snippet(NamedTuple):
    text: str
    labelled: list[tuple[str, str]]
    keep: list[str] = []
    known: tuple[tuple[str, str], ...] = ()  # (name, label) as a session lists them
    people: tuple[tuple[str, ...], ...] = ()  # mentions of each distinct person
    kind: str = ""  # the adversarial trick, "" for an ordinary snippet


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Cyrillic and Greek letters that look like Latin ones, as a reader sees them.
LOOKALIKE = str.maketrans("аеорсухіјѕԁһӏАВЕКМНОРСТХУІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν", "aeopcyxijsdhlABEKMHOPCTXYIJSABEZHIKMNOPTYXoiv")


def fold(text: str) -> str:
    """Lower case, no accents, no invisible characters: how a reader would search."""
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE).translate(LOOKALIKE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


def leaked(identifier: str, output: str) -> bool:
    """Whether identifier still stands in output (any case, accents, invisible characters;
    digits also with other separators between them)."""
    wanted, text = fold(identifier), fold(output)
    if re.fullmatch(r"[\d\s.\-/()+–]+", identifier) and sum(c.isdigit() for c in identifier) >= 6:
        digits = re.sub(r"\D", "", identifier)
        return digits in re.sub(r"\D", "", text)
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", text) is not None


def p(*names: str) -> list[tuple[str, str]]:
    return [(name, PERSON) for name in names]


def n(*names: str) -> list[tuple[str, str]]:
    return [(name, NON_DUTCH) for name in names]
