"""A crash (SIGKILL) at any moment leaves a session file that loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from beraad.store.sessions import SessionStore

from .conftest import read_session_file

TYPE_AND_WAIT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from beraad.core.services import Services
    from beraad.tui.app import BeraadApp
    from beraad.workspace import Workspace

    async def main():
        app = BeraadApp(Services(Workspace(Path(sys.argv[1]))))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press(*sys.argv[2])
            print("typed", flush=True)
            await asyncio.sleep(120)

    asyncio.run(main())
    """
)

SAVE_FOREVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from beraad.store.sessions import SessionStore

    store = SessionStore(Path(sys.argv[1]))
    session = store.load(sys.argv[2])
    for n in range(1, 10**9):
        session.set_value("casus", "verhaal", f"versie {n} " + "x" * (n % 5000))
        store.save(session)
        print(n, flush=True)
    """
)


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TEXTUAL": ""},
    )


def test_text_typed_survives_sigkill_after_autosave(workspace, stored_session):
    process = _spawn(TYPE_AND_WAIT, str(workspace.root), "Wat hier staat mag niet verloren gaan")
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "typed"
        time.sleep(1.0)  # the autosave promise: within one second of the last keystroke
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    data = read_session_file(workspace)
    assert data["values"]["opening"]["doelen"] == "Wat hier staat mag niet verloren gaan"


def test_sigkill_at_any_moment_leaves_a_loadable_file(workspace, stored_session):
    store = SessionStore(workspace.sessions)
    chance = random.Random(20261123)
    last_seen = 0
    for _ in range(8):
        process = _spawn(SAVE_FOREVER, str(workspace.sessions), stored_session.id)
        assert process.stdout is not None
        process.stdout.readline()  # started saving
        time.sleep(chance.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        lines = process.stdout.read().split()
        process.wait(10)
        session = store.load(stored_session.id)  # must never raise
        text = session.value("casus", "verhaal")
        assert text.startswith("versie "), text[:40]
        version = int(text.split()[1])
        confirmed = int(lines[-1]) if lines else 1
        assert version >= confirmed  # every save that returned is on disk
        last_seen = max(last_seen, version)
    leftovers = [p.name for p in Path(workspace.sessions).iterdir() if p.name.endswith(".tmp")]
    store.scan()  # temp files of killed writes are not sessions and never quarantined
    assert not (workspace.sessions / "quarantaine").exists()
    assert last_seen > 1, leftovers
