"""Shared fixtures: a fresh workspace on disk, a clock the test controls, the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tinydb import TinyDB

from beraad import methods
from beraad.model import Method, Session
from beraad.store import SessionStore
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


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "werkmap")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def dilemma() -> Method:
    return methods.load(methods.shipped_dir() / "dilemmamethode.toml")


@pytest.fixture
def make_app(workspace: Workspace, clock: FakeClock):
    def make() -> BeraadApp:
        return BeraadApp(workspace, clock=clock, today=lambda: TODAY)

    return make


@pytest.fixture
def stored_session(workspace: Workspace, dilemma: Method) -> Session:
    """A session with four participants, saved on disk, on its first step."""
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    SessionStore(workspace.sessions).save(session)
    return session


def read_session_file(workspace: Workspace) -> dict:
    """The one session document, read back with plain tinydb (not through beraad)."""
    files = sorted(workspace.sessions.glob("*.json"))
    assert len(files) == 1, files
    with TinyDB(files[0]) as db:
        document = db.table("sessie").get(doc_id=1)
    assert document is not None
    return dict(document)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def fill(pilot, *texts: str) -> None:
    """Type into consecutive fields, with Tab between them, as a facilitator does."""
    for number, text in enumerate(texts):
        if number:
            await pilot.press("tab")
        await pilot.press(*text)
