"""Closing and reopening restores the session exactly: round, field, caret, timer, values."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from beraad.model.session import Cursor
from beraad.store.sessions import SessionStore
from beraad.tui.screens.session import SessionScreen

from .conftest import fill, keys, press, read_session_file, settle, store_and_index, type_text, until


async def test_quit_midway_and_resume_with_the_caret_where_it_was(make_app, workspace, clock, stored_session):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")  # opening a session is not typed ahead
        await keys(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")  # look back, then rounds 1-3: the dilemma
        screen = pilot.app.screen
        await until(pilot, lambda: screen.core.session.current_step == "dilemma" and screen.focused is not None)
        clock.advance(65)
        await fill(pilot, "Moet ik stoppen?", "stoppen", "geen inkomen")
        await press(pilot, *["left"] * 7)  # caret before "inkomen"
        await keys(pilot, "ctrl+t")  # pause the round timer
        clock.advance(300)  # paused: this time does not count
        await keys(pilot, "ctrl+q")

    saved = read_session_file(workspace)
    assert saved["current_step"] == "dilemma"
    assert saved["cursor"] == {
        "step": "dilemma",
        "field": "opties",
        "participant": None,
        "row": 0,
        "column": 1,
        "caret": [0, 5],
    }
    assert saved["timer_running"] is False
    assert saved["elapsed"]["dilemma"] == 65

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert app.focused is screen.query_one("#veld-opties-rijen-r0-c1", Input)
        assert screen.query_one("#veld-vraag-tekst", TextArea).text == "Moet ik stoppen?"
        assert "gepauzeerd 1:05/10:00" in str(screen.query_one("#clock").render())
        await type_text(pilot, "veel ")  # typing goes on where the caret was
        await keys(pilot, "ctrl+t")  # the timer runs again
        await until(pilot, lambda: screen.core.session.timer_running)
        clock.advance(10)
        await keys(pilot, "ctrl+q")

    session = SessionStore(workspace.sessions).load(stored_session.id)
    assert session.value("dilemma", "opties")[0] == {"optie": "stoppen", "schade": "geen veel inkomen"}
    assert session.step_elapsed("dilemma") == 75
    assert session.timer_running


async def test_caret_inside_a_long_note_and_inside_the_personal_consideration(make_app, workspace, stored_session):
    stored_session.go_to("afweging")
    stored_session.set_value("afweging", "afwegingen", {"d3": {"omdat (waarde)": "menselijke maat"}})
    stored_session.cursor = Cursor(step="afweging", field="afwegingen", participant="d3", row=1, caret=(0, 11))
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        assert app.focused is not None and app.focused.id == "veld-afwegingen-d3-s1"
        await type_text(pilot, "en ")
        await keys(pilot, "ctrl+q")
    stored = read_session_file(workspace)["values"]["afweging"]["afwegingen"]["d3"]
    assert stored["omdat (waarde)"] == "menselijke en maat"


async def test_overrun_is_signalled_but_never_stops(make_app, clock, stored_session):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen))
        clock.advance(5 * 60 + 30)  # the opening is planned for 5 minutes
        screen = pilot.app.screen
        clock_widget = screen.query_one("#clock")
        await until(pilot, lambda: clock_widget.has_class("-overrun"), "the clock's poll")
        assert "+0:30 over tijd" in str(clock_widget.render())
        assert screen.core.session.current_step == "opening"
        await type_text(pilot, "nog even")
        assert screen.core.session.value("opening", "doelen") == "nog even"


async def test_edit_in_flight_when_moving_on_lands_in_its_own_round(make_app, workspace, stored_session):
    """Typing and pressing Ctrl+N at once: the last edit belongs to the round it was typed in."""
    stored_session.go_to("conclusie")
    store_and_index(workspace, stored_session)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = pilot.app.screen
        screen.query_one("#veld-signalen-lijst", TextArea).insert("Inlichtingenplicht na vlucht")
        await screen.action_next_step()  # before the edit's message is handled
        await settle(pilot)
        assert screen.core.session.value("conclusie", "signalen") == ["Inlichtingenplicht na vlucht"]
        assert screen.core.session.value("evaluatie", "hielp") == []
        await keys(pilot, "ctrl+q")
    saved = read_session_file(workspace)
    assert saved["values"]["conclusie"]["signalen"] == ["Inlichtingenplicht na vlucht"]
