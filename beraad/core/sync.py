"""The laptop's side of the municipality register: pair once, then push what the team
agreed and pull the answers, offline first.

Only the standard library's urllib: one short JSON request at a time, no connection pool
or retries to keep, and the laptop install stays lean. Nothing here decides what is kept:
the event log queues what was not yet delivered and stores what comes back by event id,
so a push that fails half-way, or twice, loses and doubles nothing.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from beraad.files import PRIVATE_FILE, atomic_write, private_dir, read_regular

TIMEOUT = 15.0  # seconds for one request
BATCH = 200  # events per push; the server takes up to 500
PULL_LIMIT = 500
MAX_ANSWER = 8 * 1024 * 1024  # bytes of one answer the laptop reads


class SyncError(Exception):
    """A Dutch message. offline: the server could not be reached (try again later);
    otherwise the server said no (the message says what to do)."""

    def __init__(self, message: str, offline: bool = False, status: int = 0) -> None:
        super().__init__(message)
        self.offline = offline
        self.status = status


@dataclass
class PushAnswer:
    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)

    @property
    def delivered(self) -> list[str]:
        """Events the server now holds: new ones and ones it already had."""
        return [*self.accepted, *self.duplicates]


def check_url(url: str) -> str:
    """The server's base URL as the laptop keeps it; a Dutch error when it is none."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"'{url}' is geen adres van een server; schrijf het als https://knelpunten.gemeente.nl.")
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise SyncError("Gebruik https:// voor een server buiten deze computer: de sleutel van het team gaat mee.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class Client:
    def __init__(self, url: str, token: str = "", timeout: float = TIMEOUT) -> None:
        self.url = check_url(url)
        self.token = token
        self.timeout = timeout

    def pair(self, code: str, origin: str) -> tuple[str, str]:
        """Trade a one-time code for the team's token: (token, team name)."""
        answer = self._call("POST", "/api/v1/koppel", {"code": code.strip(), "origin": origin}, auth=False)
        token, team = answer.get("token"), answer.get("team")
        if not isinstance(token, str) or not isinstance(team, str):
            raise SyncError("De server gaf een onverwacht antwoord op het koppelen.")
        return token, team

    def push(self, events: list[dict[str, Any]]) -> PushAnswer:
        answer = self._call("POST", "/api/v1/events", {"events": events})
        try:
            return PushAnswer(
                accepted=[str(i) for i in answer["accepted"]],
                duplicates=[str(i) for i in answer["duplicates"]],
                refused=[{"id": str(r["id"]), "reason": str(r["reason"])} for r in answer["refused"]],
                references={str(k): str(v) for k, v in answer["references"].items()},
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise SyncError("De server gaf een onverwacht antwoord op het versturen.") from error

    def pull(self, since: int, limit: int = PULL_LIMIT) -> tuple[list[dict[str, Any]], int, bool]:
        answer = self._call("GET", f"/api/v1/events?since={int(since)}&limit={int(limit)}")
        events, cursor, more = answer.get("events"), answer.get("next"), answer.get("more")
        if not isinstance(events, list) or not isinstance(cursor, int) or not isinstance(more, bool):
            raise SyncError("De server gaf een onverwacht antwoord op het ophalen.")
        return [e for e in events if isinstance(e, dict)], cursor, more

    def _call(self, method: str, path: str, body: Any = None, auth: bool = True) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as error:
            raise _refusal(error) from error
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, ConnectionError, ssl.SSLError, OSError) as error:  # fmt: skip
            raise SyncError(
                f"De server {self.url} is niet bereikbaar; wat nog niet verstuurd is, blijft bewaard en gaat mee "
                "bij de volgende synchronisatie.",
                offline=True,
            ) from error
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise SyncError("De server gaf een antwoord dat geen JSON is.", offline=True) from error
        if len(raw) > MAX_ANSWER or not isinstance(answer, dict):
            raise SyncError("De server gaf een onverwacht antwoord.", offline=True)
        return answer


def _refusal(error: urllib.error.HTTPError) -> SyncError:
    try:
        message = json.loads(error.read(64 * 1024)).get("error", "")
    except (ValueError, AttributeError, OSError):
        message = ""
    if error.code in (502, 503, 504) or error.code >= 500:
        return SyncError(
            "De server kan het nu niet aan; wat nog niet verstuurd is, blijft bewaard en gaat later mee.",
            offline=True,
            status=error.code,
        )
    if error.code == 429:
        return SyncError("De server vraagt om even te wachten; later gaat het vanzelf mee.", offline=True, status=429)
    if error.code == 401:
        return SyncError(
            message or "De server kent de sleutel van deze laptop niet (meer); koppel opnieuw met een nieuwe code.",
            status=401,
        )
    return SyncError(message or f"De server weigerde het verzoek (status {error.code}).", status=error.code)


# --- the workspace's side: pairing, sync, status ------------------------------------------

TOKEN_FILE = "token"  # in register/, 0600; never in the database or a log
ROUTES_HEADER = "# De routekaart van de server van de gemeente; beraad schrijft dit bestand bij elke synchronisatie."


class Event(Protocol):
    id: str
    knelpunt: str

    def to_wire(self) -> dict[str, Any]: ...


class Log(Protocol):
    """What sync needs of the register's event log (beraad.store.eventlog.RegisterLog)."""

    folder: Path

    @property
    def origin(self) -> str: ...

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def unsent(self, limit: int = 500) -> list[Any]: ...

    def mark_sent(self, ids: Iterable[str]) -> None: ...

    def receive(self, events: Iterable[tuple[Any, int | None]], touched: set[str] | None = None) -> int: ...


@dataclass
class Report:
    """What one sync did, in words for the screen or the command line."""

    sent: int = 0
    received: int = 0
    updated: int = 0  # knelpunten something new came back for from the server
    waiting: int = 0  # still to be sent (offline, refused or stopped by the gate)
    nothing_agreed: bool = False  # the register holds no knelpunt of a vastgesteld verslag at all
    refused: list[str] = field(default_factory=list)  # the server's reasons, one per knelpunt
    offline: str = ""  # why the server could not be reached, or ""
    blocked: str = ""  # why the gate stopped the push, or ""

    @property
    def ok(self) -> bool:
        return not (self.offline or self.blocked or self.refused)

    def lines(self) -> list[str]:
        """'Niets te versturen; 2 knelpunten bijgewerkt van de server.', and what still waits and why."""
        from beraad.dutch import BOTTLENECK, CHANGE, verb

        said = [self.offline] if self.offline else []
        said += [self.blocked] if self.blocked else []
        sent = f"{CHANGE(self.sent)} verstuurd" if self.sent else "Niets te versturen" if not self.waiting else ""
        back = "" if self.offline else f"{BOTTLENECK(self.updated)} bijgewerkt van de server" if self.updated else ""
        back = back or ("" if self.offline else "niets nieuws van de server")
        summary = "; ".join(part for part in (sent, back) if part)
        if summary:
            said.append(f"{summary[0].upper()}{summary[1:]}.")
        if self.waiting:
            said.append(f"{CHANGE(self.waiting)} {verb(self.waiting, 'wacht', 'wachten')} nog op versturen.")
        if self.nothing_agreed and not self.sent and not self.waiting:
            said.append("Alleen knelpunten uit een vastgesteld verslag gaan naar de gemeente (Ctrl+G in het verslag).")
        said += [f"Geweigerd door de server: {reason}" for reason in self.refused]
        return said


def token_path(log: Log) -> Path:
    return log.folder / TOKEN_FILE


def paired(log: Log) -> tuple[str, str] | None:
    """(url, token) when this workspace is paired with a server; None: the local register only."""
    url = log.meta("server_url")
    if not url:
        return None
    try:
        token = read_regular(token_path(log), 4096).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return (url, token) if token else None


CODE_LENGTH = 12  # letters and digits, as the server makes a pairing code (ABCD-EFGH-JKLM)
NOT_IN_CODES = set("01OI")  # the server never uses these: they are read wrongly


def pair(log: Log, url: str, code: str, timeout: float = TIMEOUT) -> str:
    """Pair this workspace with a municipality's server once; returns the team's name there.
    The token is kept in register/token (0600), never in the register's database. Every
    failure is one Dutch sentence that says what to do, the detail in the log it names."""
    typed = "".join(c for c in code.upper() if c.isalnum())
    if len(typed) != CODE_LENGTH:
        raise SyncError(
            f"'{code.strip()}' is geen koppelcode, dus deze laptop is nog niet gekoppeld: een koppelcode heeft "
            f"{CODE_LENGTH} letters en cijfers, zoals ABCD-EFGH-JKLM. Kijk nog eens wat beheer je gaf."
        )
    client = Client(url, timeout=timeout)
    try:
        token, team = client.pair(code, log.origin)
    except SyncError as error:
        raise SyncError(_pairing_failed(error, client, typed), status=error.status) from error
    private_dir(log.folder)
    atomic_write(token_path(log), token.encode("ascii"), PRIVATE_FILE)
    log.set_meta("server_url", client.url)
    log.set_meta("server_team", team)
    log.set_meta("cursor", "0")
    return team


def _pairing_failed(error: SyncError, client: Client, typed: str) -> str:
    """Why pairing failed and what to do, from the server's answer or what stood in the way."""
    from beraad.errors import with_log

    url, host = client.url, urlsplit(client.url).hostname or client.url
    cause = error.__cause__
    reason = getattr(cause, "reason", cause)  # urllib wraps what the network said
    if error.status == 403:  # the server's own words: unknown, used or expired
        said = str(error)
        if NOT_IN_CODES & set(typed):
            said += " Let op: in een koppelcode staan geen 0, O, 1 of I."
    elif error.status == 429:
        said = "De server vraagt even te wachten (te veel koppelpogingen vanaf dit adres); probeer het over een minuut opnieuw."
    elif error.status >= 500:
        said = (
            f"De server op {url} heeft een storing; probeer het later opnieuw, of meld het bij beheer van de gemeente."
        )
    elif error.status or not error.offline or isinstance(cause, ValueError) or cause is None:
        what = f"antwoord {error.status}" if error.status else "een antwoord dat beraad niet kent"
        said = (
            f"Op {url} draait geen knelpuntenregister van beraad (het koppelen gaf {what}). Controleer het adres dat "
            "beheer je gaf."
        )
    elif isinstance(reason, socket.gaierror):
        said = f"Het adres {host} is niet te vinden. Controleer het adres dat beheer je gaf, en of deze laptop internet heeft."
    elif isinstance(reason, ConnectionRefusedError):
        said = (
            f"De server op {url} neemt niet op: hij draait niet, of het adres klopt niet. Controleer het adres dat "
            "beheer je gaf, of probeer het later opnieuw."
        )
    elif isinstance(reason, ssl.SSLError):
        said = (
            f"De beveiligde verbinding met {host} lukte niet: het certificaat van de server klopt niet. Koppel niet "
            "en meld het bij beheer van de gemeente."
        )
    elif isinstance(reason, TimeoutError):
        said = f"De server op {url} antwoordt niet. Controleer de netwerkverbinding en probeer het opnieuw."
    else:
        said = f"De server op {url} is niet bereikbaar. Controleer het adres en de netwerkverbinding en probeer het opnieuw."
    return with_log(f"Koppelen lukte niet, deze laptop is nog niet gekoppeld. {said}", error, "koppelen")


# A batch as it may leave (its typed texts anonymised); raises a BeraadError (Dutch) when it must not leave.
Gate = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def sync(log: Log, gate: Gate, workspace: Path | None = None, timeout: float = TIMEOUT) -> Report:
    """Send what the team agreed and was not yet confirmed, then fetch what came back.
    Offline or refused: everything stays queued and nothing is lost; the same events are
    sent again next time (the server takes each id once)."""
    from beraad.errors import BeraadError

    report = Report()
    found = paired(log)
    if found is None:
        raise SyncError("Deze werkmap is niet gekoppeld aan een server (beraad register koppel URL CODE).")
    client = Client(found[0], found[1], timeout)
    queued = log.unsent(limit=100_000)
    refused: dict[str, str] = {}
    try:
        for start in range(0, len(queued), BATCH):
            batch = queued[start : start + BATCH]
            try:
                wire = gate([event.to_wire() for event in batch])
            except BeraadError as blocked:
                report.blocked = str(blocked)
                break
            answer = client.push(wire)
            log.mark_sent(answer.delivered)
            report.sent += len(answer.accepted)
            for item in answer.refused:
                refused[item["id"]] = item["reason"]
        cursor = int(log.meta("cursor") or 0)
        touched: set[str] = set()
        while True:
            events, cursor, more = client.pull(cursor)
            report.received += log.receive(_incoming(events), touched)
            report.updated = len(touched)
            log.set_meta("cursor", str(cursor))
            if not more:
                break
        if workspace is not None:
            _store_routes(client, workspace)
    except SyncError as error:
        if not error.offline:
            raise
        report.offline = str(error)
    report.refused = sorted(set(refused.values()))
    log.set_meta("refused", json.dumps(refused, ensure_ascii=False))
    report.waiting = len(log.unsent(limit=100_000))
    if not report.offline:
        log.set_meta("last_sync", datetime.now(UTC).isoformat(timespec="seconds"))
    return report


def _incoming(events: list[dict[str, Any]]) -> list[tuple[Any, int | None]]:
    from beraad.model.register import LogEvent, LogEventError

    taken = []
    for wire in events:
        try:
            taken.append((LogEvent.from_wire(wire), wire.get("server_seq")))
        except LogEventError:
            continue  # not an event of a shape this beraad knows: kept on the server
    return taken


def _store_routes(client: Client, workspace: Path) -> None:
    """The route map beheer keeps on the server becomes this workspace's routes.toml, unless
    the workspace has a route map of its own (written by hand)."""
    path = workspace / "routes.toml"
    try:
        own = path.read_text(encoding="utf-8") if path.exists() else ROUTES_HEADER
    except (OSError, UnicodeDecodeError):
        return
    if not own.startswith(ROUTES_HEADER):
        return
    routes = client._call("GET", "/api/v1/routes").get("routes")
    if not isinstance(routes, list) or not routes:
        return
    lines = [ROUTES_HEADER, ""]
    for route in routes:
        if not isinstance(route, dict) or not isinstance(route.get("adressaat"), str):
            continue
        weeks = route.get("binnen_weken")
        lines += [
            "[[routes]]",
            f"adressaat = {json.dumps(route['adressaat'], ensure_ascii=False)}",
            f"omschrijving = {json.dumps(str(route.get('omschrijving') or ''), ensure_ascii=False)}",
            f"binnen_weken = {weeks if isinstance(weeks, int) and 1 <= weeks <= 104 else 8}",
            "",
        ]
    atomic_write(path, "\n".join(lines).encode("utf-8"))


@dataclass
class Status:
    url: str
    team: str
    waiting: int
    refused: dict[str, str]
    last_sync: str

    @property
    def paired(self) -> bool:
        return bool(self.url)

    def short(self) -> str:
        """One line for a screen: '3 wijzigingen wachten op versturen · laatst verstuurd 03-12-2026 14:05'."""
        from beraad.dutch import CHANGE, verb

        if not self.url:
            return "Niet gekoppeld met de gemeente: het register staat alleen op deze laptop."
        waiting = (
            f"{CHANGE(self.waiting)} {verb(self.waiting, 'wacht', 'wachten')} op versturen"
            if self.waiting
            else "Niets wacht op versturen"
        )
        refused = f" · {len(set(self.refused.values()))} geweigerd door de server" if self.refused else ""
        return f"{waiting}{refused} · laatst verstuurd: {_when(self.last_sync)}"

    def lines(self) -> list[str]:
        if not self.url:
            return [
                "Niet gekoppeld: het register staat alleen op deze laptop. Koppelen: beraad register koppel URL CODE."
            ]
        from beraad.dutch import CHANGE, verb

        said = [
            f"Gekoppeld met {self.url} als {self.team}.",
            f"Laatst gesynchroniseerd: {_when(self.last_sync)}.",
            f"{CHANGE(self.waiting)} {verb(self.waiting, 'wacht', 'wachten')} op versturen."
            if self.waiting
            else "Er wacht niets op versturen.",
        ]
        said += [f"Geweigerd door de server: {reason}" for reason in sorted(set(self.refused.values()))]
        return said


def status(log: Log) -> Status:
    found = paired(log)
    try:
        refused = json.loads(log.meta("refused") or "{}")
    except ValueError:
        refused = {}
    return Status(
        url=found[0] if found else "",
        team=log.meta("server_team") or "",
        waiting=len(log.unsent(limit=100_000)) if found else 0,
        refused=refused if isinstance(refused, dict) else {},
        last_sync=log.meta("last_sync") or "",
    )


def _when(moment: str) -> str:
    try:
        return f"{datetime.fromisoformat(moment).astimezone():%d-%m-%Y %H:%M}"
    except ValueError:
        return "nog nooit"


# --- the workspace's services: what the command line and the app call --------------------


def push_gate(services: Any) -> Gate:
    """What every batch passes before it leaves: the texts typed when a step was recorded
    ("bij wie", the role, the note, a reason) anonymised with the people of the knelpunt's
    session known (core.leaving.anonymised_events), then the privacy gate on the payload as
    it will be sent. The laptop keeps its own words; the server gets the anonymised copy
    under the same event ids (the server refuses obvious identifiers on its own as well)."""
    from beraad.anonymise import gate
    from beraad.core.leaving import anonymised_events

    log = services.register.log
    sessions = {stored.uuid: stored.session_id for stored in log.knelpunten()[1]}

    def prepare(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        leaving, guard = anonymised_events(services, batch, sessions)
        gate.check_payload({"events": leaving}, guard, "de knelpunten voor de server")
        return leaving

    return prepare


def sync_workspace(services: Any, timeout: float = TIMEOUT) -> Report:
    """One sync of a workspace: the register brought up to date with the sessions first (a
    verslag just vastgesteld becomes an `agreed` event), then sent and fetched."""
    services.store.refresh()
    report = sync(services.register.log, push_gate(services), services.workspace.root, timeout)
    rows = services.register.rows()  # what came back, folded for the screens
    report.nothing_agreed = not any(row.approved for row in rows)
    return report
