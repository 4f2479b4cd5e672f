"""An open session: the one writer of its file, its autosave, its clock, and every action
a facilitator takes on it. Screens call these actions and show what they return; they
keep no domain state of their own. No Textual here.

Every change raises the session's revision and tells its listeners (the screen, the
room's team screen), whoever made it: the facilitator typing, a phone in the room.

Autosave: the open sessions are polled a few times a second (core/sessions.py). A change
is saved once typing pauses for half a second, and at the latest two seconds after it
was made, so a crash never costs more than that. The round clock alone is saved every
15 seconds.
"""

from __future__ import annotations

import errno
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from beraad.core import recovery
from beraad.errors import BeraadError, os_failure, os_reason, with_log
from beraad.model.bottleneck import Bottleneck
from beraad.model.session import Approval, Cursor, DoneAction, Session
from beraad.store.lock import Holder, InUse, holder_of
from beraad.store.sessions import SessionStore, StoreError
from beraad.text import clean_line, name_key
from beraad.workspace import Workspace

if TYPE_CHECKING:
    from beraad.anonymise import Anonymiser
    from beraad.core.review import Finding
    from beraad.core.services import Services
    from beraad.report.content import Report

Clock = Callable[[], float]
Writer = Literal["tui", "room", "core"]
What = Literal[
    "edit",
    "step",
    "timer",
    "saved",
    "save_failed",
    "reloaded",
    "bottlenecks",
    "review",
    "approval",
    "finished",
    "people",
    "look_back",
    "closing",
    "read_only",
]

AUTOSAVE_IDLE = 0.5  # seconds without typing before a save
AUTOSAVE_MAX = 2.0  # seconds a change may wait while typing goes on
CLOCK_SAVE_EVERY = 15.0  # seconds of running round time between saves of the clock alone
RETRY_EVERY = 5.0  # seconds between attempts after a failed save
READ_ALONG_EVERY = 1.0  # seconds between looks at the file by a window that only reads along
MAX_CASE_PEOPLE = 40
MAX_NAME = 200
# Why a lock cannot be taken on a workspace that can be read but not written
READ_ONLY_ERRORS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})
FULL = frozenset({errno.ENOSPC, errno.EDQUOT})  # space can be made: taking over may work later


class Lock(Protocol):
    """One writer per session: a file lock (store.lock.FileLock) or one in memory."""

    @property
    def held(self) -> bool: ...

    def acquire(self) -> None: ...

    def release(self) -> None: ...

    def lost(self) -> bool:
        """Whether the lock was taken away while held (its file deleted)."""
        ...


class Store(Protocol):
    """Where an open session is kept: sessions/ (store.sessions.SessionStore) or, for a
    dry run that saves nothing, memory (store.memory.MemoryStore)."""

    def save(self, session: Session) -> None: ...

    def load(self, session_id: str) -> Session: ...

    def lock(self, session_id: str) -> Lock: ...

    def version(self, session_id: str) -> object:
        """Changes whenever the stored session changes (for a window that reads along)."""
        ...


class ReadOnly(BeraadError):
    """The session is open elsewhere; this window only looks."""


class ExportError(BeraadError):
    """The verslag could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class SaveFailure:
    """The last save failed: why, and where a copy of the notes was put instead."""

    reason: str
    recovery: Path | None

    @property
    def message(self) -> str:
        if self.recovery is not None:
            return f"{self.reason} Een kopie van je notities staat in {self.recovery}."
        return (
            f"{self.reason} Ook een kopie elders lukte niet: laat beraad open staan en "
            "kopieer je tekst, of maak ruimte en druk op Ctrl+S."
        )


@dataclass(frozen=True)
class Change:
    """What changed in an open session, told to its listeners after it happened."""

    revision: int
    what: What
    step_id: str = ""
    field_id: str = ""
    by: Writer = "core"


Listener = Callable[[Change], None]


class OpenSession:
    def __init__(
        self,
        store: Store,
        session: Session,
        services: Services,
        *,
        lock: Lock | None,
        holder: Holder | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.services = services
        self.workspace: Workspace = services.workspace
        self.in_use_by = holder  # who holds the session when this window only looks
        self.why_read_only: str | None = None  # another reason this window only looks (Dutch)
        self._lost_copy: Path | None = None  # the recovery copy written when the lock went
        self.disk_read_only = False  # the workspace cannot be written: taking over will not help
        self.today: Callable[[], date] = services.today
        self.failure: SaveFailure | None = None
        self.revision = 0
        self._listeners: list[Listener] = []
        self._lock = lock
        self._clock = clock = services.clock
        self._last_tick = self._last_save = clock()
        self._last_edit = 0.0
        self._dirty_since: float | None = None
        self._retry_at = 0.0
        self._cursors: dict[str, Cursor | None] = {}
        self._next_look = self._next_writer_look = 0.0
        self._seen = store.version(session.id)  # the file as this window last saw (or saved) it

    # Who follows the session

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call listener after every change (on the thread that made it); returns the
        function that stops it."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _tell(self, what: What, step_id: str = "", field_id: str = "", by: Writer = "core") -> None:
        self.revision += 1
        change = Change(self.revision, what, step_id, field_id, by)
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception as error:  # one listener's failure never stops the session or the others
                logging.getLogger("beraad").debug("listener failed", exc_info=error)
                with_log("Een scherm kon een wijziging niet tonen.", error, "listener")

    # Opening and closing

    @classmethod
    def open(cls, store: Store, session_id: str, services: Services) -> OpenSession:
        """Open a stored session; read-only when another window has it (see in_use_by)."""
        lock: Lock | None = store.lock(session_id)
        holder = None
        why, full = None, False
        try:
            lock.acquire()  # type: ignore[union-attr]
        except InUse as in_use:
            lock, holder = None, in_use.holder
        except OSError as error:
            if error.errno not in READ_ONLY_ERRORS:
                raise StoreError(f"De sessie kan niet worden geopend: {os_reason(error)}.") from error
            lock, why, full = None, _cannot_write(error), error.errno in FULL  # a read-only or full disk: read it
        try:
            session = store.load(session_id)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        opened = cls(store, session, services, lock=lock, holder=holder)
        opened.why_read_only = why
        opened.disk_read_only = why is not None and not full
        return opened

    @classmethod
    def start(cls, store: Store, session: Session, services: Services) -> OpenSession:
        """A new session: take its lock and write it for the first time."""
        lock = store.lock(session.id)
        lock.acquire()
        try:
            store.save(session)
        except BaseException:
            lock.release()
            raise
        return cls(store, session, services, lock=lock)

    @property
    def read_only(self) -> bool:
        return self._lock is None

    def take_over(self) -> bool:
        """Become the writer once the other window has closed; reloads what it saved."""
        if not self.read_only:
            return True
        lock = self.store.lock(self.session.id)
        try:
            lock.acquire()
        except InUse as in_use:
            # another window holds it now: that is what stands in the way, not the lock
            # that went or the disk that was full (why_read_only said that)
            self.in_use_by, self.why_read_only, self.disk_read_only = in_use.holder, None, False
            return False
        except OSError as error:
            if error.errno not in READ_ONLY_ERRORS:
                raise StoreError(f"De sessie kan niet worden overgenomen: {os_reason(error)}.") from error
            self.why_read_only, self.disk_read_only = _cannot_write(error), error.errno not in FULL
            return False
        unchanged = self._seen is not None and self.store.version(self.session.id) == self._seen
        try:
            if not unchanged:  # another window saved meanwhile: go on with what it saved
                self.session = self.store.load(self.session.id)
        except BaseException:
            lock.release()
            raise
        self._lock, self.in_use_by, self.why_read_only, self.disk_read_only = lock, None, None, False
        self._last_tick = self._clock()
        if unchanged and self._dirty_since is not None and self.save():
            recovery.discard(self._lost_copy)  # what was typed after the lock went is in its place again
        self._lost_copy = None
        self._tell("reloaded")
        return True

    def close(self) -> bool:
        """Save one last time and let go of the session; False when that save failed.
        Listeners are told first, so a screen hands over typing still on its way."""
        if not self.read_only:
            self._tell("closing")
        saved = self.save()
        if saved and self._lock is not None:
            self._lock.release()
            self._lock = None
        return saved

    def release(self) -> None:
        """Let go without saving: the user quits although the last save failed (the notes
        are in the recovery copy), and another window may take the session."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def replace(self, session: Session) -> None:
        """Go on with another version of the same session (a preview whose method file
        changed): carets remembered per step belong to the old version and are dropped."""
        self._writable()
        self.tick()
        self.session = session
        self._cursors.clear()
        self.save()
        self._tell("reloaded")

    def left_behind(self) -> tuple[Session, Path] | None:
        """The newest recovery copy of this session, when it holds notes the version on disk
        does not: typed while saving failed or after the lock went, not yet put back. Told
        by what it holds, not by its time: a copy of typing that never reached the disk
        carries the time of the last save, and another window may have saved since."""
        from beraad.store.sessions import read_file

        if self.read_only:
            return None
        for path in recovery.left_behind(self.session.id, recovery.places(self.workspace, legacy=True)):
            try:
                copy = read_file(path)
            except Exception:  # a copy of any shape is left where it is, never fatal
                continue
            if copy.id == self.session.id and _notes(copy) != _notes(self.session):
                return copy, path
            return None
        return None

    def restore(self, copy: Session, path: Path) -> None:
        """Go on with the notes of a recovery copy (see left_behind); once they are saved
        in their own place, the copy at path goes."""
        self._writable()
        self.session = copy
        self._cursors.clear()
        if self.save():
            recovery.discard(path)
        self._tell("reloaded")

    @property
    def unsaved(self) -> bool:
        return not self.read_only and (self._dirty_since is not None or self.failure is not None)

    # Moving through the method

    def go_to(self, step_id: str) -> None:
        self._writable()
        if step_id == self.session.current_step:
            return
        self.tick()
        session = self.session
        self._cursors[session.current_step] = session.cursor
        session.go_to(step_id)
        session.cursor = self._cursors.get(step_id)  # back where the caret was in that step
        self.save()
        self._tell("step", step_id)

    def next_step(self) -> bool:
        """To the next step; False on the last step (the caller then offers to finish)."""
        following = self.session.neighbour(+1)
        if following is None:
            return False
        self.go_to(following)
        return True

    def previous_step(self) -> bool:
        previous = self.session.neighbour(-1)
        if previous is None:
            return False
        self.go_to(previous)
        return True

    def finish(self) -> None:
        self._writable()
        self.tick()
        self.session.status = "afgerond"
        self.session.timer_running = False
        self.save()
        self._tell("finished")

    # Capturing

    def edit(self, step_id: str, field_id: str, value: Any, by: Writer = "tui") -> bool:
        """Store a field's value; True when the step became filled or empty by it."""
        if self.session.value(step_id, field_id) == self.session.method.step(step_id).field(field_id).clean(value):
            return False  # no change (a field shown again says what it holds): fine in a read-only window too
        self._writable()
        before = self.session.is_filled(step_id)
        self.session.set_value(step_id, field_id, value)
        self._changed()
        self._tell("edit", step_id, field_id, by)
        return self.session.is_filled(step_id) != before

    def mark_done(self, action: DoneAction, done: bool = True) -> None:
        """Looking back: the group says an action of its previous session is done (or, on
        second thought, not). Kept in this session; the previous one stays as it was."""
        self._writable()
        kept = [a for a in self.session.actions_done if a != action]
        self.session.actions_done = [*kept, action] if done else kept
        self.save()
        self._tell("look_back")

    def set_cursor(self, cursor: Cursor | None) -> None:
        """Where the facilitator is typing. A move is saved like an edit (once the caret
        rests): after Enter in a list nothing changes in the notes, yet the caret must come
        back on the new line after a crash, not at the end of the point before it."""
        if not self.read_only and cursor != self.session.cursor:
            self.session.cursor = cursor
            if self._dirty_since is None:  # a save already due for an edit takes the caret along
                self._changed()

    # Time and saving

    @property
    def clock_runs(self) -> bool:
        """Whether the round clock runs: never in a finished session (opening it again to
        add a note or make the verslag adds no time to its evaluation)."""
        return self.session.timer_running and self.session.status != "afgerond"

    def toggle_timer(self) -> None:
        self._writable()
        if self.session.status == "afgerond":
            raise BeraadError("De sessie is afgerond: haar klok staat stil en telt geen tijd meer.")
        self.tick()
        self.session.timer_running = not self.session.timer_running
        self.save()
        self._tell("timer")

    def tick(self) -> None:
        """Add the time since the last tick to the current round, if its clock runs."""
        now = self._clock()
        if self.clock_runs and not self.read_only:
            self.session.add_elapsed(self.session.current_step, now - self._last_tick)
        self._last_tick = now

    def poll(self) -> bool | None:
        """Tick, and save when a save is due. None when nothing was saved, else whether it
        worked (False too when the lock was found gone: see why_read_only)."""
        self.tick()
        if self.read_only:
            return None
        if self._lock_lost():
            return False
        now = self._clock()
        if self.failure is not None:
            due = now >= self._retry_at and self._dirty_since is not None
        elif self._dirty_since is not None:
            due = now - self._last_edit >= AUTOSAVE_IDLE or now - self._dirty_since >= AUTOSAVE_MAX
        else:
            due = self.clock_runs and now - self._last_save >= CLOCK_SAVE_EVERY
        return self.save() if due else None

    def read_along(self) -> bool:
        """In a window that only looks: take in what the other window saved, at most once
        a second. True when the session changed (then show it again)."""
        now = self._clock()
        if not self.read_only or now < self._next_look:
            return False
        self._next_look = now + READ_ALONG_EVERY
        version = self.store.version(self.session.id)
        if version == self._seen:
            return False
        try:
            self.session = self.store.load(self.session.id)
        except StoreError:
            return False  # mid-write or gone: the next look tries again
        self._seen = version
        self._tell("reloaded")
        return True

    @property
    def keeps_history(self) -> bool:
        """False for a dry run (a trainer's preview on a memory store): it has no team and no
        earlier sessions, and never reads or writes the register."""
        return isinstance(self.store, SessionStore)

    def writer_gone(self) -> bool:
        """In a window that only looks: whether the other window let go of the session (it
        closed, or crashed), so this one can take over. Looked at once a second at most."""
        now = self._clock()
        if not self.read_only or self.why_read_only or now < self._next_writer_look:
            return False  # why_read_only: no other window to wait for (the lock went, or the disk is read-only)
        self._next_writer_look = now + READ_ALONG_EVERY
        try:
            return holder_of(self.store.lock(self.session.id)) is None
        except OSError:
            return False

    def save(self) -> bool:
        """Write the session now. On failure the notes stay here, a recovery copy is
        written elsewhere, and failure says so."""
        if self.read_only:
            return True
        self.tick()
        if self._lock_lost():
            return False
        try:
            self.store.save(self.session)
        except StoreError as error:
            kept = recovery.write(
                self.session,
                recovery.places(self.workspace),
                self.failure.recovery if self.failure else None,
                within=self.workspace.root,
            )
            first = self.failure is None
            self.failure = SaveFailure(str(error), kept)
            self._retry_at = self._clock() + RETRY_EVERY
            self._dirty_since = self._dirty_since or self._clock()
            if first:
                self._tell("save_failed")
            return False
        recovered = self.failure is not None
        if self.failure is not None:
            recovery.discard(self.failure.recovery)
        self.failure = None
        self._dirty_since = None
        self._last_save = self._clock()
        self._seen = self.store.version(self.session.id)
        if recovered:
            self._tell("saved")
        return True

    def _lock_lost(self) -> bool:
        """Whether the lock file was taken away while this window holds the session (a sync
        tool, a clean-up). Another window could then take the session and both would write:
        this one stops writing, keeps what was typed in a recovery copy, and says so."""
        if self._lock is None or not self._lock.lost():
            return False
        kept = None
        if self.unsaved:
            kept = recovery.write(
                self.session,
                recovery.places(self.workspace),
                self.failure.recovery if self.failure else None,
                within=self.workspace.root,
            )
        self._lock.release()
        self._lock, self.failure, self._lost_copy = None, None, kept
        copy = f" Wat je sinds de laatste keer opslaan typte, staat in {kept}." if kept else ""
        self.why_read_only = (
            "Het slot van deze sessie is verdwenen: een ander programma (zoals een synchronisatie- of "
            "opruimprogramma) heeft het bestand in sessions/.locks/ weggehaald. beraad schrijft daarom niet meer "
            f"in deze sessie, zodat een ander venster niets overschrijft.{copy} Druk op Ctrl+W om het bewerken "
            "weer over te nemen."
        )
        self._tell("read_only")
        return True

    def _changed(self) -> None:
        now = self._clock()
        self._last_edit = now
        if self._dirty_since is None:
            self._dirty_since = now

    def _writable(self) -> None:
        if self.read_only and self.why_read_only:
            raise ReadOnly(self.why_read_only)
        if self.read_only:
            where = self.in_use_by.describe() if self.in_use_by else "in een ander venster"
            raise ReadOnly(
                f"Deze sessie is open in een ander venster ({where}). Hier kun je alleen meelezen; "
                "sluit het andere venster en neem het bewerken over ('Overnemen', Ctrl+W)."
            )

    # Knelpunten

    def draft_bottleneck(self) -> Bottleneck:
        """A new knelpunt for the current round; the form insists on a title before keeping it."""
        return Bottleneck.model_construct(id=secrets.token_hex(4), title="", step_id=self.session.current_step)

    def keep_bottleneck(self, bottleneck: Bottleneck) -> None:
        """Add a knelpunt, or replace the one with the same id in its place."""
        self._writable()
        kept = Bottleneck.model_validate(bottleneck.model_dump())
        ids = [b.id for b in self.session.bottlenecks]
        if kept.id in ids:
            self.session.bottlenecks[ids.index(kept.id)] = kept
        else:
            self.session.bottlenecks.append(kept)
        self.save()
        self._tell("bottlenecks")

    def remove_bottleneck(self, bottleneck_id: str) -> None:
        self._writable()
        self.session.bottlenecks = [b for b in self.session.bottlenecks if b.id != bottleneck_id]
        self.save()
        self._tell("bottlenecks")

    def step_title(self, step_id: str) -> str:
        """The title of a step, or '' for a step the method no longer has."""
        return next((s.title for s in self.session.method.steps if s.id == step_id), "")

    # Review: what the anonymiser replaces, and the facilitator's corrections

    def set_case_people(self, names: list[str]) -> None:
        self._writable()
        people = [clean_line(name).strip() for name in names if name.strip()]
        if len(people) > MAX_CASE_PEOPLE or any(len(name) > MAX_NAME for name in people):
            raise BeraadError(f"Hoogstens {MAX_CASE_PEOPLE} personen in de casus, elk hoogstens {MAX_NAME} tekens.")
        self.session.case_people = people
        self.save()
        self._tell("people")

    def keep_as_is(self, text: str) -> None:
        """A finding the facilitator keeps (a place that identifies nobody, say)."""
        self._decide(keep={*self.session.review.keep, text.strip()})

    def replace_after_all(self, text: str) -> None:
        """Undo keep_as_is, or replace a text the anonymiser did not find."""
        review = self.session.review
        if text.strip() in review.keep:
            self._decide(keep=set(review.keep) - {text.strip()})
        else:
            self._decide(replace={*review.replace, text.strip()})

    def undo_replace(self, text: str) -> None:
        self._decide(replace=set(self.session.review.replace) - {text.strip()})

    def decide(self, finding: Finding, replace: bool) -> None:
        """The facilitator's decision on one finding of the review: replace it, or keep it
        as it is. A certain finding is replaced unless kept; a mogelijk herleidbaar one is
        neither until decided."""
        review, text = self.session.review, finding.text.strip()
        keep = set(review.keep) - {text} if replace else {*review.keep, text}
        wanted = set(review.replace) - {text}
        if replace and not finding.certain:
            wanted.add(text)
        self._decide(keep=keep, replace=wanted)

    def _decide(self, keep: set[str] | None = None, replace: set[str] | None = None) -> None:
        self._writable()
        review = self.session.review
        if keep is not None:
            review.keep = sorted(t for t in keep if t)
        if replace is not None:
            review.replace = sorted(t for t in replace if t)
        self.save()
        self._tell("review")

    def report_builder(self) -> Callable[[], Report]:
        """Build the anonymised verslag from the session as it is now. The returned function
        may run in a worker thread: it works on a copy, so typing can go on."""
        from beraad.report import content

        snapshot = self.session.model_copy(deep=True)
        anonymiser = self._anonymiser(snapshot)
        return lambda: content.build(snapshot, anonymiser, self.today())

    @property
    def needs_review(self) -> bool:
        from beraad import report

        return report.needs_review(self.session)

    @property
    def approved_as_is(self) -> bool:
        """Whether the verslag is the version the team approved, unchanged since."""
        approvals = self.session.approvals
        return bool(approvals) and approvals[-1].fingerprint == self.session.fingerprint()

    def mark_reviewed(self, built: Report | None = None) -> None:
        """The review is done: the verslag as built is fine to leave the laptop. Not while a
        mogelijk herleidbaar word waits for a decision."""
        from beraad.core.review import undecided
        from beraad.dutch import undecided_words, verb
        from beraad.report import content

        self._writable()
        waiting = undecided(built) if built is not None else []
        if waiting:
            raise BeraadError(
                f"Er {verb(len(waiting), 'is', 'zijn')} nog {undecided_words(len(waiting))} (mogelijk herleidbaar), "
                "zoals "
                f"'{waiting[0]}'. Kies bij elk 'vervangen' of 'behouden' (v of b) voordat de review klaar is."
            )
        self.session.review.reviewed = content.fingerprint(self.session)
        self.save()
        self._tell("review")

    def already_approved(self) -> str:
        """What to say when the team approves a verslag that is vastgesteld as it stands."""
        approval = self.session.approvals[-1]
        return (
            f"Dit verslag is al vastgesteld: versie {approval.version}, op {approval.date:%d-%m-%Y}. Er is sindsdien "
            "niets veranderd, dus er komt geen nieuwe versie; versie "
            f"{approval.version} blijft de versie die het team vaststelde."
        )

    def approve(self, built: Report, role: str, day: date) -> Approval:
        """The team approved the verslag as built: freeze that version (vastgesteld). An
        unchanged verslag that is vastgesteld already is not approved again (its version
        stays the one the team approved): BeraadError."""
        from beraad.report import content

        self._writable()
        if self.needs_review:
            raise BeraadError("Rond eerst de review af (Ctrl+R); daarna kan het team het verslag vaststellen.")
        if self.approved_as_is:
            raise BeraadError(self.already_approved())
        approval = content.approval(self.session, built, role, day)
        self.session.approvals.append(approval)
        self.save()
        self._tell("approval")
        return approval

    def export(self, formats: tuple[str, ...] | None = None, out: Path | None = None) -> list[Path]:
        """Write the verslag (and, once vastgesteld, the signalen); raises ExportError."""
        return export(self.session, self.services, formats, out)

    def _anonymiser(self, session: Session) -> Anonymiser:
        return anonymiser_for(session, self.workspace)


def _signals(session: Session, services: Services) -> dict[str, dict[str, str]]:
    """What the register adds to each signaal of this session: its reference, who answers
    whom by when, how often it was seen. The sessions are scanned first: the approval may
    be seconds old, and the scan brings it into the register."""
    from beraad.core.register import signal_details

    services.store.refresh()
    register = services.register
    approved = session.approvals[-1].date
    follow_up = services.settings.organisation().bottlenecks
    routes = {name_key(route.addressee): route for route in services.settings.routes()}
    rows = register.rows()
    by_ref = {row.ref: row for row in rows}
    found = {}
    for row in rows:
        if row.session_id == session.id and row.present:
            bottleneck_id = row.key.split("/", 1)[1]
            route = routes.get(name_key(row.addressee))
            earlier = by_ref.get(row.group) if row.group != row.ref else None  # the first of its group
            found[bottleneck_id] = signal_details(row, route, register.terms, approved, follow_up.answer_to, earlier)
    return found


def anonymiser_for(session: Session, workspace: Workspace) -> Anonymiser:
    """The session's anonymiser; a broken beraad.toml is a Dutch error naming its line."""
    from beraad import datafile, report

    try:
        return report.anonymiser_for(session, workspace)
    except datafile.DataFileError as error:
        raise BeraadError(f"beraad.toml is niet te gebruiken: {error}") from error


def export(session: Session, services: Services, formats: tuple[str, ...] | None, out: Path | None) -> list[Path]:
    """Export a session (open here or only read from disk); every failure is an ExportError."""
    from beraad import report
    from beraad.report.render import TemplateProblem

    workspace = services.workspace
    anonymiser = anonymiser_for(session, workspace)
    try:
        signals = _signals(session, services) if session.approvals else None
        return report.export(session, workspace, formats or report.FORMATS, out, anonymiser, signals=signals)
    except (report.NotReviewed, TemplateProblem, BeraadError) as error:
        raise ExportError(str(error)) from error
    except OSError as error:  # not in the folder of the verslag (report.export says so itself): say where
        raise ExportError(
            with_log(f"Het verslag is niet gemaakt: {os_failure(error)}. Er is niets weggeschreven.", error, "export")
        ) from error


def _cannot_write(error: OSError) -> str:
    """Why this window only reads: the workspace cannot be written (read-only disk, no permission)."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in FULL:
        next_step = "Maak ruimte vrij en druk op Ctrl+W om het bewerken over te nemen."
    else:
        next_step = "Werk verder in een werkmap waar je mag schrijven (kopieer de map sessions/ erheen)."
    return (
        f"Deze sessie kan hier alleen worden gelezen: beraad kan niet schrijven in de werkmap{where}, want "
        f"{os_reason(error)}. Wat je hier doet, wordt niet bewaard. {next_step}"
    )


def open_elsewhere(store: Store, session_id: str) -> str | None:
    """Which other window has a session open ("in terminal /dev/pts/3, sinds 17:11"), if
    any; None also when the lock cannot be looked at (the delete itself then says why)."""
    try:
        holder = holder_of(store.lock(session_id))
    except (OSError, BeraadError):
        return None
    return holder.describe() if holder else None


# What a recovery copy is compared by: what was typed and decided, not the clock or the caret.
_NOT_NOTES = {"updated", "created", "cursor", "elapsed", "timer_running", "current_step"}


def _notes(session: Session) -> dict[str, Any]:
    return {key: value for key, value in session.to_data().items() if key not in _NOT_NOTES}
