"""The register of knelpunten across all sessions of a workspace: who it is with, what is
due when, which ones are overdue, and which ones are the same knelpunt seen again.

Signals die in silence when nobody follows them up; the register makes the follow-up
visible. It reads the knelpunten and their history from the register's event log, which
the session scan keeps up to date, so opening it never reads a session file.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import gc
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from beraad.errors import BeraadError
from beraad.model.bottleneck import request_for
from beraad.model.register import (
    STATUSES,
    Correction,
    Entry,
    LifecycleError,
    LogEvent,
    Status,
    Step,
    corrections,
    dispute_lines,
    later,
)
from beraad.settings import Route
from beraad.store.eventlog import SEPARATOR, RegisterLog, Stored
from beraad.text import clean, clean_line, day_text, name_key

if TYPE_CHECKING:
    from beraad.core.services import Services

AGENDA_WEEKS = 4  # a knelpunt from a session should be on someone's agenda within this
FEEDBACK_WEEKS = 8  # default wait for feedback after agendering (a route may say otherwise)
REPORT_BACK_WEEKS = 2  # after it is dealt with, the team hears back within this
CHECK_BACK_MONTHS = 6  # look again whether anything changed, after agendering


@dataclass(frozen=True)
class Terms:
    """How long each step may take (beraad.toml and the route map can change these)."""

    agenda_weeks: int = AGENDA_WEEKS
    report_back_weeks: int = REPORT_BACK_WEEKS
    check_back_months: int = CHECK_BACK_MONTHS
    feedback_weeks: dict[str, int] = field(default_factory=dict)  # per addressee

    def feedback_for(self, *addressees: str) -> int:
        """Weeks for feedback from the first addressee the route map knows: where it was put
        on the agenda ("bij wie"), else the addressee the team chose; else the default."""
        for addressee in addressees:
            weeks = self.feedback_weeks.get(name_key(addressee))
            if weeks is not None:
                return weeks
        return FEEDBACK_WEEKS


@dataclass(frozen=True)
class Due:
    what: str  # "agenderen", "terugkoppeling", "team terugkoppelen", "terugkijken"
    day: date


class Row:
    """One knelpunt as the register shows it. Its history (entry) and what the team agreed
    on (agreed) are read from the register when first asked for: a list of thirty thousand
    rows needs neither."""

    __slots__ = (
        "_agreed", "_entry", "_load_agreed", "_load_entry", "addressee", "approved", "conflicts", "due", "first_seen",
        "flagged", "group", "key", "last_seen", "local_ref", "overdue", "present", "ref", "regulation", "routed_to",
        "searched", "seen", "session_id", "session_title", "sources", "status", "team", "teams", "title", "uuid",
    )  # fmt: skip

    def __init__(
        self,
        key: str,
        ref: str,
        title: str,
        status: Status,
        sources: tuple[str, ...],
        regulation: str,
        team: str,
        addressee: str,  # as the team chose it ("bij wie" of a step is that step's contact, not this)
        flagged: date,  # the date of the session
        approved: bool,  # in a vastgesteld verslag: agreed by the team, may leave the team
        session_id: str,
        session_title: str,
        group: str,  # the ref of the first knelpunt of its group ("hetzelfde knelpunt")
        seen: int = 1,  # how often the group was seen
        teams: int = 1,  # in how many teams
        first_seen: date | None = None,
        last_seen: date | None = None,
        due: Due | None = None,
        overdue: bool = False,
        entry: Entry | None = None,
        agreed: dict[str, Any] | None = None,  # as approved, anonymised
        uuid: str = "",
        present: bool = True,  # its session is still in the workspace
        local_ref: str = "",
        searched: str = "",  # what the agreed verslag says of it (description, effect), for search
        load_entry: Callable[[], Entry] | None = None,
        load_agreed: Callable[[], dict[str, Any] | None] | None = None,
        routed_to: str = "",  # where the municipality's server routed it, when it did
        conflicts: int = 0,  # statuses recorded in more than one place (Entry.disputes)
    ) -> None:
        self.key, self.ref, self.title, self.status = key, ref, title, status
        self.sources, self.regulation, self.team, self.addressee = sources, regulation, team, addressee
        self.flagged, self.approved, self.session_id, self.session_title = flagged, approved, session_id, session_title
        self.group, self.seen, self.teams, self.first_seen, self.last_seen = group, seen, teams, first_seen, last_seen
        self.due, self.overdue, self.uuid, self.present = due, overdue, uuid, present
        self.local_ref = local_ref or (entry.local_ref if entry is not None else ref)
        self.searched = searched
        self.routed_to, self.conflicts = routed_to, conflicts
        self._entry, self._agreed = entry, agreed
        self._load_entry, self._load_agreed = load_entry, load_agreed

    @property
    def entry(self) -> Entry | None:
        if self._entry is None and self._load_entry is not None:
            self._entry, self._load_entry = self._load_entry(), None
        return self._entry

    @property
    def agreed(self) -> dict[str, Any] | None:
        if self._agreed is None and self._load_agreed is not None:
            self._agreed, self._load_agreed = self._load_agreed(), None
        return self._agreed

    @property
    def open(self) -> bool:
        return self.status != "teruggekoppeld"

    def seen_text(self) -> str:
        """'4 keer gezien in 3 teams sinds maart 2026', or '' when seen once."""
        if self.seen < 2 or self.first_seen is None:
            return ""
        teams = f" in {self.teams} teams" if self.teams > 1 else ""
        return f"{self.seen} keer gezien{teams} sinds {MONTHS[self.first_seen.month - 1]} {self.first_seen.year}"

    def __repr__(self) -> str:
        return f"Row({self.ref!r}, {self.title!r}, {self.status!r})"


MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def add_months(day: date, months: int) -> date:
    """day a number of months later (the last date there is when that is past 9999)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_of(entry: Entry, flagged: date, addressee: str, terms: Terms, approved: bool = True) -> Due | None:
    """The next date something should happen for this knelpunt: the one source of every
    deadline (the register, the signaal, the extract and the look back all ask here)."""
    agendered, done = entry.step("geagendeerd"), entry.step("afgerond")
    return due_from(
        entry.status,
        flagged,
        (agendered.date, agendered.to_whom) if agendered else None,
        done.date if done else None,
        entry.routed_to or addressee,
        terms,
        approved,
        entry.agreed_on,
    )


def due_from(
    status: str,
    flagged: date,
    agendered: tuple[date, str] | None,  # when, and with whom
    done: date | None,
    addressee: str,
    terms: Terms,
    approved: bool = True,
    agreed_on: date | None = None,  # the day the team first agreed on it (see since())
) -> Due | None:
    """due_of, from what the register's table keeps of the history."""
    if status == "gesignaleerd" or agendered is None:
        what = "agenderen" if approved else "verslag vaststellen"
        return Due(what, later(flagged, weeks=terms.agenda_weeks))
    start = agreed_on or agendered[0]  # see since()
    check_back = Due("terugkijken", add_months(start, terms.check_back_months))
    if status == "teruggekoppeld":
        return check_back
    if status == "afgerond" and done is not None:
        return Due("team terugkoppelen", later(done, weeks=terms.report_back_weeks))
    feedback = Due("terugkoppeling", feedback_due(start, terms, agendered[1], addressee))
    return min(feedback, check_back, key=lambda d: d.day)


def since(entry: Entry, fallback: date | None = None) -> date:
    """From when the addressee's term for feedback and the look back count: the day the team
    agreed on the knelpunt (vastgesteld), when its signaal could go out with that date in it;
    so the signaal, the register and the extract name one date, whenever it is agendered.
    A knelpunt the register knows no agreement of counts from its agendering."""
    agendered = entry.step("geagendeerd")
    return entry.agreed_on or (agendered.date if agendered is not None else None) or fallback or date.max


def feedback_due(agendered: date, terms: Terms, *addressees: str) -> date:
    """When the addressee owes the team an answer, counted from the day it was agendered."""
    return later(agendered, weeks=terms.feedback_for(*addressees))


class Register:
    """The knelpunten of a workspace, their follow-up and what is due, read from the
    register's event log (store/eventlog.py). Reading is cheap when nothing changed: the
    rows are kept and read again only when any window or command wrote to the register."""

    def __init__(self, services: Services) -> None:
        from beraad.store.eventlog import RegisterLog

        self.services = services
        self.log = RegisterLog(services.workspace.root)
        self._rows: list[Row] | None = None
        self._read: tuple[int, date, Terms] | None = None  # what the rows were made with
        self._lock = threading.Lock()

    @property
    def today(self) -> date:
        return self.services.today()

    @property
    def routes(self) -> list[Route]:
        return self.services.settings.routes()

    @property
    def terms(self) -> Terms:
        follow_up = self.services.settings.organisation().bottlenecks
        return terms_for(self.routes, follow_up.check_back_months, follow_up.agenda_weeks)

    def rows(self) -> list[Row]:
        """Every knelpunt with its reference, status and what is due (read once, and again
        when the register changed or the day or the terms did). Raises BeraadError."""
        with self._lock:
            terms, today = self.terms, self.today
            version = self.log.version()
            if self._rows is None or self._read != (version, today, terms):
                with _collector_paused():
                    version, stored = self.log.knelpunten()
                    self._rows = _rows(stored, terms, today, self.log)
                self._read = (version, today, terms)
            return self._rows

    def descriptions(self) -> dict[str, str]:
        """The description of every knelpunt, by key (for suggestions while flagging)."""
        return self.log.descriptions()

    def with_history(self, rows: list[Row]) -> list[Row]:
        """The rows with every history read at once (an export of many)."""
        entries = self.log.entries()
        for row in rows:
            entry = entries.get(row.uuid)
            if entry is not None:
                row._entry, row._load_entry = entry, None
                row._agreed, row._load_agreed = entry.agreed, None
        return rows

    def find(self, reference: str) -> Row:
        """A knelpunt by its reference (the server's or this laptop's), key or UUID; a
        Dutch error when unknown."""
        wanted = reference.strip()
        upper = wanted.upper()
        for row in self.rows():
            if upper in (row.ref, row.local_ref) or wanted in (row.key, row.uuid):
                return row
        raise BeraadError(f"Er is geen knelpunt '{reference}'. Zie 'beraad knelpunten list'.")

    def advance(self, key: str, step: Step) -> Entry:
        """Record the next step of a knelpunt (raises a Dutch error). Only a knelpunt the
        team agreed on (in a vastgesteld verslag) goes beyond the team."""
        row = self.find(key)
        if not row.approved and step.status == "geagendeerd":
            raise BeraadError(
                "Dit knelpunt staat nog niet in een vastgesteld verslag. Alleen wat het team heeft vastgesteld "
                "gaat verder dan het team: stel eerst het verslag vast (Ctrl+G in het verslag)."
            )
        today = self.today

        def check(entry: Entry, flagged: date) -> None:
            entry.check(step, flagged, today)

        event = LogEvent.new(row.uuid, "step", step.data(), role=step.role, now=self.services.now())
        return self._append(row, [event], check)

    def correct(self, key: str, event_id: str, corrected: Step, reason: str) -> Entry:
        """Correct a step (its date, note, addressee, outcome) with a reason; the step as
        it was stays in the log. Raises a Dutch error."""
        row = self.find(key)
        why = _reason(reason)
        today = self.today

        def check(entry: Entry, flagged: date) -> None:
            entry.check_correction(event_id, corrected, flagged, today)

        data = {"corrects": event_id, "reason": why, "step": corrected.data()}
        event = LogEvent.new(row.uuid, "correction", data, role=corrected.role, now=self.services.now())
        return self._append(row, [event], check)

    def withdraw(self, key: str, event_id: str, reason: str, role: str = "") -> Entry:
        """Withdraw the latest step with a reason (it stays in the log, out of effect)."""
        row = self.find(key)
        why = _reason(reason)

        def check(entry: Entry, flagged: date) -> None:
            entry.check_withdrawal(event_id)

        data = {"withdraws": event_id, "reason": why}
        event = LogEvent.new(row.uuid, "withdrawal", data, role=clean_line(role)[:200], now=self.services.now())
        return self._append(row, [event], check)

    def _append(self, row: Row, events: list[LogEvent], check: Callable[[Entry, date], None]) -> Entry:
        try:
            return self.log.append(row.uuid, events, check)
        except LifecycleError as error:
            raise BeraadError(str(error)) from error

    def history(self, key: str) -> list[LogEvent]:
        """Every event of a knelpunt, as stored: who recorded what, when (the audit trail)."""
        return self.log.events(self.find(key).uuid)

    def corrections(self, row: Row) -> dict[str, list[Correction]]:
        """Per step of a knelpunt (by its id) its corrections, each with what it replaced."""
        return corrections(self.log.events(row.uuid))

    def take_sessions(self, entries: dict[str, Any]) -> None:
        """What a scan of the sessions saw (the store calls this after each scan)."""
        self.log.sync_sessions(entries)

    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows())


HERE = "op deze laptop"
SERVER = "op de server van de gemeente"


def conflict_lines(entry: Entry, here: str) -> list[str]:
    """The conflicts of a knelpunt in Dutch, each side with who recorded it where (here:
    this workspace's origin), and what to do; [] when its steps agree."""

    def where(step: Step) -> str:
        if step.origin == here:
            return HERE
        if step.user or (entry.server_origin and step.origin == entry.server_origin):
            return SERVER
        return "op een andere laptop van het team"

    lines = [line for steps in entry.disputes() for line in dispute_lines(steps, where)]
    if lines:
        lines.append(
            "Beide staan in de geschiedenis; geen van beide is weggegooid. Overleg welke klopt en corrigeer "
            "of trek in wat niet klopt."
        )
    return lines


def routed_text(row: Row) -> str:
    """'door de gemeente gerouteerd naar Wmo-beleid', when the server routed it elsewhere
    than the team's addressee; the addressee stays what the team chose."""
    if not row.routed_to or row.routed_to.strip().casefold() == row.addressee.strip().casefold():
        return ""
    return f"door de gemeente gerouteerd naar {row.routed_to}"


def _reason(text: str) -> str:
    why = clean(text).strip()
    if not why:
        raise BeraadError("Zeg waarom: een correctie of intrekking blijft met haar reden in de geschiedenis staan.")
    if len(why) > 2_000:
        raise BeraadError("De reden is te lang (hoogstens 2000 tekens).")
    return why


def _rows(stored: list[Stored], terms: Terms, today: date, log: RegisterLog) -> list[Row]:
    """The register's rows: a knelpunt whose session is gone shows what the team agreed
    on; one that was never agreed on leaves with its session."""
    listed: list[tuple[Stored, _Shown]] = []
    for item in stored:
        if item.present:
            listed.append((item, _Shown(item.title, item.team, item.addressee, item.regulation,
                                        tuple(item.sources.split(SEPARATOR)) if item.sources else (),
                                        item.session_title, item.description)))  # fmt: skip
        elif item.agreed is not None:
            listed.append((item, _from_agreed(json.loads(item.agreed))))
    groups = _groups(listed)
    rows = []
    for item, shown_ in listed:
        flagged = _iso(item.flagged_on)
        agendered = (_iso(item.agendered_on), item.agendered_to or "") if item.agendered_on else None
        approved = item.agreed is not None
        status: Status = item.status  # type: ignore[assignment]  # written by the fold
        due = due_from(
            status,
            flagged,
            agendered,
            _iso(item.done_on) if item.done_on else None,
            item.routed_to or shown_.addressee,  # the term of where it is now; else of the team's choice
            terms,
            approved,
            _iso(item.agreed_on) if item.agreed_on else None,
        )
        group = groups[item.uuid]
        rows.append(
            Row(
                key=item.key,
                ref=item.server_ref or item.local_ref,
                title=shown_.title,
                status=status,
                sources=shown_.sources,
                regulation=shown_.regulation,
                team=shown_.team,
                addressee=shown_.addressee,
                flagged=flagged,
                approved=approved,
                session_id=item.session_id,
                session_title=shown_.session_title,
                group=group.ref,
                seen=group.seen,
                teams=group.teams,
                first_seen=group.first,
                last_seen=group.last,
                due=due,
                overdue=due is not None and due.day < today and status != "teruggekoppeld",
                uuid=item.uuid,
                present=bool(item.present),
                local_ref=item.local_ref,
                searched=item.agreed_text,
                load_entry=functools.partial(_entry_of, log, item.uuid),
                load_agreed=functools.partial(log.agreed, item.uuid) if approved else None,
                routed_to=item.routed_to,
                conflicts=item.conflicts,
            )
        )
    return rows


class _Shown(NamedTuple):
    title: str
    team: str
    addressee: str
    regulation: str
    sources: tuple[str, ...]
    session_title: str
    description: str


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.today()


def _entry_of(log: RegisterLog, knelpunt: str) -> Entry:
    return log.entry(knelpunt) or Entry(knelpunt, "", "", "")


def _from_agreed(agreed: dict[str, Any]) -> _Shown:
    """A knelpunt whose session was deleted, as the team agreed on it (anonymised)."""

    def text(key: str) -> str:
        value = agreed.get(key, "")
        return value if isinstance(value, str) else ""

    sources = agreed.get("bronnen")
    return _Shown(
        text("titel"),
        text("team"),
        text("adressaat"),
        text("regelgeving"),
        tuple(s for s in sources if isinstance(s, str)) if isinstance(sources, list) else (),
        "(sessie verwijderd)",
        text("beschrijving"),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A register of tens of thousands of knelpunten makes hundreds of thousands of small
    objects at once; collector passes over them meanwhile would cost a third of the time.
    Afterwards they are moved out of the collector's sight (gc.freeze), so no later pass
    (in the app: while someone types) walks over them either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()  # what was made stays: later passes of the collector skip it
            gc.enable()


@dataclass(frozen=True, slots=True)
class _Group:
    ref: str  # of its first knelpunt
    seen: int
    teams: int
    first: date
    last: date


def _groups(listed: list[tuple[Stored, _Shown]]) -> dict[str, _Group]:
    """Knelpunten linked as "hetzelfde knelpunt" (by the team, or grouped into one theme
    on the municipality's server) form one group, named after its first."""
    parent = {item.uuid: item.uuid for item, _ in listed}
    by_key = {item.key: item.uuid for item, _ in listed}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    joined: set[str] = set()  # roots others were joined to

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[a] = b
            joined.add(b)

    themes: dict[str, str] = {}
    for item, _ in listed:
        linked = by_key.get(item.same_as or "") or item.agreed_same_as
        if linked is not None and linked in parent:
            join(item.uuid, linked)
        if item.theme:
            join(item.uuid, themes.setdefault(item.theme, item.uuid))
    members: dict[str, list[tuple[Stored, _Shown]]] = defaultdict(list)
    groups: dict[str, _Group] = {}
    for member in listed:
        item = member[0]
        if parent[item.uuid] == item.uuid and item.uuid not in joined:  # alone: its own group
            day = _iso(item.flagged_on)
            groups[item.uuid] = _Group(item.server_ref or item.local_ref, 1, 1, day, day)
        else:
            members[root(item.uuid)].append(member)
    for group in members.values():
        first = min(group, key=lambda m: (m[0].flagged_on, m[0].server_ref or m[0].local_ref))
        dates = [_iso(m[0].flagged_on) for m in group]
        teams = len({m[1].team.strip().lower() or m[0].session_id for m in group})
        shared = _Group(first[0].server_ref or first[0].local_ref, len(group), teams, min(dates), max(dates))
        for member in group:
            groups[member[0].uuid] = shared
    return groups


STATUS_ORDER = {status: number for number, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Filter:
    """What the register shows: by status, source, regulation, team, addressee, period,
    a search text, or only what is overdue."""

    status: str = ""
    source: str = ""
    regulation: str = ""
    team: str = ""
    addressee: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""
    overdue_only: bool = False

    def matches(self, row: Row) -> bool:
        def has(part: str, whole: str) -> bool:
            return not part or part.casefold() in whole.casefold()

        return (
            (not self.status or row.status == self.status)
            and (not self.source or any(has(self.source, s) for s in row.sources))
            and has(self.regulation, row.regulation)
            and has(self.team, row.team)
            and has(self.addressee, row.addressee)
            and (self.since is None or row.flagged >= self.since)
            and (self.until is None or row.flagged <= self.until)
            and (not self.overdue_only or row.overdue)
            and (not self.text or has(self.text, _searched(row)))
        )


def _searched(row: Row) -> str:
    """What the register's search looks in: what the table shows, and what the approved
    verslag says about the knelpunt (its description and effect)."""
    return f"{row.ref} {row.local_ref} {row.title} {row.regulation} {row.addressee} {row.team} {row.searched}"


SORTS = {
    "verwacht": lambda r: (r.due.day if r.due else date.max, r.ref),
    "status": lambda r: (STATUS_ORDER[r.status], r.ref),
    "titel": lambda r: (r.title.casefold(), r.ref),
    "gezien": lambda r: (-r.seen, r.ref),
    "eerst": lambda r: (r.first_seen or r.flagged, r.ref),
    "laatst": lambda r: (r.last_seen or r.flagged, r.ref),
    "team": lambda r: (r.team.casefold(), r.ref),
    "adressaat": lambda r: (r.addressee.casefold(), r.ref),
    "ref": lambda r: (r.flagged.year, r.ref),
}


def select(rows: list[Row], where: Filter, sort: str = "verwacht", descending: bool = False) -> list[Row]:
    """The rows that match, overdue first when sorted by what is due."""
    chosen = [row for row in rows if where.matches(row)]
    chosen.sort(key=SORTS[sort], reverse=descending)
    if sort == "verwacht" and not descending:
        chosen.sort(key=lambda r: not r.overdue)  # stable: overdue rows lead
    return chosen


DESCRIPTION_PART = 60  # characters of the description that take part in the comparison


@dataclass(frozen=True)
class Suggestion:
    row: Row
    score: int  # 0-100
    why: str  # "zelfde regelgeving", "lijkt op de titel", ...


class Similar:
    """Earlier knelpunten that look like the one being flagged: "hoe vaak zien we dit?"

    Text similarity (rapidfuzz, token-based, so word order and extra words matter little)
    over title, description and regulation, plus weight for the same regulation and the
    same sources. The texts are prepared once, so a suggestion while typing is fast."""

    def __init__(self, rows: list[Row], texts: dict[str, str]) -> None:
        # One row per group (its latest member): linking to any of them links to the group.
        latest: dict[str, Row] = {}
        for row in rows:
            if row.group not in latest or row.flagged > latest[row.group].flagged:
                latest[row.group] = row
        self.rows = list(latest.values())
        # title and regulation, and the start of the description: the whole description
        # would triple the time per keystroke for little gain (bench/register.py)
        self.choices = [
            _normal(f"{row.title} {row.regulation} {texts.get(row.key, '')[:DESCRIPTION_PART]}") for row in self.rows
        ]
        # Which choices share a word (by its start, so "vlucht" finds "vluchten") with the
        # query: only those are compared, a quarter of them or less in a large register.
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for number, choice in enumerate(self.choices):
            for word in _words(choice):
                self.by_word[word].append(number)

    def suggest(
        self,
        title: str,
        description: str = "",
        regulation: str = "",
        sources: Iterable[str] = (),
        exclude_session: str = "",
        limit: int = 5,
    ) -> list[Suggestion]:
        from rapidfuzz import fuzz, process

        query = _normal(f"{title} {description} {regulation}")
        if len(query) < 4:
            return []
        numbers = set().union(*(self.by_word.get(word, ()) for word in _words(query)))
        choices = {number: self.choices[number] for number in numbers}
        candidates = process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=limit * 8, score_cutoff=45)
        wanted_regulation, wanted_sources = _law(regulation), set(sources)
        found = []
        for _, score, index in candidates:
            row = self.rows[index]
            if row.session_id == exclude_session:
                continue
            reasons = []
            if wanted_regulation and _law(row.regulation) == wanted_regulation:
                score += 15
                reasons.append("zelfde regelgeving")
            if wanted_sources & set(row.sources):
                score += 5
                reasons.append("zelfde bron")
            reasons.append("lijkt op de tekst")
            found.append(Suggestion(row, min(100, round(score)), ", ".join(reasons)))
        found.sort(key=lambda s: (-s.score, s.row.ref))
        return found[:limit]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


# Words too common to say two knelpunten are alike (words of one or two letters never count).
_COMMON_WORDS = (
    "aan als bij dan dat deze die dit door een geen het hij hoe met "
    "naar niet nog over tot uit van voor want wat wel wie wij zij zijn"
)
_COMMON = frozenset(_COMMON_WORDS.split())
WORD_START = 5  # characters of a word that count: "inlichtingenplicht" is "inlichtingenplichten"


def _words(text: str) -> set[str]:
    return {word[:WORD_START] for word in text.split() if len(word) > 2 and word not in _COMMON}


def _law(regulation: str) -> str:
    """'Participatiewet art. 18 lid 1' and 'participatiewet, artikel 18' name the same law."""
    words = _normal(regulation).replace(",", " ").split()
    return words[0] if words else ""


@dataclass(frozen=True)
class RouteChoice:
    addressee: str
    why: str


def suggest_addressee(routes: list[Route], sources: Iterable[str], text: str) -> list[RouteChoice]:
    """Addressees from the route map for a knelpunt being flagged: first those its sources
    point to, then those whose 'wanneer' and examples look like its text."""
    from rapidfuzz import fuzz

    chosen = set(sources)
    found: list[tuple[float, RouteChoice]] = []
    for route in routes:
        if chosen & set(route.sources):
            found.append((200, RouteChoice(route.addressee, "past bij de bron")))
            continue
        words = _normal(text)
        if len(words) >= 4:
            score = max(
                (fuzz.token_set_ratio(words, _normal(example)) for example in [route.when, *route.examples]),
                default=0,
            )
            if score >= 55:
                found.append((score, RouteChoice(route.addressee, "lijkt op de voorbeelden")))
    found.sort(key=lambda item: -item[0])
    return [choice for _, choice in found]


def terms_for(
    routes: list[Route], check_back_months: int = CHECK_BACK_MONTHS, agenda_weeks: int = AGENDA_WEEKS
) -> Terms:
    return Terms(
        agenda_weeks=agenda_weeks,
        check_back_months=check_back_months,
        feedback_weeks={name_key(route.addressee): route.feedback_weeks for route in routes},
    )


class FlagHelp:
    """What the knelpunt form offers while a facilitator types: earlier knelpunten that
    look alike (to link as the same one) and the addressee the route map suggests."""

    def __init__(self, rows: list[Row], texts: dict[str, str], routes: list[Route], session_id: str) -> None:
        self.rows = {row.key: row for row in rows}
        self.similar = Similar([row for row in rows if row.session_id != session_id], texts)
        self.routes = routes
        self.session_id = session_id

    @classmethod
    def of(cls, register: Register, session_id: str) -> FlagHelp:
        return cls(register.rows(), register.descriptions(), register.routes, session_id)

    def suggestions(
        self, title: str, description: str = "", regulation: str = "", sources: Iterable[str] = ()
    ) -> list[Suggestion]:
        return self.similar.suggest(title, description, regulation, sources, exclude_session=self.session_id)

    def addressees(self, sources: Iterable[str], text: str) -> list[RouteChoice]:
        return suggest_addressee(self.routes, sources, text)

    def route(self, addressee: str) -> Route | None:
        wanted = name_key(addressee)
        return next((r for r in self.routes if name_key(r.addressee) == wanted), None)

    def linked(self, key: str | None) -> Row | None:
        """The earlier knelpunt a knelpunt is linked to, as the register shows it."""
        return self.rows.get(key) if key else None


def signal_details(
    row: Row, route: Route | None, terms: Terms, approved: date, answer_to: str, earlier: Row | None = None
) -> dict[str, str]:
    """What a signaal says beyond the verslag: its reference, what the addressee is asked,
    who answers whom by when, when we look again, and how often this was seen. Keys are
    Dutch: the signaal templates use them."""
    agendered = row.entry.step("geagendeerd") if row.entry else None
    start = since(row.entry, approved) if row.entry is not None else approved
    # worded from where it comes from (an ICT knelpunt is not asked about budget), else
    # the route's own question, else a question that fits every knelpunt
    asked = (
        request_for(row.sources)
        or (route.question if route is not None else "")
        or "Bekijk dit knelpunt en laat het team weten wat ermee gebeurt."
    )
    return {
        "referentie": row.ref,
        "gevraagd": asked,
        "terugkoppeling_door": (route.feedback_by if route is not None else "") or row.addressee or "de adressaat",
        "antwoord_aan": answer_to,
        "terugkoppeling_voor": day_text(
            feedback_due(start, terms, agendered.to_whom if agendered else "", row.addressee)
        ),
        "terugkijken_op": day_text(add_months(start, terms.check_back_months)),
        "gezien": "; ".join(filter(None, [row.seen_text() or "voor het eerst gezien", _earlier(earlier)])),
        "status": row.status,
    }


def _earlier(row: Row | None) -> str:
    """Where the first knelpunt of the group stands, for the addressee of a later one: its
    reference, status and date, never its notes (they are not anonymised)."""
    if row is None:
        return ""
    last = row.entry.steps[-1] if row.entry and row.entry.steps else None
    outcome = f", {last.outcome}" if last is not None and last.outcome else ""
    when = f" sinds {day_text(last.date)}" if last is not None else ""
    return f"eerder gesignaleerd als {row.ref} ({row.status}{outcome}{when})"


def extract(rows: list[Row], addressee: str, today: date) -> dict[str, Any]:
    """Everything still open for one addressee, for a document they can act on: the agreed
    (vastgestelde) knelpunten only, anonymised as the team approved them, grouped by theme
    (the same knelpunt seen again) with counts, and what is late in a section of its own.
    Keys are Dutch: the extract templates use them."""
    wanted = name_key(addressee)
    chosen = [r for r in rows if r.agreed is not None and r.open and name_key(r.addressee) == wanted]
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in chosen:
        groups[row.group].append(row)
    themes = []
    for members in sorted(groups.values(), key=lambda g: (-len(g), min(r.flagged for r in g))):
        members.sort(key=lambda r: r.flagged)
        latest = members[-1]
        # how often the team(s) saw it over time, as the register and the signaal say: the
        # knelpunten of the group that are closed count too, not only the open ones below
        first = min(latest.first_seen or members[0].flagged, members[0].flagged)
        themes.append(
            {
                "titel": _agreed(latest, "titel"),
                "groep": latest.group,
                "aantal": max(latest.seen, len(members)),
                "teams": max(latest.teams, len({_agreed(r, "team") or r.session_id for r in members})),
                "sinds": f"{MONTHS[first.month - 1]} {first.year}",
                "gezien": latest.seen_text(),
                "knelpunten": [_item(r) for r in members],
            }
        )
    late = [_item(r) for r in sorted(chosen, key=lambda r: r.due.day if r.due else date.max) if r.overdue]
    return {
        "adressaat": addressee.strip(),
        "datum": day_text(today),
        "aantal": len(chosen),
        "themas": themes,
        "te_laat": late,
        # what the shared Word parts expect of every document
        "status": "vastgesteld",
        "versie": 1,
        "vastgesteld_op": "",
        "gemaakt_op": day_text(today),
    }


def _agreed(row: Row, key: str) -> str:
    value = (row.agreed or {}).get(key, "")
    return value if isinstance(value, str) else ""


def _item(row: Row) -> dict[str, Any]:
    agreed = row.agreed or {}
    history = row.entry.steps if row.entry else []
    return {
        "referentie": row.ref,
        "status": row.status,
        "datum": day_text(row.flagged),
        "team": _agreed(row, "team"),
        "titel": _agreed(row, "titel"),
        "beschrijving": _agreed(row, "beschrijving"),
        "effect": _agreed(row, "effect"),
        "regelgeving": _agreed(row, "regelgeving"),
        "bronnen": [s for s in agreed.get("bronnen", []) if isinstance(s, str)],
        "bestaanszekerheid": _agreed(row, "bestaanszekerheid"),
        "beleidsruimte": _agreed(row, "beleidsruimte"),
        "verwacht": f"{row.due.what} uiterlijk {day_text(row.due.day)}" if row.due else "",
        "te_laat": row.overdue,
        "geschiedenis": [
            {
                "status": e.status,
                "datum": day_text(e.date),
                "rol": e.role,
                "bij": e.to_whom,
                "uitkomst": e.outcome or "",
            }
            for e in history
        ],
    }


def export_extract(services: Services, addressee: str, formats: tuple[str, ...], out: Path | None) -> list[Path]:
    """Write the extract for one addressee (raises a Dutch error)."""
    from beraad.errors import os_reason, with_log
    from beraad.report import extract as extract_files

    register = services.register
    rows = register.with_history(register.rows())
    # "--aan ' Béleid'" is beleid: case, accents and spaces aside, as everywhere an addressee is compared
    known = {name_key(r.addressee): r.addressee for r in rows if r.addressee.strip()}
    known |= {name_key(a): a for a in services.settings.addressees()}
    wanted = name_key(addressee)
    if wanted not in known:
        raise BeraadError(f"Onbekende adressaat '{addressee}'; kies uit: {', '.join(sorted(known.values()))}.")
    data = extract(rows, known[wanted], register.today)
    ids = {r.session_id for r in rows if r.agreed is not None and r.open and name_key(r.addressee) == wanted}
    sessions = [services.store.load(i) for i in sorted(ids) if services.store.path(i).is_file()]
    data, guard = extract_files.guarded(data, sessions, services.workspace, services.settings.addressees())
    try:
        return extract_files.export(data, services.workspace, formats, out, guard)
    except OSError as error:
        if isinstance(error, BeraadError):
            raise
        raise BeraadError(
            with_log(f"Het overzicht kon niet worden geschreven: {os_reason(error)}.", error, "extract")
        ) from error
