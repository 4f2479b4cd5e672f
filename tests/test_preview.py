"""Try before you teach: `beraad methods preview FILE` shows a method in the app as a dry
run that follows the file while a trainer edits it, and never writes a session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from beraad import methods
from beraad.cli import main
from beraad.core.preview import MARKER, FileWatch, Preview, carry_over, nearest_step, preview_session
from beraad.model import Method
from beraad.model.session import Cursor
from beraad.store import memory
from beraad.store.lock import InUse
from beraad.store.sessions import SessionStore, StoreError
from beraad.tui.preview import PreviewScreen, preview_app

from .conftest import TODAY, keys, screen_text, services_for, settle, type_text, until

DILEMMA = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
VERHELDERING = DILEMMA[DILEMMA.index('[[stappen]]\nid = "verheldering"') : DILEMMA.index('[[stappen]]\nid = "dilemma"')]


def _method(text: str, tmp_path: Path, name: str = "m.toml") -> Method:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return methods.load(path)


def _write(path: Path, text: str) -> None:
    """Save as an editor does; the time is moved on so that even a file system with coarse
    timestamps sees a change of the same size."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


# The memory store


def test_the_memory_store_saves_loads_and_locks_without_any_file(tmp_path, monkeypatch, dilemma):
    monkeypatch.chdir(tmp_path)
    store = memory.MemoryStore()
    session = preview_session(dilemma, TODAY)
    session.set_value("casus", "verhaal", "Een verhaal")
    store.save(session)
    loaded = store.load(session.id)
    assert loaded is not session and loaded.value("casus", "verhaal") == "Een verhaal"
    assert loaded.method == dilemma
    with pytest.raises(StoreError, match="bestaat niet"):
        store.load("20260101-abcdef")
    first, second = store.lock(session.id), store.lock(session.id)
    first.acquire()
    assert first.held and not second.held
    with pytest.raises(InUse):
        second.acquire()
    first.release()
    second.acquire()
    assert second.held and not first.held
    assert list(tmp_path.iterdir()) == []


def test_an_open_session_on_the_memory_store_autosaves_there(tmp_path, monkeypatch, dilemma, workspace, clock):
    monkeypatch.chdir(tmp_path)
    store = memory.MemoryStore()
    core = services_for(workspace, clock).sessions.start(preview_session(dilemma, TODAY), store=store)
    core.edit("opening", "doelen", "Leren")
    clock.advance(1)
    assert core.poll() is True
    assert store.load(core.session.id).value("opening", "doelen") == "Leren"
    assert core.close() and store.session_ids == [core.session.id]
    assert list(tmp_path.iterdir()) == [] and not workspace.root.exists()


# Following the file


def test_the_nearest_step_when_the_current_one_is_removed(tmp_path, dilemma):
    without = _method(DILEMMA.replace(VERHELDERING, "").replace("minuten = 95", "minuten = 85"), tmp_path)
    assert nearest_step(dilemma, "casus", without) == "casus"
    assert nearest_step(dilemma, "verheldering", without) == "dilemma"  # the one that took its place
    only_opening = _method(
        DILEMMA[: DILEMMA.index('[[stappen]]\nid = "terugblik"')].replace("minuten = 95", ""), tmp_path
    )
    assert nearest_step(dilemma, "evaluatie", only_opening) == "opening"  # the one before, when none after
    renamed = _method(DILEMMA.replace('id = "opening"', 'id = "start"'), tmp_path)
    other = renamed.model_copy(
        update={"steps": [s.model_copy(update={"id": f"x{n}"}) for n, s in enumerate(renamed.steps)]}
    )
    assert nearest_step(dilemma, "dilemma", other) == "x4"  # nothing survived: the same position


def test_carry_over_keeps_what_still_fits(tmp_path, dilemma):
    session = preview_session(dilemma, TODAY)
    session.set_value("verheldering", "feiten", ["Anonieme tip"])
    session.set_value("dilemma", "vraag", "Stoppen of doorbetalen?")
    session.add_elapsed("verheldering", 120)
    session.go_to("verheldering")
    session.cursor = Cursor(step="verheldering", field="feiten", caret=(0, 3))
    retitled = _method(DILEMMA.replace('titel = "Verhelderingsvragen"', 'titel = "Vragen"'), tmp_path)
    kept = carry_over(session, retitled)
    assert kept.current_step == "verheldering" and kept.step.title == "Vragen"
    assert kept.value("verheldering", "feiten") == ["Anonieme tip"] and kept.step_elapsed("verheldering") == 120
    assert kept.cursor == session.cursor and kept.participants == session.participants
    # the field becomes free text: its list is tidied away, and the caret of the old field is dropped
    retyped = _method(
        DILEMMA.replace('soort = "lijst"\n  label = "Feiten', 'soort = "tekst"\n  label = "Feiten', 1), tmp_path
    )
    changed = carry_over(session, retyped)
    assert changed.value("verheldering", "feiten") == "" and changed.cursor is None
    assert changed.value("dilemma", "vraag") == "Stoppen of doorbetalen?"
    without = _method(DILEMMA.replace(VERHELDERING, "").replace("minuten = 95", "minuten = 85"), tmp_path)
    moved = carry_over(session, without)
    assert moved.current_step == "dilemma" and "verheldering" not in moved.values | moved.elapsed
    assert moved.value("dilemma", "vraag") == "Stoppen of doorbetalen?"


def test_the_file_watch_sees_edits_of_the_same_size_and_a_new_file_under_the_name(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("a", encoding="utf-8")
    watch = FileWatch(path)
    assert not watch.changed()
    _write(path, "b")  # same size
    assert watch.changed() and not watch.changed()
    replacement = tmp_path / "nieuw.toml"
    replacement.write_text("b", encoding="utf-8")
    os.replace(replacement, path)  # how many editors save
    assert watch.changed()
    path.unlink()
    assert watch.changed() and not watch.changed()
    path.write_text("c", encoding="utf-8")
    assert watch.changed()


def test_a_broken_edit_keeps_the_last_good_version(tmp_path, workspace, clock):
    path = tmp_path / "proef.toml"
    path.write_text(DILEMMA, encoding="utf-8")
    preview = Preview(path, services_for(workspace, clock))
    assert preview.reload() is None
    _write(path, DILEMMA.replace("minuten = 12", 'minuten = "twaalf"'))
    assert preview.reload() is False
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "twaalf" in row)
    assert [(p.line, p.message) for p in preview.problems] == [
        (line, "stap 'perspectieven': 'minuten' moet een heel getal zijn")
    ]
    assert preview.core.session.method.step("perspectieven").minutes == 12
    _write(path, DILEMMA.replace('titel = "Casus"', 'titel = "De casus"'))
    assert preview.reload() is True and preview.problems == []
    assert preview.core.session.method.step("casus").title == "De casus"


# The preview in the app, by keyboard


def _flat(text: str) -> str:
    """Screen text with its line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture
def nothing_written(monkeypatch):
    """Every way a session reaches the disk, watched: the preview must use none."""
    import beraad.core.recovery
    import beraad.store.index

    calls: list[str] = []

    def recorder(name):
        def record(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called by the preview")

        return record

    monkeypatch.setattr(SessionStore, "save", recorder("SessionStore.save"))
    monkeypatch.setattr(SessionStore, "scan", recorder("SessionStore.scan"))
    monkeypatch.setattr(SessionStore, "lock", recorder("SessionStore.lock"))
    monkeypatch.setattr(beraad.store.index, "write", recorder("index.write"))
    monkeypatch.setattr(beraad.core.recovery, "write", recorder("recovery.write"))
    return calls


async def test_preview_follows_the_file_and_writes_no_session(tmp_path, monkeypatch, workspace, clock, nothing_written):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trainer").mkdir()
    path = tmp_path / "trainer" / "proef.toml"
    path.write_text(DILEMMA, encoding="utf-8")
    app = preview_app(Path("trainer/proef.toml"), services_for(workspace, clock))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PreviewScreen)
        assert MARKER in screen_text(app)
        await keys(pilot, "ctrl+n", "ctrl+n", "ctrl+n")  # past the look back
        assert "Ronde 2/8: Verhelderingsvragen" in screen_text(app)
        await type_text(pilot, "Wat deed de politie?")

        # the trainer renames the round in the other window: same round, the typed text stays
        edited = DILEMMA.replace('titel = "Verhelderingsvragen"', 'titel = "Vragen ter verheldering"')
        _write(path, edited)
        await until(pilot, lambda: "Ronde 2/8: Vragen ter verheldering" in screen_text(app), "reload")
        assert "Wat deed de politie?" in screen_text(app)
        await type_text(pilot, " En toen?")
        assert app.preview.core.session.value("verheldering", "feiten") == ["Wat deed de politie? En toen?"]

        # a broken edit: its file:line message, and the last good version below it
        broken = edited.replace("minuten = 12", 'minuten = "twaalf"')
        _write(path, broken)
        line = next(n for n, row in enumerate(broken.splitlines(), 1) if "twaalf" in row)
        message = f"trainer/proef.toml:{line}: stap 'perspectieven': 'minuten' moet een heel getal zijn"
        await until(pilot, lambda: message in _flat(screen_text(app)), "the problem shown")
        assert "Vragen ter verheldering" in screen_text(app) and MARKER in screen_text(app)

        # the round is removed: the nearest one (the one that took its place) is shown
        _write(
            path,
            edited.replace(VERHELDERING.replace("Verhelderingsvragen", "Vragen ter verheldering"), "").replace(
                "minuten = 95", "minuten = 85"
            ),
        )
        await until(pilot, lambda: "Ronde 2/7: Moreel dilemma" in screen_text(app), "the nearest round")
        assert "Het bestand heeft een fout" not in screen_text(app)

        assert "Verslag" not in screen_text(app)  # no verslag from a dry run: it would write exports/
        await keys(pilot, "ctrl+e")
        assert isinstance(app.screen, PreviewScreen)
        await keys(pilot, "ctrl+k")  # a knelpunt may be tried, it stays in memory
        await type_text(pilot, "Proefknelpunt")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        assert [b.title for b in app.preview.core.session.bottlenecks] == ["Proefknelpunt"]
        await keys(pilot, "ctrl+q")
    assert nothing_written == []
    assert not workspace.root.exists()  # no sessions/, no index, no lock: nothing at all
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["proef.toml", "trainer"]


async def test_escape_closes_the_preview(tmp_path, workspace, clock, nothing_written):
    path = tmp_path / "proef.toml"
    path.write_text(DILEMMA, encoding="utf-8")
    app = preview_app(path, services_for(workspace, clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Doel")
        await keys(pilot, "escape")
        await settle(pilot)
        assert app.return_code == 0
    assert nothing_written == [] and not workspace.root.exists()


def test_the_preview_app_has_no_store_of_sessions(tmp_path, workspace, clock):
    path = tmp_path / "proef.toml"
    path.write_text(DILEMMA, encoding="utf-8")
    app = preview_app(path, services_for(workspace, clock))
    with pytest.raises(Exception, match="bewaart niets"):
        app.store  # noqa: B018
    assert "niets te bewaren" in app.kept_where()


def test_preview_of_a_broken_or_missing_file_is_a_dutch_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    Path("kapot.toml").write_text(DILEMMA.replace("max = 5", "max = 1"), encoding="utf-8")
    assert main(["--workspace", "werkmap", "methods", "preview", "kapot.toml"]) == 1
    err = capsys.readouterr().err
    line = next(n for n, row in enumerate(Path("kapot.toml").read_text().splitlines(), 1) if row.strip() == "max = 1")
    assert f"kapot.toml:{line}: stap 'evaluatie': veld 'score': 'max' (1) moet groter zijn dan 'min' (1)" in err
    assert "start de proefweergave opnieuw" in err
    assert main(["--workspace", "werkmap", "methods", "preview", "bestaat-niet.toml"]) == 1
    err = capsys.readouterr().err
    assert "bestaat-niet.toml:1: kan het bestand niet lezen: de map of het bestand bestaat niet" in err
    assert "No such file" not in err and "Traceback" not in err
    assert not Path("werkmap").exists()
