"""The app starts without the room's web stack: neither aiohttp, segno nor beraad.room is
imported until the facilitator switches the room on (F2), checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import store_and_index

WEB_STACK = ("aiohttp", "segno", "beraad.room")

SCRIPT = """
import json, sys
from pathlib import Path
from beraad.tui.app import BeraadApp
from beraad.core.services import Services
from beraad.workspace import Workspace

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in ("aiohttp", "segno") or m.startswith("beraad.room"))

async def pilot(pilot):
    app = pilot.app
    await app.workers.wait_for_complete()
    at_start = loaded()
    app.open_session(sys.argv[2])
    await pilot.pause()
    in_session = loaded()
    await pilot.press("f2")
    await pilot.pause()
    print(json.dumps([at_start, in_session, loaded(), type(app.screen).__name__]))
    app.exit()

BeraadApp(Services(Workspace(Path(sys.argv[1])))).run(headless=True, size=(80, 24), auto_pilot=pilot)
"""


def test_the_web_stack_is_imported_only_when_the_room_is_switched_on(workspace, stored_session, tmp_path):
    store_and_index(workspace, stored_session)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(workspace.root), stored_session.id],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")},
    )
    assert done.returncode == 0, done.stderr
    at_start, in_session, switched_on, screen = json.loads(done.stdout.strip().splitlines()[-1])
    assert at_start == [] and in_session == []
    assert screen == "RoomScreen"
    assert all(any(m == name or m.startswith(f"{name}.") for m in switched_on) for name in WEB_STACK)
