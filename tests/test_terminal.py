"""After kill -9 the terminal is given back: settings as they were, alternate screen and
mouse tracking off, and a Dutch sentence. Tried in a real pseudo-terminal, with a process
that sets the terminal up as Textual does and is then killed."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

# Enters the guard, switches the terminal as Textual does, says it is ready, waits to be killed.
CHILD = r"""
import os, sys, time, tty
from beraad.tui.terminal import guard
with guard("beraad is onverwacht gestopt. Je notities staan in /werkmap/sessions."):
    tty.setraw(sys.stdin.fileno())
    os.write(2, b"\x1b[?1049h\x1b[?1000h\x1b[?25lklaar")
    time.sleep(30)
"""


def _read_until(fd: int, wanted: bytes, seconds: float = 10.0) -> bytes:
    seen, end = b"", time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def test_a_killed_app_leaves_a_working_terminal():
    main, secondary = pty.openpty()
    before = termios.tcgetattr(secondary)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=secondary, stdout=secondary, stderr=secondary, start_new_session=True
    )
    try:
        assert b"klaar" in _read_until(main, b"klaar")
        assert not termios.tcgetattr(secondary)[3] & termios.ECHO  # raw, as an app has it
        child.send_signal(signal.SIGKILL)
        child.wait(5)
        after = _read_until(main, b"sessions.")
        assert b"\x1b[?1049l" in after and b"\x1b[?1000l" in after and b"\x1b[?25h" in after
        assert b"beraad is onverwacht gestopt" in after
        assert termios.tcgetattr(secondary)[3] == before[3]  # echo and line editing back
    finally:
        child.kill()
        os.close(main)
        os.close(secondary)


def test_a_normal_end_says_nothing():
    main, secondary = pty.openpty()
    script = (
        "from beraad.tui.terminal import guard\nwith guard('mag niet verschijnen'):\n    print('klaar', flush=True)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script], stdin=secondary, stdout=secondary, stderr=secondary, timeout=10, check=True
    )
    assert child.returncode == 0
    out = _read_until(main, b"verschijnen", 0.5)
    assert b"klaar" in out and b"verschijnen" not in out and b"\x1b[?1049l" not in out
    os.close(main)
    os.close(secondary)
