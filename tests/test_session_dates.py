"""Session dates: what is typed must be a day a session can be on (year 1 is not), and a
stored date of any value opens, lists, exports and evaluates."""

from __future__ import annotations

from datetime import date

import pytest

from beraad import demo
from beraad.model.session import date_problem
from beraad.tui.screens.new_session import NewSessionScreen
from beraad.tui.screens.session import SessionScreen

from .conftest import TODAY, keys, run_cli, screen_text, store_and_index, type_text, until
from .test_export_support import _private_log_and_cache, export  # noqa: F401


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(1, 1, 1), "01-01-0001 ligt meer dan 10 jaar terug"),
        (date(2016, 11, 22), "ligt meer dan 10 jaar terug"),
        (date(2027, 11, 25), "ligt meer dan een jaar vooruit"),
        (date(9999, 12, 31), "31-12-9999 ligt meer dan een jaar vooruit"),
    ],
)
def test_a_day_no_session_is_on_is_refused_in_dutch(day, said):
    problem = date_problem(day, TODAY)
    assert problem is not None and said in problem and "controleer het jaartal" in problem


@pytest.mark.parametrize("day", [TODAY, date(2016, 11, 23), date(2027, 11, 24), date(2026, 2, 1)])
def test_days_a_session_can_be_on(day):
    assert date_problem(day, TODAY) is None


def test_a_leap_day_today_has_a_day_ten_years_back():
    assert date_problem(date(2014, 3, 1), date(2024, 2, 29)) is None


async def test_the_new_session_form_refuses_year_one_and_keeps_the_typing(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen), "the form")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "title", "the title field")
        await type_text(pilot, "Schuld en schaamte")
        await keys(pilot, "tab", *["backspace"] * 10)
        await type_text(pilot, "01-01-0001")
        await keys(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any("01-01-0001 ligt meer dan 10 jaar terug" in n.message for n in app._notifications),
            "said",
        )
        assert isinstance(app.screen, NewSessionScreen) and app.focused.id == "date"
        await keys(pilot, *["backspace"] * 10)
        await type_text(pilot, "30-11-2026")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session started")
        assert app.screen.core.session.date == date(2026, 11, 30)
        assert app.screen.core.session.title == "Schuld en schaamte"
        await keys(pilot, "ctrl+q")


# Stored dates of any value


@pytest.fixture(params=[date(9999, 12, 31), date(1, 1, 1)], ids=["9999", "year-1"])
def odd_day(request, workspace, dilemma):
    session = demo.session(dilemma, request.param)
    session.team = "Team Noord"
    store_and_index(workspace, session)
    return session


def test_a_stored_odd_date_lists_and_evaluates(odd_day, workspace, capsys):
    code, out, err = run_cli(capsys, "sessions", "list", workspace=workspace)
    shown = f"{odd_day.date.day:02d}-{odd_day.date.month:02d}-{odd_day.date.year:04d}"
    assert code == 0 and f"{odd_day.id}\t{shown}\t" in out, out + err
    code, out, err = run_cli(capsys, "evaluatie", workspace=workspace)
    assert code == 0 and "Evaluatie van Team Noord" in out, err


def test_a_stored_odd_date_exports(odd_day, workspace):
    files = export(odd_day, workspace, formats=("md",))
    year = f"{odd_day.date.year:04d}"
    assert files[0].name.startswith(f"verslag-{year}-{odd_day.date.month:02d}-{odd_day.date.day:02d}-")
    assert f"{odd_day.date.day:02d}-{odd_day.date.month:02d}-{year}" in files[0].read_text(encoding="utf-8")


async def test_a_stored_odd_date_shows_in_the_overview_and_opens(odd_day, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        shown = f"{odd_day.date.day:02d}-{odd_day.date.month:02d}-{odd_day.date.year:04d}"
        await until(pilot, lambda: shown in screen_text(app), "the session in the overview")
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session opened")
        await keys(pilot, "ctrl+q")
    assert app.return_code == 0 and not app.crash_message
