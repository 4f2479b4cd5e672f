"""The register on disk: an append-only log of events in SQLite, register/register.sqlite3
in the workspace, beside the knelpunten it has seen.

SQLite because the register is shared by every window and command of a workspace: a step
is one small transaction (no file of megabytes rewritten), readers never block the writer
(WAL), and two writers queue instead of overwriting each other. Each knelpunt's row keeps
the fold of its events (`state`), updated in the same transaction as the event it folds,
so opening the register reads one table; `rebuild()` folds everything again from the log.

The `knelpunten` table is also the register's index of the sessions' knelpunten: the
session scan hands over what changed (`sync_sessions`), so the register never opens a
session file. When a session is deleted its knelpunten stay, with what the team agreed on
(anonymised) and their history; their live text (not anonymised) goes with the session.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from beraad.errors import BeraadError, os_reason
from beraad.files import PRIVATE_FILE, private_dir
from beraad.model.register import (
    REF,
    Entry,
    LogEvent,
    LogEventError,
    knelpunt_uuid,
    local_ref,
)

FOLDER = "register"
FILE = "register.sqlite3"
OLD_FILE = "knelpunten.json"  # the register of beraad before the event log
# 2: the fold in columns (what the register's table shows is read without JSON);
# 3: the day the team first agreed on a knelpunt (its deadlines count from it);
# 4: where the municipality's server routed it, and how many conflicts its steps have
SCHEMA = 4
BUSY_MS = 10_000  # how long a write waits for another window's write to finish
MAX_LIVE_TEXT = 2_000  # characters of a description the register keeps for search and suggestions

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS knelpunten (
    uuid TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL,
    local_ref TEXT NOT NULL UNIQUE,
    server_ref TEXT,
    flagged_on TEXT NOT NULL,
    present INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    addressee TEXT NOT NULL DEFAULT '',
    regulation TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '',
    session_title TEXT NOT NULL DEFAULT '',
    same_as TEXT,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'gesignaleerd',
    agendered_on TEXT,
    agendered_to TEXT,
    done_on TEXT,
    theme TEXT,
    agreed TEXT,
    agreed_same_as TEXT,
    agreed_text TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '{}',
    agreed_on TEXT,
    routed_to TEXT NOT NULL DEFAULT '',
    conflicts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS knelpunten_session ON knelpunten(session_id);
CREATE TABLE IF NOT EXISTS sessions (session_id TEXT PRIMARY KEY, stat TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT NOT NULL UNIQUE,
    knelpunt TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    body TEXT NOT NULL,
    server_seq INTEGER,
    sent INTEGER NOT NULL DEFAULT 0,
    UNIQUE (origin, seq)
);
CREATE INDEX IF NOT EXISTS events_knelpunt ON events(knelpunt);
CREATE INDEX IF NOT EXISTS events_unsent ON events(sent) WHERE sent = 0;
"""


class RegisterError(BeraadError):
    """A Dutch message; the register on disk is unchanged."""


# What the register's table reads of every knelpunt, in this order (see Stored).
COLUMNS = (
    "uuid, key, session_id, local_ref, server_ref, flagged_on, present, title, team, addressee, regulation, "
    "sources, session_title, same_as, description, status, agendered_on, agendered_to, done_on, theme, "
    "agreed, agreed_same_as, agreed_text, state, agreed_on, routed_to, conflicts"
)
# The same for a list of all of them: what is large (the history, the description, the
# agreed text of a knelpunt whose session is still there) is read when it is needed.
LISTED = (
    "uuid, key, session_id, local_ref, server_ref, flagged_on, present, title, team, addressee, regulation, "
    "sources, session_title, same_as, '', status, agendered_on, agendered_to, done_on, theme, "
    "CASE WHEN present THEN (CASE WHEN agreed IS NULL THEN NULL ELSE '' END) ELSE agreed END, "
    "agreed_same_as, agreed_text, '', agreed_on, routed_to, conflicts"
)
SEPARATOR = "\x1f"  # between the sources in their column (a unit separator no one types)


class Stored(NamedTuple):
    """One knelpunt as the register's table holds it: what its session says now (while
    present), and the fold of its events; agreed and state are JSON, read when needed."""

    uuid: str
    key: str
    session_id: str
    local_ref: str
    server_ref: str | None
    flagged_on: str
    present: int
    title: str
    team: str
    addressee: str
    regulation: str
    sources: str
    session_title: str
    same_as: str | None
    description: str
    status: str
    agendered_on: str | None
    agendered_to: str | None
    done_on: str | None
    theme: str | None
    agreed: str | None
    agreed_same_as: str | None
    agreed_text: str
    state: str
    agreed_on: str | None
    routed_to: str
    conflicts: int

    def entry(self) -> Entry:
        return Entry.from_state(
            self.uuid, self.key, self.server_ref or self.local_ref, self.local_ref, json.loads(self.state or "{}")
        )


class RegisterLog:
    """The register of one workspace."""

    def __init__(self, workspace_root: Path, now: Callable[[], datetime] | None = None) -> None:
        self.root = workspace_root
        self.folder = workspace_root / FOLDER
        self.path = self.folder / FILE
        self._now = now or (lambda: datetime.now(UTC))
        self._ready = False
        self.read_only = False
        self._origin: str | None = None
        self._lock = threading.Lock()  # one write transaction of this process at a time

    # Connections: one per operation, so any thread (a worker, the room server) may use it.

    @contextlib.contextmanager
    def _connection(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        self._prepare()
        if write and self.read_only:
            raise RegisterError(
                f"Het register ({self.path}) staat op een plek waar beraad niet mag schrijven (alleen-lezen). "
                "Je kunt het bekijken; een stap vastleggen kan pas in een werkmap waar beraad mag schrijven."
            )
        try:
            connection = self._open()
        except sqlite3.Error as error:
            raise RegisterError(_unusable(self.path, error)) from error
        try:
            connection.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            if write:
                with self._lock:
                    connection.execute("BEGIN IMMEDIATE")
                    try:
                        yield connection
                    except BaseException:
                        connection.execute("ROLLBACK")
                        raise
                    connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
                    connection.execute("COMMIT")
            else:
                yield connection
        except sqlite3.Error as error:
            raise RegisterError(_unusable(self.path, error)) from error
        finally:
            connection.close()

    def _open(self) -> sqlite3.Connection:
        if self.read_only:  # immutable: no -shm or -wal file is needed, or made, beside it
            return sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
        return sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)

    def _prepare(self) -> None:
        """Create the register once: a private file, never through a link, WAL, tables,
        this workspace's origin, and what the register of an earlier beraad held."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            if self.path.is_file() and not (os.access(self.folder, os.W_OK) and os.access(self.path, os.W_OK)):
                self._prepare_read_only()
                return
            try:
                private_dir(self.folder)
                _refuse_link(self.folder)
                _create_private(self.path)
                connection = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            except OSError as error:
                raise RegisterError(
                    f"Het register ({self.path}) kan niet worden geopend: {os_reason(error)}."
                ) from error
            except sqlite3.Error as error:
                raise RegisterError(_unusable(self.path, error)) from error
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(_SCHEMA)
                connection.execute("BEGIN IMMEDIATE")
                found = dict(connection.execute("SELECT key, value FROM meta").fetchall())
                if int(found.get("schema", SCHEMA)) < SCHEMA:
                    _upgrade(connection)
                    connection.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA),))
                if int(found.get("schema", SCHEMA)) > SCHEMA:
                    connection.execute("ROLLBACK")
                    raise RegisterError(
                        "Het register is gemaakt met een nieuwere versie van beraad; werk beraad bij om het te gebruiken."
                    )
                defaults = {"schema": str(SCHEMA), "origin": str(uuid.uuid4()), "version": "0", "cursor": "0"}
                for key, value in defaults.items():
                    connection.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
                connection.execute("COMMIT")
                self._origin = connection.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()[0]
                self._migrate(connection)
            except sqlite3.Error as error:
                raise RegisterError(_unusable(self.path, error)) from error
            finally:
                connection.close()
            self._ready = True

    def _prepare_read_only(self) -> None:
        """A register beraad may read but not write (a read-only disk or folder): shown as
        it is, nothing made beside it; every write says why it cannot be done."""
        self.read_only = True
        try:
            _refuse_link(self.folder)
            connection = self._open()
            try:
                found = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            finally:
                connection.close()
        except (OSError, sqlite3.Error) as error:
            raise RegisterError(
                f"Het register ({self.path}) kan niet worden gelezen: de map is alleen-lezen en het register "
                "is niet te openen. Er is niets gewijzigd."
            ) from error
        if int(found.get("schema", SCHEMA)) != SCHEMA:
            raise RegisterError(
                f"Het register ({self.path}) is van een andere versie van beraad en de map is alleen-lezen, "
                "zodat beraad het niet kan bijwerken. Open het in een werkmap waar beraad mag schrijven."
            )
        self._origin = found.get("origin", "")
        self._ready = True

    # What the register knows

    @property
    def origin(self) -> str:
        """This workspace's UUID: where its events come from."""
        self._prepare()
        assert self._origin is not None
        return self._origin

    def _absent(self) -> bool:
        """No register yet, and nothing to make one from: reading finds nothing, and
        leaves nothing behind (a trainer's dry run writes no file at all)."""
        return not self._ready and not self.path.exists() and not (self.folder / OLD_FILE).exists()

    def meta(self, key: str) -> str | None:
        if self._absent():
            return None
        with self._connection() as db:
            found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return found[0] if found else None

    def set_meta(self, key: str, value: str) -> None:
        with self._connection(write=True) as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def version(self) -> int:
        """Grows with every change by any window or command (a cheap check before reading)."""
        return int(self.meta("version") or 0)

    def knelpunten(self) -> tuple[int, list[Stored]]:
        """Every knelpunt the register knows, with the version they were read at."""
        if self._absent():
            return 0, []
        with self._connection() as db:
            db.execute("BEGIN")  # one snapshot: the version and the rows belong together
            version = int(db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])
            rows = db.execute(f"SELECT {LISTED} FROM knelpunten").fetchall()
            db.execute("COMMIT")
        return version, list(map(Stored._make, rows))

    def entry(self, knelpunt: str) -> Entry | None:
        """One knelpunt's history, folded (for its page, a signaal, a step)."""
        with self._connection() as db:
            stored = _one(db, knelpunt)
        return stored.entry() if stored is not None else None

    def entries(self) -> dict[str, Entry]:
        """Every knelpunt's history at once (an export of all of them)."""
        if self._absent():
            return {}
        with self._connection() as db:
            rows = db.execute("SELECT uuid, key, local_ref, server_ref, state FROM knelpunten").fetchall()
        return {
            uuid_: Entry.from_state(uuid_, key, server or local, local, json.loads(state or "{}"))
            for uuid_, key, local, server, state in rows
        }

    def agreed(self, knelpunt: str) -> dict[str, Any] | None:
        with self._connection() as db:
            found = db.execute("SELECT agreed FROM knelpunten WHERE uuid = ?", (knelpunt,)).fetchone()
        return json.loads(found[0]) if found and found[0] else None

    def descriptions(self) -> dict[str, str]:
        """The description of every knelpunt whose session is there, by key (suggestions)."""
        if self._absent():
            return {}
        with self._connection() as db:
            return dict(db.execute("SELECT key, description FROM knelpunten WHERE present").fetchall())

    def events(self, knelpunt: str) -> list[LogEvent]:
        """The whole log of one knelpunt, in the order it was stored (the audit trail)."""
        with self._connection() as db:
            rows = db.execute("SELECT body FROM events WHERE knelpunt = ? ORDER BY rowid", (knelpunt,)).fetchall()
        return [LogEvent.from_wire(json.loads(body)) for (body,) in rows]

    # Writing: a person's step, and what the sessions say

    def append(
        self, knelpunt: str, events: list[LogEvent], check: Callable[[Entry, date], None] | None = None
    ) -> Entry:
        """Add events made here to a knelpunt's log, after check(entry) passed on the state
        as it is inside the transaction (another window may have added a step meanwhile)."""
        with self._connection(write=True) as db:
            stored = _one(db, knelpunt)
            if stored is None:
                raise RegisterError("Dit knelpunt staat (nog) niet in het register.")
            entry = stored.entry()
            if check is not None:
                check(entry, _day(stored.flagged_on))
            for event in events:
                self._insert_own(db, event, entry)
            _save_state(db, entry)
        return entry

    def _insert_own(self, db: sqlite3.Connection, event: LogEvent, entry: Entry) -> LogEvent:
        origin = self._origin or ""  # set by _prepare, which may be the caller (a migration)
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE origin = ?", (origin,)).fetchone()[0]
        own = LogEvent(
            event.id, event.knelpunt, origin, seq, event.kind, event.recorded_at, event.role, None, event.data
        )
        _insert(db, own, sent=0)
        entry.apply(own)
        return own

    def sync_sessions(self, entries: dict[str, Any]) -> None:
        """Take in what the session scan saw (file name -> index entry): new and changed
        knelpunten, those removed, sessions deleted; a newly vastgesteld version of a
        verslag becomes an `agreed` event per knelpunt (its anonymised text)."""
        wanted = {str(e["summary"].get("id")): e for e in entries.values() if isinstance(e.get("summary"), dict)}
        if not wanted and self._absent():
            return
        self._prepare()
        if self.read_only:
            return  # the register shows what it has; nothing can be written here
        with self._connection() as db:
            known = dict(db.execute("SELECT session_id, stat FROM sessions").fetchall())
        changed = {sid: e for sid, e in wanted.items() if known.get(sid) != json.dumps(e.get("stat"))}
        gone = set(known) - set(wanted)
        if not changed and not gone:
            return
        with self._connection(write=True) as db:
            for session_id in gone:
                self._forget_session(db, session_id)
            for session_id, entry in changed.items():
                self._take_session(db, session_id, entry)

    def _forget_session(self, db: sqlite3.Connection, session_id: str) -> None:
        db.execute(f"UPDATE knelpunten SET {_GONE} WHERE session_id = ?", (session_id,))
        db.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))

    def _take_session(self, db: sqlite3.Connection, session_id: str, entry: dict[str, Any]) -> None:
        summary = entry["summary"]
        flagged = _day(summary.get("date"))
        approval = entry.get("approval") if isinstance(entry.get("approval"), dict) else None
        frozen = approval.get("knelpunten", {}) if approval else {}
        present = set()
        for data in entry.get("bottlenecks") or []:
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                continue
            key = f"{session_id}/{data['id']}"
            uid = data.get("uid")
            knelpunt = uid if isinstance(uid, str) else knelpunt_uuid(key)
            present.add(knelpunt)
            live = _live(summary, data)
            row = db.execute("SELECT agreed, local_ref FROM knelpunten WHERE uuid = ?", (knelpunt,)).fetchone()
            if row is None:
                ref = self._issue_ref(db, flagged.year)
                db.execute(
                    "INSERT INTO knelpunten (uuid, key, session_id, local_ref, flagged_on) VALUES (?,?,?,?,?)",
                    (knelpunt, key, session_id, ref, flagged.isoformat()),
                )
                before: dict[str, Any] = {}
            else:
                ref, before = row[1], json.loads(row[0] or "{}")
            db.execute(
                f"UPDATE knelpunten SET present = 1, {_LIVE}, flagged_on = ?, key = ? WHERE uuid = ?",
                (*live, flagged.isoformat(), key, knelpunt),
            )
            agreed = frozen.get(data["id"]) if isinstance(frozen, dict) else None
            if approval and isinstance(agreed, dict):
                self._agree(db, knelpunt, ref, before, agreed, approval, summary, data)
        for (knelpunt,) in db.execute("SELECT uuid FROM knelpunten WHERE session_id = ?", (session_id,)).fetchall():
            if knelpunt not in present:  # removed from the session: what was agreed stays
                db.execute(f"UPDATE knelpunten SET {_GONE} WHERE uuid = ?", (knelpunt,))
        db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?)", (session_id, json.dumps(entry.get("stat"))))

    def _agree(
        self,
        db: sqlite3.Connection,
        knelpunt: str,
        ref: str,
        before: dict[str, Any],
        agreed: dict[str, Any],
        approval: dict[str, Any],
        summary: dict[str, Any],
        data: dict[str, Any],
    ) -> None:
        version = int(approval.get("version") or 0)
        if before and int(before.get("versie", 0)) >= version:
            return
        same_as = data.get("same_as")
        snapshot = {
            **agreed,
            "ref": ref,
            "versie": version,
            "vastgesteld_op": str(approval.get("date") or ""),
            "sessiedatum": str(summary.get("date") or ""),
            "zelfde_als": knelpunt_uuid(same_as) if isinstance(same_as, str) else None,
        }
        stored = _one(db, knelpunt)
        assert stored is not None
        entry = stored.entry()
        event = LogEvent.new(knelpunt, "agreed", snapshot, role=str(approval.get("by_role") or ""), now=self._now())
        self._insert_own(db, event, entry)
        _save_state(db, entry)

    def _issue_ref(self, db: sqlite3.Connection, year: int) -> str:
        counter = f"counter-{year}"
        db.execute("INSERT OR IGNORE INTO meta VALUES (?, '0')", (counter,))
        while True:
            db.execute("UPDATE meta SET value = value + 1 WHERE key = ?", (counter,))
            number = int(db.execute("SELECT value FROM meta WHERE key = ?", (counter,)).fetchone()[0])
            ref = local_ref(self._origin or "", year, number)
            if db.execute("SELECT 1 FROM knelpunten WHERE local_ref = ?", (ref,)).fetchone() is None:
                return ref

    # Sync with a municipality's server

    def unsent(self, limit: int = 500) -> list[LogEvent]:
        """Events made here that the server has not confirmed, of knelpunten the team
        agreed on (nothing else ever leaves), oldest first."""
        with self._connection() as db:
            rows = db.execute(
                "SELECT e.body FROM events e WHERE e.sent = 0 AND e.origin = ? AND EXISTS "
                "(SELECT 1 FROM events a WHERE a.knelpunt = e.knelpunt AND a.kind = 'agreed') "
                "ORDER BY e.seq LIMIT ?",
                (self.origin, limit),
            ).fetchall()
        return [LogEvent.from_wire(json.loads(body)) for (body,) in rows]

    def mark_sent(self, ids: Iterable[str]) -> None:
        with self._connection(write=True) as db:
            db.executemany("UPDATE events SET sent = 1 WHERE id = ?", [(i,) for i in ids])

    def receive(self, events: Iterable[tuple[LogEvent, int | None]], touched: set[str] | None = None) -> int:
        """Events from the server (with their server sequence), each taken once: an event
        already here (by id) is not taken again. Returns how many were new; touched gets the
        knelpunten they were about."""
        new = 0
        with self._connection(write=True) as db:
            for event, server_seq in events:
                if db.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone():
                    if server_seq is not None:
                        db.execute("UPDATE events SET server_seq = ?, sent = 1 WHERE id = ?", (server_seq, event.id))
                    continue
                stored = _one(db, event.knelpunt)
                if stored is None:
                    continue  # not a knelpunt of this workspace: not ours to keep
                _insert(db, event, sent=1, server_seq=server_seq)
                entry = stored.entry()
                entry.apply(event)
                _save_state(db, entry)
                if event.kind == "reference" and entry.ref != entry.local_ref:
                    db.execute("UPDATE knelpunten SET server_ref = ? WHERE uuid = ?", (entry.ref, event.knelpunt))
                new += 1
                if touched is not None:
                    touched.add(event.knelpunt)
        return new

    def rebuild(self) -> None:
        """Fold every knelpunt's state again from its events (after an upgrade of the fold)."""
        with self._connection(write=True) as db:
            rows = db.execute(f"SELECT {COLUMNS} FROM knelpunten").fetchall()
            for row in rows:
                entry = Stored._make(row)._replace(state="{}").entry()
                entry.ref = entry.local_ref
                for (body,) in db.execute("SELECT body FROM events WHERE knelpunt = ? ORDER BY rowid", (row[0],)):
                    with contextlib.suppress(LogEventError, ValueError):
                        entry.apply(LogEvent.from_wire(json.loads(body)))
                _save_state(db, entry)

    # The register of beraad before the event log (register/knelpunten.json)

    def _migrate(self, connection: sqlite3.Connection) -> None:
        old = self.folder / OLD_FILE
        if not old.is_file() or old.is_symlink():
            return
        from beraad.files import read_regular

        try:
            data = json.loads(read_regular(old, 512 * 1024 * 1024))
            rows = list(data.get("knelpunten", {}).values())
        except (OSError, ValueError, AttributeError) as error:
            raise RegisterError(
                f"Het register van een eerdere versie ({old}) kan niet worden gelezen "
                f"({os_reason(error) if isinstance(error, OSError) else 'de inhoud klopt niet'}). "
                "Er is niets gewijzigd; verplaats het bestand, dan begint beraad zonder die geschiedenis."
            ) from error
        connection.execute("BEGIN IMMEDIATE")
        try:
            for row in rows:
                self._migrate_one(connection, row)
            connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        with contextlib.suppress(OSError):
            os.replace(old, old.with_name(OLD_FILE + ".gemigreerd"))

    def _migrate_one(self, db: sqlite3.Connection, row: Any) -> None:
        if not isinstance(row, dict) or not isinstance(row.get("key"), str) or not isinstance(row.get("ref"), str):
            return
        key, ref = row["key"], row["ref"]
        knelpunt = knelpunt_uuid(key)
        if db.execute("SELECT 1 FROM knelpunten WHERE uuid = ?", (knelpunt,)).fetchone():
            return
        session_id = key.split("/", 1)[0]
        steps = [s for s in row.get("events", []) if isinstance(s, dict)]
        flagged = min((_day(s.get("date")) for s in steps), default=date.today())
        local = ref if REF.match(ref) else f"KP-{key}"
        db.execute(
            "INSERT INTO knelpunten (uuid, key, session_id, local_ref, flagged_on) VALUES (?,?,?,?,?)",
            (knelpunt, key, session_id, local, flagged.isoformat()),
        )
        entry = Entry(knelpunt, key, local, local)
        for step in steps:
            when = datetime.combine(_day(step.get("date")), datetime.min.time(), UTC).replace(hour=12)
            data = {k: step.get(k) for k in ("status", "date", "note", "to_whom", "how", "outcome")}
            event = LogEvent.new(knelpunt, "step", data, role=str(step.get("role") or ""), now=when)
            self._insert_own(db, event, entry)
        _save_state(db, entry)


def _upgrade(db: sqlite3.Connection) -> None:
    """A register of an earlier schema: its knelpunten table is only a fold of the events
    and of the sessions, so it is made again (the events stay as they are); the next scan
    of the sessions fills in their text, and the fold is done again."""
    kept = db.execute("SELECT uuid, key, session_id, local_ref, server_ref, flagged_on FROM knelpunten").fetchall()
    db.execute("DROP TABLE knelpunten")
    db.execute("DELETE FROM sessions")
    for statement in _SCHEMA.split(";"):
        if "CREATE TABLE IF NOT EXISTS knelpunten" in statement or "knelpunten_session" in statement:
            db.execute(statement)
    db.executemany(
        "INSERT INTO knelpunten (uuid, key, session_id, local_ref, server_ref, flagged_on) VALUES (?,?,?,?,?,?)", kept
    )
    for uuid_, key, _, local, server, _ in kept:
        entry = Entry(uuid_, key, server or local, local)
        for (body,) in db.execute("SELECT body FROM events WHERE knelpunt = ? ORDER BY rowid", (uuid_,)).fetchall():
            with contextlib.suppress(LogEventError, ValueError):
                entry.apply(LogEvent.from_wire(json.loads(body)))
        _save_state(db, entry)


def _insert(db: sqlite3.Connection, event: LogEvent, sent: int, server_seq: int | None = None) -> None:
    db.execute(
        "INSERT INTO events (id, knelpunt, origin, seq, kind, recorded_at, body, sent, server_seq) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        (
            event.id,
            event.knelpunt,
            event.origin,
            event.seq,
            event.kind,
            event.recorded_at,
            json.dumps(event.to_wire(), ensure_ascii=False),
            sent,
            server_seq,
        ),
    )


def _save_state(db: sqlite3.Connection, entry: Entry) -> None:
    """The fold of a knelpunt's events, whole (state) and in the columns the register's
    table reads (status, dates, what was agreed), in the transaction of its last event."""
    agendered, done = entry.step("geagendeerd"), entry.step("afgerond")
    agreed = entry.agreed
    same_as = agreed.get("zelfde_als") if agreed else None
    searched = " ".join(str(agreed.get(k) or "") for k in ("beschrijving", "effect")) if agreed else ""
    db.execute(
        "UPDATE knelpunten SET state = ?, server_ref = ?, status = ?, agendered_on = ?, agendered_to = ?, "
        "done_on = ?, theme = ?, agreed = ?, agreed_same_as = ?, agreed_text = ?, agreed_on = ?, routed_to = ?, "
        "conflicts = ? WHERE uuid = ?",
        (
            json.dumps(entry.to_state(), ensure_ascii=False),
            entry.ref if entry.ref != entry.local_ref else None,
            entry.status,
            agendered.date.isoformat() if agendered else None,
            agendered.to_whom if agendered else None,
            done.date.isoformat() if done else None,
            entry.group or None,
            json.dumps(agreed, ensure_ascii=False) if agreed is not None else None,
            same_as if isinstance(same_as, str) else None,
            searched,
            entry.agreed_on.isoformat() if entry.agreed_on else None,
            entry.routed_to,
            entry.conflicts,
            entry.uuid,
        ),
    )


def _one(db: sqlite3.Connection, knelpunt: str) -> Stored | None:
    found = db.execute(f"SELECT {COLUMNS} FROM knelpunten WHERE uuid = ?", (knelpunt,)).fetchone()
    return Stored._make(found) if found else None


def _day(text: Any) -> date:
    """A stored date, whatever it holds: what cannot be read is today (never a crash)."""
    try:
        return date.fromisoformat(str(text))
    except (TypeError, ValueError):
        return date.today()


# What a session says of its knelpunt (local text, not anonymised): set while the session
# is there, emptied when it goes (the agreed, anonymised text stays in `agreed`).
_LIVE = (
    "title = ?, team = ?, addressee = ?, regulation = ?, sources = ?, session_title = ?, same_as = ?, description = ?"
)
_GONE = (
    "present = 0, title = '', team = '', addressee = '', regulation = '', sources = '', session_title = '', "
    "same_as = NULL, description = ''"
)


def _live(summary: dict[str, Any], data: dict[str, Any]) -> tuple[str, str, str, str, str, str, str | None, str]:
    sources = data.get("sources")
    same_as = data.get("same_as")
    return (
        str(data.get("title") or ""),
        str(summary.get("team") or ""),
        str(data.get("addressee") or ""),
        str(data.get("regulation") or ""),
        SEPARATOR.join(str(s) for s in sources) if isinstance(sources, list) else "",
        str(summary.get("title") or ""),
        same_as if isinstance(same_as, str) else None,
        str(data.get("description") or "")[:MAX_LIVE_TEXT],
    )


def _refuse_link(folder: Path) -> None:
    if folder.is_symlink():
        raise OSError(40, "symlink", str(folder))  # ELOOP: "het is een snelkoppeling"


def _create_private(path: Path) -> None:
    """The database file, 0600, created before SQLite opens it (SQLite gives its WAL files
    the database's mode); never a link to a file elsewhere."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
        os.close(descriptor)
        os.chmod(path, PRIVATE_FILE)
        return
    if not stat.S_ISREG(found.st_mode):
        raise OSError(40, "not a regular file", str(path))


def _unusable(path: Path, error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return "Het register wordt net bijgewerkt door een ander venster. Probeer het zo nog eens."
    if "readonly" in text or "read-only" in text:
        return f"Het register ({path}) kan niet worden bijgewerkt: de map is alleen-lezen."
    if "full" in text:
        return f"Het register ({path}) kan niet worden bijgewerkt: de schijf is vol."
    if "unable to open" in text or "disk i/o" in text:
        return (
            f"Het register ({path}) kan niet worden geopend: beraad mag daar niet lezen of schrijven, of de "
            "schijf gaf een fout. Er is niets gewijzigd; controleer de rechten van de map register/."
        )
    return (
        f"Het register {path} kan niet worden gelezen (de inhoud klopt niet). Er is niets gewijzigd; "
        "zet een reservekopie terug of verplaats het bestand, dan begint beraad een nieuw register."
    )
