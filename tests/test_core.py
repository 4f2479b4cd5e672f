"""The session core without a screen: every action a facilitator takes, and its autosave,
checked against the file on disk."""

from __future__ import annotations

import errno
import json
from datetime import date

import pytest

from beraad.core import recovery
from beraad.core.session import AUTOSAVE_IDLE, AUTOSAVE_MAX, CLOCK_SAVE_EVERY, ExportError, OpenSession, ReadOnly
from beraad.errors import BeraadError
from beraad.model.session import Cursor
from beraad.store.sessions import SessionStore, StoreError

from .conftest import TODAY, read_session_file, services_for, store_and_index


@pytest.fixture
def core(workspace, stored_session, clock):
    opened = OpenSession.open(SessionStore(workspace.sessions), stored_session.id, services_for(workspace, clock))
    yield opened
    opened.close()


def test_an_edit_is_saved_once_typing_pauses(core, workspace, clock):
    core.edit("opening", "doelen", "Leren")
    assert read_session_file(workspace)["values"] == {}
    clock.advance(AUTOSAVE_IDLE - 0.1)
    assert core.poll() is None
    clock.advance(0.1)
    assert core.poll() is True
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "Leren"


def test_typing_that_goes_on_is_saved_within_two_seconds(core, workspace, clock):
    for letter in "Leren van elkaar":
        core.edit("opening", "doelen", f"{core.session.value('opening', 'doelen')}{letter}")
        clock.advance(0.2)
        core.poll()
    assert clock.now - 1000 > AUTOSAVE_MAX
    assert read_session_file(workspace)["values"]["opening"]["doelen"].startswith("Leren van")


def test_the_round_clock_is_saved_every_fifteen_seconds(core, workspace, clock):
    clock.advance(CLOCK_SAVE_EVERY - 1)
    assert core.poll() is None
    clock.advance(1)
    assert core.poll() is True
    assert read_session_file(workspace)["elapsed"]["opening"] == CLOCK_SAVE_EVERY


def test_a_paused_clock_does_not_count(core, clock):
    clock.advance(10)
    core.toggle_timer()
    clock.advance(300)
    core.poll()
    assert core.session.step_elapsed("opening") == 10
    assert not core.session.timer_running


def test_moving_saves_and_remembers_where_the_caret_was_per_step(core, workspace):
    core.set_cursor(Cursor(step="opening", field="doelen", caret=(0, 4)))
    assert core.next_step()
    assert read_session_file(workspace)["current_step"] == "terugblik"
    assert core.session.cursor is None
    core.set_cursor(Cursor(step="terugblik", field="meenemen", caret=(1, 2)))
    assert core.previous_step()
    assert core.session.cursor == Cursor(step="opening", field="doelen", caret=(0, 4))
    core.go_to("evaluatie")
    assert not core.next_step()  # the last step: the screen offers to finish


def test_finish_stops_the_clock_and_marks_the_session(core, workspace):
    core.finish()
    stored = read_session_file(workspace)
    assert stored["status"] == "afgerond" and stored["timer_running"] is False


def test_the_clock_of_a_finished_session_never_runs(workspace, stored_session, clock):
    """A finished session whose file still says the clock runs (the demo, an older beraad):
    opening it to add a note or make the verslag adds no time, and Ctrl+T says why."""
    stored_session.status = "afgerond"
    stored_session.timer_running = True
    store_and_index(workspace, stored_session)
    opened = OpenSession.open(SessionStore(workspace.sessions), stored_session.id, services_for(workspace, clock))
    clock.advance(600)
    opened.poll()
    assert not opened.clock_runs and opened.session.total_elapsed == 0
    with pytest.raises(BeraadError, match="afgerond: haar klok staat stil"):
        opened.toggle_timer()
    opened.close()
    assert read_session_file(workspace)["elapsed"] == {}


def test_knelpunten_are_added_changed_and_removed_in_place(core, workspace):
    first = core.draft_bottleneck().model_copy(update={"title": "Inlichtingenplicht"})
    second = core.draft_bottleneck().model_copy(update={"title": "Kostendelersnorm"})
    core.keep_bottleneck(first)
    core.keep_bottleneck(second)
    core.keep_bottleneck(first.model_copy(update={"title": "Inlichtingenplicht bij vlucht"}))
    stored = read_session_file(workspace)["bottlenecks"]
    assert [b["title"] for b in stored] == ["Inlichtingenplicht bij vlucht", "Kostendelersnorm"]
    assert stored[0]["step_id"] == "opening"
    core.remove_bottleneck(first.id)
    assert [b["title"] for b in read_session_file(workspace)["bottlenecks"]] == ["Kostendelersnorm"]


def test_a_knelpunt_without_title_is_refused(core):
    with pytest.raises(ValueError):
        core.keep_bottleneck(core.draft_bottleneck())


def test_review_decisions_are_saved(core, workspace):
    core.keep_as_is("Zeist")
    core.replace_after_all("de Rode Loper")
    core.set_case_people(["Linda Bakker", " ", "Ricardo"])
    stored = read_session_file(workspace)
    assert stored["review"]["keep"] == ["Zeist"] and stored["review"]["replace"] == ["de Rode Loper"]
    assert stored["case_people"] == ["Linda Bakker", "Ricardo"]
    core.replace_after_all("Zeist")
    core.undo_replace("de Rode Loper")
    stored = read_session_file(workspace)
    assert stored["review"] == {"keep": [], "replace": [], "reviewed": None}


def test_approval_needs_a_review_and_freezes_the_verslag(core, workspace):
    core.edit("casus", "verhaal", "Anna de Groot stopte de uitkering.")
    built = core.report_builder()()
    with pytest.raises(BeraadError, match="review"):
        core.approve(built, "het team", date(2026, 11, 30))
    core.mark_reviewed()
    approval = core.approve(built, "het team", date(2026, 11, 30))
    stored = read_session_file(workspace)["approvals"][0]
    assert approval.version == 1 and stored["by_role"] == "het team"
    assert stored["report"]["status"] == "vastgesteld"
    assert "Anna" not in json.dumps(stored["report"])
    # approved again without a change: no version 2, so version 1 stays the one the team approved
    with pytest.raises(BeraadError, match="al vastgesteld: versie 1, op 30-11-2026"):
        core.approve(built, "het team", date(2026, 12, 7))
    assert len(read_session_file(workspace)["approvals"]) == 1
    core.edit("casus", "verhaal", "Anna de Groot stopte de uitkering niet.")
    core.mark_reviewed()
    assert core.approve(core.report_builder()(), "het team", date(2026, 12, 7)).version == 2


def test_export_before_review_is_a_dutch_error(core):
    with pytest.raises(ExportError, match="nog niet gereviewd"):
        core.export(("md",))


def test_a_broken_beraad_toml_is_a_dutch_error_naming_its_line(core, workspace):
    (workspace.root / "beraad.toml").write_text('gemeenten = ["Utrecht"\n', encoding="utf-8")
    with pytest.raises(BeraadError, match=r"beraad.toml.*:1"):
        core.report_builder()
    core.mark_reviewed()
    with pytest.raises(BeraadError, match=r"beraad\.toml"):
        core.export(("md",))


def test_a_second_window_only_reads_and_can_take_over_later(core, workspace, stored_session, clock):
    store = SessionStore(workspace.sessions)
    second = OpenSession.open(store, stored_session.id, services_for(workspace, clock))
    assert second.read_only and second.in_use_by is not None
    assert "proces" in second.in_use_by.describe()
    with pytest.raises(ReadOnly, match="ander venster"):
        second.edit("dilemma", "vraag", "Moet ik?")
    core.edit("opening", "doelen", "uit het eerste venster")
    assert not second.take_over()  # the first window is still open
    core.close()
    assert second.take_over()
    assert second.session.value("opening", "doelen") == "uit het eerste venster"
    second.edit("dilemma", "vraag", "Moet ik?")
    second.close()
    stored = read_session_file(workspace)["values"]
    assert stored["opening"]["doelen"] == "uit het eerste venster" and stored["dilemma"]["vraag"] == "Moet ik?"


def test_a_failed_save_keeps_the_notes_and_writes_a_recovery_copy(core, workspace, clock, monkeypatch, tmp_path):
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "places", lambda *_, **__: [tmp_path / "herstel"])
    monkeypatch.setattr(beraad.store.sessions, "atomic_write", full)
    core.edit("opening", "doelen", "belangrijk")
    assert core.save() is False
    assert core.unsaved and core.failure is not None
    assert "de schijf is vol" in core.failure.message and str(tmp_path / "herstel") in core.failure.message
    copy = SessionStore(tmp_path / "herstel").load(core.session.id)
    assert copy.value("opening", "doelen") == "belangrijk"
    assert not core.close()  # the lock is kept while notes are unsaved
    monkeypatch.undo()
    clock.advance(10)
    assert core.poll() is True
    assert not core.unsaved
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "belangrijk"
    assert not (tmp_path / "herstel" / f"{core.session.id}.json").exists()  # saved in its place: the copy goes


def test_a_new_session_is_written_at_once_and_held(workspace, dilemma, clock):
    from beraad.model.session import Session

    store = SessionStore(workspace.sessions)
    session = Session.start(dilemma, "Nieuw", TODAY, [("Anna", "klantmanager")], case_people=["Linda"])
    core = OpenSession.start(store, session, services_for(workspace, clock))
    assert read_session_file(workspace)["case_people"] == ["Linda"]
    assert OpenSession.open(store, session.id, services_for(workspace, clock)).read_only
    core.close()


def test_opening_a_session_that_is_gone_is_a_dutch_error(workspace, clock):
    with pytest.raises(StoreError, match="bestaat niet"):
        OpenSession.open(SessionStore(workspace.sessions), "20260101-abcdef", services_for(workspace, clock))


def test_the_clock_writes_hours_on_both_sides_when_either_has_them():
    from beraad.model.session import format_clock

    assert format_clock(104) == "1:44"
    assert format_clock(104, with_hours=True) == "0:01:44"  # beside 1:35:00, never read as 1 h 44
    assert format_clock(5700) == "1:35:00"


def test_typing_after_the_lock_went_is_never_lost_to_a_second_window(core, workspace, stored_session, clock):
    """The lock file is taken away (a clean-up tool); this window stops writing and keeps
    what was typed since in a recovery copy. A second window opens the session, is offered
    that copy, and saves its own typing; when the first window takes over again, the copy
    is still there and offered, never thrown away with the reload."""
    core.edit("opening", "doelen", "bewaard")
    assert core.save()
    core.edit("opening", "doelen", "bewaard AAA")
    core.store.lock(core.session.id).path.unlink()
    clock.advance(10)
    assert core.poll() is False and core.read_only
    second = OpenSession.open(SessionStore(workspace.sessions), stored_session.id, services_for(workspace, clock))
    assert not core.take_over() and core.why_read_only is None  # the second window has it now
    assert core.in_use_by is not None
    found = second.left_behind()
    assert found is not None and found[0].value("opening", "doelen") == "bewaard AAA"  # offered to the second
    second.edit("opening", "doelen", "bewaard BBB")  # it says "Niet nu" and types on
    assert second.close()
    assert core.take_over()
    offered = core.left_behind()
    assert offered is not None and offered[0].value("opening", "doelen") == "bewaard AAA"
    core.restore(*offered)
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "bewaard AAA"
