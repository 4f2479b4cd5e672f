"""The event log: what laptops push, what beleid records, what laptops pull.

Every write of events holds one PostgreSQL advisory lock until its transaction commits,
so server_seq grows in commit order and a laptop pulling `since` its cursor never skips an
event that committed late. Pushes are short (one indexed insert per event), so the lock
costs little at the scale of a municipality (bench/server.py).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from beraad.model.register import LifecycleError, Step
from beraad.server import identifiers
from beraad.server.fold import Folded, due, fold
from beraad.server.models import Addressee, Audit, Event, Group, Knelpunt, Meta, RefCounter, Team, Token

log = logging.getLogger("beraad.server")

LAPTOP_KINDS = {"agreed", "step", "correction", "withdrawal"}
SERVER_KINDS = {"reference", "owner", "group", "route", "step"}
MAX_EVENTS = 500  # per push; a laptop sends more in several pushes
LOCK_KEY = 0x6265726161  # "beraa": the one advisory lock every event writer takes
TEXT_LIMITS = {"title": 300, "description": 20_000, "effect": 20_000, "regulation": 500, "addressee": 300}
AGREED_LABELS = {"title": "titel", "description": "beschrijving", "effect": "effect", "regulation": "regelgeving"}


class Changed(Exception):
    """Someone else changed the knelpunt since the page was read (a Dutch message)."""


class Refused(Exception):
    """A step or change that cannot be recorded (a Dutch message); field: the part of the
    step that is missing or wrong, when it is one part."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class PushResult:
    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "refused": self.refused,
            "references": self.references,
        }


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


_origin: dict[str, uuid.UUID] = {}  # per database: read once per process


def server_origin() -> uuid.UUID:
    name = str(connection.settings_dict["NAME"])
    if name not in _origin:
        meta, _ = Meta.objects.get_or_create(key="origin", defaults={"value": str(uuid.uuid4())})
        _origin[name] = uuid.UUID(meta.value)
    return _origin[name]


def _next_seq(count: int = 1) -> int:
    """The first of `count` numbers of the server's own per-origin sequence (call with the
    lock held: no gaps, no number twice)."""
    meta, _ = Meta.objects.select_for_update().get_or_create(key="seq", defaults={"value": "0"})
    first = int(meta.value) + 1
    meta.value = str(first + count - 1)
    meta.save(update_fields=["value"])
    return first


def as_json(event: Event) -> dict[str, Any]:
    return {
        "id": str(event.event_id),
        "knelpunt": str(event.knelpunt_id),
        "origin": str(event.origin),
        "seq": event.seq,
        "kind": event.kind,
        "recorded_at": event.recorded_at.isoformat(),
        "author": event.author,
        "data": event.data,
        "server_seq": event.server_seq,
    }


# --- what a laptop pushes -------------------------------------------------------------


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def shape_problem(raw: object) -> str | None:
    """Why an event does not have the agreed shape (docs/architecture.md), or None."""
    if not isinstance(raw, dict):
        return "Een gebeurtenis is geen object."
    for name in ("id", "knelpunt", "origin"):
        if _uuid(raw.get(name)) is None:
            return f"'{name}' is geen UUID."
    if not isinstance(raw.get("seq"), int) or isinstance(raw.get("seq"), bool) or not 0 < raw["seq"] < 2**62:
        return "'seq' is geen positief geheel getal."
    if not isinstance(raw.get("kind"), str) or raw["kind"] not in LAPTOP_KINDS | SERVER_KINDS:
        return f"'kind' is geen bekende soort ({', '.join(sorted(LAPTOP_KINDS | SERVER_KINDS))})."
    try:
        recorded = datetime.fromisoformat(str(raw.get("recorded_at")))
    except ValueError:
        return "'recorded_at' is geen tijdstip."
    if recorded.tzinfo is None:
        return "'recorded_at' heeft geen tijdzone."
    if not isinstance(raw.get("data"), dict) or not isinstance(raw.get("author", {}), dict):
        return "'data' en 'author' moeten objecten zijn."
    return None


DUTCH_KEYS = {
    "titel": "title",
    "beschrijving": "description",
    "effect": "effect",
    "bronnen": "sources",
    "regelgeving": "regulation",
    "bestaanszekerheid": "subsistence",
    "beleidsruimte": "discretion",
    "aard": "recurrence",
    "adressaat": "addressee",
    "versie": "version",
    "vastgesteld_op": "approved_on",
    "sessiedatum": "session_date",
    "zelfde_als": "same_as",
}


def _iso_day(value: object) -> object:
    """A date as ISO text; the laptop may write dd-mm-jjjj."""
    text = str(value or "")
    if len(text) == 10 and text[2] == "-" and text[5] == "-":
        return f"{text[6:]}-{text[3:5]}-{text[:2]}"
    return value


def agreed_fields(data: dict[str, Any]) -> dict[str, Any]:
    """An `agreed` snapshot with the keys the server folds by: the architecture's English
    keys, or the Dutch keys of the verslag the laptop's event log copies."""
    fields = {DUTCH_KEYS.get(key, key): value for key, value in data.items()}
    if isinstance(fields.get("subsistence"), str):
        fields["subsistence"] = {"ja": True, "nee": False}.get(fields["subsistence"])
    for name in ("discretion", "recurrence"):
        if fields.get(name) in ("niet beantwoord", "niet ingevuld"):  # the verslag's word for a question left open
            fields[name] = ""
    for name in ("session_date", "approved_on"):
        if name in fields:
            fields[name] = _iso_day(fields[name])
    return fields


def _agreed_problem(raw: dict[str, Any]) -> str | None:
    data = agreed_fields(raw)
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return "Een knelpunt zonder titel."
    for name, limit in TEXT_LIMITS.items():
        value = data.get(name, "")
        if value is not None and not isinstance(value, str):
            return f"'{name}' is geen tekst."
        if value and len(value) > limit:
            return f"'{name}' is te lang (hoogstens {limit} tekens)."
    if not isinstance(data.get("sources", []), list) or not all(isinstance(s, str) for s in data.get("sources", [])):
        return "'sources' is geen lijst van teksten."
    try:
        date.fromisoformat(str(data.get("session_date")))
        if data.get("approved_on"):
            date.fromisoformat(str(data["approved_on"]))
    except ValueError:
        return "'session_date' of 'approved_on' is geen datum."
    fields = [(label, str(data.get(name) or "")) for name, label in AGREED_LABELS.items()]
    fields += [("bronnen", s) for s in data.get("sources", [])]
    return identifiers.check(fields)


def _step_problem(data: dict[str, Any]) -> str | None:
    try:
        day = date.fromisoformat(str(data.get("date")))
        Step.make(
            str(data.get("status")),
            day,
            **{k: data.get(k) for k in ("role", "note", "to_whom", "how", "outcome") if k in data},
        )
    except ValueError as error:  # LifecycleError is one
        return str(error) if isinstance(error, LifecycleError) else "'date' is geen datum."
    return identifiers.check(
        [("notitie", str(data.get("note") or "")), ("bij wie", str(data.get("to_whom") or ""))],
        identifiers.STEP_ADVICE,
    )


def push(token: Token, raw_events: list[Any]) -> PushResult:
    """Take a laptop's events: idempotent by event id, each refused one with its reason.
    A knelpunt new to the server is folded from the pushed events in memory and written
    with its reference in one insert, so a first sync of hundreds of events is quick."""
    result = PushResult()
    team = token.team
    with transaction.atomic():
        _lock()
        ids = [_uuid(e.get("id")) for e in raw_events if isinstance(e, dict)]
        known = set(Event.objects.filter(event_id__in=[i for i in ids if i]).values_list("event_id", flat=True))
        used_seqs = set(
            Event.objects.filter(
                origin=token.origin, seq__in=[e.get("seq") for e in raw_events if isinstance(e, dict)]
            ).values_list("seq", flat=True)
        )
        wanted = [k for k in (_uuid(e.get("knelpunt")) for e in raw_events if isinstance(e, dict)) if k is not None]
        knelpunten = {k.id: k for k in Knelpunt.objects.filter(id__in=wanted)}
        new_events: list[Event] = []
        touched: dict[uuid.UUID, Knelpunt] = {}
        created: dict[uuid.UUID, Knelpunt] = {}
        for raw in raw_events:
            event_id = str(raw.get("id")) if isinstance(raw, dict) else "?"
            problem = shape_problem(raw)
            if problem is None and raw["kind"] not in LAPTOP_KINDS:
                problem = f"Een laptop kan geen gebeurtenis van de soort '{raw['kind'][:30]}' sturen."
            if problem is None and uuid.UUID(raw["id"]) in known:
                knelpunt = knelpunten.get(uuid.UUID(raw["knelpunt"]))
                if knelpunt is not None and knelpunt.team_id == team.id:
                    result.duplicates.append(str(uuid.UUID(raw["id"])))
                    touched[knelpunt.id] = knelpunt
                    continue
                problem = "Deze gebeurtenis hoort bij een ander team."
            if problem is None:
                problem = _laptop_problem(raw, token, knelpunten, used_seqs)
            if problem is not None:
                result.refused.append({"id": event_id, "reason": problem})
                continue
            knelpunt_id = uuid.UUID(raw["knelpunt"])
            knelpunt = knelpunten.get(knelpunt_id)
            if knelpunt is None:
                knelpunt = _new_knelpunt(knelpunt_id, team, agreed_fields(raw["data"]))
                knelpunten[knelpunt_id] = created[knelpunt_id] = knelpunt
            event = Event(
                event_id=uuid.UUID(raw["id"]),
                knelpunt=knelpunt,
                team=team,
                origin=token.origin,
                seq=raw["seq"],
                kind=raw["kind"],
                recorded_at=datetime.fromisoformat(raw["recorded_at"]),
                author=_author(raw.get("author") or {}),
                data=raw["data"],
            )
            new_events.append(event)
            known.add(event.event_id)
            used_seqs.add(event.seq)
            touched[knelpunt.id] = knelpunt
            result.accepted.append(str(event.event_id))
        if created:
            new_events += _references(list(created.values()))
            addressees = _addressees()
            for knelpunt in created.values():
                mine = [e for e in new_events if e.knelpunt is knelpunt]
                refold(knelpunt, fold([_plain(e) for e in mine]), addressees=addressees, save=False)
            Knelpunt.objects.bulk_create(created.values())
        Event.objects.bulk_create(new_events)
        linked = set()
        for knelpunt in created.values():
            agreed = agreed_fields(next(e.data for e in new_events if e.knelpunt is knelpunt and e.kind == "agreed"))
            if agreed.get("same_as") and _link_same(knelpunt, agreed["same_as"]):
                linked.add(knelpunt.id)
        for knelpunt in touched.values():
            if knelpunt.id not in created or knelpunt.id in linked:
                refold(knelpunt)
            result.references[str(knelpunt.id)] = knelpunt.ref
        if new_events:
            Audit.objects.create(
                who=f"laptop van {team.name}",
                action="gebeurtenissen ontvangen",
                detail=f"{len(result.accepted)} nieuw, {len(result.duplicates)} al bekend, {len(result.refused)} geweigerd",
            )
    return result


def _plain(event: Event) -> dict[str, Any]:
    """An event not yet stored, as the wire carries it."""
    return {
        "id": str(event.event_id),
        "knelpunt": str(event.knelpunt.id),
        "origin": str(event.origin),
        "seq": event.seq,
        "kind": event.kind,
        "recorded_at": event.recorded_at.isoformat(),
        "author": event.author,
        "data": event.data,
    }


def _references(knelpunten: list[Knelpunt]) -> list[Event]:
    """A server reference for each new knelpunt (KP-<year>-<number>), as events."""
    by_year: dict[int, list[Knelpunt]] = {}
    for knelpunt in sorted(knelpunten, key=lambda k: (k.session_date, str(k.local_ref))):
        by_year.setdefault(knelpunt.year, []).append(knelpunt)
    for year, members in by_year.items():
        counter, _ = RefCounter.objects.select_for_update().get_or_create(year=year)
        for number, knelpunt in enumerate(members, counter.last + 1):
            knelpunt.ref = f"KP-{year}-{number:04d}"
        counter.last += len(members)
        counter.save(update_fields=["last"])
    first = _next_seq(len(knelpunten))
    origin, now = server_origin(), timezone.now()
    return [
        Event(
            event_id=uuid.uuid4(),
            knelpunt=knelpunt,
            team_id=knelpunt.team_id,
            origin=origin,
            seq=first + number,
            kind="reference",
            recorded_at=now,
            author={"role": "server", "user": None},
            data={"ref": knelpunt.ref},
        )
        for number, knelpunt in enumerate(knelpunten)
    ]


def _laptop_problem(
    raw: dict[str, Any], token: Token, knelpunten: dict[uuid.UUID, Knelpunt], used_seqs: set[int]
) -> str | None:
    if uuid.UUID(raw["origin"]) != token.origin:
        return "Deze gebeurtenis komt niet van deze laptop (andere herkomst)."
    if raw["seq"] in used_seqs:
        return f"Volgnummer {raw['seq']} van deze laptop is al gebruikt door een andere gebeurtenis."
    knelpunt = knelpunten.get(uuid.UUID(raw["knelpunt"]))
    if knelpunt is not None and knelpunt.team_id != token.team_id:
        return "Dit knelpunt hoort bij een ander team."
    if knelpunt is None and raw["kind"] != "agreed":
        return "De server kent dit knelpunt nog niet: eerst komt wat het team vaststelde ('agreed')."
    if raw["kind"] == "agreed":
        return _agreed_problem(raw["data"])
    if raw["kind"] == "step":
        return _step_problem(raw["data"])
    if raw["kind"] == "correction":
        if _uuid(raw["data"].get("corrects")) is None:
            return "Een correctie zonder 'corrects'."
        step = raw["data"].get("step")
        fields = {**raw["data"], **(step if isinstance(step, dict) else {})}
        texts = [("notitie", str(fields.get("note") or "")), ("bij wie", str(fields.get("to_whom") or ""))]
        return identifiers.check([*texts, ("reden", str(fields.get("reason") or ""))], identifiers.STEP_ADVICE)
    if raw["kind"] == "withdrawal" and _uuid(raw["data"].get("withdraws")) is None:
        return "Een intrekking zonder 'withdraws'."
    return None


def _author(author: dict[str, Any]) -> dict[str, Any]:
    role = author.get("role")
    return {"role": str(role)[:200] if role else "", "user": None}  # a laptop records roles, never people


def _new_knelpunt(knelpunt_id: uuid.UUID, team: Team, data: dict[str, Any]) -> Knelpunt:
    """Not saved yet: its reference and state are filled in once the whole push is read."""
    session_date = date.fromisoformat(str(data["session_date"]))
    return Knelpunt(
        id=knelpunt_id,
        team=team,
        local_ref=str(data.get("ref") or "")[:40],
        year=session_date.year,
        title=str(data["title"])[:300],
        session_date=session_date,
    )


def _link_same(knelpunt: Knelpunt, same_as: object) -> bool:
    """The team said "hetzelfde knelpunt" as an earlier one: they belong to one theme."""
    earlier_id = _uuid(same_as)
    earlier = Knelpunt.objects.filter(id=earlier_id, team=knelpunt.team).first() if earlier_id else None
    if earlier is None or earlier.id == knelpunt.id:
        return False
    author = {"role": "server", "user": None}
    group = earlier.group
    if group is None:
        group = Group.objects.create(title=earlier.title)
        _server_event(earlier, "group", {"group": str(group.id), "title": group.title}, author)
        refold(earlier)
    _server_event(knelpunt, "group", {"group": str(group.id), "title": group.title}, author)
    return True


def _server_event(knelpunt: Knelpunt, kind: str, data: dict[str, Any], author: dict[str, Any]) -> Event:
    return Event.objects.create(
        event_id=uuid.uuid4(),
        knelpunt=knelpunt,
        team_id=knelpunt.team_id,
        origin=server_origin(),
        seq=_next_seq(),
        kind=kind,
        recorded_at=timezone.now(),
        author=author,
        data=data,
    )


def events_of(knelpunt: Knelpunt) -> list[dict[str, Any]]:
    """A knelpunt's events as the wire carries them, in the order the server stored them."""
    return [as_json(e) for e in knelpunt.events.order_by("server_seq")]


def _addressees() -> dict[str, Addressee]:
    return {a.name.strip().lower(): a for a in Addressee.objects.all()}


def refold(
    knelpunt: Knelpunt, state: Folded | None = None, addressees: dict[str, Addressee] | None = None, save: bool = True
) -> Folded:
    """Bring the knelpunt's row in line with its events."""
    state = state or fold(events_of(knelpunt))
    agreed = agreed_fields(state.agreed)
    if agreed:
        knelpunt.title = str(agreed.get("title") or knelpunt.title)[:300]
        knelpunt.description = str(agreed.get("description") or "")
        knelpunt.effect = str(agreed.get("effect") or "")
        knelpunt.sources = [str(s) for s in agreed.get("sources") or []]
        knelpunt.regulation = str(agreed.get("regulation") or "")[:500]
        knelpunt.subsistence = agreed.get("subsistence") if isinstance(agreed.get("subsistence"), bool) else None
        knelpunt.discretion = str(agreed.get("discretion") or "")[:20]
        knelpunt.recurrence = str(agreed.get("recurrence") or "")[:40]
        knelpunt.addressee_text = str(agreed.get("addressee") or "")[:300]
        knelpunt.local_ref = str(agreed.get("ref") or knelpunt.local_ref)[:40]
        knelpunt.session_date = date.fromisoformat(str(agreed.get("session_date") or knelpunt.session_date))
        approved = agreed.get("approved_on")
        knelpunt.approved_on = date.fromisoformat(approved) if isinstance(approved, str) and approved else None
        version = agreed.get("version")
        knelpunt.version = version if isinstance(version, int) and 0 < version < 1000 else 1
    routed = (state.addressee or knelpunt.addressee_text).strip().lower()
    if addressees is not None:
        knelpunt.addressee = addressees.get(routed) if routed else None
    else:
        knelpunt.addressee = (
            Addressee.objects.annotate(lname=Lower("name")).filter(lname=routed).first() if routed else None
        )
    knelpunt.status = state.status
    last = state.steps[-1] if state.steps else None
    knelpunt.status_date = last.date if last else None
    done = state.last("afgerond")
    knelpunt.outcome = (done.outcome or "") if done else ""
    knelpunt.answer = done.note if done else ""
    closed = done or state.last("teruggekoppeld")
    knelpunt.closed_on = closed.date if closed else None
    weeks = knelpunt.addressee.feedback_weeks if knelpunt.addressee else None
    knelpunt.due, knelpunt.due_what = due(state, knelpunt.session_date, weeks)
    owner, group = state.entry.owner, state.entry.group
    knelpunt.owner = User.objects.filter(username=owner).first() if owner else None
    knelpunt.group_id = _uuid(group) if group else None
    knelpunt.conflicts = state.entry.conflicts
    knelpunt.search_text = " ".join(
        [knelpunt.ref, knelpunt.local_ref, knelpunt.title, knelpunt.description, knelpunt.effect,
         knelpunt.regulation, knelpunt.team.name]
    ).lower()  # fmt: skip
    knelpunt.revision += 1
    if save:
        knelpunt.save()
    return state


# --- what beleid records ----------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who records a change on the server: a person on the pages, or a command."""

    name: str  # for the audit log
    author: dict[str, Any]  # as the event carries it

    @classmethod
    def of(cls, user: User) -> Actor:
        role = getattr(getattr(user, "profile", None), "role", "") or "beheer"
        return cls(user.username, {"role": role, "user": user.username})

    @classmethod
    def command(cls, role: str) -> Actor:
        return cls(f"opdrachtregel ({role or 'beheer'})", {"role": role or "beheer", "user": None})


def from_server(origin: uuid.UUID | str) -> bool:
    return str(origin) == str(server_origin())


def made_by(author: dict[str, Any], origin: uuid.UUID | str, team: str) -> str:
    """Who made an event and where, in Dutch: a person on the pages, a command on the
    server, or a team's laptop (with the role it recorded)."""
    role = str(author.get("role") or "")
    if from_server(origin):
        user = author.get("user")
        if user:
            return str(user)
        return "de server" if role in ("", "server") else f"een opdracht op de server ({role})"
    return f"de laptop van {team}" + (f" ({role})" if role else "")


def place(origin: uuid.UUID | str, team: str) -> str:
    """Where an event was made, as the knelpunt's page names it."""
    return "op de server" if from_server(origin) else f"op de laptop van {team}"


def _last_change(knelpunt: Knelpunt) -> str:
    """' door … om 14:05': the change that came last (not the server's own reference, nor
    a mail about it), named after who made it where."""
    last = knelpunt.events.exclude(kind="reference").order_by("-server_seq").first()
    if last is None:
        return ""
    when = timezone.localtime(last.received_at)
    day = "" if when.date() == timezone.localdate() else f" op {when:%d-%m-%Y}"
    return f" door {made_by(last.author, last.origin, knelpunt.team.name)}{day} om {when:%H:%M}"


def _fresh(knelpunt: Knelpunt, revision: int | None) -> Knelpunt:
    current = Knelpunt.objects.select_for_update().select_related("team").get(id=knelpunt.id)
    if revision is not None and current.revision != revision:
        by = _last_change(current)
        raise Changed(
            f"{current.ref} is intussen gewijzigd{by}. Hieronder staat de nieuwe stand; je invoer staat nog in "
            "het formulier. Kijk of je stap nog klopt en leg hem dan opnieuw vast."
        )
    return current


STEP_LABELS = {"note": "Toelichting voor het team", "to_whom": "Bij wie"}  # as the step form names them


def record_step(
    actor: Actor,
    knelpunten: Iterable[Knelpunt],
    fields: dict[str, Any],
    revision: int | None = None,
    advice: str = identifiers.BROWSER_ADVICE,
) -> list[Knelpunt]:
    """Record a step (checked as the laptop checks it) on one knelpunt, or on every member
    of a group; each keeps its own history. advice: what to do about a text refused for an
    identifier, where it was typed."""
    chosen = list(knelpunten)
    day = fields["date"]
    try:
        step = Step.make(
            fields["status"],
            day,
            role=actor.author["role"],
            **{k: fields.get(k) for k in ("note", "to_whom", "how", "outcome")},
        )
    except LifecycleError as error:
        raise Refused(str(error), error.field) from error
    for name, label in STEP_LABELS.items():
        problem = identifiers.check([(label, getattr(step, name))], advice=advice)
        if problem:
            raise Refused(problem, name)
    data = step.data()
    if fields.get("group"):
        data["group"] = str(fields["group"])
    done = []
    with transaction.atomic():
        _lock()
        for knelpunt in chosen:
            current = _fresh(knelpunt, revision if len(chosen) == 1 else None)
            try:
                fold(events_of(current)).entry.check(step, current.session_date, timezone.localdate())
            except LifecycleError as error:
                raise Refused(f"{current.ref}: {error}", error.field) from error
            _server_event(current, "step", data, actor.author)
            refold(current)
            _audit(actor, "stap vastgelegd", current, f"{step.status}{f' ({step.outcome})' if step.outcome else ''}")
            _notify_on_commit(current)
            done.append(current)
    return done


def set_owner(actor: Actor, knelpunt: Knelpunt, owner: User | None, revision: int | None = None) -> Knelpunt:
    with transaction.atomic():
        _lock()
        current = _fresh(knelpunt, revision)
        _server_event(current, "owner", {"owner": owner.username if owner else None}, actor.author)
        refold(current)
        _audit(actor, "eigenaar gekozen", current, owner.username if owner else "geen eigenaar")
    return current


def route(actor: Actor, knelpunt: Knelpunt, addressee: Addressee, revision: int | None = None) -> Knelpunt:
    with transaction.atomic():
        _lock()
        current = _fresh(knelpunt, revision)
        _server_event(current, "route", {"addressee": addressee.name}, actor.author)
        refold(current)
        _audit(actor, "gerouteerd", current, addressee.name)
    return current


THEME_NEEDS_TITLE = "Een thema heeft een titel nodig: het team en beleid vinden het thema terug aan die titel."


def merge(actor: Actor, knelpunten: list[Knelpunt], title: str, group: Group | None = None) -> Group:
    """Put knelpunten in one theme (a new one, or an existing group); members of other
    themes move along with their whole theme. A new theme needs a title (Refused)."""
    if group is None and not title.strip():
        raise Refused(THEME_NEEDS_TITLE)
    with transaction.atomic():
        _lock()
        group = group if group is not None else Group.objects.create(title=title)
        members = {k.id: k for k in knelpunten}
        for old in {k.group_id for k in knelpunten if k.group_id and k.group_id != group.id}:
            members |= {k.id: k for k in Knelpunt.objects.filter(group_id=old)}
        for knelpunt in members.values():
            if knelpunt.group_id == group.id:
                continue
            current = _fresh(knelpunt, None)
            _server_event(current, "group", {"group": str(group.id), "title": group.title}, actor.author)
            refold(current)
            _audit(actor, "samengevoegd", current, f"thema '{group.title}'")
    return group


def rename_theme(actor: Actor, group: Group, title: str) -> Group:
    """A theme's new title, for every member (a `group` event each, so the laptops show it
    too); an empty title is refused and the theme stays as it was."""
    title = " ".join(title.split())[:300]
    if not title:
        raise Refused(THEME_NEEDS_TITLE, "title")
    with transaction.atomic():
        _lock()
        current = Group.objects.select_for_update().get(id=group.id)
        old, current.title = current.title, title
        if old == title:
            return current
        current.save(update_fields=["title"])
        for knelpunt in Knelpunt.objects.filter(group_id=current.id).order_by("ref"):
            member = _fresh(knelpunt, None)
            _server_event(member, "group", {"group": str(current.id), "title": title}, actor.author)
            refold(member)
            _audit(actor, "thema hernoemd", member, f"'{old}' heet nu '{title}'")
    return current


def _audit(actor: Actor, action: str, knelpunt: Knelpunt, detail: str) -> None:
    Audit.objects.create(who=actor.name, action=action, ref=knelpunt.ref, detail=detail[:2000])


def _notify_on_commit(knelpunt: Knelpunt) -> None:
    from beraad.server import mail

    transaction.on_commit(lambda: mail.team_notice(knelpunt.id))


# --- what a laptop pulls --------------------------------------------------------------


def pull(token: Token, since: int, limit: int) -> dict[str, Any]:
    rows = list(Event.objects.filter(team_id=token.team_id, server_seq__gt=since).order_by("server_seq")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "events": [as_json(e) for e in rows],
        "next": rows[-1].server_seq if rows else since,
        "more": more,
    }
