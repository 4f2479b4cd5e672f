"""SVG snapshots of the screens a facilitator sees (update with: pytest --snapshot-update)."""

from __future__ import annotations

from datetime import date

import pytest

from beraad.model import Session

from .conftest import PEOPLE, TODAY, store_and_index


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


def test_home(snap_compare, make_app, filled):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_stable_subtitle)


def test_new_session(snap_compare, make_app):
    assert snap_compare(make_app(), press=["n", *"Uitkering gestopt", "tab"], terminal_size=(80, 24))


def test_session_round_3_dilemma(snap_compare, make_app, filled):
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24))


def test_session_round_6_personal_consideration(snap_compare, make_app, filled):
    press = ["enter", "ctrl+n", "ctrl+n", "ctrl+n"]
    assert snap_compare(make_app(), press=press, terminal_size=(80, 24))


def test_session_evaluation_wide(snap_compare, make_app, filled):
    press = ["enter", "ctrl+g", "end", "enter"]
    assert snap_compare(make_app(), press=press, terminal_size=(130, 40))
