"""At 80x24 the line with the caret is always on screen: in a long note, in a table cell
that grows while it is typed in, and in the persoonlijke afweging, after every edit and
every move of the caret (the form scrolls with it, never under the footer)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import TextArea

from beraad.tui.screens.session import SessionScreen

from .conftest import keys, read_session_file, store_and_index, type_text, until


def caret_shown(app) -> bool:
    """Whether the focused text area's caret line lies inside the form that scrolls it."""
    focused = app.focused
    assert isinstance(focused, TextArea), focused
    form = app.screen.query_one("#capture", VerticalScroll)
    window = form.scrollable_content_region
    y = focused.cursor_screen_offset.y
    return window.y <= y < window.bottom and focused.region.y <= y < focused.region.bottom


async def open_at(make_app, workspace, session, step_id: str):
    session.go_to(step_id)
    store_and_index(workspace, session)
    app = make_app()
    return app


async def test_the_caret_of_a_long_note_never_goes_under_the_footer(make_app, workspace, stored_session):
    app = await open_at(make_app, workspace, stored_session, "casus")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and isinstance(app.focused, TextArea))
        for line in range(30):  # far longer than the note's box and the screen
            await type_text(pilot, f"regel {line} van het verhaal")
            assert caret_shown(app), line
            await keys(pilot, "enter")
            assert caret_shown(app), line
        for _ in range(30):  # back up, a line at a time, and down again
            await keys(pilot, "up")
            assert caret_shown(app)
        for _ in range(30):
            await keys(pilot, "down")
            assert caret_shown(app)
        await keys(pilot, "ctrl+q")
    story = read_session_file(workspace)["values"]["casus"]["verhaal"]
    assert story.splitlines()[29] == "regel 29 van het verhaal"


async def test_the_caret_of_a_table_cell_that_grows_stays_on_screen(make_app, workspace, stored_session):
    rows = [{"Perspectief": f"p{n}", "Waarde": f"w{n}", "Norm": f"n{n}"} for n in range(4)]
    stored_session.set_value("perspectieven", "tabel", rows)
    app = await open_at(make_app, workspace, stored_session, "perspectieven")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and isinstance(app.focused, TextArea))
        await keys(pilot, *["enter"] * 11)  # the norm of the fourth row, the last on screen
        assert app.focused.id == "veld-tabel-rijen-r3-c2"
        await keys(pilot, "end")
        for word in range(40):  # the cell wraps over more and more lines
            await type_text(pilot, f" woord{word}")
            assert caret_shown(app), word
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["perspectieven"]["tabel"][3]["Norm"].endswith("woord39")


async def test_the_caret_in_the_personal_consideration_stays_on_screen(make_app, workspace, stored_session):
    app = await open_at(make_app, workspace, stored_session, "afweging")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and isinstance(app.focused, TextArea))
        for stem in range(5):  # every answer of the first participant, each over several lines
            for line in range(4):
                await type_text(pilot, f"a{stem} regel {line}")
                await keys(pilot, "enter")
                assert caret_shown(app), (stem, line)
            await keys(pilot, "tab")
            assert caret_shown(app), stem
        await keys(pilot, "ctrl+q")
    answers = read_session_file(workspace)["values"]["afweging"]["afwegingen"]
    first = stored_session.turn_order[0].id
    assert [text.splitlines()[3] for text in answers[first].values()] == [f"a{stem} regel 3" for stem in range(5)]
