"""Closing and reopening restores the session exactly: round, cursor field, timer, values."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from beraad.store import SessionStore
from beraad.tui.screens.session import SessionScreen

from .conftest import read_session_file, type_text


async def test_quit_midway_and_resume(make_app, workspace, clock, stored_session):
    async with make_app().run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # open the only session
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # to round 3, the dilemma
        await pilot.pause()
        clock.advance(65)
        await type_text(pilot, "Moet ik stoppen?")
        await pilot.press("tab")
        await type_text(pilot, "stoppen")
        await pilot.press("tab")  # cursor on the harm of option A
        await pilot.press("ctrl+t")  # pause the round timer
        clock.advance(300)  # paused: this time does not count
        await pilot.press("ctrl+q")

    saved = read_session_file(workspace)
    assert saved["current_step"] == "dilemma"
    assert saved["cursor"] == "veld-opties-rijen-r0-c1"
    assert saved["timer_running"] is False
    assert saved["elapsed"]["dilemma"] == 65

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.session.current_step == "dilemma"
        assert app.focused is not None and app.focused.id == "veld-opties-rijen-r0-c1"
        assert screen.query_one("#veld-vraag-tekst", TextArea).text == "Moet ik stoppen?"
        assert screen.query_one("#veld-opties-rijen-r0-c0", Input).value == "stoppen"
        clock_text = str(screen.query_one("#clock").render())
        assert "gepauzeerd 1:05/10:00" in clock_text
        await type_text(pilot, "geen inkomen")  # typing goes on where the cursor was
        await pilot.press("ctrl+t")  # the timer runs again
        clock.advance(10)
        await pilot.press("ctrl+q")

    session = SessionStore(workspace.sessions).load(stored_session.id)
    assert session.value("dilemma", "opties") == [{"optie": "stoppen", "schade": "geen inkomen"}]
    assert session.step_elapsed("dilemma") == 75
    assert session.timer_running


async def test_cursor_in_personal_consideration_reopens_the_right_participant(make_app, stored_session, workspace):
    async with make_app().run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.press("ctrl+g")
        await pilot.press("end", "up", "up", "up", "enter")  # from the list of rounds: round 6
        await pilot.pause()
        assert pilot.app.screen.session.current_step == "afweging"
        await pilot.press("tab", "ctrl+o", "ctrl+o", "tab")  # third participant, second stem
        await type_text(pilot, "menselijke maat")
        await pilot.press("ctrl+q")

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "veld-afwegingen-d3-s1"
        assert app.focused.text == "menselijke maat"


async def test_overrun_is_signalled_but_never_stops(make_app, clock, stored_session):
    async with make_app().run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(5 * 60 + 30)  # the opening is planned for 5 minutes
        await pilot.pause(1.1)  # let the one-second tick run
        screen = pilot.app.screen
        clock_widget = screen.query_one("#clock")
        assert clock_widget.has_class("-overrun")
        assert "+0:30 over tijd" in str(clock_widget.render())
        assert screen.session.current_step == "opening"
        await type_text(pilot, "nog even")
        assert screen.session.value("opening", "doelen") == "nog even"


async def test_edit_in_flight_when_moving_on_lands_in_its_own_round(make_app, workspace, stored_session):
    """Typing and pressing Ctrl+N at once: the last edit belongs to the round it was typed in."""
    async with make_app().run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        await screen.go_to("conclusie")
        screen.query_one("#veld-signalen-lijst", TextArea).insert("Inlichtingenplicht na vlucht")
        await screen.go_to("evaluatie")  # before the edit's message is handled
        await pilot.pause()
        assert screen.session.value("conclusie", "signalen") == ["Inlichtingenplicht na vlucht"]
        assert screen.session.value("evaluatie", "hielp") == []
        await pilot.press("ctrl+q")
    saved = read_session_file(workspace)
    assert saved["values"]["conclusie"]["signalen"] == ["Inlichtingenplicht na vlucht"]
