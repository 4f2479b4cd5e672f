"""The room of each open session, made when the facilitator first opens it (F2). A room
follows its session and closes itself when the session closes. This module imports
nothing of the room: start-up stays without aiohttp and segno."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from textual.app import App

    from beraad.core.session import OpenSession
    from beraad.room.room import Room

_ROOMS: WeakKeyDictionary[OpenSession, Room] = WeakKeyDictionary()


def room_of(app: App[Any], core: OpenSession) -> Room:
    """The session's room, made the first time the facilitator opens it."""
    room = _ROOMS.get(core)
    if room is None or room.closed:
        from beraad.room.room import Room

        room = Room(core)
        _ROOMS[core] = room
        _tell_who_wrote(app, room)
    return room


def _tell_who_wrote(app: App[Any], room: Room) -> None:
    """A toast when a phone sends an answer, also while the facilitator is in the round:
    who, when names are allowed for the room; how many, always."""
    seen: set[str] = set()

    def written() -> None:
        writing = room.writing
        if writing is None or not writing.is_open:
            seen.clear()
            return
        now = {p.id: p for p in writing.written()}
        from beraad.text import visible

        on_panel = type(app.screen).__name__ == "RoomScreen"  # it lists them; a toast would cover the QR code
        for participant_id in now.keys() - seen if not on_panel else ():
            count = f"{len(now)} van {len(writing.participants)}"
            name = now[participant_id].name
            app.notify(visible(f"{name} heeft geschreven ({count})."), title="Schrijfronde", timeout=4, markup=False)
        seen.clear()
        seen.update(now)

    room.watch(written)
