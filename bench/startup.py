"""Start-up in a real terminal: from process start until the overview is complete (every
key in its footer, "q Afsluiten" included), against a bare Textual app until its footer
shows. Alternating, in one run, each in a fresh interpreter on a pseudo-terminal of its
own (Textual's Linux driver, as a user starts it).

    .venv/bin/python bench/startup.py [RUNS] [DIR]

DIR: a workspace of your own measured as well, e.g. the 10,000 sessions that
bench/make_workspace.py writes. Prints the median of RUNS (default 5) per case and its
ratio to the bare app.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

COLUMNS, LINES = 100, 30

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hallo")
        yield Footer()

Bare().run()
"""

BERAAD = """
import sys
from pathlib import Path
from beraad.cli import main
sys.exit(main(["--workspace", sys.argv[1]]))
"""


def _workspace_with_sessions(count: int) -> Path:
    from beraad import methods
    from beraad.model import Session
    from beraad.store.sessions import SessionStore

    root = Path(tempfile.mkdtemp(prefix="beraad-bench-", dir=Path.home()))
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    store = SessionStore(root / "sessions")
    for n in range(count):
        session = Session.start(method, f"Sessie {n}", date(2026, 1 + n % 12, 1 + n % 28), [("A", "r")] * 4)
        session.set_value("casus", "verhaal", "tekst " * 500)
        store.save(session)
    store.scan()  # a workspace in use has its index
    return root


def _run(code: str, marker: bytes, *args: str) -> float:
    """Seconds from fork until marker is written to the terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of COLUMNS x LINES, then the program
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-c", code, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    seen = b""
    took = float("nan")
    deadline = start + 60
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # styles sit between the characters' runs: look at the text alone
            if marker in _text(seen):
                took = time.perf_counter() - start
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        _drain(fd)
        os.waitpid(pid, 0)
        os.close(fd)
    return took


def _text(raw: bytes) -> bytes:
    import re

    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]", b"", raw)


def _drain(fd: int) -> None:
    end = time.perf_counter() + 3
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    workspaces = {"leeg": _workspace_with_sessions(0), "20 sessies": _workspace_with_sessions(20)}
    if len(sys.argv) > 2:
        root = Path(sys.argv[2])
        count = sum(1 for p in (root / "sessions").glob("*.json") if not p.name.startswith("."))
        workspaces[f"{count} sessies"] = root
    bare_marker, beraad_marker = b"palette", b"Afsluiten"
    _run(BARE, bare_marker), _run(BERAAD, beraad_marker, str(workspaces["leeg"]))  # warm the file cache
    for root in workspaces.values():
        _run(BERAAD, beraad_marker, str(root))  # its index is up to date
    times: dict[str, list[float]] = {"bare": [], **{k: [] for k in workspaces}}
    for _ in range(runs):
        times["bare"].append(_run(BARE, bare_marker))
        for name, root in workspaces.items():
            times[name].append(_run(BERAAD, beraad_marker, str(root)))
    bare = statistics.median(times["bare"])
    print(f"runs: {runs} each, alternating, {COLUMNS}x{LINES} pseudo-terminal; median from process start")
    print(f"bare Textual app, until its footer shows:     {bare * 1000:7.1f} ms")
    for name in workspaces:
        median = statistics.median(times[name])
        print(f"beraad, workspace {name:12s}, overview complete: {median * 1000:7.1f} ms  ratio {median / bare:.2f}x")


if __name__ == "__main__":
    main()
