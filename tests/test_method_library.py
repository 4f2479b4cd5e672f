"""The shipped library of methods: each loads with the real loader, is timed sensibly, has an
opening and an evaluation frame, credits its sources, and renders through the verslag
pipeline (content, then md, html and docx) without any code that knows the method."""

from __future__ import annotations

import html
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from beraad import methods
from beraad.anonymise import Anonymiser
from beraad.model import Participant, Session
from beraad.model.method import CaptureField, Method
from beraad.report import content, render

from .conftest import PEOPLE, TODAY, keys, press, settle

FILES = sorted(methods.shipped_dir().glob("*.toml"))
LIBRARY: dict[str, Method] = {path.stem: methods.load(path) for path in FILES}

# What trainers asked for, and whether the method decides things (then it ends with actions
# and a list of what goes beyond the team) or only deepens understanding.
DECIDES = {
    "dilemmamethode": True,
    "dilemmamethode-kort": True,
    "socratisch-gesprek": False,
    "nijmeegse-methode": True,
    "cura": True,
    "omgekeerde-toets": True,
}
MAX_MINUTES = {"cura": 30, "dilemmamethode-kort": 50}
DEFAULT_MAX_MINUTES = 120
BEYOND_THE_TEAM = "Wat moet verder dan het team"

names = pytest.mark.parametrize("name", sorted(LIBRARY))


def test_the_library_holds_the_methods_trainers_asked_for():
    assert set(DECIDES) <= set(LIBRARY)
    for name, method in LIBRARY.items():
        assert method.id == name, "a shipped method's file is named after its id"


def test_ids_and_titles_are_unique_across_the_library():
    ids = [m.id for m in LIBRARY.values()]
    titles = [m.title.casefold() for m in LIBRARY.values()]
    assert len(set(ids)) == len(ids)
    assert len(set(titles)) == len(titles)


@names
def test_minutes_are_the_sum_of_the_steps_and_sensible(name):
    method = LIBRARY[name]
    assert method.minutes == method.planned_minutes, "each shipped file states its total"
    assert 15 <= method.planned_minutes <= MAX_MINUTES.get(name, DEFAULT_MAX_MINUTES)
    assert all(1 <= step.minutes <= 30 for step in method.steps)


@names
def test_opening_and_evaluation_frame_around_the_rounds(name):
    method = LIBRARY[name]
    first, *middle, last = method.steps
    assert first.kind == "kader"
    assert last.kind == "kader" and any(f.kind == "score" for f in last.fields), "evaluation with a score"
    # rounds in between; a look back at the previous session may come first, as a frame step
    rounds = middle[1:] if middle and any(f.kind == "terugblik" for f in middle[0].fields) else middle
    assert all(step.kind == "ronde" for step in rounds) and len(rounds) >= 4


@names
def test_sources_description_rules_and_guidance(name):
    method = LIBRARY[name]
    assert method.sources and method.description.strip() and method.ground_rules
    for step in method.steps:
        assert step.goal.strip(), step.id
        assert step.prompts and step.nudges and step.fields, step.id


@names
def test_header_comment_tells_a_trainer_how_to_check(name):
    text = (methods.shipped_dir() / f"{name}.toml").read_text(encoding="utf-8")
    header = text.split("\nid = ")[0]
    directive, _, header = header.partition("\n")  # first line: the editor's schema (test_method_schema.py)
    assert directive == methods.SCHEMA_DIRECTIVE
    assert header.startswith("# ") and all(line.startswith("#") or not line for line in header.splitlines())
    assert "beraad methods check" in header


@names
def test_a_deciding_method_ends_with_actions_and_what_goes_beyond_the_team(name):
    method = LIBRARY[name]
    kinds = [f.kind for step in method.steps for f in step.fields]
    if not DECIDES.get(name, "acties" in kinds):
        assert "acties" not in kinds, "nothing is decided, so nothing to act on"
        return
    last_round = [step for step in method.steps if step.kind == "ronde"][-1]
    assert "acties" in [f.kind for f in last_round.fields]
    assert any(f.kind == "lijst" and f.label == BEYOND_THE_TEAM for f in last_round.fields)


def test_methods_follow_their_published_structure():
    rounds = {name: [s.id for s in m.steps if s.kind == "ronde"] for name, m in LIBRARY.items()}
    assert rounds["socratisch-gesprek"] == [
        "thema",
        "uitgangsvraag",
        "voorbeelden",
        "keuze",
        "verheldering",
        "kernuitspraak",
        "rechtvaardiging",
        "eigen-uitspraak",
        "waarden",
    ]
    assert [s.title for s in LIBRARY["cura"].steps if s.kind == "ronde"] == [
        "Concentreren",
        "Uitstellen",
        "Reflecteren",
        "Actie ondernemen",
    ]
    assert rounds["nijmeegse-methode"] == ["probleem", "feiten", "morele-evaluatie", "besluit"]
    bank = sum(len(s.prompts) for s in LIBRARY["nijmeegse-methode"].steps if s.kind == "ronde")
    assert 45 <= bank <= 60, "the question bank has about fifty questions"
    assert rounds["omgekeerde-toets"] == ["nodig", "grondwaarden", "effecten", "juridisch", "besluit"]
    assert LIBRARY["dilemmamethode-kort"].round_count < LIBRARY["dilemmamethode"].round_count


# A sample value for every field kind, written once; the verslag test fills every field with it.

Filler = Callable[[Any, str, list[Participant]], Any]

FILLERS: dict[str, Filler] = {
    "tekst": lambda f, mark, people: f"{mark} tekst",
    "lijst": lambda f, mark, people: [f"{mark} eerste", f"{mark} tweede"],
    "dilemma": lambda f, mark, people: [
        {"optie": f"{mark} optie {letter}", "schade": f"{mark} schade {letter}"} for letter in "abcdefghi"[: f.min_rows]
    ],
    "tabel": lambda f, mark, people: [
        {column: f"{mark} cel {letter}" for letter, column in zip("abcdef", f.columns, strict=False)}
    ],
    "acties": lambda f, mark, people: [{"wat": f"{mark} wat", "wie": f"{mark} wie", "wanneer": f"{mark} wanneer"}],
    "per_deelnemer": lambda f, mark, people: {p.id: {stem: f"{mark} antwoord" for stem in f.stems} for p in people},
    "checklist": lambda f, mark, people: list(f.items),
    "score": lambda f, mark, people: {p.id: f.high for p in people},
    "terugblik": lambda f, mark, people: f"{mark} tekst",
}


def _kinds_of_the_model() -> set[str]:
    union = typing.get_args(CaptureField)[0]
    return {typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in typing.get_args(union)}


def test_the_filler_knows_every_field_kind_of_the_model():
    assert set(FILLERS) == _kinds_of_the_model()


def _mark(step_id: str, field_id: str) -> str:
    return f"proef {step_id} {field_id}"


def _filled_session(method: Method) -> Session:
    session = Session.start(method, "Proefsessie", TODAY, PEOPLE, case_presenter=0)
    for step in method.steps:
        for field in step.fields:
            value = FILLERS[field.kind](field, _mark(step.id, field.id), session.participants)
            session.set_value(step.id, field.id, value)
            assert field.is_filled(session.value(step.id, field.id)), (step.id, field.id)
    return session


def _visible_text(kind: str, path: Path) -> str:
    if kind == "docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", text)) if kind == "html" else text


@names
def test_every_method_renders_through_the_verslag_pipeline(name, tmp_path):
    method = LIBRARY[name]
    session = _filled_session(method)
    report = content.build(session, Anonymiser(use_deduce=False))
    env = render.environment()
    for kind in ("md", "html", "docx"):
        path = render.write(env, kind, report.data, tmp_path / f"verslag-{name}")
        assert path.is_file() and path.stat().st_size > 0
        text = _visible_text(kind, path)
        for step in method.steps:
            assert step.title in text, (kind, step.id)
            for field in step.fields:
                assert field.label in text, (kind, step.id, field.id)
                if field.kind not in ("checklist", "score"):
                    assert _mark(step.id, field.id) in text, (kind, step.id, field.id)
        for person, _role in PEOPLE:
            assert person not in text, (kind, "a participant's name in the verslag")


@pytest.mark.parametrize("name", sorted(set(LIBRARY) - {"dilemmamethode"}))  # that one: tests/test_capture.py
async def test_every_method_walks_from_opening_to_evaluation_and_exports_its_verslag(name, make_app, workspace):
    """The session screen is driven by the method alone: start a session with each method,
    walk through all its steps at 80x24 typing in the first field of each, then review and
    export the verslag from the keyboard."""
    from textual.widgets import Select

    from .conftest import type_text

    method = LIBRARY[name]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "n")
        await type_text(pilot, "Proef")
        app.screen.query_one("#method", Select).value = name
        await keys(pilot, "ctrl+s")
        screen = app.screen
        assert screen.core.session.method.id == name
        for index, step in enumerate(method.steps):
            assert screen.core.session.current_step == step.id
            number = method.round_number(step.id)
            where = str(screen.query_one("#where").render())
            assert (f"Ronde {number}/{method.round_count}: {step.title}" if number else step.title) in where
            await type_text(pilot, f"stap{index}")
            if index < len(method.steps) - 1:
                await keys(pilot, "ctrl+n")
        await keys(pilot, "ctrl+e")
        await app.screen.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "ctrl+r", "ctrl+x")
        await app.screen.workers.wait_for_complete()
        await settle(pilot)
    (verslag,) = workspace.exports.glob("verslag-*.md")
    text = verslag.read_text(encoding="utf-8")
    # what the first field of each step takes as typed text (not a checklist or a score, and
    # not a form per participant: this session has no participants)
    skipped = ("checklist", "score", "per_deelnemer")
    typed = [f"stap{i}" for i, step in enumerate(method.steps) if step.fields and step.fields[0].kind not in skipped]
    assert all(marker in text for marker in typed), [m for m in typed if m not in text]
    assert {p.suffix for p in workspace.exports.iterdir()} == {".md", ".html", ".docx"}
