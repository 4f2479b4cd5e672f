"""Try a method before teaching it: a dry-run session on a method file, kept in memory
only, that follows the file as a trainer edits it. No Textual here.

The preview holds an OpenSession on a MemoryStore, with invented participants. When the
file changes on disk (watched by its size, modification time and inode, as a screen
polls), it is read again: a good version replaces the method and keeps the round the
trainer was in (or the nearest one, if that round was removed) and whatever was typed in
fields that still exist; a broken version leaves the last good one in place and the
preview shows the file:line problems instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from beraad import datafile, methods
from beraad.model.method import Method
from beraad.model.session import Session
from beraad.store.memory import MemoryStore

if TYPE_CHECKING:
    from datetime import date

    from beraad.core.services import Services

# Invented participants (first names and roles), so every field kind can be tried.
PEOPLE = [
    ("Sanne", "klantmanager"),
    ("Youssef", "Wmo-consulent"),
    ("Petra", "schuldhulpverlener"),
    ("Daan", "wijkteammedewerker"),
]
MARKER = "proefweergave — niets wordt bewaard"

Signature = tuple[int, int, int]


class FileWatch:
    """Tells when a file changed since it last looked: by size, mtime and inode (an editor
    that saves by writing a new file and renaming it changes the inode)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen = self.signature()

    def signature(self) -> Signature | None:
        try:
            found = self.path.stat()
        except OSError:
            return None  # gone for a moment (an editor saving), or for good
        return (found.st_mtime_ns, found.st_size, found.st_ino)

    def changed(self) -> bool:
        now = self.signature()
        if now == self._seen:
            return False
        self._seen = now
        return True


def nearest_step(old: Method, current: str, new: Method) -> str:
    """The step of the new method to show: the same one, or else the nearest step of the
    old method that survived (the one after it first: it took the removed step's place),
    or else the step at the same position."""
    new_ids = {step.id for step in new.steps}
    if current in new_ids:
        return current
    old_ids = [step.id for step in old.steps]
    position = old_ids.index(current) if current in old_ids else 0
    for distance in range(1, len(old_ids)):
        for candidate in (position + distance, position - distance):
            if 0 <= candidate < len(old_ids) and old_ids[candidate] in new_ids:
                return old_ids[candidate]
    return new.steps[min(position, len(new.steps) - 1)].id


def carry_over(session: Session, method: Method) -> Session:
    """The same session on another version of its method: values of fields that still
    exist (tidied for their field kind, which may have changed), the time of steps that
    still exist, and the caret if its field did not change."""
    current = nearest_step(session.method, session.current_step, method)
    values: dict[str, dict[str, Any]] = {}
    for step in method.steps:
        old = session.values.get(step.id, {})
        kept = {field.id: field.clean(old[field.id]) for field in step.fields if field.id in old}
        if kept:
            values[step.id] = kept
    cursor = session.cursor
    if cursor is not None and not _same_field(session.method, method, cursor.step, cursor.field):
        cursor = None
    data = session.to_data()
    data.update(
        method=method.to_data(),
        current_step=current,
        values=values,
        elapsed={k: v for k, v in session.elapsed.items() if k in {s.id for s in method.steps}},
        cursor=cursor.model_dump() if cursor is not None and cursor.step == current else None,
    )
    return Session.model_validate(data)


def _same_field(old: Method, new: Method, step_id: str, field_id: str) -> bool:
    def find(method: Method) -> Any:
        step = next((s for s in method.steps if s.id == step_id), None)
        return next((f for f in step.fields if f.id == field_id), None) if step else None

    before = find(old)
    return before is not None and before == find(new)


def preview_session(method: Method, day: date) -> Session:
    return Session.start(
        method,
        f"Proefweergave: {method.title}",
        day,
        PEOPLE,
        case_presenter=0,
        team="proefweergave",
        facilitator="trainer",
    )


class Preview:
    """A method file and a dry-run session on it, kept in step with the file."""

    def __init__(self, path: Path, services: Services) -> None:
        """Raises datafile.DataFileError when the file cannot be used at all."""
        self.path = path
        self.watch = FileWatch(path)
        self.method = methods.load(path)
        self.problems: list[datafile.Problem] = []
        self.store = MemoryStore()
        self.core = services.sessions.start(preview_session(self.method, services.today()), store=self.store)

    def reload(self) -> bool | None:
        """Read the file again if it changed: True when the method was replaced, False when
        the file is broken now (see problems; the last good version stays), None when
        nothing changed."""
        if not self.watch.changed():
            return None
        return self.read()

    def read(self) -> bool:
        """Read the file now: True when it is good (the method replaced if it changed),
        False when it is broken (see problems; the last good version stays)."""
        try:
            method = methods.load(self.path)
        except datafile.DataFileError as error:
            self.problems = error.problems
            return False
        self.problems = []
        if method == self.method:
            return True
        self.core.tick()  # the time of the round so far goes along
        self.core.replace(carry_over(self.core.session, method))
        self.method = method
        return True
