"""The Terugblik at the start of a team's next session: last time's actions are marked
done with g or Space (g as the footer names it), kept in this session; on a large terminal the
look back takes the room there is."""

from __future__ import annotations

from datetime import date

from beraad.model import Session
from beraad.store.sessions import SessionStore
from beraad.tui.widgets.capture import DoneList

from .conftest import TODAY, keys, press, screen_text, settle, store_and_index, type_text, until

ACTIONS = [
    {"wat": "Werkafspraak met Veilig Thuis", "wie": "teamleider", "wanneer": "december"},
    {"wat": "Werkinstructie navragen", "wie": "klantmanager", "wanneer": "15-11-2026"},
]


def two_sessions(workspace, dilemma) -> tuple[Session, Session]:
    last_month = Session.start(dilemma, "Vorige maand", date(2026, 10, 19), [], team="Team WI Noord")
    last_month.set_value("conclusie", "acties", ACTIONS)
    last_month.set_value("evaluatie", "volgende_keer", "Vaker de casusinbrenger laten beginnen")
    today = Session.start(dilemma, "Vandaag", TODAY, [("Anna", "klantmanager")], team="Team WI Noord")
    today.go_to("terugblik")
    store_and_index(workspace, last_month, today)
    return last_month, today


async def at_the_look_back(pilot) -> DoneList:
    app = pilot.app
    await keys(pilot, "enter")
    await until(pilot, lambda: app.screen.query(DoneList) and app.screen.query_one(DoneList).option_count, "actions")
    return app.screen.query_one(DoneList)


def prompts(actions: DoneList) -> list[str]:
    return [str(option.prompt) for option in actions.options]


async def test_last_times_actions_are_marked_done_with_space_and_kept(make_app, workspace, dilemma):
    last_month, today = two_sessions(workspace, dilemma)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        actions = await at_the_look_back(pilot)
        assert "Werkinstructie navragen (klantmanager, 15-11-2026) — datum verstreken" in prompts(actions)
        await keys(pilot, "shift+tab", "shift+tab")  # past the look back to last time's actions
        assert app.focused is actions
        footer = screen_text(app).splitlines()[-1]
        assert "g Gedaan" in footer and "F1 Hulp" in footer  # the key, named in a footer that fits 80 columns
        assert actions.region.y >= 0 and actions.region.bottom <= 23  # in view at 80x24
        await press(pilot, "down", "g")
        assert prompts(actions)[1] == "Werkinstructie navragen (klantmanager, 15-11-2026) — gedaan"
        await keys(pilot, "tab", "tab")
        await type_text(pilot, "Werkafspraak loopt nog")
        await keys(pilot, "ctrl+q")
    stored = SessionStore(workspace.sessions).load(today.id)
    assert [a.model_dump() for a in stored.actions_done] == [
        {"session": last_month.id, "what": "Werkinstructie navragen", "who": "klantmanager", "when": "15-11-2026"}
    ]
    assert stored.value("terugblik", "meenemen") == "Werkafspraak loopt nog"
    before = SessionStore(workspace.sessions).load(last_month.id)
    assert before.actions() == ACTIONS and not before.actions_done  # the previous session stays as it was

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        actions = await at_the_look_back(pilot)
        assert list(actions.selected) == ["1"]  # still done when the session is opened again
        box = app.screen.query_one(".look-back-box")
        await settle(pilot)
        assert box.max_scroll_y == 0 and box.region.bottom <= 39  # all of it shows: no scrolling at 120x40
        assert actions.region.width > 70  # the width of the notes column, not a narrow box
        await keys(pilot, "shift+tab", "shift+tab")
        await press(pilot, "down", "space")  # not done after all
        await keys(pilot, "ctrl+q")
    assert SessionStore(workspace.sessions).load(today.id).actions_done == []
