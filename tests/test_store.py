"""The session store: private files, atomic saves, quarantine of anything unreadable."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from beraad.model import Session
from beraad.store import SessionStore, StoreError
from beraad.workspace import Workspace

from .conftest import TODAY


def test_saves_privately_and_reads_back(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Privé", TODAY, [("Anna", "klantmanager")])
    session.set_value("casus", "verhaal", "é" * 20_000)
    store.save(session)
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store.path(session.id)).st_mode) == 0o600
    assert store.load(session.id) == session
    assert [p.name for p in store.folder.iterdir()] == [f"{session.id}.json"]  # no temp files left


def test_corrupt_and_foreign_files_are_moved_aside(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    good = Session.start(dilemma, "Goed", TODAY, [])
    store.save(good)
    (store.folder / "kapot.json").write_text('{"sessie": {"1": {"title": ', encoding="utf-8")
    (store.folder / "vreemd.json").write_text(json.dumps({"sessie": {"1": {"title": "x"}}}), encoding="utf-8")
    (store.folder / "boodschappen.txt").write_text("melk", encoding="utf-8")
    sessions, moved = store.scan()
    assert [s.id for s in sessions] == [good.id]
    assert sorted(m.name for m in moved) == ["boodschappen.txt", "kapot.json", "vreemd.json"]
    assert all("quarantaine/" in m.message and "andere sessies" in m.message for m in moved)
    kept = sorted(p.name for p in (store.folder / "quarantaine").iterdir())
    assert kept == ["boodschappen.txt", "kapot.json", "vreemd.json"]
    assert stat.S_IMODE(os.stat(store.folder / "quarantaine").st_mode) == 0o700


async def test_app_starts_with_a_corrupt_file_and_names_it(make_app, workspace, stored_session):
    (workspace.sessions / "kapot.json").write_bytes(b"\x00\x01 niet te lezen")
    app = make_app()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()  # the background check of methods and sessions
        await pilot.pause()
        problems = str(app.screen.query_one("#problems").render())
        assert "'kapot.json'" in problems and "quarantaine" in problems
        await pilot.press("enter")
        assert app.screen.session.id == stored_session.id
    assert (workspace.sessions / "quarantaine" / "kapot.json").exists()


async def test_full_disk_keeps_notes_and_app_running(make_app, workspace, stored_session, monkeypatch):
    import beraad.store

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        monkeypatch.setattr(beraad.store, "atomic_write", full)
        await pilot.press(*"belangrijk", "ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("de schijf is vol" in m and "Ctrl+S" in m for m in messages)
        assert app.screen.session.value("opening", "doelen") == "belangrijk"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
    assert SessionStore(workspace.sessions).load(stored_session.id).value("opening", "doelen") == "belangrijk"


async def test_absurdly_long_note_is_kept(make_app, workspace, stored_session):
    note = "Een hele lange notitie. " * 20_000  # 480,000 characters, pasted
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#veld-doelen-tekst").insert(note)  # what a paste does
        await pilot.press("ctrl+s")
    assert SessionStore(workspace.sessions).load(stored_session.id).value("opening", "doelen") == note


def test_delete(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Weg", TODAY, [])
    store.save(session)
    store.delete(session.id)
    assert store.scan() == ([], [])
    with pytest.raises(StoreError, match="bestaat niet"):
        store.load(session.id)


def test_workspace_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    plain = tmp_path / "leeg"
    plain.mkdir()
    assert Workspace.find(cwd=plain).root == tmp_path / "data" / "beraad"
    (plain / "sessions").mkdir()
    assert Workspace.find(cwd=plain).root == plain
    assert Workspace.find(tmp_path / "elders", cwd=plain).root == tmp_path / "elders"
