"""The real app in a real terminal (a pty), ended the ways a laptop ends it: the terminal
closes (SIGHUP) or the system asks it to stop (SIGTERM), right after typing, also while a
worker is busy. It always saves and always ends."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

import pytest

from beraad.store.sessions import SessionStore

START = "from beraad.cli import run; run()"


class Terminal:
    def __init__(self, workspace_root: str, env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the app, in its own terminal
            os.execve(sys.executable, [sys.executable, "-c", START, "--workspace", workspace_root], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 40.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            assert time.monotonic() < deadline, f"not on screen: {text!r}"
            self.read(0.1)

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):
                self.seen += os.read(self.fd, 65536)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def close(self) -> None:
        """The terminal window goes away: its side of the pty is gone."""
        os.close(self.fd)
        self.fd = -1

    def ended_within(self, seconds: float) -> int | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.fd >= 0:
                self.read(0.05)
            else:
                time.sleep(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return status
        return None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        if self.fd >= 0:
            os.close(self.fd)


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "TERM": "xterm-256color", "XDG_DATA_HOME": str(tmp_path / "data"), "TEXTUAL": ""}


@pytest.mark.parametrize(
    ("stop", "while_busy", "terminal_gone"),
    [(signal.SIGTERM, False, False), (signal.SIGHUP, False, True), (signal.SIGTERM, True, False)],
    ids=["sigterm", "terminal-closed", "sigterm-while-busy"],
)
def test_the_app_saves_and_ends_when_told_to_stop(workspace, stored_session, env, stop, while_busy, terminal_gone):
    terminal = Terminal(str(workspace.root), env)
    try:
        terminal.wait_for("Moreel beraad")
        terminal.type("\r")
        terminal.wait_for("Doelen en verwachtingen")
        terminal.type("net voor het einde")
        terminal.wait_for("het einde")  # on screen: typed, and not yet autosaved (that waits half a second)
        if while_busy:
            terminal.type("\x05")  # Ctrl+E: the review starts the anonymiser in a worker thread
            time.sleep(0.2)
        if terminal_gone:
            terminal.close()
        os.kill(terminal.pid, stop)
        status = terminal.ended_within(15.0)  # the grace is 3 s; a busy machine is slow
        assert status is not None, "the app kept running after the signal"
    finally:
        terminal.kill()
    assert SessionStore(workspace.sessions).load(stored_session.id).value("opening", "doelen") == "net voor het einde"
