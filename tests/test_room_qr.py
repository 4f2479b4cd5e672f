"""The phones' QR code as a person sees it: the app runs in a real terminal (tmux, 80x24),
the facilitator opens a write-first round, and zbarimg decodes the code from a capture of
that terminal; the address it gives opens the phone page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import store_and_index

# half block -> (top dark, bottom dark); everything else on the screen is light
HALVES = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1)}
SCALE = 4  # pixels per module


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=True).stdout


def _screen_until(socket: str, condition, what: str, seconds: float = 30) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "room")
        if condition(screen):
            return screen
        time.sleep(0.05)
    raise AssertionError(f"not on screen: {what}\n{screen}")


def _picture(screen: str, path: Path) -> None:
    """The capture as a greyscale image (PGM): each cell two modules high, one wide."""
    lines = screen.splitlines()
    width = max(len(line) for line in lines)
    rows: list[bytes] = []
    for line in lines:
        top, bottom = bytearray(), bytearray()
        for char in line.ljust(width):
            dark_top, dark_bottom = HALVES.get(char, (0, 0))
            top += bytes([0 if dark_top else 255]) * SCALE
            bottom += bytes([0 if dark_bottom else 255]) * SCALE
        rows += [bytes(top)] * SCALE + [bytes(bottom)] * SCALE
    path.write_bytes(f"P5 {width * SCALE} {len(rows)} 255\n".encode() + b"".join(rows))


def test_the_qr_code_in_the_terminal_is_readable_and_opens_the_phone_page(workspace, dilemma, tmp_path):
    from beraad.model import Session

    from .conftest import PEOPLE, TODAY

    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    session.go_to("afweging")
    store_and_index(workspace, session)
    socket = f"beraad-qr-{os.getpid()}"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "TERM": "xterm-256color"}
    command = f"{sys.executable} -m beraad --workspace {workspace.root}"
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", "room", "-x", "80", "-y", "24", command],
        check=True,
        env=env,
    )
    try:
        _screen_until(socket, lambda s: "Uitkering gestopt" in s, "the overview")
        _tmux(socket, "send-keys", "-t", "room", "Enter")
        _screen_until(socket, lambda s: "Persoonlijke afweging" in s and "Ronde 6/8" in s, "the session")
        _tmux(socket, "send-keys", "-t", "room", "F2")
        _screen_until(socket, lambda s: "Teamscherm en telefoons" in s, "the room panel")
        _tmux(socket, "send-keys", "-t", "room", "s")
        screen = _screen_until(socket, lambda s: s.count("█▀▀▀▀▀█") >= 2, "the QR code")
        image = tmp_path / "terminal.pgm"
        _picture(screen, image)
        decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
        assert decoded.returncode == 0, screen
        url = decoded.stdout.strip()
        assert re.fullmatch(r"HTTP://127\.0\.0\.1:\d+/P/[A-Z2-7]{26}/", url), url
        with urllib.request.urlopen(url.replace("HTTP://", "http://"), timeout=10) as page:
            assert "Schrijfronde" in page.read().decode()
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
