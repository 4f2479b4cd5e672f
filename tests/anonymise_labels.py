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
from typing import Any, NamedTuple

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
    keep: list[str] = []  # noqa: RUF012  # a NamedTuple default, never mutated
    known: tuple[tuple[str, str], ...] = ()  # (name, label) as a session lists them
    people: tuple[tuple[str, ...], ...] = ()  # mentions of each distinct person
    kind: str = ""  # the adversarial trick, "" for an ordinary snippet


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Cyrillic and Greek letters that look like Latin ones, as a reader sees them.
LOOKALIKE = str.maketrans(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХУІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν", "aeopcyxijsdhlABEKMHOPCTXYIJSABEZHIKMNOPTYXoiv"
)


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


class Outcome(NamedTuple):
    leaks: list[str]  # direct identifiers still in the output (as the command line replaces)
    lost: list[str]  # terms that had to stay and did not
    shared: list[str]  # one label given to two people
    unflagged: list[str]  # context details neither replaced nor listed for the review
    linked: list[str]  # a participant's label given on an initial alone


_ANONYMISERS: dict[tuple[tuple[str, str], ...], object] = {}


def anonymiser_for(known: tuple[tuple[str, str], ...], municipalities: list[str]) -> object:
    from beraad.anonymise import Anonymiser, KnownPerson
    from beraad.anonymise import spans as categories

    if known not in _ANONYMISERS:
        people = [
            KnownPerson(name, label, categories.PARTICIPANT if label.startswith("deelnemer") else categories.PERSON)
            for name, label in known
        ]
        _ANONYMISERS[known] = Anonymiser(people, municipalities)
    return _ANONYMISERS[known]


def evaluate(snippet: Snippet, municipalities: list[str]) -> Outcome:
    """How the anonymiser does on one snippet, as `beraad anonymise` runs it (every
    *mogelijk herleidbaar* name or place replaced) and as the review lists it."""
    anonymiser: Any = anonymiser_for(snippet.known, municipalities)
    full = anonymiser.find(snippet.text, replace_possible=True)
    review = anonymiser.find(snippet.text)
    output = full.text
    leaks = [f"{i!r} ({c})" for i, c in snippet.labelled if c in DIRECT and leaked(i, output)]
    lost = [term for term in snippet.keep if term not in output]
    listed = " ".join(span.text for span in review.possible) + " " + " ".join(s.text for s in review.spans)
    unflagged = [i for i, c in snippet.labelled if c == CONTEXT and not leaked(i, listed)]
    labels: list[tuple[int, str]] = []
    for number, group in enumerate(snippet.people):
        for mention in group:
            if mention.startswith("@"):
                labels.append((number, mention[1:]))
                continue
            where = re.search(rf"(?<!\w){re.escape(fold(mention))}(?!\w)", fold(snippet.text))
            at = where.start() if where else -1
            span = next((s for s in full.spans if s.start <= at < s.end), None) if at >= 0 else None
            if span is not None and re.fullmatch(
                r"\[[^\]]*\d\]|\[casusinbrenger\]|\[gespreksleider\]", span.replacement
            ):
                labels.append((number, span.replacement))
    shared = sorted({label for n, label in labels for m, other in labels if n != m and label == other})
    participant_labels = [label for _, label in snippet.known if label.startswith("deelnemer")]
    linked = [label for label in participant_labels if snippet.kind == "false-link" and f"[{label}]" in output]
    return Outcome(leaks, lost, shared, unflagged, linked)
