"""Writes stay inside the workspace and private: no file beraad writes follows a symlink
out of the workspace, a symlink in templates/ pulls nothing into an export, every file
beraad makes is 0600 and every folder 0700 whatever the umask, and recovery copies of
notes stay with the user and go with their session."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from beraad import demo, methods
from beraad.core import recovery
from beraad.core.session import OpenSession
from beraad.report import content
from beraad.store.sessions import SessionStore

from .conftest import TODAY, run_cli, services_for
from .test_export_support import _private_log_and_cache, export  # noqa: F401

SECRET = "# mijn eigen instellingen\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file of the user's own, outside the workspace (think ~/.bashrc)."""
    path = tmp_path / "buiten" / "bashrc"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _said_symlink(err: str, link: Path) -> None:
    assert "snelkoppeling" in err and str(link) in err and "buiten de werkmap" in err, err


# Methods and schema


def test_methods_new_never_writes_through_a_schema_link_out_of_the_workspace(workspace, outside, capsys):
    workspace.methods.mkdir(parents=True)
    link = workspace.methods / methods.SCHEMA_FILE
    link.symlink_to(outside)
    code, _, err = run_cli(capsys, "methods", "new", "mijn-methode", workspace=workspace)
    assert code == 1
    _said_symlink(err, link)
    assert outside.read_text(encoding="utf-8") == SECRET
    assert not (workspace.methods / "mijn-methode.toml").exists()  # both files or neither


def test_methods_new_refuses_a_methods_folder_that_leads_out_of_the_workspace(workspace, outside, capsys):
    workspace.root.mkdir()
    (workspace.root / "methods").symlink_to(outside.parent, target_is_directory=True)
    code, _, err = run_cli(capsys, "methods", "new", "mijn-methode", workspace=workspace)
    assert code == 1
    _said_symlink(err, workspace.root / "methods")
    assert sorted(p.name for p in outside.parent.iterdir()) == ["bashrc"]


def test_methods_schema_uit_never_writes_through_a_link_out_of_the_workspace(workspace, outside, capsys, monkeypatch):
    workspace.methods.mkdir(parents=True)
    link = workspace.methods / methods.SCHEMA_FILE
    link.symlink_to(outside)
    monkeypatch.chdir(workspace.root)
    code, _, err = run_cli(capsys, "methods", "schema", "--uit", "methods/methode.schema.json", workspace=workspace)
    assert code == 1
    _said_symlink(err, link)
    assert outside.read_text(encoding="utf-8") == SECRET and link.is_symlink()


def test_methods_schema_uit_to_a_place_the_user_names_outside_the_workspace_is_written(workspace, tmp_path, capsys):
    target = tmp_path / "elders" / "methode.schema.json"
    code, _, _ = run_cli(capsys, "methods", "schema", "--uit", str(target), workspace=workspace)
    assert code == 0 and target.read_text(encoding="utf-8") == methods.schema()


# Templates: copies, and links that would pull a file into an export


def test_sjablonen_kopie_never_writes_through_a_link_out_of_the_workspace(workspace, outside, capsys):
    workspace.root.mkdir()
    (workspace.root / "templates").symlink_to(outside.parent, target_is_directory=True)
    code, _, err = run_cli(capsys, "sjablonen", "kopie", "verslag.md.j2", workspace=workspace)
    assert code == 1
    _said_symlink(err, workspace.root / "templates")
    assert sorted(p.name for p in outside.parent.iterdir()) == ["bashrc"]


def test_a_template_that_links_out_of_templates_is_refused_and_check_says_so(workspace, dilemma, capsys, monkeypatch):
    """The session index behind a template's name: it must not end up in a verslag."""
    session = demo.session(dilemma, TODAY)
    SessionStore(workspace.sessions).save(session)
    SessionStore(workspace.sessions).scan()
    templates = workspace.root / "templates"
    templates.mkdir()
    link = templates / "verslag.md.j2"
    link.symlink_to(workspace.sessions / ".index.json")

    monkeypatch.chdir(workspace.root)
    code, _, err = run_cli(capsys, "sjablonen", "check", workspace=workspace)
    assert code == 1
    assert (
        err.startswith("templates/verslag.md.j2:1:") and "snelkoppeling" in err and "buiten de map templates/" in err
    ), err

    from beraad import report

    with pytest.raises(report.TemplateProblem) as refused:
        export(session, workspace, formats=("md",))
    assert "snelkoppeling" in str(refused.value) and "verslag.md.j2" in str(refused.value)
    assert not workspace.exports.exists() or not list(workspace.exports.iterdir())


def test_a_template_linked_to_another_in_templates_is_fine(workspace, dilemma):
    templates = workspace.root / "templates"
    (templates / "eigen").mkdir(parents=True)
    (templates / "eigen" / "verslag.md.j2").write_text("# {{ titel }} (eigen)\n", encoding="utf-8")
    (templates / "verslag.md.j2").symlink_to(templates / "eigen" / "verslag.md.j2")
    session = demo.session(dilemma, TODAY)
    (path,) = export(session, workspace, formats=("md",))
    assert path.read_text(encoding="utf-8").endswith("(eigen)\n")


# Exports and sessions


def test_an_export_never_follows_an_exports_folder_out_of_the_workspace(workspace, dilemma, outside):
    from beraad import report

    workspace.root.mkdir()
    workspace.exports.symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(report.ExportFailed) as failed:
        export(demo.session(dilemma, TODAY), workspace)
    _said_symlink(str(failed.value), workspace.exports)
    assert sorted(p.name for p in outside.parent.iterdir()) == ["bashrc"]


def test_an_export_to_an_out_folder_the_user_names_is_written(workspace, dilemma, tmp_path):
    files = export(demo.session(dilemma, TODAY), workspace, out=tmp_path / "usb")
    assert [p.parent for p in files] == [tmp_path / "usb"] * 3


def test_a_session_is_never_saved_through_a_sessions_folder_out_of_the_workspace(workspace, dilemma, outside):
    from beraad.store.sessions import StoreError

    workspace.root.mkdir()
    workspace.sessions.symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(StoreError) as refused:
        SessionStore(workspace.sessions).save(demo.session(dilemma, TODAY))
    _said_symlink(str(refused.value), workspace.sessions)
    assert sorted(p.name for p in outside.parent.iterdir()) == ["bashrc"]


def test_quarantine_never_moves_a_file_out_of_the_workspace(workspace, outside):
    workspace.sessions.mkdir(parents=True)
    (workspace.sessions / "quarantaine").symlink_to(outside.parent, target_is_directory=True)
    (workspace.sessions / "kapot.json").write_text("{", encoding="utf-8")
    _, problems = SessionStore(workspace.sessions).scan()
    assert any("kapot.json" in p.message and "snelkoppeling" in p.message for p in problems), problems
    assert (workspace.sessions / "kapot.json").exists()
    assert sorted(p.name for p in outside.parent.iterdir()) == ["bashrc"]


# Private whatever the umask


@pytest.fixture
def umask_000():
    old = os.umask(0)
    yield
    os.umask(old)


def test_every_file_beraad_makes_is_private_under_umask_000(workspace, dilemma, capsys, monkeypatch, umask_000):
    monkeypatch.chdir(workspace.root.parent)
    assert run_cli(capsys, "methods", "new", "mijn-methode", workspace=workspace)[0] == 0
    assert run_cli(capsys, "methods", "schema", "--uit", "werkmap/schema/methode.schema.json")[0] == 0
    assert (
        run_cli(capsys, "sjablonen", "kopie", "verslag.md.j2", "docx/word/styles.xml.j2", workspace=workspace)[0] == 0
    )
    session = demo.session(dilemma, TODAY)
    SessionStore(workspace.sessions).save(session)
    assert run_cli(capsys, "sessions", "list", workspace=workspace)[0] == 0  # the index and the scan lock
    opened = OpenSession.open(SessionStore(workspace.sessions), session.id, services_for(workspace))
    opened.close()  # its lock file
    session.review.reviewed = content.fingerprint(session)
    export(session, workspace)
    from beraad import errors

    errors.record(ValueError("iets"), "test")  # the log, in the user's data folder

    made = [workspace.root, *workspace.root.rglob("*"), *errors.log_path().parent.rglob("*")]
    assert len(made) > 15
    loose = {str(p.relative_to(workspace.root)): oct(_mode(p)) for p in made if _mode(p) not in (0o600, 0o700)}
    assert not loose
    assert all(_mode(p) == 0o700 for p in made if p.is_dir())


# Recovery copies


def test_recovery_copies_stay_in_the_workspace_or_with_the_user_never_in_tmp(workspace, monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    places = recovery.places(workspace)
    assert places[0] == workspace.sessions / "herstel"
    assert not any(p.is_relative_to(tempfile.gettempdir()) and not p.is_relative_to(tmp_path) for p in places)


def test_a_recovery_copy_is_private_and_goes_when_its_session_is_deleted(
    workspace, stored_session, clock, monkeypatch, tmp_path, umask_000
):
    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    store = SessionStore(workspace.sessions)
    core = OpenSession.open(store, stored_session.id, services_for(workspace, clock))
    with monkeypatch.context() as disk:
        disk.setattr(beraad.store.sessions, "atomic_write", full)
        core.edit("opening", "doelen", "over meneer Jansen")
        assert core.save() is False
    copy = core.failure.recovery
    assert copy == workspace.sessions / "herstel" / f"{stored_session.id}.json"
    assert _mode(copy) == 0o600 and _mode(copy.parent) == 0o700
    # an older beraad left one in the cache folder too
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    legacy = beraad.store.sessions.user_cache_dir() / "beraad-herstel"
    legacy.mkdir(parents=True, mode=0o700)
    (legacy / f"{stored_session.id}-2.json").write_bytes(copy.read_bytes())
    core.release()  # quit anyway: the copy stays for the next time

    store.delete(stored_session.id)
    assert not copy.exists() and not list(legacy.iterdir())


def test_a_recovery_folder_of_someone_else_is_not_used(tmp_path, stored_session):
    """A folder of the same name that another user made first (or a link) takes no copy."""
    elsewhere = tmp_path / "van-een-ander"
    elsewhere.mkdir()
    link = tmp_path / "herstel"
    link.symlink_to(elsewhere, target_is_directory=True)
    mine = tmp_path / "mijn-herstel"
    assert recovery.write(stored_session, [link, mine]) == mine / f"{stored_session.id}.json"
    assert not list(elsewhere.iterdir())


# A lock that disappears while held


def test_a_lock_taken_away_while_held_stops_the_writer_and_loses_nothing(workspace, stored_session, clock):
    store = SessionStore(workspace.sessions)
    first = OpenSession.open(store, stored_session.id, services_for(workspace, clock))
    first.edit("opening", "doelen", "al bewaard")
    assert first.save()
    first.edit("opening", "doelen", "nog niet bewaard")
    store.lock(stored_session.id).path.unlink()  # a sync tool or a clean-up

    clock.advance(1)
    assert first.poll() is False
    assert first.read_only and first.why_read_only is not None
    assert "slot van deze sessie is verdwenen" in first.why_read_only and "Ctrl+W" in first.why_read_only
    copy = workspace.sessions / "herstel" / f"{stored_session.id}.json"
    assert str(copy) in first.why_read_only
    assert SessionStore(copy.parent).load(stored_session.id).value("opening", "doelen") == "nog niet bewaard"

    second = OpenSession.open(store, stored_session.id, services_for(workspace, clock))
    assert not second.read_only  # the second window writes; the first no longer does
    second.edit("opening", "doelen", "uit het tweede venster")
    assert second.save()
    first.save()
    assert store.load(stored_session.id).value("opening", "doelen") == "uit het tweede venster"
    second.close()
    first.close()


def test_after_a_lost_lock_taking_over_keeps_the_typing_when_nobody_wrote(workspace, stored_session, clock):
    store = SessionStore(workspace.sessions)
    core = OpenSession.open(store, stored_session.id, services_for(workspace, clock))
    core.edit("opening", "doelen", "getypt")
    store.lock(stored_session.id).path.unlink()
    assert core.poll() is False and core.read_only
    assert core.take_over()
    assert store.load(stored_session.id).value("opening", "doelen") == "getypt"
    core.close()
