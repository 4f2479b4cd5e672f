"""SVG snapshots of the screens a facilitator sees (update with: pytest --snapshot-update)."""

from __future__ import annotations

from datetime import date

import pytest

from beraad.model import Session

from .conftest import PEOPLE, TODAY, press, settle, store_and_index


@pytest.fixture
def filled(workspace, dilemma):
    """Two sessions on disk; the newest is in round 3 with some notes and an overrun."""
    older = Session.start(dilemma, "Kostendelersnorm en thuiswonende zoon", date(2026, 10, 6), PEOPLE[:3])
    older.status = "afgerond"
    older.go_to("evaluatie")
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    session.set_value("casus", "verhaal", "Mevrouw A. vlucht op advies van de politie naar haar zus.")
    session.set_value("dilemma", "vraag", "Moet ik de uitkering stopzetten?")
    session.set_value(
        "dilemma",
        "opties",
        [
            {"optie": "stopzetten en terugvorderen", "schade": "zij verliest haar inkomen en woning"},
            {"optie": "doorbetalen", "schade": "ik handel in strijd met de regels"},
        ],
    )
    session.set_value(
        "afweging", "afwegingen", {"d1": {"Ik vind het juist om": "door te betalen", "omdat (waarde)": "veiligheid"}}
    )
    session.add_elapsed("opening", 290)
    session.add_elapsed("casus", 610)
    session.add_elapsed("verheldering", 700)
    session.add_elapsed("dilemma", 672)  # 11:12 of 10:00: over time
    session.go_to("dilemma")
    store_and_index(workspace, older, session)
    return session


def _stable_subtitle(pilot):
    pilot.app.screen.sub_title = "werkmap"


def _pressing(*names: str):
    """Keys pressed at a person's pace, each one handled before the next and the app at
    rest before the picture is taken (snap_compare's own press waits a fixed moment)."""

    async def run_before(pilot) -> None:
        await press(pilot, *names)
        await settle(pilot)

    return run_before


def test_home(snap_compare, make_app, filled):
    async def run_before(pilot) -> None:
        await settle(pilot)
        _stable_subtitle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_new_session(snap_compare, make_app):
    keys = ["n", *("space" if c == " " else c for c in "Uitkering gestopt"), "tab"]
    assert snap_compare(make_app(), run_before=_pressing(*keys), terminal_size=(80, 24))


def test_session_round_3_dilemma(snap_compare, make_app, filled):
    assert snap_compare(make_app(), run_before=_pressing("enter"), terminal_size=(80, 24))


def test_session_round_6_personal_consideration(snap_compare, make_app, filled):
    assert snap_compare(make_app(), run_before=_pressing("enter", "ctrl+n", "ctrl+n", "ctrl+n"), terminal_size=(80, 24))


def test_session_evaluation_wide(snap_compare, make_app, filled):
    assert snap_compare(make_app(), run_before=_pressing("enter", "ctrl+g", "end", "enter"), terminal_size=(130, 40))
