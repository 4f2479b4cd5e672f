"""The session store: one tinydb file per session in the workspace's sessions/ folder.

Writes are atomic (temp file, fsync, rename), so a crash at any moment leaves the
previous or the new state on disk. Files are private to the user. Anything in
sessions/ that is not a readable session (a broken file, a foreign file, a symlink)
is moved to sessions/quarantaine/ with a Dutch message; nothing is ever deleted.
The overview and the register read a small index (sessions/.index.json) that a scan
keeps up to date, so they do not open every session file at start-up.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from beraad.errors import BeraadError, os_failure, os_reason
from beraad.files import atomic_write, confine, file_stamp, own_folder, private_dir, read_regular
from beraad.model.session import Session
from beraad.store import index, schema
from beraad.store.lock import FileLock, InUse
from beraad.text import visible, visible_line
from beraad.workspace import user_cache_dir, user_data_dir

QUARANTINE = "quarantaine"
RECOVERY = "herstel"  # sessions/herstel/: copies of notes a save could not write (core.recovery)
LOCKS = ".locks"
SCAN_LOCK = ".scan.lock"
STALE_TEMP_SECONDS = 60
SCAN_WAIT = 30.0  # seconds another process's scan may take before we give up waiting
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
KEEP = {".gitignore", ".gitkeep", index.INDEX, index.KNELPUNTEN, index.RECENT, SCAN_LOCK}


class StoreError(BeraadError):
    """A Dutch message for the facilitator; the session in memory is untouched."""


class SessionInUse(StoreError):
    def __init__(self, message: str, in_use: InUse) -> None:
        super().__init__(message)
        self.holder = in_use.holder


class AtomicJSONStorage(Storage):
    """tinydb's JSON storage, written atomically and privately, read without following links.
    A fresh storage does not read what is on disk: a save replaces the file as a whole."""

    def __init__(self, path: str | Path, fresh: bool = False, within: Path | None = None) -> None:
        self.path = Path(path)
        self.fresh = fresh
        self.within = within  # the workspace, which no symlink may lead the file out of

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The file's session document, migrated; a file of any other shape raises."""
        if self.fresh:
            return None
        raw = read_regular(self.path, schema.MAX_FILE_BYTES)  # a missing file: "no such session"
        document = schema.parse(raw)
        return {schema.TABLE: {schema.DOC_ID: document}}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), within=self.within)


@dataclass(frozen=True)
class Problem:
    """Something in sessions/ the facilitator should know about."""

    name: str
    message: str


class SessionStore:
    def __init__(self, folder: Path, on_scan: Callable[[dict[str, Any]], None] | None = None) -> None:
        """on_scan: told what every scan saw (file name -> index entry); the register
        keeps its knelpunten up to date by it."""
        self.folder = folder
        self.root = folder.parent  # the workspace: no write follows a symlink out of it
        self.on_scan = on_scan

    # One session

    def path(self, session_id: str) -> Path:
        """The file of a session. An id is an id, never a path."""
        if not SESSION_ID.match(session_id):
            raise StoreError(f"'{visible(session_id)}' is geen sessie-id. Zie 'beraad sessions list'.")
        return self.folder / f"{session_id}.json"

    def lock(self, session_id: str) -> FileLock:
        """The one-writer lock of a session (not yet taken)."""
        self.path(session_id)
        return FileLock(self.folder / LOCKS / f"{session_id}.lock", within=self.root)

    def save(self, session: Session) -> None:
        session.updated = datetime.now()  # to the microsecond: a recovery copy is told from the file by it
        earlier = False
        try:
            earlier = self.path(session.id).is_file()
            private_dir(self.folder, within=self.root)
            with TinyDB(self.path(session.id), storage=AtomicJSONStorage, fresh=True, within=self.root) as db:
                db.table(schema.TABLE).insert(Document(_document(session), doc_id=int(schema.DOC_ID)))
        except OSError as error:
            raise StoreError(_save_failed(error, earlier)) from error

    def version(self, session_id: str) -> object:
        """The session file's stat: every save replaces the file."""
        return file_stamp(self.path(session_id))

    def load(self, session_id: str) -> Session:
        path = self.path(session_id)
        try:
            return read_file(path)
        except FileNotFoundError:
            raise StoreError(f"De sessie '{session_id}' bestaat niet (meer).") from None
        except schema.NewerVersion as error:
            raise StoreError(_newer(session_id, error.version)) from None
        except Exception as error:  # any shape of file: a Dutch reason, never a traceback
            raise StoreError(f"De sessie '{session_id}' kan niet worden gelezen: {_reason(error)}.") from error

    def delete(self, session_id: str) -> None:
        """Delete a session that no window has open."""
        lock = self.lock(session_id)
        try:
            lock.acquire()
        except InUse as in_use:
            raise SessionInUse(
                f"De sessie is open in een ander venster ({in_use.holder.describe()}). "
                "Sluit haar daar eerst; dan kun je haar verwijderen.",
                in_use,
            ) from None
        try:
            self.path(session_id).unlink(missing_ok=True)
            for copy in recovery_copies(
                recovery_folders(self.folder, legacy=True), session_id
            ):  # notes about residents: they go too
                copy.unlink(missing_ok=True)
            lock.path.unlink(missing_ok=True)
        except OSError as error:
            raise StoreError(f"De sessie kon niet worden verwijderd: {os_failure(error)}.") from error
        finally:
            lock.release()

    # All sessions

    def quick_summaries(self) -> list[schema.Summary]:
        """The overview as the index last saw it: one small file, no checks (first paint)."""
        return index.summaries(self.folder)

    def scan(self) -> tuple[list[schema.Summary], list[Problem]]:
        """Every readable session, newest first; anything else is moved aside.

        Only files that changed since the last scan are opened. One scan at a time per
        workspace, also across processes."""
        entries, problems = self._locked_scan()
        if entries is None:
            return (self.quick_summaries() if self.folder.is_dir() else []), problems
        summaries = [schema.Summary.from_data(entry["summary"]) for entry in entries.values()]
        return schema.newest_first(summaries), problems

    def refresh(self) -> list[Problem]:
        """The index up to date with what is on disk (a scan without the summaries, for
        callers that read the knelpunten next)."""
        return self._locked_scan()[1]

    def _locked_scan(self) -> tuple[dict[str, Any] | None, list[Problem]]:
        if not self.folder.is_dir():
            return {}, []
        try:
            with FileLock(self.folder / SCAN_LOCK, within=self.root).held_for(SCAN_WAIT):
                entries, problems = self._scan()
        except InUse:
            return None, [Problem("", "Een ander beraad-venster controleert de sessies nog.")]
        except OSError as error:
            if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT):
                return {}, [Problem("", f"De map {self.folder} kan niet worden gelezen: {os_reason(error)}.")]
            note = Problem(
                "",
                f"In {self.folder} kan beraad niet schrijven: {os_reason(error)}. Je kunt de sessies bekijken"
                + (
                    ", en bewerken zodra er weer ruimte is."
                    if error.errno in (errno.ENOSPC, errno.EDQUOT)
                    else " maar niet bewerken."
                ),
            )
            try:  # a read-only or full disk: read what is there, write nothing (no index, nothing moved aside)
                entries, problems = self._scan(writable=False)
            except OSError as error:
                return {}, [Problem("", f"De map {self.folder} kan niet worden gelezen: {os_reason(error)}.")]
            problems = [note, *problems]
        if self.on_scan is not None:
            try:
                self.on_scan(entries)
            except BeraadError as error:  # the register says why; the sessions are fine
                problems.append(Problem("", str(error)))
        return entries, problems

    def _scan(self, writable: bool = True) -> tuple[dict[str, Any], list[Problem]]:
        old = index.read(self.folder, knelpunten=True)
        entries: dict[str, Any] = {}
        problems: list[Problem] = []
        for entry in sorted(os.scandir(self.folder), key=lambda e: e.name):
            name = entry.name
            if name in KEEP or entry.is_dir(follow_symlinks=False):
                continue  # quarantaine/, .locks/ and any folder of the user's own
            if name.startswith(".") and name.endswith(".tmp"):
                if writable:
                    _drop_stale_temp(Path(entry.path))
                continue
            try:
                found = entry.stat(follow_symlinks=False)
                if entry.is_symlink():
                    raise schema.FormatProblem("geen gewoon bestand maar een snelkoppeling")
                if not stat.S_ISREG(found.st_mode):
                    raise schema.FormatProblem("geen gewoon bestand maar bijvoorbeeld een pijp of een apparaat")
                if not name.endswith(".json") or not SESSION_ID.match(name[:-5]):
                    raise schema.FormatProblem(
                        "de naam is niet die van een sessie van beraad (letters, cijfers en streepjes, zoals 20261203-9a2c03.json); "
                        "een sessie die je kopieerde of hernoemde, zet je terug onder haar oorspronkelijke naam"
                    )
                key = [found.st_mtime_ns, found.st_size, found.st_ino]
                if name in old and old[name].get("stat") == key:
                    entries[name] = old[name]
                    continue
                session = read_file(Path(entry.path))
                if name[:-5] != session.id:
                    raise schema.FormatProblem("de naam past niet bij de sessie erin")
                entries[name] = _entry(session, key)
            except FileNotFoundError:
                continue  # deleted while we looked
            except schema.NewerVersion as error:
                problems.append(Problem(name, _newer(name, error.version)))
            except Exception as error:  # any shape of file is either a session or moved aside
                if writable:
                    problems.append(self._quarantine(Path(entry.path), _reason(error)))
                else:
                    problems.append(
                        Problem(
                            name,
                            f"Het bestand '{visible_line(name)}' in sessions/ is geen leesbare sessie ({_reason(error)}).",
                        )
                    )
        if writable and (entries != old or not index.complete(self.folder)):
            index.write(self.folder, entries)
        return entries, problems

    def _quarantine(self, path: Path, reason: str) -> Problem:
        name = visible_line(path.name)
        try:
            target_dir = private_dir(self.folder / QUARANTINE, within=self.root)
            confine(target_dir / path.name, self.root)
            target = target_dir / path.name
            if target.exists() or target.is_symlink():
                target = target_dir / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}{path.suffix}"
            os.replace(path, target)
        except OSError as error:
            return Problem(
                path.name,
                f"Het bestand '{name}' in sessions/ is geen leesbare sessie ({reason}), en kon niet apart "
                f"worden gezet: {os_reason(error)}. Je andere sessies zijn gewoon beschikbaar.",
            )
        return Problem(
            path.name,
            f"Het bestand '{name}' in sessions/ is geen leesbare sessie ({reason}). Het staat nu in "
            f"{QUARANTINE}/{visible_line(target.name)}; je andere sessies zijn gewoon beschikbaar.",
        )


def recovery_folders(folder: Path, legacy: bool = False) -> list[Path]:
    """Where recovery copies of the sessions in folder go, in order: beside them, then a
    private folder in the user's data folder, then one in the home folder (all survive a
    reboot). legacy: also the folders earlier versions used (the cache folder and a
    per-user folder in the shared temp folder), to find and delete their copies."""
    folders = [folder / RECOVERY, user_data_dir() / RECOVERY, Path.home() / "beraad-herstel"]
    if legacy:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        folders += [user_cache_dir() / "beraad-herstel", Path(tempfile.gettempdir()) / f"beraad-herstel-{uid}"]
    return folders


def recovery_copies(places: list[Path], session_id: str) -> list[Path]:
    """Every recovery copy of a session in these folders, where they are the user's own
    (a copy someone else put in a shared folder is not the user's)."""
    found = []
    for place in places:
        try:
            own_folder(place)
            found += [
                path
                for path in place.glob(f"{session_id}*.json")
                if re.fullmatch(rf"{re.escape(session_id)}(?:-\d+)?", path.stem)
            ]
        except OSError:
            continue
    return found


def _document(session: Session) -> dict[str, Any]:
    return schema.stamped(session.to_data())


def read_file(path: Path) -> Session:
    """A session file anywhere (a recovery copy too), migrated to today's version."""
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        document = db.table(schema.TABLE).get(doc_id=int(schema.DOC_ID))
    if not isinstance(document, dict):
        raise schema.FormatProblem("er staat geen sessie in")
    data = dict(document)
    data.pop("schema_version", None)
    # A method copy is checked as it was when the session started, not by today's stricter rules
    return Session.model_validate(data, context={"stored": True})


def _entry(session: Session, key: list[int]) -> dict[str, Any]:
    data = _document(session)
    approval = _approval(session)
    approved = bool(approval and approval["current"])
    summary = replace(schema.Summary.of(data), approved=approved, verslag=verslag_state(session, approved))
    return {
        "stat": key,
        "summary": summary.to_data(),
        "bottlenecks": [b.model_dump(mode="json") for b in session.bottlenecks],
        "approval": approval,
    }


def verslag_state(session: Session, approved: bool) -> str:
    """Where the verslag stands, as the overview shows it: vastgesteld (which version), the
    review done, or a concept (of the next version, after an approved one changed)."""
    versions = len(session.approvals)
    if approved:
        return f"vastgesteld v{versions}"
    if session.review.reviewed == session.fingerprint():
        return "review klaar"
    return f"concept v{versions + 1}" if versions else "concept"


def _approval(session: Session) -> dict[str, Any] | None:
    """The latest vastgesteld verslag: when, and its knelpunten as they went out
    (anonymised), so the register shows the agreed text without opening the session."""
    if not session.approvals:
        return None
    approval = session.approvals[-1]
    frozen = approval.report.get("knelpunten", [])
    ids = [b.id for b in session.bottlenecks]
    knelpunten = {}
    for number, item in enumerate(frozen if isinstance(frozen, list) else [], 1):
        if isinstance(item, dict):
            # Verslagen of the first release did not record the id: their order is the session's
            bottleneck_id = item.get("id") or (ids[number - 1] if number <= len(ids) else None)
            if isinstance(bottleneck_id, str):
                # with the team as the verslag shows it (anonymised), for extracts beyond the team
                knelpunten[bottleneck_id] = {**item, "team": approval.report.get("team", "")}
    return {
        "version": approval.version,
        "date": approval.date.isoformat(),
        # the role as the verslag shows it (anonymised): it becomes the author of the agreed
        # event, which is pushed to a server; the role as typed stays in the session
        "by_role": str(approval.report.get("vastgesteld_door") or ""),
        "current": approval.fingerprint == session.fingerprint(),
        "knelpunten": knelpunten,
    }


def _drop_stale_temp(path: Path) -> None:
    """A temp file left by a crash mid-write; the real file holds the last good state."""
    try:
        if time.time() - path.stat().st_mtime > STALE_TEMP_SECONDS:
            path.unlink()
    except OSError:
        pass


def _reason(error: BaseException) -> str:
    if isinstance(error, schema.FormatProblem):
        return str(error)
    if isinstance(error, ValidationError):
        count = error.error_count()
        more = f" en {count - 1} andere plek{'ken' if count > 2 else ''}" if count > 1 else ""
        return f"onverwachte inhoud bij {_loc(error)}{more}"
    if isinstance(error, OSError):
        return f"niet te lezen: {os_reason(error)}"
    return "onverwachte inhoud"


# What a session file's top-level keys hold, in the words of the app
PARTS = {
    "id": "de sessie-id",
    "title": "de titel",
    "date": "de datum",
    "team": "het team",
    "facilitator": "de gespreksleider",
    "participants": "de deelnemers",
    "case_presenter": "de casusinbrenger",
    "method": "de methode",
    "status": "de status",
    "current_step": "de huidige stap",
    "cursor": "de plaats van de cursor",
    "values": "de notities",
    "case_people": "de personen in de casus",
    "bottlenecks": "de knelpunten",
    "review": "de review",
    "approvals": "de vaststellingen",
    "elapsed": "de tijden",
}


def _loc(error: ValidationError) -> str:
    """Where in the file, in words: "de titel", "de knelpunten (2e)"."""
    loc = error.errors()[0]["loc"]
    if not loc:
        return "het begin"
    part = PARTS.get(str(loc[0]), f"'{visible(str(loc[0]))}'")
    index = next((p for p in loc[1:] if isinstance(p, int)), None)
    return f"{part} ({index + 1}e)" if index is not None else part


def _newer(name: str, version: int) -> str:
    return (
        f"De sessie '{visible(name)}' is gemaakt met een nieuwere versie van beraad (bestandsversie {version}). "
        "Werk beraad bij om haar te openen; het bestand blijft onaangeroerd."
    )


def _save_failed(error: OSError, earlier: bool) -> str:
    kept = (
        "De vorige versie van de sessie staat veilig op schijf." if earlier else "De sessie staat nog niet op schijf."
    )
    return f"Opslaan is mislukt: {os_failure(error)}. {kept}"
