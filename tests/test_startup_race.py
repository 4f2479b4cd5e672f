"""Enter in the first second after start: the session opens while the background work is
still importing the core (it crashed with KeyError: 'beraad.model' in 8 of 13 tries)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from beraad.model import Session

from .conftest import PEOPLE, TODAY, store_and_index

OPEN_AT_ONCE = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path

    sys.path.insert(0, sys.argv[2])  # slow_module: a preload that takes a while
    from beraad.tui import preload
    preload.MODULES = ("slow_module", *preload.MODULES)

    from beraad.core.services import Services
    from beraad.tui.app import BeraadApp
    from beraad.workspace import Workspace

    async def main():
        app = BeraadApp(Services(Workspace(Path(sys.argv[1]))))
        async with app.run_test(size=(80, 24)) as pilot:
            early = not app.preload.done
            await pilot.press("down", "enter")  # as soon as the overview shows
            deadline = time.monotonic() + 60
            while type(app.screen).__name__ != "SessionScreen" and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            print("opened" if type(app.screen).__name__ == "SessionScreen" else "not opened", early, flush=True)
            await pilot.press("ctrl+q")
        print("exit", app.return_code, app.crash_message, flush=True)

    asyncio.run(main())
    """
)


def test_enter_in_the_first_second_opens_the_session(workspace, dilemma, tmp_path):
    store_and_index(workspace, Session.start(dilemma, "Meteen open", TODAY, PEOPLE))
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "slow_module.py").write_text("import time\ntime.sleep(1.5)\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AT_ONCE, str(workspace.root), str(modules)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "opened True" in done.stdout, (done.stdout, done.stderr)  # pressed while the preload ran
    assert "exit 0 None" in done.stdout, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
