"""Start-up to first screen, whole process: beraad against a bare Textual app
(Header + Static + Footer), measured side by side, alternating, in one run.

    .venv/bin/python bench/startup.py [RUNS] [DIR]

DIR: a workspace of your own measured as well, e.g. the 10,000 sessions that
bench/register.py writes (/tmp/beraad-bench-10k).

Each run is a fresh interpreter that builds the app; the clock stops when the app
writes "ready" to its stdout from Textual's auto_pilot, which runs once the first
screen is up. Work the app does after that (beraad checks the sessions and loads
the methods in a background thread) is not start-up and is not counted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BARE = """
import os
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hallo")
        yield Footer()

async def leave(pilot):
    os.write(1, b"ready\\n")
    pilot.app.exit()

Bare().run(headless=True, size=(100, 30), auto_pilot=leave)
"""

BERAAD = """
import os, sys
from pathlib import Path
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace

async def leave(pilot):
    assert pilot.app.screen.id == "home"
    os.write(1, b"ready\\n")
    pilot.app.exit()

BeraadApp(Workspace(Path(sys.argv[1]))).run(headless=True, size=(100, 30), auto_pilot=leave)
"""


def _workspace_with_sessions(count: int) -> Path:
    from beraad import methods
    from beraad.model import Session
    from beraad.store.sessions import SessionStore

    root = Path(tempfile.mkdtemp(prefix="beraad-bench-"))
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    store = SessionStore(root / "sessions")
    for n in range(count):
        session = Session.start(method, f"Sessie {n}", date(2026, 1 + n % 12, 1 + n % 28), [("A", "r")] * 4)
        session.set_value("casus", "verhaal", "tekst " * 500)
        store.save(session)
    store.scan()  # a workspace in use has its index
    return root


def _run(code: str, *args: str) -> float:
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"
    ready = time.perf_counter() - start
    assert process.wait(30) == 0
    return ready


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    workspaces = {"leeg": _workspace_with_sessions(0), "20 sessies": _workspace_with_sessions(20)}
    if len(sys.argv) > 2:
        root = Path(sys.argv[2])
        workspaces[f"{sum(1 for p in (root / 'sessions').glob('*.json') if not p.name.startswith('.'))} sessies"] = root
        _run(BERAAD, str(root))  # its index is up to date
    _run(BARE), _run(BERAAD, str(workspaces["leeg"]))  # warm the file cache
    times: dict[str, list[float]] = {"bare": [], **{k: [] for k in workspaces}}
    for _ in range(runs):
        times["bare"].append(_run(BARE))
        for name, root in workspaces.items():
            times[name].append(_run(BERAAD, str(root)))
    bare = statistics.median(times["bare"])
    fastest = min(times["bare"])
    print(f"runs: {runs} each, alternating; median time from process start to the first screen")
    print(f"bare Textual app (Header, Static, Footer): {bare * 1000:7.1f} ms")
    for name in workspaces:
        median = statistics.median(times[name])
        low = min(times[name])
        print(
            f"beraad, workspace {name:11s}:           {median * 1000:7.1f} ms  ratio {median / bare:.2f}x"
            f"  (fastest runs: {low * 1000:.1f} vs {fastest * 1000:.1f} ms, ratio {low / fastest:.2f}x)"
        )


if __name__ == "__main__":
    main()
