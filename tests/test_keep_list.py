"""One test per entry of the keep-list (beraad/anonymise/data/keep.toml): in a sentence,
each stays as written and is not asked about."""

from __future__ import annotations

import pytest

from beraad.anonymise import Anonymiser
from beraad.anonymise.allowlist import keep_list

SENTENCES = {
    "wetten": "Volgens de {} kon het niet anders.",
    "regelingen": "De {} werd stopgezet.",
    "instanties": "Daarna belde {} terug.",
    "nummers": "Bel {} voor hulp.",
    "domeinen": "Zie {}/regels voor de tekst.",
    "talen": "Er kwam een tolk {} bij.",
    "landen": "Ze kwam uit {} terug.",
}
ENTRIES = [(kind, entry) for kind, entries in keep_list().items() for entry in entries]


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser()


def test_every_kind_has_a_sentence():
    assert set(keep_list()) == set(SENTENCES)


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[f"{k}:{e}" for k, e in ENTRIES])
def test_the_entry_stays_and_is_not_asked_about(anonymiser, kind, entry):
    text = SENTENCES[kind].format(entry.replace("#", "4"))
    result = anonymiser.find(text)
    assert result.text == text, result.text
    assert not result.possible, [p.text for p in result.possible]


@pytest.mark.parametrize("number", ["140254420", "113468568", "112345678", "0800123456789"])
def test_a_number_that_merely_starts_like_a_public_one_is_not_kept(anonymiser, number):
    """Found by bench/gate_fuzz.py: a BSN that starts with 113 or 14 0 passed as public."""
    assert number not in anonymiser.find(f"Haar nummer is {number}.").text
