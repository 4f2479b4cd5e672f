"""The hard session (tests/hard_session.py) through the report's own two-pass build."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from beraad import methods
from beraad.anonymise import Anonymiser
from beraad.report import content

from . import hard_session


def _session():
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    return hard_session.session(method, date(2026, 11, 23))


def _build(session) -> content.Report:
    return content.build(session, Anonymiser(content.known_people(session), ["Utrecht"]))


@pytest.fixture(scope="module")
def built() -> content.Report:
    return _build(_session())


def _found(identifier: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(identifier)}(?!\w)", text, re.I) is not None


def test_every_field_of_the_method_has_a_text():
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    fields = {(step.id, field.id) for step in method.steps for field in step.fields if field.kind != "checklist"}
    given = {(step, field) for step, values in hard_session.VALUES.items() for field in values}
    assert fields <= given


def test_nothing_in_never_survives_once_the_review_replaced_what_it_flagged(built):
    session = _session()
    session.review.replace = sorted({span.text for f in built.fragments for span in f.result.possible})
    reviewed = _build(session)
    assert not any(f.result.possible for f in reviewed.fragments)
    outputs = [f.result.text for f in reviewed.fragments] + [json.dumps(reviewed.data, ensure_ascii=False)]
    for identifier in hard_session.NEVER:
        for output in outputs:
            assert not _found(identifier, output), f"{identifier!r} in {output}"


def test_one_person_one_label_across_the_document(built):
    labels: dict[str, set[str]] = {}
    for fragment in built.fragments:
        for span in fragment.result.spans:
            for name in ("Yonas", "Dawit", "Agnieszka", "Semhar"):
                if span.category == "persoon" and name.lower() in span.text.lower():
                    labels.setdefault(name, set()).add(span.replacement)
    assert all(len(found) == 1 for found in labels.values()), labels
    assert len({next(iter(v)) for v in labels.values()}) == len(labels)  # and no two people share one


def test_hard_session_module_is_importable_for_integration_tests():
    assert Path(hard_session.__file__).name == "hard_session.py"
    assert len(list(hard_session.texts())) > 30
