"""A knelpunt's state from its events: the laptop's own fold (beraad.model.register.Entry),
so the server and every laptop read the same history the same way, plus what only the
server does (where it routed a knelpunt). No Django here: the rules are tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from beraad.model.register import Entry, LogEvent, LogEventError, Step

AGENDA_WEEKS = 4
REPORT_BACK_WEEKS = 2
DEFAULT_FEEDBACK_WEEKS = 8


@dataclass
class Folded:
    entry: Entry
    addressee: str | None = None  # routed on the server ("route" events)

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def steps(self) -> list[Step]:
        return self.entry.steps

    @property
    def agreed(self) -> dict[str, Any]:
        return self.entry.agreed or {}

    def last(self, status: str) -> Step | None:
        return next((s for s in reversed(self.entry.steps) if s.status == status), None)


def fold(events: list[dict[str, Any]]) -> Folded:
    """events: as the wire carries them (id, knelpunt, origin, seq, kind, recorded_at,
    author, data), in the order the server stored them."""
    entry = Entry(uuid="", key="", ref="")
    state = Folded(entry)
    for wire in events:
        try:
            event = LogEvent.from_wire(wire)
        except LogEventError:
            continue  # kept in the log, out of the state
        if not entry.uuid:
            entry.uuid = event.knelpunt
        entry.apply(event)
        if event.kind == "route" and isinstance(event.data.get("addressee"), str):
            state.addressee = event.data["addressee"]
    return state


def due(state: Folded, session_date: date, feedback_weeks: int | None) -> tuple[date | None, str]:
    """The next date something is expected, and what: as the laptop's register reckons it."""
    agendered = state.last("geagendeerd")
    if state.status == "gesignaleerd" or agendered is None:
        return session_date + timedelta(weeks=AGENDA_WEEKS), "agenderen"
    if state.status == "teruggekoppeld":
        return None, ""
    if state.status == "afgerond":
        done = state.last("afgerond")
        assert done is not None
        return done.date + timedelta(weeks=REPORT_BACK_WEEKS), "team terugkoppelen"
    return agendered.date + timedelta(weeks=feedback_weeks or DEFAULT_FEEDBACK_WEEKS), "antwoord"
