"""The register of knelpunten across all sessions of a workspace: who it is with, what is
due when, which ones are overdue, and which ones are the same knelpunt seen again.

Signals die in silence when nobody follows them up; the register makes the follow-up
visible. It reads the sessions' knelpunten from the store's index and their history from
the register store, so opening it never reads every session file.
"""

from __future__ import annotations

import calendar
import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from beraad.model.register import STATUSES, Entry, Event, Status
from beraad.settings import Route
from beraad.store.sessions import SessionStore, StoredBottleneck
from beraad.workspace import Workspace

AGENDA_WEEKS = 4  # a knelpunt from a session should be on someone's agenda within this
FEEDBACK_WEEKS = 8  # default wait for feedback after agendering (a route may say otherwise)
REPORT_BACK_WEEKS = 2  # after it is dealt with, the team hears back within this
CHECK_BACK_MONTHS = 6  # look again whether anything changed, after agendering


class RegisterStorage(Protocol):
    """What the register needs from where histories are kept: the local file by default,
    later a shared register for a whole municipality (which only ever receives anonymised,
    vastgestelde knelpunten)."""

    def entries(self) -> dict[str, Entry]: ...

    def register(self, knelpunten: Iterable[tuple[str, int]]) -> dict[str, Entry]: ...

    def record(self, key: str, event: Event) -> Entry: ...

    def stamp(self) -> object:
        """Something that changes whenever a history or a reference changes."""
        ...


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
            weeks = self.feedback_weeks.get(addressee.strip().lower())
            if weeks is not None:
                return weeks
        return FEEDBACK_WEEKS


@dataclass(frozen=True)
class Due:
    what: str  # "agenderen", "terugkoppeling", "team terugkoppelen", "terugkijken"
    day: date


@dataclass(slots=True)
class Row:
    """One knelpunt as the register shows it."""

    key: str
    ref: str
    title: str
    status: Status
    sources: tuple[str, ...]
    regulation: str
    team: str
    addressee: str
    flagged: date  # the date of the session
    approved: bool  # in a vastgesteld verslag: agreed by the team, may leave the team
    session_id: str
    session_title: str
    group: str  # the ref of the first knelpunt of its group ("hetzelfde knelpunt")
    seen: int = 1  # how often the group was seen
    teams: int = 1  # in how many teams
    first_seen: date | None = None
    last_seen: date | None = None
    due: Due | None = None
    overdue: bool = False
    entry: Entry | None = field(default=None, compare=False, repr=False)
    agreed: dict[str, Any] | None = field(default=None, compare=False, repr=False)  # as approved, anonymised

    @property
    def open(self) -> bool:
        return self.status != "teruggekoppeld"

    def seen_text(self) -> str:
        """'4 keer gezien in 3 teams sinds maart 2026', or '' when seen once."""
        if self.seen < 2 or self.first_seen is None:
            return ""
        teams = f" in {self.teams} teams" if self.teams > 1 else ""
        return f"{self.seen} keer gezien{teams} sinds {MONTHS[self.first_seen.month - 1]} {self.first_seen.year}"


MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_of(entry: Entry, flagged: date, addressee: str, terms: Terms, approved: bool = True) -> Due | None:
    """The next date something should happen for this knelpunt."""
    agendered = entry.event("geagendeerd")
    if entry.status == "gesignaleerd" or agendered is None:
        what = "agenderen" if approved else "verslag vaststellen"
        return Due(what, flagged + timedelta(weeks=terms.agenda_weeks))
    check_back = Due("terugkijken", add_months(agendered.date, terms.check_back_months))
    if entry.status == "teruggekoppeld":
        return check_back
    if entry.status == "afgerond":
        done = entry.event("afgerond")
        assert done is not None
        return Due("team terugkoppelen", done.date + timedelta(weeks=terms.report_back_weeks))
    feedback = Due("terugkoppeling", agendered.date + timedelta(weeks=terms.feedback_for(agendered.to_whom, addressee)))
    return min(feedback, check_back, key=lambda d: d.day)


class Register:
    def __init__(
        self, store: SessionStore, storage: RegisterStorage, terms: Terms, today: date, routes: Sequence[Route] = ()
    ) -> None:
        self.store = store
        self.storage = storage
        self.terms = terms
        self.today = today
        self.routes = list(routes)  # the route map the terms came from
        self._rows: list[Row] | None = None  # read again only when the files changed
        self._descriptions: dict[str, str] = {}
        self._stamp: object = None

    def rows(self) -> list[Row]:
        """Every knelpunt of every session, with its reference, status and what is due
        (read once, and again when the index or the register changed on disk)."""
        stamp = (self.store.index_stamp(), self.storage.stamp())
        if self._rows is None or stamp != self._stamp:
            with _collector_paused():
                flagged = self.store.bottlenecks()
                entries = self.storage.register((b.key, b.session.date.year) for b in flagged)
                groups = _groups(flagged, entries)
                self._rows = [self._row(b, entries[b.key], groups[b.key]) for b in flagged]
                self._descriptions = {b.key: b.description for b in flagged}
            # read after the register gave new knelpunten their reference, so that write counts
            self._stamp = (self.store.index_stamp(), self.storage.stamp())
        return self._rows

    def adopt(self, earlier: Register) -> None:
        """Take over what an earlier register of the same workspace read, if it was read
        with the same terms on the same day (rows() still checks the files)."""
        if (earlier.store.folder, earlier.terms, earlier.today) == (self.store.folder, self.terms, self.today):
            self._rows, self._descriptions, self._stamp = earlier._rows, earlier._descriptions, earlier._stamp

    def descriptions(self) -> dict[str, str]:
        """The description of every knelpunt, by key (read with the rows)."""
        self.rows()
        return self._descriptions

    def _row(self, flagged: StoredBottleneck, entry: Entry, group: _Group) -> Row:
        agendered = entry.event("geagendeerd")
        addressee = agendered.to_whom if agendered is not None else flagged.addressee
        due = due_of(entry, flagged.session.date, addressee, self.terms, flagged.approved is not None)
        overdue = due is not None and due.day < self.today and entry.status != "teruggekoppeld"
        return Row(
            key=flagged.key,
            ref=entry.ref,
            title=flagged.title,
            status=entry.status,
            sources=flagged.sources,
            regulation=flagged.regulation,
            team=flagged.session.team,
            addressee=addressee,
            flagged=flagged.session.date,
            approved=flagged.approved is not None,
            agreed=flagged.approved,
            session_id=flagged.session.id,
            session_title=flagged.session.title,
            group=group.ref,
            seen=group.seen,
            teams=group.teams,
            first_seen=group.first,
            last_seen=group.last,
            due=due,
            overdue=overdue,
            entry=entry,
        )

    def find(self, reference: str) -> Row:
        """A knelpunt by its reference (KP-2026-0007) or key; a Dutch error when unknown."""
        from beraad.errors import BeraadError

        wanted = reference.strip().upper()
        row = next((r for r in self.rows() if r.ref == wanted or r.key == reference.strip()), None)
        if row is None:
            raise BeraadError(f"Er is geen knelpunt '{reference}'. Zie 'beraad knelpunten list'.")
        return row

    def advance(self, key: str, event: Event) -> Entry:
        """Record the next step of a knelpunt (raises a Dutch error). Only a knelpunt the
        team agreed on (in a vastgesteld verslag) goes beyond the team."""
        from beraad.errors import BeraadError

        row = next((r for r in self.rows() if r.key == key), None)
        if row is not None and not row.approved and event.status == "geagendeerd":
            raise BeraadError(
                "Dit knelpunt staat nog niet in een vastgesteld verslag. Alleen wat het team heeft vastgesteld "
                "gaat verder dan het team: stel eerst het verslag vast (Ctrl+G in het verslag)."
            )
        entry = self.storage.record(key, event)
        self._rows = None
        return entry

    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows())


MANY_OBJECTS = 100_000


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A register of tens of thousands of knelpunten makes hundreds of thousands of small
    objects at once; collector passes over them meanwhile would cost a third of the time.
    One pass afterwards, here in the thread that read the register, instead of the
    pass those objects would cause at some later moment (in the app: while someone types)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if gc.get_count()[0] > MANY_OBJECTS:  # made while paused, not yet looked at
                gc.collect()


@dataclass(frozen=True, slots=True)
class _Group:
    ref: str  # of its first knelpunt
    seen: int
    teams: int
    first: date
    last: date


def _groups(flagged: list[StoredBottleneck], entries: dict[str, Entry]) -> dict[str, _Group]:
    """Knelpunten linked as "hetzelfde knelpunt" form one group, named after its first."""
    parent = {b.key: b.key for b in flagged}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for b in flagged:
        if b.same_as in parent:
            a, c = root(b.key), root(b.same_as)
            if a != c:
                parent[a] = c
    members: dict[str, list[StoredBottleneck]] = defaultdict(list)
    for b in flagged:
        members[root(b.key)].append(b)
    groups: dict[str, _Group] = {}
    for group in members.values():
        first = min(group, key=lambda b: (b.session.date, entries[b.key].ref))
        dates = [b.session.date for b in group]
        teams = len({b.session.team.strip().lower() or b.session.id for b in group})
        shared = _Group(entries[first.key].ref, len(group), teams, min(dates), max(dates))
        for b in group:
            groups[b.key] = shared
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
    return (
        f"{row.ref} {row.title} {row.regulation} {row.addressee} {row.team} "
        f"{_agreed(row, 'beschrijving')} {_agreed(row, 'effect')}"
    )


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
        feedback_weeks={route.addressee.strip().lower(): route.feedback_weeks for route in routes},
    )


def for_workspace(workspace: Workspace, today: date) -> Register:
    """The register of a workspace, with its route map's terms (raises a Dutch error
    when routes.toml cannot be used)."""
    from beraad import datafile, settings
    from beraad.errors import BeraadError
    from beraad.store.register import RegisterStore

    try:
        routes = settings.routes(workspace.root).routes
    except datafile.DataFileError as error:
        raise BeraadError(f"De routekaart is niet te gebruiken: {error}") from error
    try:
        follow_up = settings.organisation(workspace.root).bottlenecks
    except datafile.DataFileError as error:
        raise BeraadError(f"beraad.toml is niet te gebruiken: {error}") from error
    store = SessionStore(workspace.sessions)
    terms = terms_for(routes, follow_up.check_back_months, follow_up.agenda_weeks)
    return Register(store, RegisterStore(workspace.root), terms, today, routes)


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
        wanted = addressee.strip().lower()
        return next((r for r in self.routes if r.addressee.lower() == wanted), None)

    def linked(self, key: str | None) -> Row | None:
        """The earlier knelpunt a knelpunt is linked to, as the register shows it."""
        return self.rows.get(key) if key else None


def signal_details(
    row: Row, route: Route | None, terms: Terms, since: date, answer_to: str, earlier: Row | None = None
) -> dict[str, str]:
    """What a signaal says beyond the verslag: its reference, what the addressee is asked,
    who answers whom by when, when we look again, and how often this was seen. Keys are
    Dutch: the signaal templates use them."""
    agendered = row.entry.event("geagendeerd") if row.entry else None
    start = agendered.date if agendered is not None else since
    weeks = terms.feedback_for(agendered.to_whom if agendered is not None else "", row.addressee)  # as the register
    asked = (
        route.question
        if route is not None and route.question
        else "Bekijk dit knelpunt en laat het team weten wat ermee gebeurt."
    )
    return {
        "referentie": row.ref,
        "gevraagd": asked,
        "terugkoppeling_door": (route.feedback_by if route is not None else "") or row.addressee or "de adressaat",
        "antwoord_aan": answer_to,
        "terugkoppeling_voor": f"{start + timedelta(weeks=weeks):%d-%m-%Y}",
        "terugkijken_op": f"{add_months(start, terms.check_back_months):%d-%m-%Y}",
        "gezien": "; ".join(filter(None, [row.seen_text() or "voor het eerst gezien", _earlier(earlier)])),
        "status": row.status,
    }


def _earlier(row: Row | None) -> str:
    """Where the first knelpunt of the group stands, for the addressee of a later one: its
    reference, status and date, never its notes (they are not anonymised)."""
    if row is None:
        return ""
    last = row.entry.events[-1] if row.entry and row.entry.events else None
    outcome = f", {last.outcome}" if last is not None and last.outcome else ""
    when = f" sinds {last.date:%d-%m-%Y}" if last is not None else ""
    return f"eerder gesignaleerd als {row.ref} ({row.status}{outcome}{when})"


def extract(rows: list[Row], addressee: str, today: date) -> dict[str, Any]:
    """Everything still open for one addressee, for a document they can act on: the agreed
    (vastgestelde) knelpunten only, anonymised as the team approved them, grouped by theme
    (the same knelpunt seen again) with counts, and what is late in a section of its own.
    Keys are Dutch: the extract templates use them."""
    wanted = addressee.strip().casefold()
    chosen = [r for r in rows if r.agreed is not None and r.open and r.addressee.strip().casefold() == wanted]
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
        "datum": f"{today:%d-%m-%Y}",
        "aantal": len(chosen),
        "themas": themes,
        "te_laat": late,
        # what the shared Word parts expect of every document
        "status": "vastgesteld",
        "versie": 1,
        "vastgesteld_op": "",
        "gemaakt_op": f"{today:%d-%m-%Y}",
    }


def _agreed(row: Row, key: str) -> str:
    value = (row.agreed or {}).get(key, "")
    return value if isinstance(value, str) else ""


def _item(row: Row) -> dict[str, Any]:
    agreed = row.agreed or {}
    history = row.entry.events if row.entry else []
    return {
        "referentie": row.ref,
        "status": row.status,
        "datum": f"{row.flagged:%d-%m-%Y}",
        "team": _agreed(row, "team"),
        "titel": _agreed(row, "titel"),
        "beschrijving": _agreed(row, "beschrijving"),
        "effect": _agreed(row, "effect"),
        "regelgeving": _agreed(row, "regelgeving"),
        "bronnen": [s for s in agreed.get("bronnen", []) if isinstance(s, str)],
        "bestaanszekerheid": _agreed(row, "bestaanszekerheid"),
        "beleidsruimte": _agreed(row, "beleidsruimte"),
        "verwacht": f"{row.due.what} uiterlijk {row.due.day:%d-%m-%Y}" if row.due else "",
        "te_laat": row.overdue,
        "geschiedenis": [
            {
                "status": e.status,
                "datum": f"{e.date:%d-%m-%Y}",
                "rol": e.role,
                "bij": e.to_whom,
                "uitkomst": e.outcome or "",
            }
            for e in history
        ],
    }


def export_extract(
    workspace: Workspace, addressee: str, formats: tuple[str, ...], out: Path | None, today: date
) -> list[Path]:
    """Write the extract for one addressee (raises a Dutch error)."""
    from beraad import settings
    from beraad.errors import BeraadError, os_reason, with_log
    from beraad.report import extract as extract_files

    register = for_workspace(workspace, today)
    rows = register.rows()
    known = {r.addressee.strip().casefold(): r.addressee for r in rows if r.addressee.strip()}
    known |= {r.addressee.casefold(): r.addressee for r in settings.routes(workspace.root).routes}
    if addressee.strip().casefold() not in known:
        raise BeraadError(f"Onbekende adressaat '{addressee}'; kies uit: {', '.join(sorted(known.values()))}.")
    data = extract(rows, known[addressee.strip().casefold()], today)
    wanted = addressee.strip().casefold()
    ids = {r.session_id for r in rows if r.agreed is not None and r.open and r.addressee.strip().casefold() == wanted}
    sessions = [register.store.load(i) for i in sorted(ids) if register.store.path(i).is_file()]
    routes = [r.addressee for r in settings.routes(workspace.root).routes]
    data, guard = extract_files.guarded(data, sessions, workspace, routes)
    try:
        return extract_files.export(data, workspace, formats, out, guard)
    except OSError as error:
        if isinstance(error, BeraadError):
            raise
        raise BeraadError(
            with_log(f"Het overzicht kon niet worden geschreven: {os_reason(error)}.", error, "extract")
        ) from error
