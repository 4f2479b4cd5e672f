"""Enter at the end of every field kind, then a quit or a crash, then typing on: what is
typed next starts a new line, point or row, and is never glued to the point before it.
The caret is stored as what it means (point and offset, row and column), so it comes
back in the new, still empty point or row."""

from __future__ import annotations

import pytest

from beraad.model.session import Cursor
from beraad.store.sessions import SessionStore
from beraad.tui.screens.session import SessionScreen

from .conftest import keys, read_session_file, store_and_index, type_text, until

# field kind: (step, field, the cursor to start from, keys before the restart, the value after "twee")
CASES = {
    "tekst": ("casus", "verhaal", {}, ["e", "e", "n", "enter"], "een\ntwee"),
    "lijst": ("verheldering", "feiten", {}, ["e", "e", "n", "enter"], ["een", "twee"]),
    "terugblik": ("terugblik", "meenemen", {}, ["e", "e", "n", "enter"], "een\ntwee"),
    "dilemma": (
        "dilemma",
        "opties",
        {"row": 0, "column": 0},
        ["a", "enter", "b", "enter", "c", "enter", "d", "enter"],
        [{"optie": "a", "schade": "b"}, {"optie": "c", "schade": "d"}, {"optie": "twee", "schade": ""}],
    ),
    "tabel": (
        "perspectieven",
        "tabel",
        {"row": 0, "column": 0},
        ["a", "enter", "b", "enter", "c", "enter"],
        [{"Perspectief": "a", "Waarde": "b", "Norm": "c"}, {"Perspectief": "twee", "Waarde": "", "Norm": ""}],
    ),
    "acties": (
        "conclusie",
        "acties",
        {"row": 0, "column": 0},
        ["a", "enter", "b", "enter", "c", "enter"],
        [{"wat": "a", "wie": "b", "wanneer": "c"}, {"wat": "twee", "wie": "", "wanneer": ""}],
    ),
    "per_deelnemer": (
        "afweging",
        "afwegingen",
        {"participant": "d2", "row": 1},
        ["e", "e", "n", "enter"],
        {"d2": {"omdat (waarde)": "een\ntwee"}},
    ),
}


def _on_new_line(cursor: dict | None) -> bool:
    """A new, empty point or row; in free text, the caret at the start of the next line."""
    return cursor is not None and (cursor["new"] or cursor["caret"] == [1, 0])


def _snapshot_file(workspace):
    (path,) = sorted(workspace.sessions.glob("[!.]*.json"))
    return path, path.read_bytes()


# A crash for every kind (the autosave must hold the new line); a quit for a list and a table.
ENDINGS = [(kind, "crash") for kind in CASES] + [("lijst", "quit"), ("tabel", "quit")]


@pytest.mark.parametrize(("kind", "ending"), ENDINGS)
async def test_enter_at_the_end_then_a_restart_never_glues(make_app, workspace, clock, stored_session, kind, ending):
    step, field, at, typed, expected = CASES[kind]
    stored_session.go_to(step)
    stored_session.cursor = Cursor(step=step, field=field, **at)
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = app.screen
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, *typed)
        # The autosave, with nothing else changed than where the caret is after Enter.
        await until(pilot, lambda: clock.advance(1) or _on_new_line(read_session_file(workspace)["cursor"]))
        path, on_disk = _snapshot_file(workspace)
        assert isinstance(screen, SessionScreen)
        await keys(pilot, "ctrl+q")
    if ending == "crash":  # as kill -9 leaves it: the last autosave, nothing from closing
        path.write_bytes(on_disk)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await type_text(pilot, "twee")
        await keys(pilot, "ctrl+q")
    value = SessionStore(workspace.sessions).load(stored_session.id).value(step, field)
    assert value == expected


async def test_a_new_point_in_the_middle_of_a_list_comes_back_in_its_place(make_app, workspace, stored_session):
    stored_session.go_to("verheldering")
    stored_session.set_value("verheldering", "feiten", ["een", "drie"])
    stored_session.cursor = Cursor(step="verheldering", field="feiten", row=0, caret=(0, 3))
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, "enter")  # after "een"
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["cursor"]["row"] == 1 and read_session_file(workspace)["cursor"]["new"]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await type_text(pilot, "twee")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["verheldering"]["feiten"] == ["een", "twee", "drie"]


async def test_the_checklist_item_comes_back(make_app, workspace, stored_session):
    stored_session.go_to("opening")
    stored_session.cursor = Cursor(step="opening", field="afspraken")
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, "down", "down")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["cursor"]["row"] == 2
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, "space")  # ticks the third agreement, where the highlight was
        await keys(pilot, "ctrl+q")
    items = stored_session.method.step("opening").field("afspraken").items
    assert read_session_file(workspace)["values"]["opening"]["afspraken"] == [items[2]]
