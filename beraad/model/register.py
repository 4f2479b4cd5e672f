"""The follow-up of a knelpunt: from flagged in a session to feedback to the team.

gesignaleerd -> geagendeerd (bij wie, hoe) -> in behandeling -> afgerond (opgelost of
niet, met de reden) -> teruggekoppeld aan het team (wat). Each step has a date, a role
and a note. The history lives in the register, beside the approved verslag: following
a knelpunt up never changes a vastgesteld verslag.

Plain dataclasses rather than pydantic models: a register holds tens of thousands of
histories and is read whole each time it opens. A step is checked where it is made
(Event.make); what the register file holds was checked when it was written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

from beraad.text import clean, clean_line

Status = Literal["gesignaleerd", "geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
STATUSES: list[Status] = list(get_args(Status))
Outcome = Literal["opgelost", "niet opgelost"]
KNOWN = set(STATUSES)
LIMITS = {"role": 200, "note": 5_000, "to_whom": 300, "how": 300}


class LifecycleError(ValueError):
    """A step that does not follow, or is not complete (a Dutch message); field: the part
    of the step that is missing or wrong ("note", "outcome", ...), if it is one part."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


FIELD_NAMES = {"role": "rol", "note": "notitie", "to_whom": "bij wie", "how": "hoe"}  # as the user knows them


@dataclass(slots=True)
class Event:
    """One step in the history of a knelpunt. Not changed once made (not frozen only
    because a register reads tens of thousands of them at once)."""

    status: Status
    date: date
    role: str = ""  # who recorded it, as a role
    note: str = ""
    to_whom: str = ""  # geagendeerd: bij wie
    how: str = ""  # geagendeerd: hoe (overleg, mail, agendapunt)
    outcome: Outcome | None = None  # afgerond: opgelost of niet

    @classmethod
    def make(cls, status: str, day: dt.date, **given: Any) -> Event:  # "date" is also a field
        """A step as a person records it: texts cleaned, limits and completeness checked."""
        if status not in STATUSES:
            raise LifecycleError(f"Onbekende status '{status}'; kies uit: {', '.join(STATUSES)}.")
        texts = {name: (clean if name == "note" else clean_line)(str(given.get(name) or "")).strip() for name in LIMITS}
        for name, text in texts.items():
            if len(text) > LIMITS[name]:
                raise LifecycleError(
                    f"De tekst bij '{FIELD_NAMES[name]}' is te lang (hoogstens {LIMITS[name]} tekens).", name
                )
        outcome = given.get("outcome") or None
        if outcome not in (None, *get_args(Outcome)):
            raise LifecycleError("Kies bij 'afgerond' uit: opgelost of niet opgelost.", "outcome")
        event = cls(status, day, outcome=outcome, **texts)
        if status == "geagendeerd" and not event.to_whom:
            raise LifecycleError("Bij 'geagendeerd' hoort bij wie het knelpunt is geagendeerd.", "to_whom")
        if status == "afgerond" and event.outcome is None:
            raise LifecycleError("Bij 'afgerond' hoort of het is opgelost of niet.", "outcome")
        if status == "afgerond" and event.outcome == "niet opgelost" and not event.note:
            raise LifecycleError("Zeg bij 'niet opgelost' ook waarom: dat hoort bij de terugkoppeling.", "note")
        if status == "teruggekoppeld" and not event.note:
            raise LifecycleError("Zeg bij 'teruggekoppeld' wat het team te horen kreeg.", "note")
        return event

    def to_data(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "date": self.date.isoformat(),
            "role": self.role,
            "note": self.note,
            "to_whom": self.to_whom,
            "how": self.how,
            "outcome": self.outcome,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Event:
        return cls(**{**data, "date": date.fromisoformat(data["date"])})


@dataclass(slots=True)
class Entry:
    """The register's record of one knelpunt: its reference and its history."""

    key: str  # "<session id>/<knelpunt id>": where the knelpunt was flagged
    ref: str  # "KP-2026-0007": how people refer to it
    events: list[Event] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return self.events[-1].status if self.events else "gesignaleerd"

    def event(self, status: Status) -> Event | None:
        """The latest step with this status."""
        return next((e for e in reversed(self.events) if e.status == status), None)

    def advance(self, event: Event) -> None:
        """Record the next step; steps go forward (one may be skipped), never back."""
        if self.events and STATUSES.index(event.status) <= STATUSES.index(self.status):
            raise LifecycleError(f"Dit knelpunt is al '{self.status}'; een stap terug kan niet.")
        if event.status != "geagendeerd" and self.event("geagendeerd") is None:
            raise LifecycleError("Agendeer het knelpunt eerst: bij wie ligt het?")
        if self.events and event.date < self.events[-1].date:
            raise LifecycleError(f"De datum ligt voor de vorige stap ({self.events[-1].date:%d-%m-%Y}).")
        self.events.append(event)

    def to_data(self) -> dict[str, Any]:
        return {"key": self.key, "ref": self.ref, "events": [e.to_data() for e in self.events]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Entry:
        """As the register file holds it; raises LifecycleError when it is not that shape."""
        try:
            key, ref = data["key"], data["ref"]
            if not (isinstance(key, str) and isinstance(ref, str)):
                raise TypeError
            events = [Event.from_data(e) for e in data.get("events", ())]
            if events and not {e.status for e in events} <= KNOWN:
                raise ValueError
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise LifecycleError("een knelpunt in het register heeft niet de verwachte vorm") from error
        return cls(key, ref, events)
