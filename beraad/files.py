"""Writing files the way beraad promises: atomically, privately, never through a
symlink out of the workspace, and never touching the mode of a folder beraad did not
create.

Every file beraad writes goes through here: session files, exports, caches, logs.
A crash at any moment leaves either the old or the new file, never half of one. A file
is made 0600 and a folder 0700 whatever the umask. A write into the workspace (within=
its root) is refused when a symlink on the way leads out of it: sessions hold notes
about residents, and a link made by a sync tool or by someone else must not carry them
(or a trainer's method) to another place.
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
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class OutsideWorkspace(OSError):
    """A write into the workspace that a symlink would carry out of it. An OSError
    (errno ELOOP), so every caller that explains OS errors explains this one too
    (errors.os_reason names the link and where it leads)."""

    def __init__(self, path: Path, link: Path, target: Path) -> None:
        super().__init__(errno.ELOOP, "symlink out of the workspace", str(path))
        self.link = link
        self.target = target


def confine(path: Path, within: Path | None) -> Path:
    """path, once it is sure that writing it stays inside within (the workspace root);
    raises OutsideWorkspace when a symlink on the way (a folder or the file itself) leads
    out of it. A path outside within (a --out the user chose) is the user's own choice
    and is not checked."""
    if within is None:
        return path
    absolute = Path(os.path.abspath(path))
    root = Path(os.path.abspath(within))
    real_root = root.resolve()
    if not (absolute.is_relative_to(root) or absolute.is_relative_to(real_root)):
        return path
    if _real(absolute).is_relative_to(real_root):
        return path
    base = root if absolute.is_relative_to(root) else real_root
    probe = base
    for part in absolute.relative_to(base).parts:  # which link leads out, for the message
        probe = probe / part
        if probe.is_symlink() and not _real(probe).is_relative_to(real_root):
            raise OutsideWorkspace(path, probe, _real(probe))
    raise OutsideWorkspace(path, absolute, _real(absolute))


def _real(path: Path) -> Path:
    """Where path leads after every symlink; a loop of links leads nowhere (the root)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return Path(path.anchor)


def private_dir(path: Path, within: Path | None = None) -> Path:
    """Make a folder (and its missing parents) that only the user can enter.

    An existing folder is left exactly as it is: its owner chose its mode (a shared
    1777 folder keeps its sticky bit, a read-only folder stays read-only)."""
    confine(path, within)
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


def own_folder(folder: Path, create: bool = False) -> Path:
    """folder, when it is a real folder (no symlink) of this user that only they can enter:
    made 0700 when missing (create); narrowed to 0700 when it is the user's own but open
    to others. OSError when it is missing, no folder, or someone else's (a shared temp
    folder where another user made the name first)."""
    if create:
        private_dir(folder)
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder of its own", str(folder))
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        raise PermissionError(errno.EPERM, "another user's folder", str(folder))
    if stat.S_IMODE(found.st_mode) & 0o077:
        os.chmod(folder, PRIVATE_DIR)
    return folder


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


def atomic_write(path: Path, payload: bytes, mode: int = PRIVATE_FILE, within: Path | None = None) -> None:
    """Write payload to path: temp file beside it, fsync, rename, fsync of the folder.
    A symlink at path is replaced, never written through; within: see confine()."""
    confine(path, within)
    temp = None
    try:
        descriptor, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError) and (error.filename is None or _is_temp_of(str(error.filename), path)):
            raise about(error, path) from error
        raise
    fsync_dir(path.parent)


def _is_temp_of(name: str, path: Path) -> bool:
    return Path(name).name.startswith(f".{path.name}.") and name.endswith(".tmp")


def about(error: OSError, path: Path) -> OSError:
    """The same error, about path rather than a temp file beside it (the user knows the one,
    not the other)."""
    return OSError(error.errno, error.strerror, str(path))


def fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_new(path: Path, payload: bytes, within: Path | None = None) -> None:
    """Write a file that must not exist yet (a new method, a copied template): never
    through a symlink, never over anything; FileExistsError when something has the name."""
    confine(path, within)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, PRIVATE_FILE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.close(descriptor)
        path.unlink(missing_ok=True)
        raise
    os.close(descriptor)


@contextlib.contextmanager
def all_or_nothing(paths: list[Path], within: Path | None = None) -> Iterator[dict[Path, Path]]:
    """Write several files as one: the caller writes each to the temp path it is given;
    only when all succeed are they renamed into place. On any error none appear."""
    temps: dict[Path, Path] = {}
    for path in paths:
        confine(path, within)
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
