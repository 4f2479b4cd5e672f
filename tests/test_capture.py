"""Every field kind, typed by keyboard in its own round, then read back from the file on
disk. Each test starts from a stored session in the right round instead of typing a
whole session from the start."""

from __future__ import annotations

from beraad.store.sessions import SessionStore
from beraad.tui.screens.session import SessionScreen

from .conftest import fill, keys, press, read_session_file, screen_text, settle, store_and_index, type_text, until

FIRST_FIELDS = {
    "opening": ("doelen", "r0"),
    "terugblik": ("meenemen", "r1"),
    "casus": ("verhaal", "r2"),
    "verheldering": ("feiten", ["r3"]),
    "dilemma": ("vraag", "r4"),
    "perspectieven": ("tabel", [{"Perspectief": "r5", "Waarde": "", "Norm": ""}]),
    "alternatieven": ("lijst", ["r6"]),
    "afweging": ("afwegingen", {"d2": {"Ik vind het juist om": "r7"}}),  # the casusinbrenger (d1) last
    "dialoog": ("eens", ["r8"]),
    "conclusie": ("conclusies", "r9"),
    "evaluatie": ("doelen_bereikt", "r10"),
}


async def _open_at(make_app, workspace, session, step_id: str):
    session.go_to(step_id)
    store_and_index(workspace, session)
    app = make_app()
    return app


async def test_every_round_change_puts_the_caret_in_the_first_field(make_app, workspace, stored_session):
    """Ctrl+N and typing at once, as a facilitator does: no keystroke is lost, none lands
    one field early (round 6 used to have no focus at all). The walk through the shipped
    dilemmamethode ends, as for every method, with its verslag exported by keyboard."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await type_text(pilot, "r0")
        for number in range(1, len(FIRST_FIELDS)):
            await keys(pilot, "ctrl+n", *f"r{number}")
        await keys(pilot, "ctrl+e")
        await app.screen.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "ctrl+r", "ctrl+x")
        await app.screen.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "escape", "ctrl+q")
    (verslag,) = workspace.exports.glob("verslag-*.md")
    assert all(f"r{number}" in verslag.read_text(encoding="utf-8") for number in range(len(FIRST_FIELDS)))
    values = read_session_file(workspace)["values"]
    for step, (field, expected) in FIRST_FIELDS.items():
        stored = values[step][field]
        assert stored == expected, step


async def test_text_and_checklist(make_app, workspace, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await type_text(pilot, "Leren van elkaar")
        # Keys a widget handles itself (Space, arrows, Enter on a button) at a person's pace:
        # Textual checks their bindings after the key has been handled, not as it arrives.
        await press(pilot, "tab", "space", "down", "space", "tab")
        await type_text(pilot, "Alleen het team")
        lines = screen_text(app).splitlines()  # ticked or not shows without colour, too
        assert any("▐X▌ Vertrouwelijkheid" in line for line in lines)
        assert any("▐ ▌ Afgesproken wie het verslag" in line for line in lines)
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["opening"] == {
        "doelen": "Leren van elkaar",
        "afspraken": ["Spelregels voorgelezen en door iedereen onderschreven", "Vertrouwelijkheid afgesproken"],
        "verslag": "Alleen het team",
    }


async def test_list_one_item_per_line(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "verheldering")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await type_text(pilot, "Anonieme tip")
        await keys(pilot, "enter")
        await type_text(pilot, "Politie adviseerde vertrek")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["verheldering"] == {
        "feiten": ["Anonieme tip", "Politie adviseerde vertrek"]
    }


async def test_dilemma_with_a_third_option(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "dilemma")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        long = "de uitkering stoppen en het teveel betaalde terugvorderen"
        await fill(pilot, "Moet ik de uitkering stoppen?", long, "geen inkomen", "doorbetalen", "onrechtmatig")
        cell = app.screen.query_one("#veld-opties-rijen-r0-c0")
        assert cell.value == long and cell.scroll_x == 0  # a long option wraps: it shows in full
        await keys(pilot, "enter")  # after the last cell of a filled option: a new option
        await fill(pilot, "deels", "onduidelijk")
        await keys(pilot, "ctrl+r")  # a fourth, left empty: not stored
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["dilemma"] == {
        "vraag": "Moet ik de uitkering stoppen?",
        "opties": [
            {"optie": "de uitkering stoppen en het teveel betaalde terugvorderen", "schade": "geen inkomen"},
            {"optie": "doorbetalen", "schade": "onrechtmatig"},
            {"optie": "deels", "schade": "onduidelijk"},
        ],
    }


async def test_table_rows(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "perspectieven")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await fill(pilot, "Inwoner", "bestaanszekerheid", "inkomen loopt door")
        await keys(pilot, "ctrl+r")
        await fill(pilot, "Gemeente", "rechtmatigheid", "regels volgen")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["perspectieven"]["tabel"] == [
        {"Perspectief": "Inwoner", "Waarde": "bestaanszekerheid", "Norm": "inkomen loopt door"},
        {"Perspectief": "Gemeente", "Waarde": "rechtmatigheid", "Norm": "regels volgen"},
    ]


async def test_actions_and_what_goes_beyond_the_team(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "conclusie")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await fill(pilot, "Ruimte benutten", "Casus agenderen", "teamleider", "december")
        await keys(pilot, "tab")  # "+ Actie toevoegen" is no stop: a key typed on it would be lost
        await type_text(pilot, "Inlichtingenplicht na vlucht")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["conclusie"] == {
        "conclusies": "Ruimte benutten",
        "acties": [{"wat": "Casus agenderen", "wie": "teamleider", "wanneer": "31-12-2026"}],  # "december": a date
        "signalen": ["Inlichtingenplicht na vlucht"],
    }


async def test_personal_consideration_participant_by_participant(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "afweging")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        turns = stored_session.turn_order
        assert turns[-1].id == stored_session.case_presenter  # the casusinbrenger last, as the method says
        for number, person in enumerate(turns):
            await fill(pilot, *(f"p{number}s{stem}" for stem in range(5)))
            waiting = str(screen.query_one("#veld-afwegingen-wachtend").render())
            assert person.name not in waiting
            await keys(pilot, "ctrl+o")
            await settle(pilot)
            tabs = screen.query_one("#veld-afwegingen-tabs Tabs")
            assert tabs.region.y >= 0 and tabs.region.bottom <= 24  # whose turn it is, on the screen
        assert "Van iedereen staat er een afweging" in str(screen.query_one("#veld-afwegingen-wachtend").render())
        await keys(pilot, "ctrl+q")
    data = read_session_file(workspace)
    stems = next(s for s in data["method"]["stappen"] if s["id"] == "afweging")["velden"][0]["stammen"]
    assert data["values"]["afweging"]["afwegingen"] == {
        person.id: {stem: f"p{n}s{i}" for i, stem in enumerate(stems)} for n, person in enumerate(turns)
    }


async def test_scores_sit_on_their_participant_line_and_out_of_range_is_not_kept(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "evaluatie")
    async with app.run_test(size=(130, 40)) as pilot:
        await keys(pilot, "enter")
        await fill(pilot, "Ja", "Rustig tempo", "Meer tijd voor ronde 4")
        for score in "4593":
            await keys(pilot, "tab", score)
        screen = app.screen
        for person in stored_session.participants:
            score_input = screen.query_one(f"#veld-score-{person.id}")
            label = score_input.parent.query_one(".score-name")
            assert score_input.region.y == label.region.y, person.name
        said = str(screen.query_one("#veld-score-fout").render())  # the 9 is not lost in silence
        assert "Een cijfer van 1 tot 5; niet bewaard" in said and ": 9" in said
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["evaluatie"]["score"] == {"d1": 4, "d2": 5, "d4": 3}


async def test_finishing_on_the_last_step(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "evaluatie")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+n")
        assert "afronden" in str(app.screen.query_one("#question").render())
        await keys(pilot, "j")
        await until(pilot, lambda: "volgende stap is het verslag" in str(app.screen.query_one("#question").render()))
        await keys(pilot, "n")  # not now: to the overview
        assert app.screen.id == "home"
    stored = SessionStore(workspace.sessions).load(stored_session.id)
    assert stored.status == "afgerond" and not stored.timer_running


async def test_after_finishing_the_verslag_is_the_next_step(make_app, workspace, stored_session):
    from beraad.tui.screens.review import ReviewScreen

    app = await _open_at(make_app, workspace, stored_session, "evaluatie")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+n", "j")
        await until(
            pilot,
            lambda: app.screen.query("#question") and "verslag" in str(app.screen.query_one("#question").render()),
        )
        await keys(pilot, "j")  # Verslag maken
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await app.screen.workers.wait_for_complete()
        footer = screen_text(app).splitlines()[-1]
        assert "Ctrl+R Klaar" in footer and "Opdrachten" not in footer  # the review's keys fit at 80x24


async def test_an_edit_that_arrives_after_its_round_was_left_is_kept_not_a_crash(make_app, workspace, stored_session):
    """Ctrl+N right after typing: the message of the last keystroke can reach the screen
    after the round's fields are gone. It carries its value; the app keeps it and runs on."""
    from beraad.tui.widgets.capture import Capture

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = app.screen
        capture = screen.query(Capture).first()
        await type_text(pilot, "laatste woord")
        screen.post_message(Capture.Edited(capture, "laatste woord."))  # on its way...
        await capture.remove()  # ...while the round's fields are taken down
        await settle(pilot)
        assert app.is_running and app.crash_message is None
        assert screen.core.session.value(capture.step_id, capture.field.id) == "laatste woord."


async def test_a_long_table_is_shown_a_page_at_a_time_and_keeps_every_row(make_app, workspace, stored_session):
    from beraad.tui.widgets.rows import PAGE

    count = 3 * PAGE + 2  # two pages full, then a page with a few more
    rows = [{"Perspectief": f"p{n}", "Waarde": f"w{n}", "Norm": f"n{n}"} for n in range(count)]
    stored_session.set_value("perspectieven", "tabel", rows)
    app = await _open_at(make_app, workspace, stored_session, "perspectieven")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        screen = app.screen
        await until(pilot, lambda: isinstance(screen, SessionScreen) and app.focused is not None)
        assert len(screen.query(".row")) == PAGE
        assert f"Rij 1-{PAGE} van {count}" in str(screen.query_one(".pager").render())
        await keys(pilot, "ctrl+pagedown")
        assert app.focused.id == f"veld-tabel-rijen-r{PAGE}-c0"
        await type_text(pilot, "x")
        await keys(pilot, "ctrl+pagedown", "ctrl+pagedown", "ctrl+pagedown")  # the last page; no page after it
        assert app.focused.id == f"veld-tabel-rijen-r{3 * PAGE}-c0"
        await keys(pilot, *["enter"] * 6)  # through the last two rows, to a new one
        await type_text(pilot, "nieuw")
        await keys(pilot, "ctrl+q")
    stored = read_session_file(workspace)["values"]["perspectieven"]["tabel"]
    assert len(stored) == count + 1 and stored[PAGE]["Perspectief"] == f"xp{PAGE}"
    assert stored[count]["Perspectief"] == "nieuw"
    assert stored[:PAGE] == rows[:PAGE] and stored[PAGE + 1 : count] == rows[PAGE + 1 :]


async def test_f3_opens_a_long_cell_in_a_large_editor(make_app, workspace, stored_session):
    long = "De inwoner wil gehoord worden voordat er een besluit valt over de uitkering " * 4
    stored_session.set_value("perspectieven", "tabel", [{"Perspectief": "Inwoner", "Waarde": "", "Norm": long}])
    app = await _open_at(make_app, workspace, stored_session, "perspectieven")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, "tab", "tab", "f3")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "cell-text")
        assert app.focused.text == long
        await type_text(pilot, "nu")
        await keys(pilot, "enter")  # back to the table, with what was typed
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert app.focused.id == "veld-tabel-rijen-r0-c2"
        await type_text(pilot, "!")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["perspectieven"]["tabel"][0]["Norm"] == long + "nu!"


async def test_an_actions_when_becomes_a_date_when_the_cell_is_left(make_app, workspace, stored_session):
    stored_session.go_to("conclusie")
    from beraad.model.session import Cursor

    stored_session.cursor = Cursor(step="conclusie", field="acties", row=0, column=0)
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await fill(pilot, "Casus agenderen", "teamleider", "volgende week")
        await keys(pilot, "enter")  # on: the cell is left, the words become the date they mean
        await until(pilot, lambda: app.screen.query_one("#veld-acties-rijen-r0-c2").value == "04-12-2026")
        assert any("'volgende week' is 04-12-2026" in n.message for n in app._notifications)
        await fill(pilot, "Werkafspraak", "teamleider", "na vaststelling")
        await keys(pilot, "shift+tab")  # a text that names no date stays, and says why that matters
        await until(pilot, lambda: any("is geen datum" in n.message for n in app._notifications))
        await keys(pilot, "ctrl+q")
    actions = read_session_file(workspace)["values"]["conclusie"]["acties"]
    assert [a["wanneer"] for a in actions] == ["04-12-2026", "na vaststelling"]


async def test_tab_out_of_the_last_answer_never_lands_on_a_stop_that_loses_typing(make_app, workspace, stored_session):
    app = await _open_at(make_app, workspace, stored_session, "afweging")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, *["tab"] * 5)  # past the last of the five answers
        assert app.focused is not None and app.focused.id.startswith("veld-afwegingen-")
        assert type(app.focused).__name__ == "NoteArea"  # an answer again, not the row of names
