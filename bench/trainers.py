"""The trainers' tools: how long a preview takes to follow a saved file, and how long
`beraad evaluatie` and `beraad methods gebruik` take on a workspace of many sessions, the
first time (every session file read, index built) and after (index only).

    .venv/bin/python bench/trainers.py [SESSIONS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from beraad import methods
from beraad.core.preview import Preview
from beraad.model import Session
from beraad.store.sessions import SessionStore
from beraad.workspace import Workspace

PEOPLE = [("Anna", "klantmanager"), ("Bram", "Wmo-consulent"), ("Carla", "schuldhulpverlener"), ("Dirk", "handhaver")]


def preview_reload(folder: Path, runs: int = 50) -> list[float]:
    """Milliseconds from 'the file changed' to the new method in the open session."""
    path = folder / "proef.toml"
    text = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    preview = Preview(path, Workspace(folder / "werkmap"), time.monotonic)
    timings = []
    for run in range(runs):
        path.write_text(text.replace('titel = "Casus"', f'titel = "Casus {run}"'), encoding="utf-8")
        start = time.perf_counter()
        assert preview.reload() is True
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def command(root: Path, *argv: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "beraad", "--workspace", str(root), *argv], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reloads = preview_reload(folder)
        print(f"preview reload (dilemmamethode): median {statistics.median(reloads):.1f} ms, max {max(reloads):.1f} ms")
        method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
        store = SessionStore(folder / "ws" / "sessions")
        for n in range(count):
            session = Session.start(method, f"Casus {n}", date(2026, 1, 1) + timedelta(days=n), PEOPLE, team="WI Noord")
            session.set_value("evaluatie", "score", {"d1": 1 + n % 5, "d2": 3, "d3": 4})
            store.save(session)
        root = folder / "ws"
        first = command(root, "evaluatie", "--team", "WI Noord")
        again = [command(root, "evaluatie", "--team", "WI Noord") for _ in range(3)]
        usage = [command(root, "methods", "gebruik") for _ in range(3)]
        print(f"beraad evaluatie, {count} sessions: first {first:.2f} s (reads every file), then {min(again):.2f} s")
        print(f"beraad methods gebruik, {count} sessions, index up to date: {min(usage):.2f} s")


if __name__ == "__main__":
    main()
