"""The room's rules without a server: what a write-first round keeps and reveals, what the
team screen may show, and the method key that offers the round."""

from __future__ import annotations

import random

import pytest

from beraad import datafile, methods
from beraad.errors import BeraadError
from beraad.model import Session
from beraad.room import view
from beraad.room.writing import MAX_ANSWER, NotOpen, Taken, Unknown, WriteFirstRound

from .conftest import PEOPLE, TODAY

STEMS = ["Ik vind het juist om", "omdat (waarde)", "Daardoor kan ik niet (schade)"]


@pytest.fixture
def session(dilemma) -> Session:
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    session.case_people = ["Linda Bakker"]
    return session


def _round(session: Session) -> WriteFirstRound:
    step = session.method.step("afweging")
    assert step.write_first and step.written_field is not None
    return WriteFirstRound("afweging", step.written_field, session.turn_order)


def test_each_phone_writes_only_as_the_participant_it_chose(session):
    writing = _round(session)
    assert [seat.name for seat in writing.seats()] == ["Bram V.", "Carla S.", "Dirk B.", "Anna G."]
    bram = writing.claim("d2")
    with pytest.raises(Taken, match="al gekozen op een andere telefoon"):
        writing.claim("d2")
    with pytest.raises(Unknown):
        writing.claim("d9")
    with pytest.raises(Unknown, match="Kies eerst je naam"):
        writing.write("een geraden geheim", {STEMS[0]: "iets"})
    writing.write(bram, {STEMS[0]: "de uitkering \x1b]52;c;aGFjaw==\x07door te laten lopen", "verzonnen": "weg"})
    assert writing.answer_of(bram) == {STEMS[0]: "de uitkering ]52;c;aGFjaw==door te laten lopen"}
    assert [p.id for p in writing.written()] == ["d2"]
    with pytest.raises(BeraadError, match="te lang"):
        writing.write(bram, {STEMS[0]: "x" * (MAX_ANSWER + 1)})
    writing.write(bram, {STEMS[0]: "  "})  # emptied again: no longer counted as written
    assert writing.written() == []


def test_the_reveal_shuffles_keeps_what_the_laptop_typed_and_closes_the_round(session):
    writing = _round(session)
    answers = {}
    for participant in ("d1", "d2", "d3"):
        answers[participant] = f"antwoord van {participant}"
        writing.write(writing.claim(participant), {STEMS[0]: answers[participant]})
    typed = {"d1": {STEMS[0]: "op de laptop getypt", STEMS[1]: "rechtvaardigheid"}, "d4": {STEMS[0]: "Dirk zegt"}}
    merged = writing.reveal(typed, random.Random(3))
    assert merged == {
        "d1": {STEMS[0]: "op de laptop getypt\nantwoord van d1", STEMS[1]: "rechtvaardigheid"},
        "d2": {STEMS[0]: "antwoord van d2"},
        "d3": {STEMS[0]: "antwoord van d3"},
        "d4": {STEMS[0]: "Dirk zegt"},
    }
    assert sorted(a[STEMS[0]] for a in writing.revealed) == sorted(answers.values())
    orders = {tuple(a[STEMS[0]] for a in _revealed(session, seed)) for seed in range(12)}
    assert len(orders) > 1  # drawn by lot, not the order of writing
    with pytest.raises(NotOpen):
        writing.claim("d4")
    assert writing.answer_of("anything") == {}


def _revealed(session: Session, seed: int) -> list[dict[str, str]]:
    writing = _round(session)
    for participant in ("d1", "d2", "d3"):
        writing.write(writing.claim(participant), {STEMS[0]: participant})
    writing.reveal({}, random.Random(seed))
    return writing.revealed or []


def test_the_team_screen_never_shows_afwegingen_or_scores_and_masks_names(session):
    session.set_value("afweging", "afwegingen", {"d2": {STEMS[0]: "geheim van Bram"}})
    session.go_to("afweging")
    shown = view.team_view(session, names_allowed=True)
    assert "geheim van Bram" not in str(shown)
    assert shown["round"]["where"] == "Ronde 6 van 8" and shown["fields"] == []
    session.set_value("evaluatie", "score", {"d1": 4})
    session.go_to("evaluatie")
    assert all(f["label"] != "Score" for f in view.team_view(session, names_allowed=True)["fields"])

    session.go_to("dilemma")
    session.set_value("dilemma", "vraag", "Moet Anna de uitkering van Linda Bakker stoppen?")
    session.set_value("dilemma", "opties", [{"optie": "stoppen", "schade": "Linda raakt haar huis kwijt"}])
    masked = view.team_view(session, names_allowed=False)
    assert masked["fields"][0]["text"] == "Moet [casusinbrenger] de uitkering van [persoon 1] stoppen?"
    assert masked["fields"][1]["rows"] == [["stoppen", "[persoon 1] raakt haar huis kwijt"]]
    named = view.team_view(session, names_allowed=True)
    assert named["fields"][0]["text"] == "Moet Anna de uitkering van Linda Bakker stoppen?"


def test_revealed_answers_appear_without_names_and_who_wrote_only_when_names_are_allowed(session):
    session.go_to("afweging")
    writing = view.Writing("afweging", 4, ["Bram Visser"], None, STEMS)
    assert view.team_view(session, names_allowed=False, writing=writing)["writing"] == {
        "count": 4,
        "written": 1,
        "who": [],
        "revealed": None,
    }
    assert view.team_view(session, names_allowed=True, writing=writing)["writing"]["who"] == ["Bram Visser"]
    revealed = view.Writing("afweging", 4, ["Bram Visser"], [{STEMS[0]: "Bram vindt: doorbetalen"}], STEMS)
    shown = view.team_view(session, names_allowed=False, writing=revealed)["writing"]
    assert shown["revealed"] == [[{"stem": STEMS[0], "text": "[deelnemer 2] vindt: doorbetalen"}]]
    assert "Visser" not in str(shown)


def test_eerst_schrijven_needs_a_form_per_participant(tmp_path):
    source = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    broken = source.replace(
        'minuten = 10\ndoel = "De casusinbrenger', 'minuten = 10\neerst_schrijven = true\ndoel = "De casusinbrenger', 1
    )
    assert broken != source
    path = tmp_path / "mijn.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(datafile.DataFileError) as error:
        methods.load(path)
    assert "eerst_schrijven' kan alleen in een stap met een veld van soort per_deelnemer" in str(error.value)
    assert str(error.value).startswith(f"{path}:")
