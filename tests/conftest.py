"""Shared fixtures: a fresh workspace on disk, a clock the test controls, the app."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.keys import _character_to_key

from beraad import methods
from beraad.model import Method, Session
from beraad.store import schema
from beraad.store.sessions import SessionStore
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace

TODAY = date(2026, 11, 23)
PEOPLE = [
    ("Anna de Groot", "klantmanager"),
    ("Bram Visser", "Wmo-consulent"),
    ("Carla Smit", "schuldhulpverlener"),
    ("Dirk Bakker", "handhaver"),
]


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def private_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the user's own log (~/.local/share/beraad/beraad.log)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "werkmap")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str, workspace: Workspace | None = None) -> tuple[int, str, str]:
    """beraad with these arguments (in that workspace): exit code, stdout, stderr; never a traceback."""
    from beraad.cli import main

    code = main([*(["--workspace", str(workspace.root)] if workspace else []), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def dilemma() -> Method:
    return methods.load(methods.shipped_dir() / "dilemmamethode.toml")


@pytest.fixture
def make_app(workspace: Workspace, clock: FakeClock):
    def make() -> BeraadApp:
        app = BeraadApp(workspace, clock=clock, today=lambda: TODAY)
        app.animation_level = "none"  # a test reads the end state; frames in between cost time
        return app

    return make


@pytest.fixture
def stored_session(workspace: Workspace, dilemma: Method) -> Session:
    """A session with four participants, saved on disk, on its first step."""
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    store_and_index(workspace, session)
    return session


def store_and_index(workspace: Workspace, *sessions: Session) -> None:
    """Save sessions as a workspace that was used before holds them: with its index."""
    store = SessionStore(workspace.sessions)
    for session in sessions:
        store.save(session)
    store.scan()


def read_session_file(workspace: Workspace) -> dict:
    """The one session document as it is on disk (read with the store's own parser, not
    through a loaded session)."""
    files = sorted(workspace.sessions.glob("[!.]*.json"))
    assert len(files) == 1, files
    return schema.parse(files[0].read_bytes())


async def type_text(pilot, text: str) -> None:
    """Type as a fast typist does: every character is a real key event through the driver,
    sent without waiting between keys; then wait until the app has handled them all."""
    await keys(pilot, *_chars(text))


def _chars(text: str) -> list[str]:
    return [char if char != " " else "space" for char in text]


async def keys(pilot, *names: str) -> None:
    """Press keys in a burst (e.g. "tab", "ctrl+n", "a"), then wait once."""
    app = pilot.app
    for name in names:
        key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
        char = name if len(name) == 1 else (" " if name == "space" else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


async def until(pilot, condition, what: str = "") -> None:
    """Let the app work until condition() holds (a round change remounts its fields in
    steps; on a busy machine one pause can come before the last of them)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what or condition}")


async def fill(pilot, *texts: str) -> None:
    """Type into consecutive fields, with Tab between them, as a facilitator does (Tab is
    a priority key: it moves the focus in order with the typing)."""
    burst: list[str] = []
    for number, text in enumerate(texts):
        burst += (["tab"] if number else []) + _chars(text)
    await keys(pilot, *burst)


def screen_text(app) -> str:
    """What the terminal shows now, as plain text (a screenshot without styles)."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


@pytest.fixture(scope="session")
def chromium_browser():
    """One Chromium per test process (per xdist worker), started by the first test that needs it."""
    from .browser import Chromium

    browser = Chromium()
    yield browser
    browser.close()


@pytest.fixture
async def chromium(chromium_browser):
    """The shared Chromium; the pages a test opened are closed after it."""
    yield chromium_browser
    await chromium_browser.close_pages()
