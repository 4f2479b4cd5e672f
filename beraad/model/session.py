"""A session of moreel beraad: who takes part, where the group is, what was captured."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from beraad.model.bottleneck import Bottleneck
from beraad.model.method import ActionsField, Method, Step
from beraad.model.text import Line
from beraad.text import day_text


class Participant(BaseModel):
    """A participant. Names stay in the local session file, never in an export."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: Line = Field(min_length=1, max_length=200)
    role: Line = Field("", max_length=200)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class ReviewDecisions(BaseModel):
    """What the facilitator decided in the review: texts kept as they are, texts replaced too,
    and a fingerprint of the notes as reviewed (a later edit asks for a new look)."""

    model_config = ConfigDict(extra="forbid")

    keep: list[str] = Field(default_factory=list)
    replace: list[str] = Field(default_factory=list)
    reviewed: str | None = None  # fingerprint of the report content that was reviewed


# The knelpunt fields that make a verslag another verslag when they change (see fingerprint).
FINGERPRINTED = {
    "id", "title", "description", "sources", "regulation", "effect",
    "subsistence", "discretion", "recurrence", "addressee", "step_id",
}  # fmt: skip


def _fingerprinted(bottleneck: Bottleneck) -> dict[str, Any]:
    """A knelpunt as its verslag's fingerprint takes it: linked actions only once there are
    any (a knelpunt of before they existed keeps its fingerprint)."""
    data = bottleneck.model_dump(mode="json", include=FINGERPRINTED)
    if bottleneck.actions:
        data["actions"] = list(bottleneck.actions)
    return data


class DoneAction(BaseModel):
    """An action of the team's previous session that the group, looking back at the start
    of this one, said is done. Kept in this session: the previous one (and its vastgesteld
    verslag) stays as it was."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session: str = Field(pattern=r"^[A-Za-z0-9_-]{1,80}$")  # the previous session, where the action was agreed
    what: Line = Field("", max_length=5000)
    who: Line = Field("", max_length=1000)
    when: Line = Field("", max_length=1000)

    @classmethod
    def of(cls, session_id: str, action: dict[str, str]) -> DoneAction:
        """The action as it stands in that session's actions (wat, wie, wanneer)."""
        return cls(
            session=session_id,
            what=action.get("wat", "")[:5000],
            who=action.get("wie", "")[:1000],
            when=action.get("wanneer", "")[:1000],
        )


class Approval(BaseModel):
    """A verslag the team approved (vastgesteld): its export is frozen from then on."""

    model_config = ConfigDict(extra="forbid")

    version: int
    date: date
    by_role: Line = Field(min_length=1, max_length=200)
    fingerprint: str
    report: dict[str, Any]  # the anonymised report content as approved


class Cursor(BaseModel):
    """Where the facilitator was typing, as what it means: the step and field, and within
    the field the participant, the row (a table row or list item among those stored, a stem
    of a personal consideration, a checklist item) and column, and the caret as (line,
    column) in that text. new: the caret is in a row or list item still empty (just after
    Enter), which is not stored; it comes back as an empty one before the row-th stored
    one, so what is typed next never joins the text before it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    field: str
    participant: str | None = None
    row: int | None = Field(None, ge=0)
    column: int | None = Field(None, ge=0)
    caret: tuple[int, int] | None = None
    new: bool = False


# Time spent on a round: finite, never negative, and less than a lifetime (a clock shows it)
MAX_ELAPSED = 10 * 365 * 24 * 3600.0
Seconds = Annotated[float, Field(ge=0, le=MAX_ELAPSED, allow_inf_nan=False)]


# How far from today a session's date may be when it is typed: a session is entered on its
# day or afterwards from paper notes, or planned ahead. A stored date is never refused.
YEARS_BACK = 10
DAYS_AHEAD = 366


def date_problem(day: date, today: date, what: str = "De datum") -> str | None:
    """Why a session cannot be on this day, as a Dutch sentence; None when it can be."""
    try:
        earliest = today.replace(year=today.year - YEARS_BACK)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - YEARS_BACK, day=28)
    latest = today + dt.timedelta(days=DAYS_AHEAD) if today < date.max - dt.timedelta(days=DAYS_AHEAD) else date.max
    if day < earliest:
        return (
            f"{what} {day_text(day)} ligt meer dan {YEARS_BACK} jaar terug; controleer het jaartal "
            f"(schrijf de datum als dd-mm-jjjj, bijvoorbeeld {day_text(today)})."
        )
    if day > latest:
        return (
            f"{what} {day_text(day)} ligt meer dan een jaar vooruit; controleer het jaartal "
            f"(schrijf de datum als dd-mm-jjjj, bijvoorbeeld {day_text(today)})."
        )
    return None


def new_session_id(day: date) -> str:
    return f"{day:%Y%m%d}-{secrets.token_hex(3)}"


def format_clock(seconds: float, with_hours: bool = False) -> str:
    """Minutes and seconds, e.g. 12:05; hours appear when needed, or always with_hours
    (so "0:01:44/1:35:00" is never read as 1 h 44 of 1 h 35)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours or with_hours else f"{minutes}:{secs:02d}"


class Session(BaseModel):
    """Everything a session holds, including a copy of the method it was started with,
    so it still opens and renders the same after a trainer edits or deletes the file."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,80}$")
    title: Line = Field(min_length=1, max_length=300)
    date: date
    team: Line = Field("", max_length=300)
    facilitator: Line = Field("", max_length=200)
    participants: list[Participant] = Field(default_factory=list, max_length=40)
    case_presenter: str | None = None
    method: Method
    status: Literal["bezig", "afgerond"] = "bezig"
    current_step: str
    cursor: Cursor | None = None
    timer_running: bool = True
    elapsed: dict[str, Seconds] = Field(default_factory=dict)
    values: dict[str, dict[str, Any]] = Field(default_factory=dict)
    case_people: list[Line] = Field(default_factory=list, max_length=40)  # "personen in de casus"
    bottlenecks: list[Bottleneck] = Field(default_factory=list)
    review: ReviewDecisions = Field(default_factory=ReviewDecisions)
    approvals: list[Approval] = Field(default_factory=list)
    actions_done: list[DoneAction] = Field(default_factory=list, max_length=1000)  # of the previous session
    created: datetime = Field(default_factory=datetime.now)
    updated: datetime = Field(default_factory=datetime.now)

    @model_validator(mode="after")
    def _consistent(self) -> Session:
        step_ids = {step.id for step in self.method.steps}
        if self.current_step not in step_ids:
            raise ValueError(f"huidige stap '{self.current_step}' staat niet in de methode")
        ids = [p.id for p in self.participants]
        if len(set(ids)) != len(ids):
            raise ValueError("deelnemer-ids zijn niet uniek")
        if self.case_presenter is not None and self.case_presenter not in ids:
            raise ValueError("de casusinbrenger is geen deelnemer")
        return self

    @classmethod
    def start(
        cls,
        method: Method,
        title: str,
        day: dt.date,  # "date" is also a field of this class
        participants: list[tuple[str, str]],
        case_presenter: int | None = None,
        team: str = "",
        facilitator: str = "",
        case_people: list[str] | None = None,
    ) -> Session:
        """A new session on the first step of the method.

        participants are (name, role) pairs; case_presenter is an index into them.
        """
        people = [
            Participant(id=f"d{n}", name=name.strip(), role=role.strip())
            for n, (name, role) in enumerate(participants, 1)
        ]
        return cls(
            id=new_session_id(day),
            title=title.strip(),
            date=day,
            team=team.strip(),
            facilitator=facilitator.strip(),
            participants=people,
            case_presenter=people[case_presenter].id if case_presenter is not None else None,
            method=method,
            current_step=method.steps[0].id,
            case_people=[name.strip() for name in case_people or [] if name.strip()],
        )

    @property
    def turn_order(self) -> list[Participant]:
        """The participants in the order they take turns: the casusinbrenger last."""
        return sorted(self.participants, key=lambda p: p.id == self.case_presenter)

    # Where the group is

    @property
    def step(self) -> Step:
        return self.method.step(self.current_step)

    @property
    def step_index(self) -> int:
        return self.method.index(self.current_step)

    def go_to(self, step_id: str) -> None:
        self.method.step(step_id)  # raises StopIteration for an unknown step
        self.current_step = step_id
        self.cursor = None

    def neighbour(self, offset: int) -> str | None:
        index = self.step_index + offset
        if 0 <= index < len(self.method.steps):
            return self.method.steps[index].id
        return None

    # What was captured

    def actions(self) -> list[dict[str, str]]:
        """Every action of the session (wat, wie, wanneer), in the order of the method."""
        return [
            row
            for step in self.method.steps
            for field in step.fields
            if isinstance(field, ActionsField)
            for row in self.value(step.id, field.id)
        ]

    def value(self, step_id: str, field_id: str) -> Any:
        field = self.method.step(step_id).field(field_id)
        return field.clean(self.values.get(step_id, {}).get(field_id, field.empty()))

    def set_value(self, step_id: str, field_id: str, value: Any) -> None:
        field = self.method.step(step_id).field(field_id)
        self.values.setdefault(step_id, {})[field_id] = field.clean(value)

    def is_filled(self, step_id: str) -> bool:
        step = self.method.step(step_id)
        return any(f.is_filled(self.value(step_id, f.id)) for f in step.fields)

    # Time

    def add_elapsed(self, step_id: str, seconds: float) -> None:
        self.elapsed[step_id] = min(MAX_ELAPSED, self.elapsed.get(step_id, 0.0) + max(0.0, seconds))

    def step_elapsed(self, step_id: str) -> float:
        return self.elapsed.get(step_id, 0.0)

    @property
    def total_elapsed(self) -> float:
        return sum(self.elapsed.values())

    def overrun(self, step_id: str) -> float:
        """Seconds past the planned time of a step (0 when within time)."""
        planned = self.method.step(step_id).minutes * 60
        return max(0.0, self.step_elapsed(step_id) - planned)

    def fingerprint(self) -> str:
        """Changes whenever anything that goes into the verslag changes: a later edit asks for
        a new review, and an approved verslag becomes the concept of the next version."""
        content = {
            "title": self.title,
            "date": self.date.isoformat(),
            "team": self.team,
            "values": self.values,
            # the fields of the first release, by name: a field added since (the register's
            # uid, a link, ...) stays out, so a verslag reviewed or approved before it existed
            # stays reviewed and approved
            "bottlenecks": [_fingerprinted(b) for b in self.bottlenecks],
            "people": [p.model_dump() for p in self.participants] + self.case_people,
            "review": [sorted(self.review.keep), sorted(self.review.replace)],
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return hashlib.sha256(encoded).hexdigest()[:16]

    # Storage form

    def to_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"method"})
        data["method"] = self.method.to_data()
        return data
