"""The session store: one tinydb file per session in the workspace's sessions/ folder.

Writes are atomic (temp file, fsync, rename), so a crash at any moment leaves the
previous or the new state on disk. Files are private to the user. A file that is
not a readable session is moved to sessions/quarantaine/ instead of stopping the app.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from beraad.files import atomic_write, private_dir
from beraad.model.session import Session

TABLE = "sessie"
DOC_ID = 1
QUARANTINE = "quarantaine"
STALE_TEMP_SECONDS = 60


class StoreError(Exception):
    """A Dutch message for the facilitator; the session in memory is untouched."""


class AtomicJSONStorage(Storage):
    """tinydb's JSON storage, written atomically and privately."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return json.loads(text) if text.strip() else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


@dataclass(frozen=True)
class Quarantined:
    name: str
    moved_to: Path
    reason: str

    @property
    def message(self) -> str:
        return (
            f"Het bestand '{self.name}' in sessions/ is geen leesbare sessie ({self.reason}). "
            f"Het staat nu in {self.moved_to.parent.name}/{self.moved_to.name}; "
            "je andere sessies zijn gewoon beschikbaar."
        )


class SessionStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self._scanning = threading.Lock()  # one scan at a time moves files aside

    def path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.json"

    def save(self, session: Session) -> None:
        session.updated = datetime.now().replace(microsecond=0)
        try:
            private_dir(self.folder)
            with TinyDB(self.path(session.id), storage=AtomicJSONStorage) as db:
                db.table(TABLE).upsert(Document(session.to_data(), doc_id=DOC_ID))
        except OSError as error:
            raise StoreError(_save_failed(error)) from error

    def load(self, session_id: str) -> Session:
        path = self.path(session_id)
        if not path.is_file():
            raise StoreError(f"De sessie '{session_id}' bestaat niet (meer).")
        try:
            return _read(path)
        except (OSError, ValueError, ValidationError) as error:
            raise StoreError(f"De sessie '{session_id}' kan niet worden gelezen: {_reason(error)}.") from error

    def delete(self, session_id: str) -> None:
        self.path(session_id).unlink(missing_ok=True)

    def scan(self) -> tuple[list[Session], list[Quarantined]]:
        """Every readable session, newest first; anything else is moved aside."""
        if not self.folder.is_dir():
            return [], []
        with self._scanning:
            return self._scan()

    def _scan(self) -> tuple[list[Session], list[Quarantined]]:
        private_dir(self.folder)
        sessions, moved = [], []
        for path in sorted(self.folder.iterdir()):
            if path.is_dir() or path.name in (".gitkeep", ".gitignore"):
                continue
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                _drop_stale_temp(path)
                continue
            try:
                if path.suffix != ".json":
                    raise ValueError("geen sessiebestand van beraad")
                session = _read(path)
                if path.stem != session.id:
                    raise ValueError("de naam past niet bij de sessie erin")
                sessions.append(session)
            except FileNotFoundError:
                continue  # deleted while we looked
            except (OSError, ValueError, ValidationError) as error:
                moved.append(self._quarantine(path, _reason(error)))
        sessions.sort(key=lambda s: (s.date, s.created), reverse=True)
        return sessions, moved

    def _quarantine(self, path: Path, reason: str) -> Quarantined:
        target_dir = private_dir(self.folder / QUARANTINE)
        target = target_dir / path.name
        if target.exists():
            target = target_dir / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
        os.replace(path, target)
        return Quarantined(path.name, target, reason)


def _read(path: Path) -> Session:
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        document = db.table(TABLE).get(doc_id=DOC_ID)
    if document is None:
        raise ValueError("er staat geen sessie in")
    return Session.model_validate(dict(document))


def _drop_stale_temp(path: Path) -> None:
    """A temp file left by a crash mid-write; the real file holds the last good state."""
    try:
        if time.time() - path.stat().st_mtime > STALE_TEMP_SECONDS:
            path.unlink()
    except OSError:
        pass


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"beschadigd: geen geldige JSON op regel {error.lineno}"
    if isinstance(error, UnicodeDecodeError):
        return "beschadigd: geen tekst"
    if isinstance(error, ValidationError):
        return f"onverwachte inhoud ({error.error_count()} fout(en), bv. bij '{_loc(error)}')"
    if isinstance(error, OSError):
        return f"niet te lezen ({error.strerror})"
    return str(error)


def _loc(error: ValidationError) -> str:
    return ".".join(str(part) for part in error.errors()[0]["loc"]) or "het begin"


def _save_failed(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        cause = "de schijf is vol"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        cause = "beraad mag niet schrijven in de map sessions/"
    else:
        cause = error.strerror or str(error)
    return (
        f"Opslaan is mislukt: {cause}. Je notities staan nog in beeld en de vorige versie "
        "staat veilig op schijf. Los het op en druk op Ctrl+S om opnieuw op te slaan."
    )
