"""The follow-up of a knelpunt: from flagged in a session to feedback to the team, as a
log of events that nobody rewrites.

gesignaleerd -> geagendeerd (bij wie, hoe) -> in behandeling -> afgerond (opgelost of
niet, met de reden) -> teruggekoppeld aan het team (wat). Each step is an event with its
own id, the knelpunt's id, where it was made (origin) and when it was written down; a
wrong step is corrected or withdrawn by a later event with a reason. The state of a
knelpunt is folded from its events (`Entry.apply`). The wire format of an event is the
same on the laptop and on the municipality's server (docs/architecture.md).

Plain dataclasses rather than pydantic models: a register holds tens of thousands of
histories. What comes from outside (a file of an older version, a server) is checked by
`LogEvent.from_wire`; a step a person records is checked by `Step.make` and `Entry.check`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, get_args

from beraad.text import clean, clean_line, day_text

Status = Literal["gesignaleerd", "geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
STATUSES: list[Status] = list(get_args(Status))
Outcome = Literal["opgelost", "niet opgelost"]
Kind = Literal["agreed", "step", "correction", "withdrawal", "reference", "owner", "group", "route"]
SERVER_KINDS = frozenset({"reference", "owner", "group", "route"})  # only a municipality's server makes these
KINDS: frozenset[str] = frozenset(get_args(Kind))
LIMITS = {"role": 200, "note": 5_000, "to_whom": 300, "how": 300, "reason": 2_000}
FIELD_NAMES = {"role": "rol", "note": "notitie", "to_whom": "bij wie", "how": "hoe", "reason": "reden"}
MAX_AHEAD = timedelta(days=365)  # a step may be dated this far ahead, not more (a typo in the year)
FIRST_YEAR = 2000  # no moreel beraad in the social domain is older

# The UUID of a knelpunt flagged before knelpunten had one: derived from where it was
# flagged, so the session file and the register agree without reading each other.
KNELPUNT_NAMESPACE = uuid.UUID("0f6f3a52-7a4e-4bd1-9f2e-6c1b2d2c9a10")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REF = re.compile(r"^KP-(?:[0-9A-Z]{4}-)?\d{4}-\d{4,6}$")
ORIGIN_LETTERS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed back


def knelpunt_uuid(key: str) -> str:
    """The UUID of a knelpunt known by "<session id>/<knelpunt id>" before it had its own."""
    return str(uuid.uuid5(KNELPUNT_NAMESPACE, key))


def origin_code(origin: str) -> str:
    """Four letters and digits that tell one workspace's references from another's."""
    number = uuid.UUID(origin).int
    code = ""
    for _ in range(4):
        number, digit = divmod(number, len(ORIGIN_LETTERS))
        code += ORIGIN_LETTERS[digit]
    return code


def local_ref(origin: str, year: int, number: int) -> str:
    """A reference a laptop issues: KP-W7KQ-2026-0007 (the server's is KP-2026-0007)."""
    return f"KP-{origin_code(origin)}-{year:04d}-{number:04d}"


class LifecycleError(ValueError):
    """A step that does not follow, or is not complete (a Dutch message); field: the part
    of the step that is missing or wrong ("note", "outcome", "date", ...), if it is one part."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class LogEventError(ValueError):
    """An event from outside that is not of the expected shape (a Dutch message)."""


def later(day: date, days: int = 0, weeks: int = 0) -> date:
    """day plus some time, or the last date there is (a stored date of 31-12-9999 must
    never end a listing with an overflow)."""
    try:
        return day + timedelta(days=days, weeks=weeks)
    except OverflowError:
        return date.max


def check_day(day: date, not_before: date | None, today: date, what: str = "De datum") -> None:
    """A step's date: not before the knelpunt was flagged (or the step before it), not
    more than a year ahead; raises LifecycleError in Dutch."""
    if day.year < FIRST_YEAR:
        raise LifecycleError(f"{what} {day_text(day)} kan niet kloppen: kies een datum na {FIRST_YEAR}.", "date")
    if not_before is not None and day < not_before:
        raise LifecycleError(f"{what} {day_text(day)} ligt voor {day_text(not_before)}; dat kan niet.", "date")
    if day > later(today, days=MAX_AHEAD.days):
        raise LifecycleError(
            f"{what} {day_text(day)} ligt meer dan een jaar vooruit; klopt het jaartal?",
            "date",
        )


@dataclass(slots=True)
class Step:
    """One step in the follow-up of a knelpunt, as the fold shows it."""

    status: Status
    date: date
    role: str = ""  # who recorded it, as a role
    note: str = ""
    to_whom: str = ""  # geagendeerd: bij wie
    how: str = ""  # geagendeerd: hoe (overleg, mail, agendapunt)
    outcome: Outcome | None = None  # afgerond: opgelost of niet
    id: str = ""  # the event that recorded it
    recorded_at: str = ""  # ISO, UTC
    origin: str = ""
    corrections: list[str] = field(default_factory=list)  # the reasons given, oldest first
    user: str = ""  # the account that recorded it on a server (laptops record roles only)

    @classmethod
    def make(cls, status: str, day: dt.date, **given: Any) -> Step:  # "date" is also a field
        """A step as a person records it: texts cleaned, limits and completeness checked."""
        if status not in STATUSES[1:]:
            raise LifecycleError(f"Onbekende status '{status}'; kies uit: {', '.join(STATUSES[1:])}.")
        texts = _texts(given, ("role", "note", "to_whom", "how"))
        outcome = given.get("outcome") or None
        if outcome not in (None, *get_args(Outcome)):
            raise LifecycleError("Kies bij 'afgerond' ja (opgelost) of nee (niet opgelost).", "outcome")
        step = cls(status, day, outcome=outcome, **texts)  # type: ignore[arg-type]
        step.complete()
        return step

    def complete(self) -> None:
        """What each status needs said; raises LifecycleError."""
        if self.status == "geagendeerd" and not self.to_whom:
            raise LifecycleError("Bij 'geagendeerd' hoort bij wie het knelpunt is geagendeerd.", "to_whom")
        if self.status == "afgerond" and self.outcome is None:
            raise LifecycleError(
                "Bij 'afgerond' hoort of het is opgelost of niet: kies ja (opgelost) of nee (niet opgelost).", "outcome"
            )
        if self.status == "afgerond" and self.outcome == "niet opgelost" and not self.note:
            raise LifecycleError("Zeg bij 'niet opgelost' ook waarom: dat hoort bij de terugkoppeling.", "note")
        if self.status == "teruggekoppeld" and not self.note:
            raise LifecycleError("Zeg bij 'teruggekoppeld' wat het team te horen kreeg.", "note")

    def data(self) -> dict[str, Any]:
        """The step as an event carries it."""
        return {
            "status": self.status,
            "date": self.date.isoformat(),
            "note": self.note,
            "to_whom": self.to_whom,
            "how": self.how,
            "outcome": self.outcome,
        }

    def to_state(self) -> dict[str, Any]:
        return {
            **self.data(),
            "role": self.role,
            "id": self.id,
            "recorded_at": self.recorded_at,
            "origin": self.origin,
            "corrections": self.corrections,
            "user": self.user,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Step:
        return cls(
            data["status"],
            date.fromisoformat(data["date"]),
            data.get("role", ""),
            data.get("note", ""),
            data.get("to_whom", ""),
            data.get("how", ""),
            data.get("outcome"),
            data.get("id", ""),
            data.get("recorded_at", ""),
            data.get("origin", ""),
            list(data.get("corrections", [])),
            str(data.get("user") or ""),
        )


def side_text(step: Step, where: str) -> str:
    """One side of a conflict, in Dutch: when, by whom, where, and what it says."""
    who = (step.role or "iemand zonder rol") + (f" ({step.user})" if step.user else "")
    said = "; ".join(
        part for part in (step.outcome or "", f"bij {step.to_whom}" if step.to_whom else "", step.note) if part
    )
    return f"{day_text(step.date)}, door {who} {where}" + (f": {said}" if said else "")


def dispute_lines(steps: list[Step], where: Callable[[Step], str]) -> list[str]:
    """A conflict (Entry.disputes) in Dutch: what was recorded twice, and each side with
    who recorded it and where (where(step) says where, seen from the place that shows it)."""
    count = {2: "twee", 3: "drie", 4: "vier"}.get(len(steps), str(len(steps)))
    return [
        f"'{steps[0].status}' is {count} keer vastgelegd, op verschillende plekken:",
        *(f"- {side_text(step, where(step))}" for step in steps),
    ]


def _texts(given: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    texts = {
        name: (clean if name in ("note", "reason") else clean_line)(str(given.get(name) or "")).strip()
        for name in names
    }
    for name, text in texts.items():
        if len(text) > LIMITS[name]:
            raise LifecycleError(
                f"De tekst bij '{FIELD_NAMES[name]}' is te lang (hoogstens {LIMITS[name]} tekens).", name
            )
    return texts


@dataclass(frozen=True, slots=True)
class LogEvent:
    """One event in the register's log, as stored, pushed and pulled."""

    id: str
    knelpunt: str
    origin: str
    seq: int
    kind: str
    recorded_at: str  # ISO 8601, UTC, with microseconds
    role: str
    user: str | None
    data: dict[str, Any]

    @classmethod
    def new(
        cls, knelpunt: str, kind: Kind, data: dict[str, Any], role: str = "", now: datetime | None = None
    ) -> LogEvent:
        """An event made here; the store gives it its origin and sequence when it is appended."""
        moment = (now or datetime.now(dt.UTC)).astimezone(dt.UTC)
        return cls(
            str(uuid.uuid4()), knelpunt, "", 0, kind, moment.isoformat(timespec="microseconds"), role, None, data
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "knelpunt": self.knelpunt,
            "origin": self.origin,
            "seq": self.seq,
            "kind": self.kind,
            "recorded_at": self.recorded_at,
            "author": {"role": self.role, "user": self.user},
            "data": self.data,
        }

    @classmethod
    def from_wire(cls, wire: Any) -> LogEvent:
        """An event from a file or a server; raises LogEventError when it is not one."""
        try:
            if not isinstance(wire, dict) or not isinstance(wire.get("data"), dict):
                raise TypeError
            author = wire.get("author") or {}
            ids = [wire["id"], wire["knelpunt"], wire["origin"]]
            if not all(isinstance(i, str) and UUID.match(i) for i in ids):
                raise ValueError
            seq, kind, recorded = wire["seq"], wire["kind"], wire["recorded_at"]
            if not (isinstance(seq, int) and seq > 0 and isinstance(kind, str) and isinstance(recorded, str)):
                raise ValueError
            datetime.fromisoformat(recorded)
            role, user = author.get("role") or "", author.get("user")
            if not isinstance(role, str) or not (user is None or isinstance(user, str)):
                raise TypeError
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise LogEventError("een gebeurtenis in het register heeft niet de verwachte vorm") from error
        return cls(ids[0], ids[1], ids[2], seq, kind, recorded, clean_line(role)[:200], user, dict(wire["data"]))


@dataclass(slots=True)
class Withdrawn:
    step: Step
    reason: str
    role: str
    recorded_at: str


@dataclass(slots=True)
class Entry:
    """What the register knows of one knelpunt: its references, what the team agreed on
    (anonymised), and the steps of its follow-up, folded from its events."""

    uuid: str
    key: str  # "<session id>/<knelpunt id>": where it was flagged
    ref: str  # how people refer to it: the server's reference once there is one
    local_ref: str = ""
    steps: list[Step] = field(default_factory=list)  # in effect, by date
    withdrawn: list[Withdrawn] = field(default_factory=list)
    agreed: dict[str, Any] | None = None  # the latest vastgesteld version, anonymised
    owner: str = ""
    group: str = ""  # a theme the server grouped it in
    group_title: str = ""
    routed_to: str = ""  # the addressee the municipality's server routed it to (the team's choice stays)
    server_origin: str = ""  # the origin of the server's own events (it alone makes SERVER_KINDS)
    # The day the team first agreed on it in a vastgesteld verslag: its signaal can go out
    # from then, and the addressee's term for feedback and the look back count from it.
    agreed_on: date | None = None

    @property
    def status(self) -> Status:
        return self.steps[-1].status if self.steps else "gesignaleerd"

    def disputes(self) -> list[list[Step]]:
        """Steps in effect that say the same status was reached, recorded in different places
        (a laptop and the server, or two laptops): a conflict for a person to see and settle,
        by withdrawing or correcting the one that is wrong. Nothing is decided in silence."""
        found: dict[str, list[Step]] = {}
        for step in self.steps:
            found.setdefault(step.status, []).append(step)
        return [steps for steps in found.values() if len({s.origin for s in steps}) > 1]

    @property
    def conflicts(self) -> int:
        return len(self.disputes())

    def step(self, status: Status) -> Step | None:
        """The latest step with this status."""
        return next((s for s in reversed(self.steps) if s.status == status), None)

    def check(self, step: Step, flagged: date, today: date) -> None:
        """Whether a person may record this step now: forward (one may be skipped), never
        back; agendered first; dated not before the flag or the previous step, and not
        more than a year ahead. Raises LifecycleError in Dutch."""
        if self.steps and STATUSES.index(step.status) <= STATUSES.index(self.status):
            raise LifecycleError(
                f"Dit knelpunt is al '{self.status}'; een stap terug kan niet. Is de laatste stap fout? "
                "Corrigeer haar of trek haar in."
            )
        if step.status != "geagendeerd" and self.step("geagendeerd") is None:
            raise LifecycleError("Agendeer het knelpunt eerst: bij wie ligt het?")
        before = max([flagged, *(s.date for s in self.steps[-1:])])
        check_day(step.date, None, today)  # a year that cannot be, or too far ahead
        if step.date < before:
            what = "de vorige stap" if self.steps else "de sessie waarin het werd gesignaleerd"
            raise LifecycleError(f"De datum {day_text(step.date)} ligt voor {what} ({day_text(before)}).", "date")

    def check_correction(self, event_id: str, corrected: Step, flagged: date, today: date) -> Step:
        """The step a correction replaces (its date between its neighbours'); raises."""
        number = next((n for n, s in enumerate(self.steps) if s.id == event_id), None)
        if number is None:
            raise LifecycleError("Die stap staat niet (meer) in de geschiedenis van dit knelpunt.")
        old = self.steps[number]
        if corrected.status != old.status:
            raise LifecycleError(
                "Een correctie houdt de status; was de status zelf fout, trek de stap dan in en leg de goede vast."
            )
        before = self.steps[number - 1].date if number else flagged
        check_day(corrected.date, before, today)
        if number + 1 < len(self.steps) and corrected.date > self.steps[number + 1].date:
            raise LifecycleError(
                f"De datum {day_text(corrected.date)} ligt na de stap erna ({day_text(self.steps[number + 1].date)}).",
                "date",
            )
        corrected.complete()
        return old

    def check_withdrawal(self, event_id: str) -> Step:
        """Only the latest step can be withdrawn (the ones before it stay in order)."""
        if not self.steps or self.steps[-1].id != event_id:
            raise LifecycleError("Alleen de laatste stap kan worden ingetrokken.")
        return self.steps[-1]

    # The fold: one event at a time, in the order they were stored.

    def apply(self, event: LogEvent) -> None:
        """Take one event into the state; an event of an unknown kind or shape is kept in
        the log and left out of the state (a newer server may send kinds we do not know)."""
        data = event.data
        try:
            if event.kind == "agreed":
                self.agreed = data
                if self.agreed_on is None and data.get("vastgesteld_op"):
                    self.agreed_on = date.fromisoformat(str(data["vastgesteld_op"]))
            elif event.kind == "step":
                step = _step(data, event)
                self.steps.append(step)
                self.steps.sort(key=lambda s: (s.date, s.recorded_at))
            elif event.kind == "correction":
                self._correct(str(data["corrects"]), data, event)
            elif event.kind == "withdrawal":
                self._withdraw(str(data["withdraws"]), str(data.get("reason", "")), event)
            elif event.kind == "reference" and isinstance(data.get("ref"), str) and REF.match(data["ref"]):
                self.ref = data["ref"]
            elif event.kind == "owner":
                self.owner = clean_line(str(data.get("owner") or ""))[:200]
            elif event.kind == "group":
                self.group = str(data.get("group") or "")
                self.group_title = clean_line(str(data.get("title") or ""))[:300]
            elif event.kind == "route" and isinstance(data.get("addressee"), str):
                self.routed_to = clean_line(data["addressee"])[:300]
            if event.kind in SERVER_KINDS:
                self.server_origin = event.origin
        except (KeyError, TypeError, ValueError, AttributeError):
            return

    def _correct(self, event_id: str, data: dict[str, Any], event: LogEvent) -> None:
        for number, old in enumerate(self.steps):
            if old.id == event_id:
                new = _step({**old.data(), **data.get("step", {}), "status": old.status}, event)
                new.id, new.origin, new.recorded_at = old.id, old.origin, old.recorded_at
                new.role, new.user = old.role, old.user
                new.corrections = [*old.corrections, clean(str(data.get("reason", "")))]
                self.steps[number] = new
                self.steps.sort(key=lambda s: (s.date, s.recorded_at))
                return

    def _withdraw(self, event_id: str, reason: str, event: LogEvent) -> None:
        for number, old in enumerate(self.steps):
            if old.id == event_id:
                del self.steps[number]
                self.withdrawn.append(Withdrawn(old, clean(reason), event.role, event.recorded_at))
                return

    # As the register's table keeps it (the fold of all events so far).

    def to_state(self) -> dict[str, Any]:
        return {
            "steps": [s.to_state() for s in self.steps],
            "withdrawn": [
                {"step": w.step.to_state(), "reason": w.reason, "role": w.role, "recorded_at": w.recorded_at}
                for w in self.withdrawn
            ],
            "agreed": self.agreed,
            "owner": self.owner,
            "group": self.group,
            "group_title": self.group_title,
            "routed_to": self.routed_to,
            "server_origin": self.server_origin,
            "agreed_on": self.agreed_on.isoformat() if self.agreed_on else None,
        }

    @classmethod
    def from_state(cls, uuid_: str, key: str, ref: str, local: str, state: dict[str, Any]) -> Entry:
        return cls(
            uuid_,
            key,
            ref,
            local,
            [Step.from_state(s) for s in state.get("steps", ())],
            [
                Withdrawn(Step.from_state(w["step"]), w.get("reason", ""), w.get("role", ""), w.get("recorded_at", ""))
                for w in state.get("withdrawn", ())
            ],
            state.get("agreed"),
            state.get("owner", ""),
            state.get("group", ""),
            state.get("group_title", ""),
            state.get("routed_to", ""),
            state.get("server_origin", ""),
            _day(state.get("agreed_on"), state.get("agreed")),
        )


def _day(stored: Any, agreed: Any) -> date | None:
    """agreed_on as the state keeps it; a state folded before it was kept has the date of
    its (latest) agreement, which is as near as it knows."""
    found = stored or (agreed.get("vastgesteld_op") if isinstance(agreed, dict) else None)
    try:
        return date.fromisoformat(str(found)) if found else None
    except ValueError:
        return None


def _step(data: dict[str, Any], event: LogEvent) -> Step:
    """A step from an event's data (from anywhere: checked for shape, cleaned, bounded)."""
    status = data["status"]
    if status not in STATUSES[1:]:
        raise ValueError(status)
    outcome = data.get("outcome")
    if outcome not in (None, *get_args(Outcome)):
        raise ValueError(outcome)
    texts = {
        name: (clean if name == "note" else clean_line)(str(data.get(name) or ""))[: LIMITS[name]]
        for name in ("note", "to_whom", "how")
    }
    return Step(
        status,
        date.fromisoformat(str(data["date"])),
        event.role,
        note=texts["note"],
        to_whom=texts["to_whom"],
        how=texts["how"],
        outcome=outcome,
        id=event.id,
        recorded_at=event.recorded_at,
        origin=event.origin,
        user=clean_line(event.user or "")[:300],
    )


# The fields a correction may change, in the order a step shows them, as people name them.
CORRECTED = (("date", "datum"), ("to_whom", "bij wie"), ("how", "hoe"), ("outcome", "uitkomst"), ("note", "notitie"))


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction of a step as its history shows it: why, and what each field it
    changed said before (the step itself shows what it says now)."""

    reason: str
    was: tuple[tuple[str, str], ...]  # (the field as people name it, what it said), in the step's order


def corrections(events: Iterable[LogEvent]) -> dict[str, list[Correction]]:
    """Per step (by the id of the event that recorded it) its corrections, oldest first, each
    with the values it replaced. The fold keeps only what is in effect; the log keeps all."""
    steps: dict[str, Step] = {}
    found: dict[str, list[Correction]] = {}
    for event in events:
        data = event.data
        try:
            if event.kind == "step":
                steps[event.id] = _step(data, event)
            elif event.kind == "correction":
                target = str(data["corrects"])
                old = steps.get(target)
                if old is None:
                    continue
                new = _step({**old.data(), **data.get("step", {}), "status": old.status}, event)
                was = tuple(
                    (label, _said(getattr(old, name)))
                    for name, label in CORRECTED
                    if getattr(old, name) != getattr(new, name)
                )
                steps[target] = new
                found.setdefault(target, []).append(Correction(clean(str(data.get("reason", ""))), was))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return found


def _said(value: object) -> str:
    if isinstance(value, date):
        return day_text(value)
    return str(value) if value else "(leeg)"
