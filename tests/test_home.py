"""Home and the new-session form: sessions newest first, delete only after confirmation,
a new session typed in full and read back from disk."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from beraad.model import Session
from beraad.store.sessions import SessionStore
from beraad.tui.screens.dialogs import ConfirmScreen
from beraad.tui.screens.new_session import NewSessionScreen
from beraad.tui.screens.session import SessionScreen

from .conftest import (
    PEOPLE,
    TODAY,
    fill,
    keys,
    press,
    read_session_file,
    screen_text,
    settle,
    store_and_index,
    type_text,
    until,
)


async def test_sessions_newest_first_and_delete_asks_first(make_app, workspace, dilemma):
    store = SessionStore(workspace.sessions)
    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [])
    new = Session.start(dilemma, "Nieuw beraad", TODAY, [])
    new.go_to("dilemma")
    store_and_index(workspace, old, new)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Nieuw beraad", "Oud beraad"]
        assert str(table.get_row_at(0)[2]) == "3. Moreel dilemma"  # at 80 columns: when, what, where, verslag
        assert [c.label.plain for c in table.columns.values()] == ["Datum", "Titel", "Waar", "Verslag"]
        await pilot.resize_terminal(120, 30)
        await until(pilot, lambda: len(table.columns) == 5)  # with room, the method too
        assert str(table.get_row_at(0)[4]) == "Dilemmamethode 1.2"
        await pilot.resize_terminal(80, 24)
        await press(pilot, "down", "d")
        assert "Oud beraad" in str(app.screen.query_one("#question").render())
        await press(pilot, "n")  # keep it
        assert store.path(old.id).exists()
        await press(pilot, "d", "j")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not store.path(old.id).exists()
        assert store.path(new.id).exists()
        assert table.row_count == 1


async def test_many_sessions_show_the_newest_and_searching_finds_an_old_one(make_app, workspace, dilemma, monkeypatch):
    from beraad.tui.screens import home

    monkeypatch.setattr(home, "SHOWN_AT_MOST", 3)
    sessions = [Session.start(dilemma, f"Beraad {n}", date(2026, 1 + n, 1), [], team="Team Zuid") for n in range(4)]
    sessions.append(Session.start(dilemma, "Oudste casus", date(2025, 3, 4), [], team="Team Noord"))
    store_and_index(workspace, *sessions)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Beraad 3", "Beraad 2", "Beraad 1"]
        assert "De nieuwste 3 van 5 sessies; zoek met / naar oudere." in screen_text(app)
        await press(pilot, "slash")
        await type_text(pilot, "noord 2025")  # every word counts, in any field
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Oudste casus"]
        assert "1 van 5 sessies gevonden" in screen_text(app)
        await keys(pilot, "escape")  # stop searching: all sessions again
        assert table.row_count == 3 and table.has_focus
        await press(pilot, "slash")
        await type_text(pilot, "oudste")
        await keys(pilot, "enter", "enter")  # back to the list, then open it
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.core.session.id == sessions[-1].id


async def test_a_session_made_elsewhere_appears_after_the_background_check(make_app, workspace, dilemma):
    SessionStore(workspace.sessions).save(Session.start(dilemma, "Via beraad demo", TODAY, []))  # no index yet
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 1


async def test_new_session_form_by_keyboard(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "N")  # capital or not
        assert isinstance(app.screen, NewSessionScreen)
        await type_text(pilot, "Uitkering gestopt na vlucht")
        await keys(pilot, "tab", "tab")  # past the date (today)
        await fill(pilot, "Team WI Noord", "JdV", *(part for person in PEOPLE for part in person))
        await keys(pilot, "tab", "tab")  # past "+ Deelnemer toevoegen" to the people in the case
        await type_text(pilot, "Linda Bakker, Ricardo")
        await keys(pilot, "tab")  # the case presenter
        await press(pilot, "enter", "down", "down", "enter")  # the second participant
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionScreen)
        assert app.focused is not None and app.focused.id == "veld-doelen-tekst"
        await type_text(pilot, "Leren van elkaar")
        await keys(pilot, "ctrl+q")
    data = read_session_file(workspace)
    assert data["title"] == "Uitkering gestopt na vlucht"
    assert data["team"] == "Team WI Noord" and data["facilitator"] == "JdV"
    assert [(p["name"], p["role"]) for p in data["participants"]] == PEOPLE
    assert data["case_presenter"] == "d2"
    assert data["case_people"] == ["Linda Bakker", "Ricardo"]
    assert data["date"] == TODAY.isoformat()
    assert data["values"]["opening"]["doelen"] == "Leren van elkaar"


async def test_tab_reaches_add_participant_and_it_adds_a_row(make_app, workspace):
    from textual.widgets import Button

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await type_text(pilot, "Kostendelersnorm")
        await keys(pilot, "tab", "tab", "tab", "tab")  # date, team, facilitator: to the first participant
        await fill(pilot, *(part for person in PEOPLE for part in person))
        await keys(pilot, "tab")  # the button is a stop, in view, with its name
        button = app.focused
        assert isinstance(button, Button) and "Deelnemer toevoegen" in str(button.label)
        assert button.region.y >= 0 and button.region.bottom <= 23
        await press(pilot, "enter")  # a fifth row, the caret in its name
        assert app.focused.id == "participants-r4-c0"
        await fill(pilot, "Eva Jansen", "klantmanager")
        await keys(pilot, "tab")
        assert app.focused is button
        await type_text(pilot, "Femke")  # typed on the button: a sixth row begins with it
        assert app.focused.id == "participants-r5-c0" and app.focused.value == "Femke"
        await keys(pilot, "tab", "tab", "tab")  # the role left empty, past the button, the case people
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
        await keys(pilot, "ctrl+q")
    data = read_session_file(workspace)
    assert [p["name"] for p in data["participants"]] == [name for name, _ in PEOPLE] + ["Eva Jansen", "Femke"]


async def test_new_session_asks_for_a_title(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await keys(pilot, "ctrl+s")
        assert "Geef de sessie een titel" in str(app.screen.query_one("#error").render())
        assert any("Geef de sessie een titel" in m for m in app.said)  # seen at 80x24 too
        assert app.focused.id == "title"
        await keys(pilot, "tab", "tab")
        await type_text(pilot, "Team Zuid")
        await keys(pilot, "escape")  # typed, not started: asked first
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # go on typing
        assert app.screen.query_one("#team").value == "Team Zuid"
        await keys(pilot, "escape")
        await press(pilot, "j")  # throw it away
        assert app.screen.id == "home"
        await press(pilot, "n")
        await keys(pilot, "escape")  # nothing typed: gone at once
        assert app.screen.id == "home"
    assert not list(workspace.sessions.glob("[!.]*.json")) if workspace.sessions.exists() else True


async def test_two_methods_with_one_title_are_told_apart(make_app, workspace):
    from beraad import methods

    workspace.methods.mkdir(parents=True)
    source = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    (workspace.methods / "eigen.toml").write_text(
        source.replace('id = "dilemmamethode"', 'id = "eigen-dilemma"'), encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        options = [str(prompt) for prompt, _ in app.screen.query_one("#method")._options if _ is not None]
        assert "Dilemmamethode (dilemmamethode) · versie 1.2, 95 min" in options
        assert "Dilemmamethode (eigen-dilemma) · versie 1.2, 95 min" in options


async def test_a_method_edited_while_the_app_runs_counts_from_the_next_session(make_app, workspace):
    from textual.widgets import Select

    from beraad import methods

    workspace.methods.mkdir(parents=True)
    source = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    own = workspace.methods / "eigen.toml"
    own.write_text(source.replace('id = "dilemmamethode"', 'id = "eigen"'), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "n")
        assert "versie 1.2" in str(dict((v, p) for p, v in app.screen.query_one("#method")._options)["eigen"])
        await keys(pilot, "escape")
        # the trainer edits the file in another window: a new version with a shorter round
        own.write_text(
            source.replace('id = "dilemmamethode"', 'id = "eigen"').replace('versie = "1.2"', 'versie = "1.3"'),
            encoding="utf-8",
        )
        await press(pilot, "n")
        assert "versie 1.3" in str(dict((v, p) for p, v in app.screen.query_one("#method")._options)["eigen"])
        await type_text(pilot, "Nieuwe versie")
        app.screen.query_one("#method", Select).value = "eigen"
        await keys(pilot, "ctrl+s")
        assert app.screen.core.session.method.version == "1.3"


async def test_the_team_of_an_earlier_session_is_suggested(make_app, workspace, dilemma):
    store_and_index(workspace, Session.start(dilemma, "Vorige keer", date(2026, 10, 20), [], team="Team Zuid-Oost"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await type_text(pilot, "Nieuwe casus")
        await keys(pilot, "tab", "tab")  # past the date
        await type_text(pilot, "team z")
        await until(pilot, lambda: app.screen.query_one("#team")._suggestion, "the suggestion")  # follows the typing
        await press(pilot, "right")  # take it: the same spelling finds the team's last session
        assert app.screen.query_one("#team").value == "Team Zuid-Oost"
        await keys(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "team z")
        await until(pilot, lambda: app.screen.query_one("#team")._suggestion, "the suggestion")
        await keys(pilot, "tab")  # Tab takes it too, and goes on to the next field
        assert app.screen.query_one("#team").value == "Team Zuid-Oost"
        assert app.focused.id == "facilitator"


async def test_many_unreadable_files_are_summed_up_and_every_one_is_in_the_log(make_app, workspace):
    from beraad.errors import log_path

    workspace.sessions.mkdir(parents=True)
    for number in range(5):
        (workspace.sessions / f"2026010{number}-aaaaaa.json").write_text("[1,2,3]", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert len(app.said) == 1  # one toast, not five stacked over the screen
        assert "5 meldingen" in next(iter(app.said))
        panel = str(app.screen.query_one("#problems").render())
        assert "En nog 4 meldingen" in panel and str(log_path()) in panel
    logged = log_path().read_text(encoding="utf-8")
    assert all(f"2026010{n}-aaaaaa.json" in logged for n in range(5))


async def test_a_session_open_in_another_window_is_not_offered_for_deletion(make_app, workspace, stored_session):
    first, second = make_app(), make_app()
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await keys(one, "enter")
        await second.workers.wait_for_complete()
        await settle(two)
        await keys(two, "d")
        assert second.screen.id == "home"  # no question whose answer would be refused
        assert any("open in een ander venster" in m for m in second.said)
        await keys(one, "ctrl+q")
    assert SessionStore(workspace.sessions).load(stored_session.id)


async def test_the_overview_says_which_verslag_is_vastgesteld(make_app, workspace, dilemma):
    from .test_register import approve

    done = Session.start(dilemma, "Vastgesteld beraad", date(2026, 10, 20), [])
    approve(done, date(2026, 10, 27))
    busy = Session.start(dilemma, "Nog bezig", date(2026, 11, 20), [])
    store_and_index(workspace, done, busy)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert any("Vastgesteld beraad" in line and "vastgesteld" in line for line in lines)
        assert any("Nog bezig" in line and "bezig" in line and "vastgesteld" not in line for line in lines)


async def test_ctrl_q_on_a_filled_new_session_form_asks_first(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await type_text(pilot, "Bijna begonnen")
        await keys(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)  # not gone at once with the typing
        await press(pilot, "n")
        assert app.screen.query_one("#title").value == "Bijna begonnen"
        await keys(pilot, "ctrl+q")
        await press(pilot, "j")
        await settle(pilot)
        assert not app.is_running


async def test_the_overview_says_where_each_verslag_stands(make_app, workspace, dilemma):
    from beraad.report import content

    from .test_register import approve

    def finished(title: str) -> Session:
        session = Session.start(dilemma, title, TODAY, [("Anna", "klantmanager")])
        session.status = "afgerond"
        return session

    going = Session.start(dilemma, "Nog bezig", TODAY, [])
    concept = finished("Afgerond")
    reviewed = finished("Gereviewd")
    reviewed.review.reviewed = content.fingerprint(reviewed)
    approved = finished("Vastgesteld")
    approve(approved, TODAY)
    changed = finished("Daarna gewijzigd")
    approve(changed, TODAY)
    changed.set_value("casus", "verhaal", "Later aangevuld.")
    store_and_index(workspace, going, concept, reviewed, approved, changed)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        states = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[3]) for i in range(table.row_count)}
    assert states == {
        "Nog bezig": "",
        "Afgerond": "concept",
        "Gereviewd": "review klaar",
        "Vastgesteld": "vastgesteld v1",
        "Daarna gewijzigd": "concept v2",
    }


async def test_v_opens_the_verslag_of_the_chosen_session(make_app, workspace, stored_session):
    from beraad.tui.screens.review import ReviewScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await keys(pilot, "escape")  # back: the session, then the overview
        assert isinstance(app.screen, SessionScreen)
