"""When a save fails (a full disk, a folder that went read-only), the notes on screen are
written to a recovery copy somewhere else that still takes a file, so quitting never
has to throw them away. The copy is a normal session file: put it back in sessions/
and beraad opens it. Once the session is saved in its own place again, the copy goes;
deleting the session deletes its copies too (SessionStore.delete).

A copy holds notes about residents, so it goes only where the user alone can read it:
the workspace's sessions/herstel/, else a private (0700) folder of the user's own that
survives a reboot, never a shared temp folder (store.sessions.recovery_folders).
"""

from __future__ import annotations

import contextlib
import json
import stat
from pathlib import Path

from beraad.files import atomic_write, confine, own_folder
from beraad.model.session import Session
from beraad.store import schema
from beraad.store.sessions import recovery_copies, recovery_folders
from beraad.workspace import Workspace


def places(workspace: Workspace, legacy: bool = False) -> list[Path]:
    """Where a recovery copy of a session of this workspace may go, in order; legacy:
    also where an earlier beraad put them (to find copies, never to write one)."""
    return recovery_folders(workspace.sessions, legacy)


def write(
    session: Session, candidates: list[Path], reuse: Path | None = None, within: Path | None = None
) -> Path | None:
    """A recovery copy of the session; None when no place takes it. reuse: the copy this
    window already wrote (it is brought up to date); a copy left by an earlier failure
    is never written over: a new one gets a name of its own. within: the workspace,
    which no symlink may lead a copy out of."""
    payload = json.dumps(
        {schema.TABLE: {schema.DOC_ID: schema.stamped(session.to_data())}}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    if reuse is not None:
        with contextlib.suppress(OSError):
            atomic_write(reuse, payload, within=reuse.parent)
            return reuse
    for folder in candidates:
        try:
            confine(folder, within)
            own_folder(folder, create=True)
            path = _unused(folder, session.id)
            atomic_write(path, payload, within=folder)
        except OSError:
            continue
        return path
    return None


def _unused(folder: Path, session_id: str) -> Path:
    path, number = folder / f"{session_id}.json", 2
    while path.exists() or path.is_symlink():
        path, number = folder / f"{session_id}-{number}.json", number + 1
    return path


def left_behind(session_id: str, candidates: list[Path]) -> list[Path]:
    """Recovery copies of a session that are still there (the app stopped before it could
    save again, or the user kept the copy), newest first."""
    copies: list[tuple[int, Path]] = []
    for path in recovery_copies(candidates, session_id):
        with contextlib.suppress(OSError):
            found = path.lstat()
            if stat.S_ISREG(found.st_mode):
                copies.append((found.st_mtime_ns, path))
    return [path for _, path in sorted(copies, reverse=True)]


def discard(path: Path | None) -> None:
    """The session was saved again after all: its recovery copy (notes about residents,
    outside sessions/) is no longer needed and does not stay behind."""
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
