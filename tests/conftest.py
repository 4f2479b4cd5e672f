"""Shared fixtures: a fresh workspace on disk, a clock the test controls, the app."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import hypothesis
import pytest
from rich.console import Console
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from beraad import methods
from beraad.core.services import Services
from beraad.model import Method, Session
from beraad.store import schema
from beraad.store.sessions import SessionStore
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace, user_cache_dir

TODAY = date(2026, 11, 23)

# Property tests (the store's loader, the gate, the API against its description) draw the
# same examples in every run: a suite that passes once passes again. Looking for new
# failures with fresh random examples is what bench/gate_fuzz.py and a local
# `HYPOTHESIS_PROFILE=explore pytest` are for.
hypothesis.settings.register_profile("beraad", derandomize=True, database=None)
hypothesis.settings.register_profile("explore", derandomize=False, database=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "beraad"))


@pytest.hookimpl(trylast=True)  # after the terminal reporter, so the message shows
def pytest_configure(config: pytest.Config) -> None:
    """On a fresh machine deduce builds its lookup tables once (1-2 minutes, see
    beraad/anonymise/fast_deduce.py). The first run did that inside whichever tests came
    first, past their patience; it happens here, before any test and before the workers
    start, and says so."""
    from beraad.anonymise import fast_deduce

    if hasattr(config, "workerinput"):
        return
    try:
        from importlib.metadata import version

        if all(p.exists() for p in fast_deduce._paths(user_cache_dir(), version("deduce"))):
            return
    except Exception:  # no metadata: let ensure_cache find out
        pass
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(fast_deduce.MESSAGES["building"])
    fast_deduce.ensure_cache()


# A blinking caret is drawn or not depending on the moment a picture is taken: in tests it
# stays on (snapshots and screen text are the same however slow the machine is).
for _widget in (Input, TextArea):
    _widget.__dict__["cursor_blink"]._default = False
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


def services_for(workspace: Workspace, clock=None, today: date = TODAY) -> Services:
    """The services of a workspace as the app and the CLI build them, on the test's clock."""
    return Services(workspace, clock=clock or FakeClock(), today=lambda: today)


def register_of(workspace: Workspace, today: date = TODAY):
    """The workspace's register as a command sees it: the sessions scanned into it first."""
    services = services_for(workspace, today=today)
    services.store.refresh()
    return services.register


@pytest.fixture
def services(workspace: Workspace, clock: FakeClock) -> Services:
    return services_for(workspace, clock)


@pytest.fixture
def make_app(workspace: Workspace, clock: FakeClock):
    def make() -> BeraadApp:
        app = BeraadApp(services_for(workspace, clock))
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
    """Press keys in a burst (e.g. "tab", "ctrl+n", "a"), as a fast typist does, then wait
    until the app has handled all of them and everything they set off (settle)."""
    app = pilot.app
    for name in names:
        key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
        char = name if len(name) == 1 else (" " if name == "space" else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


async def press(pilot, *names: str) -> None:
    """Press keys at a person's pace: each one handled, and what it set off, before the
    next (keys a widget handles itself, such as Space in a checklist, need that)."""
    for name in names:
        await keys(pilot, name)


# seconds of wall time before a test says the app never came to rest
SETTLE_LIMIT = float(os.environ.get("BERAAD_TEST_PATIENCE", 60))
# Work the facilitator never waits for: deduce's first build, the sync with the
# municipality's server (a test that needs either waits for it by name).
BACKGROUND = {"anonymiser", "sync"}


async def settle(pilot) -> None:
    """Wait until the app is at rest: every message queued anywhere on the screen handled
    (and what those handlers queued in turn), and no worker running. Not a pause: it waits
    for the state, however slow the machine is, and fails loudly if it never comes."""
    import asyncio
    import time

    from textual.worker import WorkerState

    app = pilot.app
    deadline = time.monotonic() + SETTLE_LIMIT
    quiet = 0
    while quiet < 2:
        if not app.is_running or app._exit:  # it quit: nothing more will happen
            return
        if time.monotonic() > deadline:
            raise AssertionError("the app never came to rest")
        await pilot._wait_for_screen()
        await app._animator.wait_until_complete()  # a scroll moves over frames, also without animation
        pumps = [app, *app.screen_stack, *app.screen.walk_children(with_self=True)]
        screen = app.screen
        busy = (
            any(pump.message_queue_size for pump in pumps)
            or any(
                worker.state in (WorkerState.PENDING, WorkerState.RUNNING) and worker.group not in BACKGROUND
                for worker in app.workers
            )
            # a layout or repaint still to come: sizes and scroll limits are not final yet
            or screen._layout_required
            or screen._scroll_required
            or screen._repaint_required
            or screen._recompose_required
            or bool(screen._dirty_widgets)
            or bool(screen._callbacks)  # call_after_refresh: runs after the next refresh
        )
        quiet = 0 if busy else quiet + 1
        await asyncio.sleep(0 if quiet else 0.005)


async def until(pilot, condition, what: str = "") -> None:
    """Let the app work until condition() holds: checked each time the app is at rest (a
    timer may have to fire first: the clock's poll, a file watch, a debounce)."""
    import asyncio
    import time

    deadline = time.monotonic() + SETTLE_LIMIT
    while True:
        await settle(pilot)
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what or condition}; the screen shows:\n{screen_text(pilot.app)}")
        await asyncio.sleep(0.02)


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


# BERAAD_TEST_CPU=1 pytest -n 0 ...: the CPU time of every test (not its wall time, which a
# busy machine inflates), the 40 dearest at the end; for deciding where the suite's time goes.
if os.environ.get("BERAAD_TEST_CPU"):
    import time as _time

    _cpu: dict[str, float] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(item):
        start = _time.process_time()
        yield
        _cpu[item.nodeid] = _time.process_time() - start

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(item):
        start = _time.process_time()
        yield
        _cpu[item.nodeid + " (setup)"] = _time.process_time() - start

    def pytest_terminal_summary(terminalreporter):
        total = sum(_cpu.values())
        terminalreporter.write_line(f"CPU in tests: {total:.1f} s")
        for name, seconds in sorted(_cpu.items(), key=lambda kv: -kv[1])[:40]:
            terminalreporter.write_line(f"{seconds:7.2f} s  {name}")
        files: dict[str, float] = {}
        for name, seconds in _cpu.items():
            files[name.split("::")[0]] = files.get(name.split("::")[0], 0.0) + seconds
        terminalreporter.write_line("by file:")
        for name, seconds in sorted(files.items(), key=lambda kv: -kv[1])[:30]:
            terminalreporter.write_line(f"{seconds:7.2f} s  {name}")
