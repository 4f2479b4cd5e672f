"""A store that keeps its sessions in memory only: the interface the session core uses
(save, load, lock), for a dry run such as the preview of a method file. It never opens
a file, so a preview cannot write in sessions/ whatever a screen asks of it.

Sessions go through the same document form as on disk (JSON, stamped with the schema
version, read back without today's stricter method rules), so the core sees what it
would see with the real store.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from beraad.model.session import Session
from beraad.store import schema
from beraad.store.lock import Holder, InUse
from beraad.store.sessions import StoreError


class MemoryLock:
    """The one-writer lock of a session in a MemoryStore: held within this process only."""

    def __init__(self, held_ids: set[str], session_id: str) -> None:
        self._held_ids = held_ids
        self.session_id = session_id
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> None:
        if self._held:
            return
        if self.session_id in self._held_ids:
            raise InUse(Holder.here())
        self._held_ids.add(self.session_id)
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held_ids.discard(self.session_id)
            self._held = False

    def lost(self) -> bool:
        return False  # nothing outside this process can take it away


class MemoryStore:
    def __init__(self) -> None:
        self._documents: dict[str, str] = {}
        self._held: set[str] = set()

    def save(self, session: Session) -> None:
        session.updated = datetime.now()
        document = schema.stamped(session.to_data())
        self._documents[session.id] = json.dumps(document, ensure_ascii=False)

    def load(self, session_id: str) -> Session:
        try:
            data: dict[str, Any] = json.loads(self._documents[session_id])
        except KeyError:
            raise StoreError(f"De sessie '{session_id}' bestaat niet (meer).") from None
        data.pop("schema_version", None)
        return Session.model_validate(data, context={"stored": True})

    def version(self, session_id: str) -> object:
        return self._documents.get(session_id)

    def lock(self, session_id: str) -> MemoryLock:
        return MemoryLock(self._held, session_id)

    @property
    def session_ids(self) -> list[str]:
        return sorted(self._documents)
