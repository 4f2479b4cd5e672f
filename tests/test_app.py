"""What a laptop throws at the app: two windows on one session, escape sequences in notes,
a full disk at quitting, and Dutch wherever the user looks."""

from __future__ import annotations

import errno
import re

from textual.command import CommandList

from beraad.core import recovery
from beraad.model.bottleneck import Bottleneck
from beraad.store.sessions import SessionStore
from beraad.tui.screens.dialogs import ConfirmScreen, HelpScreen
from beraad.tui.screens.session import SessionScreen

from .conftest import TODAY, keys, press, read_session_file, screen_text, settle, store_and_index, type_text, until

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


async def test_a_second_window_reads_along_and_takes_over_when_the_first_closes(
    make_app, workspace, stored_session, clock
):
    first, second = make_app(), make_app()
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await keys(one, "enter")
        await type_text(one, "uit venster")
        await keys(two, "enter")
        screen = second.screen
        assert isinstance(screen, SessionScreen) and screen.has_class("-read-only")
        assert any("al open in een ander venster" in m for m in second.said)
        await type_text(two, "kwijt?")  # read-only: nothing is typed in, and the window says so
        await settle(two)
        said = list(second.said)
        assert sum("Alleen meelezen" in m for m in said) == 1, said  # once, not once a key
        assert sum("ander venster" in m for m in said) <= 2, said  # on opening, and what typing tried
        await type_text(one, " een")
        clock.advance(1.5)  # the first window saves
        saved = workspace.sessions / f"{stored_session.id}.json"
        await until(one, lambda: "venster een" in saved.read_text(encoding="utf-8"), "saved")
        field = screen.query_one("#veld-doelen-tekst")
        clock.advance(1.5)  # the second looks again
        await until(two, lambda: screen.query_one("#veld-doelen-tekst").text == "uit venster een", "reading along")
        assert field is not screen.query_one("#veld-doelen-tekst")  # shown again, from the file
        await keys(two, "ctrl+w")  # take over: refused while the first window is open
        assert screen.core.read_only
        await keys(one, "ctrl+q")
        clock.advance(1.5)  # the second notices that the first let go, and offers to take over
        await until(two, lambda: any("losgelaten" in m for m in second.said), "the offer")
        await keys(two, "ctrl+w")
        assert not screen.core.read_only
        assert screen.query_one("#veld-doelen-tekst").text == "uit venster een"
        await type_text(two, " en twee")
        await keys(two, "ctrl+q")
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "uit venster een en twee"


HOSTILE = "\x1b[2J\x1b]0;gehackt\x07\x1b]52;c;ZWNobyBoaQ==\x07\x9b31m"


async def test_escape_sequences_in_notes_and_titles_never_reach_the_terminal(make_app, workspace, stored_session):
    stored_session.title = "Titel " + HOSTILE
    stored_session.values = {"opening": {"doelen": "Notitie " + HOSTILE}}
    stored_session.bottlenecks.append(Bottleneck(id="k1", title="Knelpunt" + HOSTILE, step_id="opening"))
    stored_session.participants[0].name = "Anna" + HOSTILE
    store_and_index(workspace, stored_session)  # a file with escape sequences, as if written by hand
    assert "\\u001b" in (workspace.sessions / f"{stored_session.id}.json").read_text(encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not CONTROL.search(screen_text(app))  # home
        await press(pilot, "enter")
        assert not CONTROL.search(screen_text(app))  # session, with the note
        assert app.screen.query_one("#veld-doelen-tekst").text.startswith("Notitie [2J]0;gehackt")
        await keys(pilot, "ctrl+l")
        assert not CONTROL.search(screen_text(app))  # the knelpunten list
        await keys(pilot, "escape", "ctrl+q")


async def test_a_pasted_escape_sequence_is_dropped(make_app, workspace, stored_session):
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        app._driver.send_message(events.Paste("geplakt \x1b[2J tekst\x07"))  # as the terminal sends it
        await settle(pilot)
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "geplakt [2J tekst"


async def test_quit_while_a_dialog_is_open_keeps_the_last_typing(make_app, workspace, stored_session):
    """No autosave ran (the test's clock stands still): only the quit itself can save."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await type_text(pilot, "net getypt")
        await keys(pilot, "ctrl+k")  # the knelpunt form is on top
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "net getypt"


async def test_quit_after_a_failed_save_asks_and_says_where_the_notes_are(
    make_app, workspace, stored_session, monkeypatch, tmp_path
):
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "places", lambda *_, **__: [tmp_path / "herstel"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        monkeypatch.setattr(beraad.store.sessions, "atomic_write", full)
        await type_text(pilot, "belangrijk")
        await keys(pilot, "ctrl+s")
        messages = list(app.said)
        assert any("de schijf is vol" in m and "herstel" in m and "Ctrl+S" in m for m in messages)
        await keys(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question").render())
        assert "de schijf is vol" in question and str(tmp_path / "herstel") in question
        await press(pilot, "n")  # keep the app open
        assert isinstance(app.screen, SessionScreen)
        monkeypatch.undo()
        await keys(pilot, "ctrl+q")
    assert app.return_code == 0
    assert SessionStore(workspace.sessions).load(stored_session.id).value("opening", "doelen") == "belangrijk"
    assert not (tmp_path / "herstel" / f"{stored_session.id}.json").exists()  # saved in place: the copy went


async def test_a_recovery_copy_is_offered_when_the_session_opens_and_never_written_over(
    make_app, workspace, stored_session, monkeypatch, tmp_path
):
    """A full disk, quit anyway; the next time (space again) the session opens with the
    question whether to put the notes back. A second full disk meanwhile makes a second
    copy instead of writing over the first."""
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "places", lambda *_, **__: [tmp_path / "herstel"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # the first time the disk fills up
        await press(pilot, "enter")
        with monkeypatch.context() as disk:
            disk.setattr(beraad.store.sessions, "atomic_write", full)
            await type_text(pilot, "eerste")
            await keys(pilot, "ctrl+s", "ctrl+q")
            await press(pilot, "j")  # quit after all
    assert "herstel" in (app.parting_message or "")  # said again in the terminal
    first = tmp_path / "herstel" / f"{stored_session.id}.json"
    assert first.exists()

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # the disk fills up again, before anyone restored
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "herstelkopie" in str(app.screen.query_one("#question").render())
        await press(pilot, "n")  # not now
        assert isinstance(app.screen, SessionScreen)
        with monkeypatch.context() as disk:
            disk.setattr(beraad.store.sessions, "atomic_write", full)
            await type_text(pilot, "tweede")
            await keys(pilot, "ctrl+s")
            copies = sorted(p.name for p in (tmp_path / "herstel").iterdir())
            assert copies == [f"{stored_session.id}-2.json", f"{stored_session.id}.json"]
            await keys(pilot, "ctrl+q")
            await press(pilot, "j")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # space again: put the newest back
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "j")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.core.session.value("opening", "doelen") == "tweede"
        await keys(pilot, "ctrl+q")
    assert SessionStore(workspace.sessions).load(stored_session.id).value("opening", "doelen") == "tweede"
    assert [p.name for p in (tmp_path / "herstel").iterdir()] == [f"{stored_session.id}.json"]  # "eerste" stays


async def test_the_palette_and_the_footer_speak_dutch(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        footer = screen_text(app)
        for label in ("Volgende", "Vorige", "Rondes", "Knelpunt", "Verslag", "Hulp", "Opdrachten"):
            assert label in footer, label
        assert "palette" not in footer.lower()
        await keys(pilot, "ctrl+p")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0, "the palette's list")
        titles = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert any("Volgende ronde" in t for t in titles) and any("Knelpunt markeren" in t for t in titles)
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Maximize"):
            assert not any(english in t for t in titles), english
        await type_text(pilot, "volgende")
        await until(
            pilot, lambda: any("Volgende ronde" in str(o.prompt) for o in app.screen.query_one(CommandList).options)
        )
        await press(pilot, "enter")
        assert app.screen.core.session.current_step == "terugblik"


async def test_f1_lists_every_key_of_the_screen(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for text in ("Ctrl+L", "Ctrl+T", "Ctrl+S", "Ctrl+O", "Spatie", "Esc"):
            assert text in shown, text
        assert "Ga naar ronde… Kies" in shown  # no "…." after a title that ends in dots
        assert "Alle toetsen van dit scherm" not in shown  # F1 once: as this help, not also as a command
        await keys(pilot, "escape")
        assert isinstance(app.screen, SessionScreen)
        await keys(pilot, "escape", "f1")  # home: keys are shown as they are on the keyboard
        shown = screen_text(app)
        assert "?" in shown and "/" in shown and "question_mark" not in shown and "slash" not in shown


async def test_approval_dialog_is_centred(make_app, workspace, stored_session):
    from beraad.tui.screens.dialogs import ApproveDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ApproveDialog(stored_session.date))
        await settle(pilot)
        box = app.screen.query_one(".dialog-box").region
        width, height = app.size
        assert abs(box.x - (width - box.right)) <= 1
        assert abs(box.y - (height - box.bottom)) <= 1
        # the caret starts in the first field, the role; Tab goes on down: the date, then the button
        assert app.focused.id == "approve-role"
        await keys(pilot, "tab")
        assert app.focused.id == "approve-date"
        await keys(pilot, "tab")
        assert app.focused.id == "yes"


async def test_at_80x24_every_participant_tab_is_visible(make_app, workspace, stored_session):
    stored_session.go_to("afweging")
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        lines = screen_text(app).splitlines()
        names = ["Anna", "Bram", "Carla", "Dirk"]
        assert any(all(n in line for n in names) and "Nog niet" not in line for line in lines)


async def test_a_workspace_without_a_usable_method_says_so(make_app, workspace, monkeypatch, tmp_path):
    from beraad import methods
    from beraad.tui.screens.new_session import NewSessionScreen

    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.setattr(methods, "shipped_dir", lambda: empty)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        assert any("geen bruikbare methode" in m for m in app.said)
        app.push_screen(NewSessionScreen())  # and the form itself, opened anyway, stays calm
        await settle(pilot)
        await type_text(pilot, "Zonder methode")
        await keys(pilot, "ctrl+s")
        assert "geen bruikbare methode" in str(app.screen.query_one("#error").render())


async def test_the_first_start_prepares_the_anonymiser_in_the_background(make_app, stored_session, monkeypatch):
    """On a new machine deduce builds its tables once: after the first screen, in a worker,
    so the facilitator can begin; the review shows how far it is."""
    import threading

    from beraad.anonymise import fast_deduce

    started, finish = threading.Event(), threading.Event()

    def build(progress=None, folder=None):
        progress(fast_deduce.MESSAGES["building"], 0.4)
        started.set()
        finish.wait(10)

    monkeypatch.setattr(fast_deduce, "cache_ready", lambda folder=None: False)
    monkeypatch.setattr(fast_deduce, "ensure_cache", build)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert started.wait(10)
        await settle(pilot)
        assert any("bereidt de anonimisering voor" in m for m in app.said)
        assert app.anonymiser_progress == (fast_deduce.MESSAGES["building"], 0.4)
        await keys(pilot, "enter")  # the facilitator begins meanwhile
        await type_text(pilot, "gewoon verder")
        assert app.screen.core.session.value("opening", "doelen") == "gewoon verder"
        finish.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.anonymiser_progress is None
        assert any("klaar voor gebruik" in m for m in app.said)


async def test_esc_closes_the_list_of_rounds_before_it_leaves_the_session(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        field = app.focused
        await keys(pilot, "ctrl+g")
        assert screen.has_class("-show-steps") and app.focused is screen.query_one("#steps")
        await keys(pilot, "escape")  # the list closes; the session stays
        assert app.screen is screen and not screen.has_class("-show-steps") and app.focused is field
        await keys(pilot, "ctrl+g", "ctrl+g")  # open and close again: back in the field, typing lands
        assert not screen.has_class("-show-steps") and app.focused is field
        await type_text(pilot, "na de lijst")
        assert "na de lijst" in screen.core.session.value("opening", "doelen")
        await keys(pilot, "escape")
        assert app.screen.id == "home"


async def test_every_footer_label_fits_at_80_columns(make_app, workspace, dilemma):
    """What the footer promises is all on it at 80x24: no label cut off."""
    from beraad import demo

    session = demo.session(dilemma, TODAY)
    store_and_index(workspace, session)
    app = make_app()

    async def check(pilot) -> None:
        def fits() -> bool:
            bottom = screen_text(app).splitlines()[-1]
            return "Opdrachten" in bottom and all(c.label in bottom for c in app.screen.ACTIONS if c.label)

        await until(pilot, fits, f"every footer label of {type(app.screen).__name__} on the bottom line")

    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await check(pilot)  # home
        await keys(pilot, "k")
        await app.workers.wait_for_complete()
        await check(pilot)  # register
        await keys(pilot, "escape", "enter")
        await check(pilot)  # session
        await keys(pilot, "ctrl+e")
        await app.workers.wait_for_complete()
        await check(pilot)  # review


def test_every_background_job_reports_its_failure_instead_of_ending_the_app():
    """A worker that raises ends a Textual app unless exit_on_error=False: each of ours
    says so, and its screen handles Worker.StateChanged with a Dutch message."""
    import ast
    from pathlib import Path

    import beraad.tui

    found = 0
    for path in Path(beraad.tui.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "work":
                found += 1
                options = {k.arg: k.value for k in node.keywords}
                assert isinstance(options.get("exit_on_error"), ast.Constant), f"{path.name}:{node.lineno}"
                assert options["exit_on_error"].value is False, f"{path.name}:{node.lineno}"
                assert "Worker.StateChanged" in source, path.name
    assert found >= 8


async def test_esc_on_a_filled_knelpunt_form_asks_before_it_throws_the_text_away(make_app, stored_session):
    from beraad.tui.screens.bottleneck import BottleneckForm

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        session_screen = app.screen
        await keys(pilot, "ctrl+k")
        await type_text(pilot, "Inlichtingenplicht knelt")
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, BottleneckForm)
        assert app.screen.query_one("#k-title").value == "Inlichtingenplicht knelt"
        await keys(pilot, "ctrl+a", "ctrl+k")  # the title empty again: nothing left to lose
        await keys(pilot, "escape")
        assert app.screen is session_screen
        await keys(pilot, "ctrl+k", "escape")  # nothing typed: gone at once
        assert app.screen is session_screen and not session_screen.core.session.bottlenecks


def test_a_byte_that_is_no_utf8_in_the_terminal_input_becomes_one_visible_sign():
    """Textual's input thread decodes strictly; a stray 0x9b ended the app with an English
    traceback. beraad makes it decode with replacement before it runs in a terminal."""
    from textual.drivers import linux_driver

    from beraad.tui.compat import tolerate_broken_input

    tolerate_broken_input()
    tolerate_broken_input()  # twice is once
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"ab\x9bcd", final=False) == "ab\ufffdcd"


async def test_an_approved_session_says_so_and_the_first_change_says_it_makes_a_concept(make_app, workspace, dilemma):
    from beraad.model import Session

    from .test_register import approve

    session = Session.start(dilemma, "Vastgesteld", TODAY, [("Anna", "klantmanager")])
    approve(session, TODAY)
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        assert any("vastgesteld (versie 1)" in m for m in app.said)
        await type_text(pilot, "x")
        assert any("concept van versie 2" in m for m in app.said)


async def test_f1_in_the_knelpunt_form_lists_its_keys(make_app, stored_session):
    from beraad.tui.screens.bottleneck import BottleneckForm
    from beraad.tui.screens.dialogs import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter", "ctrl+k")
        await keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Bewaren" in text and "Hetzelfde knelpunt" in text and "Annuleren" in text
        assert "Copy" not in text and "kopiëren" in text  # Textual's own key, in Dutch
        await keys(pilot, "escape")
        assert isinstance(app.screen, BottleneckForm)
