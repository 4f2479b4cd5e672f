"""One writer per session, and one scan per workspace at a time.

A lock is an operating-system lock on a small file (flock on Linux and macOS,
msvcrt.locking on Windows). The kernel drops it when the process ends in any way
(quit, crash, SIGKILL, power loss), so a stale lock can never lock a user out. The
file also says who holds the lock (process, terminal, since when) for the message
a second window shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from beraad.files import NOFOLLOW, PRIVATE_FILE, private_dir, read_regular
from beraad.store import bounded

HOLDER_BYTES = 4096  # what a lock file says of its holder: a few lines; anything larger is not ours

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as far as the lock file says."""

    pid: int | None
    host: str
    terminal: str
    since: datetime | None

    @classmethod
    def here(cls) -> Holder:
        return cls(os.getpid(), socket.gethostname(), _terminal(), datetime.now().replace(microsecond=0))

    def describe(self) -> str:
        """'in terminal /dev/pts/3 op laptop-7, sinds 14:02 (proces 4711)'."""
        parts = []
        if self.terminal:
            parts.append(f"in terminal {self.terminal}")
        if self.host and self.host != socket.gethostname():
            parts.append(f"op {self.host}")
        if self.since is not None:
            day = "" if self.since.date() == datetime.now().date() else f"{self.since:%d-%m-%Y} "
            parts.append(f"sinds {day}{self.since:%H:%M}")
        if self.pid:
            parts.append(f"proces {self.pid}")
        return ", ".join(parts) if parts else "door een ander programma"

    def to_json(self) -> str:
        since = self.since.isoformat() if self.since else None
        return json.dumps({"pid": self.pid, "host": self.host, "terminal": self.terminal, "since": since})

    @classmethod
    def read(cls, path: Path) -> Holder:
        try:
            data = bounded.loads(read_regular(path, HOLDER_BYTES)[:HOLDER_BYTES], max_depth=2)
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
            return cls(int(data["pid"]), str(data["host"]), str(data["terminal"]), since)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return cls(None, "", "", None)


def _terminal() -> str:
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None and stream.isatty():
                return os.ttyname(stream.fileno())
    return ""


class InUse(Exception):
    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.describe())
        self.holder = holder


def holder_of(lock: Any) -> Holder | None:
    """Who holds a lock now (None when nobody does), without keeping it."""
    try:
        lock.acquire()
    except InUse as in_use:
        return in_use.holder
    lock.release()
    return None


class FileLock:
    """An exclusive lock on path, held until release() or the end of the process."""

    def __init__(self, path: Path, within: Path | None = None) -> None:
        self.path = path
        self.within = within  # the workspace, which no symlink may lead the lock file out of
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock at once, or raise InUse naming who holds it."""
        private_dir(self.path.parent, within=self.within)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | NOFOLLOW, PRIVATE_FILE)
        handle = os.fdopen(descriptor, "r+b", buffering=0)  # unbuffered: a failed write leaves nothing pending
        if not _try_lock(handle):
            handle.close()
            raise InUse(Holder.read(self.path))
        self._handle = handle
        try:  # who holds it, for the message of a second window; the lock itself is what counts
            handle.seek(0)
            handle.truncate()
            handle.write(Holder.here().to_json().encode("utf-8"))
        except OSError:  # a full disk: the lock holds all the same, without a description
            with contextlib.suppress(OSError):
                handle.truncate(0)

    def lost(self) -> bool:
        """Whether the lock file was taken away while the lock is held: deleted or replaced
        (a sync tool, a clean-up). The kernel lock then sits on a file nobody can see, and a
        second window would take a new one: the holder must stop writing."""
        if self._handle is None:
            return False
        try:
            held = os.fstat(self._handle.fileno())
            there = os.lstat(self.path)
        except FileNotFoundError:
            return True
        except (OSError, ValueError):
            return False  # cannot look (a disk that went away): the save itself will say why
        return (held.st_dev, held.st_ino) != (there.st_dev, there.st_ino)

    def wait(self, timeout: float, poll: float = 0.05) -> None:
        """Take the lock, waiting up to timeout seconds; raise InUse after that."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.acquire()
                return
            except InUse:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(poll)

    def release(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()

    @contextlib.contextmanager
    def held_for(self, timeout: float) -> Iterator[None]:
        self.wait(timeout)
        try:
            yield
        finally:
            self.release()
