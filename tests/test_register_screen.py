"""The register in the app: the home screen counts what is late, the register lists and
filters, a knelpunt is walked through its lifecycle by keyboard, and the files on disk
show it."""

from __future__ import annotations

import json
from datetime import date

from textual.widgets import DataTable

from beraad.model.bottleneck import Bottleneck
from beraad.tui.screens.register import CorrectionDialog, KnelpuntScreen, RegisterScreen

from .conftest import TODAY, fill, keys, press, register_of, screen_text, settle, store_and_index, type_text, until
from .test_register import approve


def _flag(session, id_, title, **more):
    session.bottlenecks.append(Bottleneck(id=id_, title=title, step_id="conclusie", **more))


async def test_a_refused_step_opens_again_with_what_was_typed(make_app, workspace, dilemma):
    from beraad.model import Session

    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [], team="Team Noord")
    _flag(old, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    approve(old, date(2026, 9, 8))
    store_and_index(workspace, old)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "k")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "enter")
        await press(pilot, "s")  # geagendeerd on a date to come: the meeting is next week
        await keys(pilot, "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "30-11-2026")
        await fill(pilot, "", "teamleider", "", "overleg")
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "geagendeerd"
        await press(pilot, "s")  # in behandeling today: before the last step, so refused
        await keys(pilot, "tab", "tab")
        await fill(pilot, "beleidsadviseur", "Het budget is er; de regel wordt aangepast")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#s-note").value == "Het budget is er; de regel wordt aangepast"
        assert dialog.query_one("#s-role").value == "beleidsadviseur"
        assert "vorige stap" in str(dialog.query_one("#s-error").render())
        assert app.focused is dialog.query_one("#s-date")
        await keys(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "01-12-2026")
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "in behandeling"
    entry = register_of(workspace).rows()[0].entry
    assert [(e.status, e.note) for e in entry.steps][-1] == (
        "in behandeling",
        "Het budget is er; de regel wordt aangepast",
    )


async def test_walk_a_knelpunt_from_flagged_to_feedback(make_app, workspace, dilemma, stored_session):
    from beraad.model import Session

    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [], team="Team Noord")
    _flag(old, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    _flag(
        old,
        "b",
        "Geen voorschot bij digitale aanvraag",
        addressee="management",
        description="Wie digitaal aanvraagt, wacht weken; mevrouw Yilmaz kon de huur niet betalen.",
    )
    approve(old, date(2026, 9, 8))
    store_and_index(workspace, old)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert "2 knelpunten te laat" in screen_text(app)  # flagged on 1 September, not agendered after 4 weeks
        await press(pilot, "k")
        assert isinstance(app.screen, RegisterScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await press(pilot, "slash")
        await type_text(pilot, "huur")  # only in the description, as the approved verslag has it
        assert table.row_count == 1
        await keys(pilot, "enter")  # back to the list
        await press(pilot, "f")  # the filter opens with the caret in its first field
        assert app.focused.id == "f-status"
        await keys(pilot, "escape")
        await keys(pilot, "enter")  # open the knelpunt
        assert isinstance(app.screen, KnelpuntScreen)
        ref = app.screen.row.ref
        assert "TE LAAT" in screen_text(app)
        shown_now = " ".join(screen_text(app).split())
        assert "Wat knelt: Wie digitaal aanvraagt, wacht weken" in shown_now  # the anonymised context
        assert "Yilmaz" not in shown_now
        await press(pilot, "s")  # geagendeerd, at management, in a meeting
        dialog = app.screen
        # the whole dialog fits at 80x24: its buttons are on the screen
        assert dialog.query_one("#save").region.bottom <= 24
        await keys(pilot, "tab", "tab")  # past the status (the next one) and the date (today)
        await fill(pilot, "teamleider", "", "overleg")
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "geagendeerd"
        await press(pilot, "s")  # in behandeling: only status, date, role and note are asked
        await keys(pilot, "tab", "tab", "tab")
        await type_text(pilot, "Budget gevonden")
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "in behandeling"
        await press(pilot, "s")  # afgerond: the outcome is asked, and must be given
        await keys(pilot, "ctrl+s")
        said = " ".join(str(app.screen.query_one("#s-error").render()).split())
        assert "opgelost of niet: kies ja (opgelost) of nee (niet opgelost)" in said
        assert "Opgelost? (ja of nee)" in screen_text(app)
        assert app.focused is app.screen.query_one("#s-outcome")  # where the answer is missing
        await press(pilot, "enter", "down", "enter")  # opgelost
        await keys(pilot, "tab")
        await type_text(pilot, "Beleidsregel aangepast")
        assert app.screen.query_one("#save").region.bottom <= 24
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "afgerond"
        await press(pilot, "s")  # teruggekoppeld
        await keys(pilot, "tab", "tab", "tab")
        await type_text(pilot, "Besproken in het teamoverleg")
        await keys(pilot, "ctrl+s")
        assert app.screen.row.status == "teruggekoppeld"
        await keys(pilot, "escape", "escape")
        await app.workers.wait_for_complete()
        await settle(pilot)
    entry = register_of(workspace).find(ref).entry
    assert [e.status for e in entry.steps] == ["geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
    assert entry.steps[0].to_whom == "management" and entry.steps[0].role == "teamleider"
    assert entry.steps[0].date == TODAY and entry.steps[0].how == "overleg"
    assert entry.steps[1].note == "Budget gevonden"
    assert (entry.steps[2].outcome, entry.steps[2].note) == ("opgelost", "Beleidsregel aangepast")
    assert entry.steps[3].note == "Besproken in het teamoverleg"


async def test_flag_a_knelpunt_that_was_seen_before_and_link_it(make_app, workspace, dilemma, stored_session):
    from beraad.model import Session
    from beraad.store.sessions import SessionStore
    from beraad.tui.screens.bottleneck import BottleneckForm

    earlier = Session.start(dilemma, "Vorige maand", date(2026, 10, 20), [], team="Team Zuid")
    _flag(earlier, "a", "Inlichtingenplicht knelt na vlucht", regulation="Participatiewet art. 17")
    _flag(earlier, "b", "Wachtlijst schuldhulp", regulation="Wgs")
    store_and_index(workspace, earlier)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+k")
        form = app.screen
        assert isinstance(form, BottleneckForm)
        await type_text(pilot, "Inlichtingenplicht bij vluchtende vrouwen")
        similar = form.query_one("#k-similar")
        await until(pilot, lambda: similar.option_count >= 1, "suggestions")  # they follow the typing after a pause
        assert "Inlichtingenplicht knelt na vlucht" in str(similar.get_option_at_index(0).prompt)
        await keys(pilot, "ctrl+j")  # none chosen: the first, the one most alike
        assert "Gekoppeld als hetzelfde knelpunt" in str(form.query_one("#k-linked").render())
        await keys(pilot, "ctrl+down", "ctrl+up")  # choose another and back: the link stays the first
        assert form.query_one("#k-similar").highlighted == 0
        await press(pilot, "tab", "tab", "space")  # description, the sources (the list is no Tab stop): landelijke wet
        await until(pilot, lambda: "VNG / NVVK / Rijk" in str(form.query_one("#k-route").render()), "the route")
        await keys(pilot, "ctrl+s")
        await keys(pilot, "ctrl+q")
    (flagged,) = SessionStore(workspace.sessions).load(stored_session.id).bottlenecks
    assert flagged.same_as == f"{earlier.id}/a"
    SessionStore(workspace.sessions).scan()

    rows = {r.key: r for r in register_of(workspace).rows()}
    assert rows[f"{stored_session.id}/{flagged.id}"].seen == 2
    assert rows[f"{earlier.id}/a"].seen_text() == "2 keer gezien in 2 teams sinds oktober 2026"


async def test_export_everything_open_for_one_addressee(make_app, workspace, dilemma, stored_session):
    import json

    from beraad.model import Session

    teams = []
    for number, team in enumerate(["Team Noord", "Team Zuid", "Team Noord"]):
        session = Session.start(dilemma, f"Beraad {number}", date(2026, 9, 1 + number), [], team=team)
        same_as = f"{teams[0].id}/k" if teams else None
        _flag(session, "k", f"Inlichtingenplicht knelt ({number})", addressee="beleid", same_as=same_as)
        approve(session, date(2026, 9, 10))
        teams.append(session)
    other = Session.start(dilemma, "Ander", date(2026, 9, 5), [], team="Team Oost")
    _flag(other, "m", "Wachtlijst schuldhulp", addressee="management")
    approve(other, date(2026, 9, 10))
    concept = Session.start(dilemma, "Concept", date(2026, 9, 6), [], team="Team West")
    _flag(concept, "c", "Nog niet vastgesteld", addressee="beleid")
    store_and_index(workspace, *teams, other, concept)
    from beraad.model.register import Step

    register = register_of(workspace)  # the first one was followed up to the end already
    first = f"{teams[0].id}/k"
    register.advance(first, Step.make("geagendeerd", date(2026, 9, 20), to_whom="beleid", how="overleg"))
    register.advance(first, Step.make("afgerond", date(2026, 10, 1), outcome="niet opgelost", note="Landelijk"))
    register.advance(first, Step.make("teruggekoppeld", date(2026, 10, 5), note="Doorgezet naar VNG"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "k")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "inlichtingen")
        await keys(pilot, "enter")
        for _ in range(2):  # twice on one day: the first, perhaps sent already, stays as it was
            await press(pilot, "x")
            await press(pilot, "enter")  # "Maken", for the addressee of the chosen row: beleid
            await app.workers.wait_for_complete()
            await settle(pilot)
    (data_file, again) = sorted(workspace.exports.glob("knelpunten-*.json"), key=lambda p: len(p.name))
    assert again.name == data_file.name.replace(".json", "-2.json")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert data["adressaat"] == "beleid"
    (theme,) = data["themas"]  # three sessions, one knelpunt seen again: one theme
    assert theme["aantal"] == 3 and theme["teams"] == 2  # seen three times, though one is closed
    assert theme["sinds"] == "september 2026"
    assert {k["titel"] for k in theme["knelpunten"]} == {f"Inlichtingenplicht knelt ({n})" for n in (1, 2)}
    assert len(data["te_laat"]) == 2  # none agendered four weeks after its session
    names = sorted(p.suffix for p in workspace.exports.iterdir())
    assert names == sorted([".csv", ".docx", ".html", ".json", ".md"] * 2)
    assert "Nog niet vastgesteld" not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in workspace.exports.glob("*.md")
    )


async def test_the_next_session_starts_where_the_last_ended(make_app, workspace, dilemma):
    from beraad.model import Session
    from beraad.model.register import Step

    last_month = Session.start(dilemma, "Vorige maand", date(2026, 10, 19), [], team="Team WI Noord")
    last_month.set_value(
        "conclusie",
        "acties",
        [
            {"wat": "Werkafspraak met Veilig Thuis", "wie": "teamleider", "wanneer": "december"},
            {"wat": "Werkinstructie navragen", "wie": "klantmanager", "wanneer": "15-11-2026"},
        ],
    )
    last_month.set_value("evaluatie", "volgende_keer", "Vaker de casusinbrenger laten beginnen")
    _flag(last_month, "k", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    _flag(last_month, "l", "Geen voorschot bij digitale aanvraag", addressee="management")
    approve(last_month, date(2026, 10, 26))
    today = Session.start(dilemma, "Vandaag", TODAY, [("Anna", "klantmanager")], team="team wi noord")
    store_and_index(workspace, last_month, today)
    register = register_of(workspace)
    key = f"{last_month.id}/k"
    register.advance(key, Step.make("geagendeerd", date(2026, 10, 27), to_whom="beleid"))
    register.advance(key, Step.make("teruggekoppeld", date(2026, 11, 16), note="Beleidsregel wordt aangepast"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+n")
        assert app.screen.core.session.current_step == "terugblik"
        await app.workers.wait_for_complete()
        await settle(pilot)
        shown_now = _look_back_actions(app)
        assert "Acties van de vorige keer: Vorige maand (19-10-2026)" in shown_now
        assert "Werkafspraak met Veilig Thuis (teamleider, 31-12-2026)" in shown_now  # "december": a date
        assert "Werkinstructie navragen (klantmanager, 15-11-2026) — datum verstreken" in shown_now
        shown_now = _look_back_text(app)
        assert "Mee naar de volgende keer\n  Vaker de casusinbrenger laten beginnen" in shown_now
        assert "teruggekoppeld op 16-11-2026: Beleidsregel wordt aangepast" in shown_now
        assert "sinds de vorige keer: geagendeerd bij beleid (27-10-2026); teruggekoppeld (16-11-2026)" in shown_now
        # due for agendering four weeks after 19 October, before this session: late, and first
        late = "Geen voorschot bij digitale aanvraag: nog niet geagendeerd — te laat (agenderen uiterlijk 16-11-2026)"
        assert late in shown_now and shown_now.index(late) < shown_now.index("Inlichtingenplicht")
        await keys(pilot, "shift+tab")  # the look back itself: reached and read with the keys at 80x24
        box = app.screen.query_one(".look-back-box")
        assert app.focused is box
        await keys(pilot, "end")
        assert box.scroll_y == box.max_scroll_y
        await keys(pilot, "tab")
        await type_text(pilot, "Navragen bij management")
        await keys(pilot, "ctrl+q")
    from beraad.store.sessions import SessionStore

    from .conftest import read_session_file  # noqa: F401 - two sessions here: read the new one

    assert SessionStore(workspace.sessions).load(today.id).value("terugblik", "meenemen") == "Navragen bij management"


def _look_back_actions(app) -> str:
    """The list of last time's actions, with its title, as text."""
    screen = app.screen
    title = str(screen.query_one(".look-back-actions-title").content)
    options = screen.query_one(".look-back-actions").options
    return "\n".join([title, *(str(option.prompt) for option in options)])


def _look_back_text(app) -> str:
    """The look back's lines as text, however they wrap on screen."""
    lines = []
    for part in app.screen.query_one(".look-back").content.renderables:
        columns = getattr(part, "columns", None)  # a line with a hanging indent: a grid of two cells
        lines.append("".join(str(next(iter(c.cells))) for c in columns) if columns else str(part))
    return "\n".join(lines)


async def test_a_wrong_date_is_corrected_and_the_last_step_withdrawn_by_keyboard(make_app, workspace, dilemma):
    from beraad.model import Session

    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [], team="Team Noord")
    _flag(old, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    approve(old, date(2026, 9, 8))
    store_and_index(workspace, old)
    register = register_of(workspace)
    key = f"{old.id}/a"
    from beraad.model.register import Step

    register.advance(key, Step.make("geagendeerd", date(2026, 11, 3), to_whom="beleid", role="teamleider"))
    register.advance(key, Step.make("in behandeling", date(2026, 11, 20)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "k")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and app.screen.rows, "the register")
        await keys(pilot, "enter")
        assert isinstance(app.screen, KnelpuntScreen)
        await press(pilot, "c")  # the last step is chosen; its date is in the field after it
        await keys(pilot, "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "21-11-2026")
        await keys(pilot, "ctrl+s")
        assert "Zeg waarom" in str(app.screen.query_one("#c-error").render())  # a reason first: the caret is there
        await type_text(pilot, "Het overleg was een dag later")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: "gecorrigeerd: Het overleg" in screen_text(app), "the correction")
        # next to the corrected step, what it said before
        await until(pilot, lambda: "(datum was: 20-11-2026)" in screen_text(app), "what the date was")
        assert "2. 21-11-2026  in behandeling" in screen_text(app)
        await press(pilot, "i")
        await type_text(pilot, "Nog niet in behandeling genomen")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: app.screen.row.status == "geagendeerd", "the withdrawal")
        assert "ingetrokken: 21-11-2026 in behandeling" in screen_text(app)
    row = register_of(workspace).find(key)
    assert [s.status for s in row.entry.steps] == ["geagendeerd"]
    assert row.entry.withdrawn[0].step.corrections == ["Het overleg was een dag later"]
    assert [e.kind for e in register_of(workspace).history(key)][-4:] == ["step", "step", "correction", "withdrawal"]


async def _open_correction(pilot) -> None:
    """From the overview: the register (k), its first knelpunt (Enter), a correction (c)."""
    app = pilot.app
    await press(pilot, "k")
    await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and app.screen.rows, "the register")
    await keys(pilot, "enter")
    await press(pilot, "c")


async def test_a_correction_the_register_refuses_opens_again_with_what_was_typed(make_app, workspace, dilemma):
    """Found by a tester: a date the register refuses closed the dialog with a toast, and
    the note and the reason were gone."""
    from .conftest import fill

    key = _agendered(workspace, dilemma)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_correction(pilot)
        await keys(pilot, "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "01-01-2020")  # before the knelpunt was flagged
        for _ in range(4):  # bij wie, hoe, notitie, reden
            await keys(pilot, "tab")
        await fill(pilot, "Ging per mail")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog), "the dialog")
        await keys(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CorrectionDialog) and "2020" in str(app.screen.query_one("#c-error").render())
            ),
            "the dialog again, with why",
        )
        assert app.screen.query_one("#c-reason").value == "Ging per mail"
        assert app.screen.query_one("#c-date").value == "01-01-2020" and app.screen.query_one("#c-date").has_focus
        await keys(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "04-11-2026")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: "gecorrigeerd: Ging per mail" in screen_text(app), "the correction")
    (step,) = register_of(workspace).find(key).entry.steps
    assert step.date == date(2026, 11, 4) and step.corrections == ["Ging per mail"]


async def test_at_80x24_search_keeps_what_is_typed_and_esc_clears_it_first(make_app, workspace, dilemma):
    from beraad.model import Session

    one = Session.start(dilemma, "Vlucht", date(2026, 9, 1), [], team="Team Noord")
    _flag(one, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    _flag(one, "b", "Handhaving zonder gesprek", addressee="management")
    approve(one, date(2026, 9, 8))
    store_and_index(workspace, one)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "k")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and app.screen.shown)
        screen = app.screen
        text = screen_text(app)  # team, addressee and how often seen are on screen at 80 columns
        assert "Team Noord" in text and "→ beleid" in text and "→ management" in text and "Vaak" in text
        await keys(pilot, "slash")
        await type_text(pilot, "hand")  # typed fast, as people do: every letter kept
        assert screen.query_one("#search").value == "hand"
        assert [r.title for r in screen.shown] == ["Handhaving zonder gesprek"]
        await keys(pilot, "escape")  # the search goes, the register stays
        assert app.screen is screen and screen.query_one("#search").value == "" and len(screen.shown) == 2
        await keys(pilot, "escape")
        assert app.screen is not screen


def _agendered(workspace, dilemma) -> str:
    """A vastgesteld knelpunt with one step (geagendeerd bij beleid), as the register has it."""
    from beraad.model import Session
    from beraad.model.register import Step

    old = Session.start(dilemma, "Oud beraad", date(2026, 9, 1), [], team="Team Noord")
    _flag(old, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    approve(old, date(2026, 9, 8))
    store_and_index(workspace, old)
    key = f"{old.id}/a"
    register_of(workspace).advance(
        key, Step.make("geagendeerd", date(2026, 11, 3), to_whom="beleid", how="mail", role="teamleider")
    )
    return key


async def test_esc_in_the_correction_asks_before_it_throws_typing_away(make_app, workspace, dilemma):
    from beraad.tui.screens.dialogs import ConfirmScreen
    from beraad.tui.screens.register import CorrectionDialog

    key = _agendered(workspace, dilemma)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_correction(pilot)
        assert isinstance(app.screen, CorrectionDialog)
        await keys(pilot, "escape")  # nothing typed: it closes at once
        assert isinstance(app.screen, KnelpuntScreen)
        await press(pilot, "c")
        dialog = app.screen
        # the order of the step dialog: which step, date, to whom, how, note, then the reason
        order = []
        for _ in range(5):
            await keys(pilot, "tab")
            order.append(app.focused.id)
        assert order == ["c-date", "c-to-whom", "c-how", "c-note", "c-reason"]
        await type_text(pilot, "Het was een mail aan de teamleider")
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # go on typing: all of it is still there, the caret where it was
        assert app.screen is dialog and app.focused.id == "c-reason"
        assert dialog.query_one("#c-reason").value == "Het was een mail aan de teamleider"
        await keys(pilot, "escape")
        await press(pilot, "j")  # throw it away
        assert isinstance(app.screen, KnelpuntScreen)
        await keys(pilot, "ctrl+q")
    assert [e.kind for e in register_of(workspace).history(key)] == ["agreed", "step"]  # nothing corrected


async def test_ctrl_q_in_a_correction_with_typing_asks_too(make_app, workspace, dilemma):
    from beraad.tui.screens.dialogs import ConfirmScreen

    _agendered(workspace, dilemma)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_correction(pilot)
        await keys(pilot, *["tab"] * 5)
        await type_text(pilot, "reden")
        await keys(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await press(pilot, "n")
        assert app.screen.query_one("#c-reason").value == "reden"


async def test_a_quarter_is_chosen_as_k1_2027_in_the_filter_and_on_the_command_line(
    make_app, workspace, dilemma, capsys
):
    from beraad.model import Session

    from .conftest import run_cli

    march = Session.start(dilemma, "Vlucht", date(2026, 3, 10), [], team="Team Noord")
    _flag(march, "a", "Inlichtingenplicht knelt na vlucht", addressee="beleid")
    may = Session.start(dilemma, "Weer een vlucht", date(2027, 2, 2), [], team="Team Noord")
    _flag(may, "a", "Vier weken zoektijd", addressee="beleid")
    store_and_index(workspace, march, may)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await press(pilot, "k")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and len(app.screen.rows) == 2, "the list")
        await press(pilot, "f")
        await keys(pilot, "tab", "tab", "tab", "tab", "tab")
        assert app.focused.id == "f-quarter"
        await type_text(pilot, "1e kwartaal 2027")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen), "the list again")
        assert [row.title for row in app.screen.shown] == ["Vier weken zoektijd"]
        assert "filter: K1 2027" in screen_text(app)
        await press(pilot, "f")  # the filter shows the quarter as one
        assert app.screen.query_one("#f-quarter").value == "K1 2027"
        await keys(pilot, "escape")
    done, out, _ = run_cli(capsys, "knelpunten", "list", "--kwartaal", "K1 2027", workspace=workspace)
    assert done == 0 and "Vier weken zoektijd" in out and "Inlichtingenplicht" not in out
    done, out, _ = run_cli(capsys, "knelpunten", "list", "--json", "--rauw", workspace=workspace)
    assert sorted(row["kwartaal"] for row in json.loads(out)) == ["K1 2026", "K1 2027"]
    done, _, err = run_cli(capsys, "knelpunten", "list", "--kwartaal", "2027-Q5", workspace=workspace)
    assert done == 1 and "schrijf het als K1 2027" in err
