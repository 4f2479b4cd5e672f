"""Writing files the way beraad promises: atomically, privately, and never touching
the mode of a folder beraad did not create.

Every file beraad writes goes through here: session files, exports, caches, logs.
A crash at any moment leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Make a folder (and its missing parents) that only the user can enter.

    An existing folder is left exactly as it is: its owner chose its mode (a shared
    1777 folder keeps its sticky bit, a read-only folder stays read-only)."""
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # made by another process at the same moment: theirs, leave it
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is masked by the umask
    return path


def read_regular(path: Path, limit: int) -> bytes:
    """Up to limit + 1 bytes of a regular file, never through a symlink (the caller checks
    the size). Raises FileNotFoundError, OSError, or IsADirectoryError for anything odd."""
    # O_NONBLOCK: a FIFO with a session's name must not hang the app
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(descriptor)


def atomic_write(path: Path, payload: bytes, mode: int = PRIVATE_FILE) -> None:
    """Write payload to path: temp file beside it, fsync, rename, fsync of the folder."""
    descriptor, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def all_or_nothing(paths: list[Path]) -> Iterator[dict[Path, Path]]:
    """Write several files as one: the caller writes each to the temp path it is given;
    only when all succeed are they renamed into place. On any error none appear."""
    temps: dict[Path, Path] = {}
    try:
        for path in paths:
            descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(descriptor)
            os.chmod(name, PRIVATE_FILE)
            temps[path] = Path(name)
        yield temps
        for temp in temps.values():
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        for path, temp in temps.items():
            os.replace(temp, path)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    for folder in {path.parent for path in paths}:
        fsync_dir(folder)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """A file's (mtime, size, inode): it changes with every write, and with every atomic
    replacement even within one clock tick. None when there is no such file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)
