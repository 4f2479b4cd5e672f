"""Messages that say the right thing: a reader that stops reading is no crash, an OS
error names the place that failed, a read-only workspace opens its sessions read-only,
a failed first save claims no earlier version, and Ctrl+Q ends the process at once,
also while deduce builds its tables for the first time."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beraad import demo
from beraad.core.session import OpenSession
from beraad.store.sessions import SessionStore, StoreError
from beraad.tui.screens.session import SessionScreen

from .conftest import TODAY, keys, press, run_cli, services_for, store_and_index, until
from .test_export_support import approve, quick
from .test_shutdown import Terminal, env  # noqa: F401

# A reader that goes away


@pytest.mark.parametrize("command", [["sessions", "list"], ["knelpunten", "list"]])
def test_a_reader_that_stops_reading_is_a_quiet_end(workspace, stored_session, command):
    """`beraad sessions list | head -1`: head has gone before beraad writes."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from beraad.cli import run; run()", "--workspace", str(workspace.root), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "XDG_DATA_HOME": str(workspace.root.parent / "data")},
    )
    process.stdout.close()  # the reader is gone
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert err == ""


# Where it failed


def test_a_failed_first_save_claims_no_earlier_version(workspace, dilemma, monkeypatch):
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(workspace.sessions / "x.json"))

    monkeypatch.setattr(beraad.store.sessions, "atomic_write", full)
    store = SessionStore(workspace.sessions)
    with pytest.raises(StoreError) as failed:
        OpenSession.start(store, demo.session(dilemma, TODAY), services_for(workspace))
    message = str(failed.value)
    assert "de schijf is vol (bij " in message and "De sessie staat nog niet op schijf." in message
    assert "vorige versie" not in message


def test_a_failed_save_of_a_stored_session_says_the_earlier_version_is_safe(workspace, stored_session, monkeypatch):
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(beraad.store.sessions, "atomic_write", full)
    with pytest.raises(StoreError, match="De vorige versie van de sessie staat veilig op schijf"):
        SessionStore(workspace.sessions).save(stored_session)


def test_a_full_disk_names_the_file_not_a_temp_file_beside_it(workspace, stored_session, monkeypatch):
    import tempfile

    def full(*args, **kwargs):
        raise OSError(
            errno.ENOSPC, "No space left on device", str(workspace.sessions / f".{stored_session.id}.json.abc123.tmp")
        )

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(StoreError) as failed:
        SessionStore(workspace.sessions).save(stored_session)
    assert f"de schijf is vol (bij {workspace.sessions / stored_session.id}.json)" in str(failed.value)


# A read-only workspace


def disk_refuses(monkeypatch, root: Path, code: int, removing: bool) -> None:
    """Every attempt to create or write something under root fails as the kernel fails it
    (code: EROFS, ENOSPC), also for root the user, whom a folder's mode would not stop;
    removing: renaming and deleting fail too (a read-only disk). Reading works."""
    real = {name: getattr(os, name) for name in ("open", "mkdir", "replace", "unlink")}
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def refused(*paths) -> bool:
        return any(os.path.abspath(os.fspath(path)).startswith(str(root)) for path in paths)

    def guard(name: str, applies):
        def guarded(*args, **kwargs):
            if applies(*args):
                raise OSError(code, os.strerror(code), os.fspath(args[-1] if name == "replace" else args[0]))
            return real[name](*args, **kwargs)

        monkeypatch.setattr(os, name, guarded)

    guard("open", lambda path, flags, *rest: bool(flags & writing) and refused(path))
    guard("mkdir", lambda path, *rest: refused(path))
    if removing:
        guard("replace", lambda source, target, *rest: refused(source, target))
        guard("unlink", lambda path, *rest: refused(path))


@pytest.fixture
def read_only_disk(workspace, monkeypatch):
    """The workspace on a disk mounted read-only (an archive, a snapshot)."""
    disk_refuses(monkeypatch, workspace.root, errno.EROFS, removing=True)


def test_a_read_only_workspace_lists_its_sessions(workspace, stored_session, capsys, read_only_disk):
    code, out, err = run_cli(capsys, "sessions", "list", workspace=workspace)
    assert code == 0
    assert stored_session.id in out and "Geen sessies" not in out
    assert "kan beraad niet schrijven: de schijf is alleen-lezen" in err and "bekijken maar niet bewerken" in err


async def test_a_read_only_workspace_opens_a_session_read_only_with_a_message(
    make_app, workspace, stored_session, read_only_disk
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session opened")
        screen = app.screen
        assert screen.core.read_only and screen.has_class("-read-only")
        await until(
            pilot,
            lambda: any(
                "kan hier alleen worden gelezen" in n.message and "alleen-lezen" in n.message
                for n in app._notifications
            ),
            "the message",
        )
        await keys(pilot, "ctrl+q")
    assert app.return_code == 0


# Quitting during the first build of deduce's tables

SLOW_BUILD = """
import threading
from beraad.anonymise import fast_deduce
fast_deduce.cache_ready = lambda folder=None: False
def build(folder=None, progress=None):
    threading.Event().wait()  # deduce's first build: longer than anyone waits to quit
fast_deduce.ensure_cache = build
from beraad.cli import run
run()
"""


def test_ctrl_q_during_the_first_deduce_build_ends_the_process(workspace, stored_session, env, monkeypatch):  # noqa: F811
    import tests.test_shutdown as shutdown

    monkeypatch.setattr(shutdown, "START", SLOW_BUILD)
    terminal = Terminal(str(workspace.root), env)
    try:
        terminal.wait_for("Moreel beraad")
        terminal.wait_for("Eerste start")  # the build runs in the background
        terminal.type("\x11")  # Ctrl+Q
        status = terminal.ended_within(15.0)
        assert status is not None, "the process stayed alive after Ctrl+Q"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        assert b"onverwacht gestopt" not in terminal.seen
    finally:
        terminal.kill()


def test_an_os_error_names_its_place(tmp_path: Path):
    from beraad.errors import os_failure

    assert os_failure(OSError(errno.ENOSPC, "x", str(tmp_path / "a"))) == f"de schijf is vol (bij {tmp_path / 'a'})"
    assert os_failure(OSError(errno.ENOSPC, "x")) == "de schijf is vol"


# A lock that disappears while the session is open


async def _type_then_lose_the_lock(pilot, workspace, stored_session, clock, more: str) -> None:
    """Open the session, type and let it save, type more; then a sync tool takes the lock
    file away, and the window stops writing."""
    from .conftest import read_session_file, type_text

    app = pilot.app
    await keys(pilot, "enter")
    await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session opened")
    await type_text(pilot, "bewaard")
    clock.advance(1)
    await until(pilot, lambda: "bewaard" in str(read_session_file(workspace)["values"]), "saved")
    await type_text(pilot, more)
    SessionStore(workspace.sessions).lock(stored_session.id).path.unlink()
    clock.advance(1)
    await until(pilot, lambda: app.screen.has_class("-read-only"), "this window stops writing")


async def test_the_app_stops_writing_and_says_so_when_the_lock_is_taken_away(
    make_app, workspace, stored_session, clock
):
    from .conftest import read_session_file

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_then_lose_the_lock(pilot, workspace, stored_session, clock, " en meer")

        def told() -> bool:
            return any(
                "slot van deze sessie is verdwenen" in n.message and "Ctrl+W" in n.message for n in app._notifications
            )

        await until(pilot, told, "the message")
        copy = workspace.sessions / "herstel" / f"{stored_session.id}.json"
        assert SessionStore(copy.parent).load(stored_session.id).value("opening", "doelen") == "bewaard en meer"
        await keys(pilot, "ctrl+w")  # nobody wrote meanwhile: take over, and what was typed is kept
        await until(pilot, lambda: not app.screen.has_class("-read-only"), "taken over")
        await until(pilot, lambda: any("wordt weer bewaard" in n.message for n in app._notifications), "said so")
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["opening"]["doelen"] == "bewaard en meer"
    assert not copy.exists()  # in its place again: the copy went


async def test_typing_kept_when_the_lock_went_is_offered_after_another_window_saved(
    make_app, workspace, stored_session, clock
):
    """Found by a tester: the lock went, a second window saved its own text, and taking
    over reloaded that and dropped the recovery copy with what was typed here."""
    from beraad.core.session import OpenSession
    from beraad.tui.screens.dialogs import ConfirmScreen

    from .conftest import read_session_file, services_for

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_then_lose_the_lock(pilot, workspace, stored_session, clock, " AAA")
        other = OpenSession.open(SessionStore(workspace.sessions), stored_session.id, services_for(workspace, clock))
        other.edit("opening", "doelen", "bewaard BBB")  # a second window, which says "Niet nu" to the copy
        assert other.close()
        await keys(pilot, "ctrl+w")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ConfirmScreen)
                and any("herstelkopie" in str(q.render()) for q in app.screen.query("#question"))
            ),
            "the copy offered",
        )
        await press(pilot, "j")
        await until(
            pilot,
            lambda: read_session_file(workspace)["values"]["opening"]["doelen"] == "bewaard AAA",
            "what was typed here is back in the session",
        )
        await keys(pilot, "ctrl+q")
    assert not list((workspace.sessions / "herstel").glob("*.json"))


def test_a_lock_is_held_also_when_its_holder_cannot_be_written(workspace, monkeypatch):
    """A full disk: the lock file is there, but saying who holds it fails. The lock holds,
    and letting go of it later raises nothing (it once crashed the app at quitting)."""
    from beraad.store.lock import FileLock, Holder, InUse

    class Full(Holder):
        def to_json(self) -> str:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Holder, "here", classmethod(lambda cls: Full(1, "", "", None)))
    path = workspace.root / "x.lock"
    first = FileLock(path)
    first.acquire()
    monkeypatch.undo()
    with pytest.raises(InUse):
        FileLock(path).acquire()
    assert not first.lost()
    first.release()
    first.release()
    assert not first.held and not first.lost()


def test_a_session_on_a_full_disk_opens_read_only_and_says_make_room(workspace, stored_session, monkeypatch):
    real_open = os.open

    def full(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and ".locks" in os.fspath(path):
            raise OSError(errno.ENOSPC, "No space left on device", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full)
    core = OpenSession.open(SessionStore(workspace.sessions), stored_session.id, services_for(workspace))
    assert core.read_only and not core.disk_read_only  # room can be made; then Ctrl+W
    assert "de schijf is vol" in core.why_read_only and "Maak ruimte vrij" in core.why_read_only
    assert ".locks" in core.why_read_only  # where
    monkeypatch.undo()
    assert core.take_over() and not core.read_only
    core.close()


@pytest.fixture
def full_workspace_disk(workspace, monkeypatch):
    """The workspace's disk is full (another disk, where --out points, is not)."""
    disk_refuses(monkeypatch, workspace.root, errno.ENOSPC, removing=False)


def test_a_full_workspace_disk_is_not_blamed_on_the_out_folder(workspace, dilemma, tmp_path, monkeypatch, request):
    """An approved verslag exported to a USB stick while the workspace's disk is full: the
    register and the index cannot be brought up to date, the verslag itself can be written."""
    import beraad.report
    from beraad.core.session import export

    session = demo.session(dilemma, TODAY)
    approve(session, "teamleider")
    store_and_index(workspace, session)
    services = services_for(workspace)
    services.register.rows()  # the register exists, as after the approval
    monkeypatch.setattr(beraad.report, "anonymiser_for", lambda found, where: quick(found))
    request.getfixturevalue("full_workspace_disk")
    usb = tmp_path / "usb"
    files = export(session, services_for(workspace), ("md",), usb)
    assert files and all(path.parent == usb for path in files)


def test_a_full_disk_during_the_scan_is_no_read_error(workspace, stored_session, full_workspace_disk):
    (workspace.sessions / ".scan.lock").unlink(missing_ok=True)
    found, problems = SessionStore(workspace.sessions).scan()
    assert [s.id for s in found] == [stored_session.id]
    assert "kan beraad niet schrijven: de schijf is vol" in problems[0].message
    assert "kan niet worden gelezen" not in problems[0].message
