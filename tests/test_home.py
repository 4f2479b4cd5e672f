"""Home: sessions newest first, delete only after confirmation; the command palette."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from beraad.model import Session
from beraad.store import SessionStore

from .conftest import TODAY


async def test_sessions_newest_first_and_delete_asks_first(make_app, workspace, dilemma):
    store = SessionStore(workspace.sessions)
    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [])
    new = Session.start(dilemma, "Nieuw beraad", TODAY, [])
    new.go_to("dilemma")
    store.save(old)
    store.save(new)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Nieuw beraad", "Oud beraad"]
        assert str(table.get_row_at(0)[4]) == "3. Moreel dilemma"
        await pilot.press("down", "d")
        assert "Oud beraad" in str(app.screen.query_one("#question").render())
        await pilot.press("n")  # keep it
        assert store.path(old.id).exists()
        await pilot.press("d", "j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not store.path(old.id).exists()
        assert store.path(new.id).exists()
        assert table.row_count == 1


async def test_command_palette_moves_to_the_next_round(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.press("ctrl+p")
        await pilot.press(*"Volgende ronde")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.session.current_step == "casus"


async def test_new_session_asks_for_a_title(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "ctrl+s")
        assert "Geef de sessie een titel" in str(app.screen.query_one("#error").render())
        assert app.focused.id == "title"
    assert not workspace.sessions.exists() or not list(workspace.sessions.glob("*.json"))
