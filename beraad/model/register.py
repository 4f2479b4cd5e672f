"""The follow-up of a knelpunt: from flagged in a session to feedback to the team.

gesignaleerd -> geagendeerd (bij wie, hoe) -> in behandeling -> afgerond (opgelost of
niet, met de reden) -> teruggekoppeld aan het team (wat). Each step has a date, a role
and a note. The history lives in the register, beside the approved verslag: following
a knelpunt up never changes a vastgesteld verslag.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from beraad.model.text import Line, Text

Status = Literal["gesignaleerd", "geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
STATUSES: list[Status] = ["gesignaleerd", "geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
Outcome = Literal["opgelost", "niet opgelost"]


class LifecycleError(ValueError):
    """A step that does not follow (a Dutch message)."""


class Event(BaseModel):
    """One step in the history of a knelpunt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Status
    date: date
    role: Line = Field("", max_length=200)  # who recorded it, as a role
    note: Text = Field("", max_length=5_000)
    to_whom: Line = Field("", max_length=300)  # geagendeerd: bij wie
    how: Line = Field("", max_length=300)  # geagendeerd: hoe (overleg, mail, agendapunt)
    outcome: Outcome | None = None  # afgerond: opgelost of niet

    @model_validator(mode="after")
    def _complete(self) -> Event:
        if self.status == "geagendeerd" and not self.to_whom.strip():
            raise LifecycleError("Bij 'geagendeerd' hoort bij wie het knelpunt is geagendeerd.")
        if self.status == "afgerond" and self.outcome is None:
            raise LifecycleError("Bij 'afgerond' hoort of het is opgelost of niet.")
        if self.status == "afgerond" and self.outcome == "niet opgelost" and not self.note.strip():
            raise LifecycleError("Zeg bij 'niet opgelost' ook waarom: dat hoort bij de terugkoppeling.")
        if self.status == "teruggekoppeld" and not self.note.strip():
            raise LifecycleError("Zeg bij 'teruggekoppeld' wat het team te horen kreeg.")
        return self


class Entry(BaseModel):
    """The register's record of one knelpunt: its reference and its history."""

    model_config = ConfigDict(extra="forbid")

    key: str  # "<session id>/<knelpunt id>": where the knelpunt was flagged
    ref: str  # "KP-2026-0007": how people refer to it
    events: list[Event] = Field(default_factory=list)

    @property
    def status(self) -> Status:
        return self.events[-1].status if self.events else "gesignaleerd"

    def event(self, status: Status) -> Event | None:
        """The latest step with this status."""
        return next((e for e in reversed(self.events) if e.status == status), None)

    def advance(self, event: Event) -> None:
        """Record the next step; steps go forward (one may be skipped), never back."""
        current = STATUSES.index(self.status)
        wanted = STATUSES.index(event.status)
        if wanted <= current and self.events:
            raise LifecycleError(f"Dit knelpunt is al '{self.status}'; een stap terug kan niet.")
        if event.status != "geagendeerd" and self.event("geagendeerd") is None:
            raise LifecycleError("Agendeer het knelpunt eerst: bij wie ligt het?")
        if self.events and event.date < self.events[-1].date:
            raise LifecycleError(f"De datum ligt voor de vorige stap ({self.events[-1].date:%d-%m-%Y}).")
        self.events.append(event)
