"""When a save fails (a full disk, a folder that went read-only), the notes on screen are
written to a recovery copy somewhere else that still takes a file, so quitting never
has to throw them away. The copy is a normal session file: put it back in sessions/
and beraad opens it. Once the session is saved in its own place again, the copy goes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path

from beraad.files import atomic_write, private_dir
from beraad.model.session import Session
from beraad.store import schema
from beraad.workspace import user_cache_dir

FOLDER = "beraad-herstel"


def places() -> list[Path]:
    """Where a recovery copy may go, in order: the user's cache, the temp folder, home."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [
        user_cache_dir() / FOLDER,
        Path(tempfile.gettempdir()) / f"{FOLDER}-{uid}",
        Path.home() / FOLDER,
    ]


def write(session: Session, candidates: list[Path] | None = None, reuse: Path | None = None) -> Path | None:
    """A recovery copy of the session; None when no place takes it. reuse: the copy this
    window already wrote (it is brought up to date); a copy left by an earlier failure
    is never written over: a new one gets a name of its own."""
    payload = json.dumps(
        {schema.TABLE: {schema.DOC_ID: schema.stamped(session.to_data())}}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    if reuse is not None:
        with contextlib.suppress(OSError):
            atomic_write(reuse, payload)
            return reuse
    for folder in candidates if candidates is not None else places():
        try:
            private_dir(folder)
            path = _unused(folder, session.id)
            atomic_write(path, payload)
        except OSError:
            continue
        return path
    return None


def _unused(folder: Path, session_id: str) -> Path:
    path, number = folder / f"{session_id}.json", 2
    while path.exists():
        path, number = folder / f"{session_id}-{number}.json", number + 1
    return path


def left_behind(session_id: str, candidates: list[Path] | None = None) -> list[Path]:
    """Recovery copies of a session that are still there (the app stopped before it could
    save again, or the user kept the copy), newest first."""
    copies: list[tuple[int, Path]] = []
    for folder in candidates if candidates is not None else places():
        with contextlib.suppress(OSError):
            for path in folder.glob(f"{session_id}*.json"):
                if re.fullmatch(rf"{re.escape(session_id)}(?:-\d+)?", path.stem):
                    copies.append((path.stat().st_mtime_ns, path))
    return [path for _, path in sorted(copies, reverse=True)]


def discard(path: Path | None) -> None:
    """The session was saved again after all: its recovery copy (notes about residents,
    outside sessions/) is no longer needed and does not stay behind."""
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
