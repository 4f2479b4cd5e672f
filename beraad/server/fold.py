"""A knelpunt's state from its events (no Django here, so the rules are tested alone).

The latest `agreed` snapshot, plus the effective steps: withdrawn ones out, corrections
applied, ordered by (date, recorded_at). Nothing is rewritten; two steps that disagree
(two events with the same status from different places) both stay, and the knelpunt says
it has a conflict for a person to look at. Unknown kinds are kept and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from beraad.model.register import STATUSES, Entry
from beraad.model.register import Event as Step

AGENDA_WEEKS = 4
REPORT_BACK_WEEKS = 2
DEFAULT_FEEDBACK_WEEKS = 8
STEP_FIELDS = ("status", "date", "note", "to_whom", "how", "outcome")


@dataclass
class Folded:
    agreed: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)  # effective, in order; each with "event" and "author"
    ref: str = ""
    owner: str | None = None
    group: str | None = None
    group_title: str = ""
    addressee: str | None = None  # routed on the server ("route" events)
    conflicts: int = 0

    @property
    def status(self) -> str:
        return self.steps[-1]["status"] if self.steps else "gesignaleerd"

    def last(self, status: str) -> dict[str, Any] | None:
        return next((s for s in reversed(self.steps) if s["status"] == status), None)

    def entry(self) -> Entry:
        """The steps as the laptop's model knows them, to check a next step the same way."""
        return Entry(key="", ref=self.ref, events=[_as_step(s) for s in self.steps])


def _as_step(step: dict[str, Any]) -> Step:
    return Step(
        status=step["status"],
        date=date.fromisoformat(step["date"]),
        role=str(step.get("role") or ""),
        note=str(step.get("note") or ""),
        to_whom=str(step.get("to_whom") or ""),
        how=str(step.get("how") or ""),
        outcome=step.get("outcome") or None,
    )


def fold(events: list[dict[str, Any]]) -> Folded:
    """events: dicts with id, kind, data, recorded_at (ISO text), author; in any order."""
    ordered = sorted(events, key=lambda e: str(e["recorded_at"]))
    withdrawn = {str(e["data"].get("withdraws")) for e in ordered if e["kind"] == "withdrawal"}
    corrected: dict[str, dict[str, Any]] = {}
    for event in ordered:
        if event["kind"] == "correction":
            fields = {k: v for k, v in event["data"].items() if k in STEP_FIELDS}
            corrected.setdefault(str(event["data"].get("corrects")), {}).update(fields)
    state = Folded()
    steps = []
    for event in ordered:
        kind, data = event["kind"], event["data"]
        if kind == "agreed":
            state.agreed = dict(data)
        elif kind == "step" and str(event["id"]) not in withdrawn:
            step = {**data, **corrected.get(str(event["id"]), {})}
            if step.get("status") in STATUSES and _is_date(step.get("date")):
                step["role"] = step.get("role") or (event.get("author") or {}).get("role", "")
                steps.append({**step, "event": str(event["id"]), "recorded_at": str(event["recorded_at"])})
        elif kind == "reference":
            state.ref = str(data.get("ref", ""))
        elif kind == "owner":
            state.owner = data.get("owner") or None
        elif kind == "group":
            state.group = data.get("group") or None
            state.group_title = str(data.get("title") or "")
        elif kind == "route":
            state.addressee = data.get("addressee") or None
    steps.sort(key=lambda s: (s["date"], s["recorded_at"]))
    state.steps = steps
    seen: dict[str, int] = {}
    for step in steps:
        seen[step["status"]] = seen.get(step["status"], 0) + 1
    state.conflicts = sum(n - 1 for n in seen.values())
    return state


def _is_date(text: object) -> bool:
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


def due(state: Folded, session_date: date, feedback_weeks: int | None) -> tuple[date | None, str]:
    """The next date something is expected, and what: as the laptop's register reckons it."""
    status = state.status
    agendered = state.last("geagendeerd")
    if status == "gesignaleerd" or agendered is None:
        return session_date + timedelta(weeks=AGENDA_WEEKS), "agenderen"
    if status == "teruggekoppeld":
        return None, ""
    if status == "afgerond":
        done = state.last("afgerond")
        assert done is not None
        return date.fromisoformat(done["date"]) + timedelta(weeks=REPORT_BACK_WEEKS), "team terugkoppelen"
    weeks = feedback_weeks or DEFAULT_FEEDBACK_WEEKS
    return date.fromisoformat(agendered["date"]) + timedelta(weeks=weeks), "antwoord"
