"""The anonymiser on a labelled test set: no direct identifier may leak, no allowlisted term may go."""

from __future__ import annotations

import pytest

from beraad.anonymise import Anonymiser, KnownPerson, Review

from .anonymise_cases import CASES, KNOWN, MUNICIPALITIES


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser([KnownPerson(name, label) for name, label in KNOWN], MUNICIPALITIES)


def test_the_set_is_big_enough():
    assert len(CASES) >= 40
    assert sum(len(leaks) for _, leaks, _ in CASES) >= 60


@pytest.mark.parametrize(("text", "leaks", "keep"), CASES, ids=[c[0][:50] for c in CASES])
def test_no_identifier_leaks_and_nothing_useful_is_lost(anonymiser, text, leaks, keep):
    result = anonymiser.find(text)
    output = result.text
    for identifier in leaks:
        assert identifier.lower() not in output.lower(), f"leaked {identifier!r}: {output}"
    for term in keep:
        assert term in output, f"lost {term!r}: {output}"
    for span in result.spans:  # spans point at what they replace
        assert text[span.start : span.end] == span.text


def test_pseudonyms_are_consistent_within_a_document(anonymiser):
    text = "Mevrouw Hendriks belde. Later kwam Hendriks langs, met Kees. Kees van der Berg zweeg."
    output = anonymiser.anonymise(text)
    assert output.count("[persoon 2]") == 2  # Kees, both times
    hendriks = {s.replacement for s in anonymiser.find(text).spans if "Hendriks" in s.text}
    assert len(hendriks) == 1


def test_participants_appear_by_pseudonym_never_by_name(anonymiser):
    output = anonymiser.anonymise("Anna vond het juist om door te betalen; Bram niet.")
    assert output == "[deelnemer 1] vond het juist om door te betalen; [deelnemer 2] niet."


def test_review_keeps_and_adds(anonymiser):
    text = "Ze verhuisde naar Zeist, waar de Rode Loper haar opving."
    plain = anonymiser.find(text)
    assert "Zeist" not in plain.text
    reviewed = anonymiser.find(text, Review(keep={"Zeist"}, replace={"Rode Loper"}))
    assert reviewed.text == "Ze verhuisde naar Zeist, waar de [handmatig] haar opving."
