"""The register of knelpunten on disk: one tinydb file, register/knelpunten.json in the
workspace, with a reference and a dated history per knelpunt.

Several windows and commands may change the register at once (each session has its own
writer, the register is shared by all), so every change reads, changes and writes the
file under a lock. Reading needs no lock: writes are atomic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from beraad.errors import BeraadError, os_reason
from beraad.files import atomic_write, file_stamp, private_dir, read_regular
from beraad.model.register import Entry, Event, LifecycleError
from beraad.store.lock import FileLock, InUse

FOLDER = "register"
FILE = "knelpunten.json"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024
LOCK_WAIT = 10.0  # seconds another window may hold the register while it writes


class RegisterError(BeraadError):
    """A Dutch message; the register on disk is unchanged."""


class _Storage(Storage):
    """tinydb's storage, atomic and private; an unreadable file is an error, never emptied."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = read_regular(self.path, MAX_BYTES)
        except FileNotFoundError:
            return None
        data = json.loads(raw)
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise ValueError("geen register van beraad")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        private_dir(self.path.parent)
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class RegisterStore:
    """The local register: the default, and the shape a shared register will have too."""

    def __init__(self, workspace_root: Path) -> None:
        self.folder = workspace_root / FOLDER
        self.path = self.folder / FILE

    def entries(self) -> dict[str, Entry]:
        """Every knelpunt the register knows, by key ("<session id>/<knelpunt id>")."""
        return {entry.key: entry for entry in self._read()[0]}

    def stamp(self) -> tuple[int, int, int] | None:
        """The register file's stat (every write replaces the file); None when there is none."""
        return file_stamp(self.path)

    def register(self, knelpunten: Iterable[tuple[str, int]]) -> dict[str, Entry]:
        """Give every (key, year) that has no entry yet a reference (KP-<year>-<number>)."""
        wanted = list(knelpunten)
        known = self.entries()
        if all(key in known for key, _ in wanted):
            return known
        with self._locked():
            entries, counters = self._read()
            by_key = {entry.key: entry for entry in entries}
            for key, year in wanted:
                if key not in by_key:
                    counters[str(year)] = counters.get(str(year), 0) + 1
                    by_key[key] = Entry(key=key, ref=f"KP-{year}-{counters[str(year)]:04d}")
            self._write(list(by_key.values()), counters)
        return by_key

    def record(self, key: str, event: Event) -> Entry:
        """Add the next step to a knelpunt's history; raises RegisterError in Dutch."""
        with self._locked():
            entries, counters = self._read()
            entry = next((e for e in entries if e.key == key), None)
            if entry is None:
                raise RegisterError("Dit knelpunt staat (nog) niet in het register.")
            try:
                entry.advance(event)
            except LifecycleError as error:
                raise RegisterError(str(error)) from error
            self._write(entries, counters)
        return entry

    def _locked(self) -> _RegisterLock:
        return _RegisterLock(self.folder / ".lock")

    def _read(self) -> tuple[list[Entry], dict[str, int]]:
        # One read of the tinydb file, both tables at once (a register can be large).
        try:
            data = _Storage(self.path).read() or {}
            meta = data.get("meta", {}).get("1", {})
            if meta and meta.get("version", VERSION) > VERSION:
                raise RegisterError(
                    "Het register is gemaakt met een nieuwere versie van beraad; werk beraad bij om het te gebruiken."
                )
            entries = [Entry.from_data(row) for row in data.get("knelpunten", {}).values()]
            counters = {str(k): int(v) for k, v in dict(meta.get("counters", {})).items()}
        except (OSError, ValueError, TypeError, AttributeError, RecursionError) as error:
            raise RegisterError(_unreadable(self.path, error)) from error
        return entries, counters

    def _write(self, entries: list[Entry], counters: dict[str, int]) -> None:
        data = {
            "meta": {"1": {"version": VERSION, "counters": counters}},
            "knelpunten": {str(n): e.to_data() for n, e in enumerate(entries, 1)},
        }
        try:
            private_dir(self.folder)
            with TinyDB(self.path, storage=_Storage) as db:
                db.storage.write(data)
        except OSError as error:
            raise RegisterError(f"Het register kon niet worden bijgewerkt: {os_reason(error)}.") from error


class _RegisterLock(FileLock):
    """The register's lock as a context manager that waits a while, then says why not."""

    def __enter__(self) -> None:
        try:
            self.wait(LOCK_WAIT)
        except InUse as in_use:
            raise RegisterError(
                f"Het register wordt net bijgewerkt door een ander venster ({in_use.holder.describe()}). "
                "Probeer het zo nog eens."
            ) from None

    def __exit__(self, *exc: object) -> None:
        self.release()


def _unreadable(path: Path, error: Exception) -> str:
    reason = os_reason(error) if isinstance(error, OSError) else "de inhoud klopt niet"
    return (
        f"Het register {path} kan niet worden gelezen ({reason}). Er is niets gewijzigd; "
        "zet een reservekopie terug of verplaats het bestand, dan begint beraad een nieuw register."
    )
