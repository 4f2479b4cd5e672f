"""Room: the team screen and the write-first round of one open session.

It follows the open session through its listener (every change, by whoever made it),
holds the write-first round in memory until the reveal, and runs the server only while
a page is needed: the team screen is on, or a write-first round is open. All on the
asyncio loop of the app; a change made on another thread is handed to that loop.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import secrets
import socket
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from beraad.errors import BeraadError
from beraad.room import view
from beraad.room.server import RoomServer
from beraad.room.writing import WriteFirstRound

if TYPE_CHECKING:
    from beraad.core.session import Change, OpenSession

LOOPBACK = "127.0.0.1"
REPORT_AFTER = 0.5  # seconds of quiet before the verslag on the team screen is made again
UNSEEN = ("saved", "save_failed")  # changes the team screen does not show


class Watcher(Protocol):
    def __call__(self) -> None: ...


def lan_address() -> str | None:
    """This laptop's address on the local network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing is looked up, nothing leaves
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class Room:
    def __init__(
        self,
        core: OpenSession,
        *,
        lot: random.Random | None = None,
        lan: Callable[[], str | None] = lan_address,
    ) -> None:
        self.core = core
        self.team_on = False
        self.names_allowed = False
        self.lan: str | None = None  # the network address chosen, or None: this laptop only
        self.writing: WriteFirstRound | None = None
        self.report_html: bytes | None = None
        self.report_version = 0  # how often the verslag was made (the page loads it again)
        self.report_state = ("concept", 1)  # its status and version, as the verslag says
        self.report_page = 0  # the page the team reads, turned from the app
        self.problem: str | None = None  # the last thing that went wrong in the background, in Dutch
        self.team_token = secrets.token_urlsafe(16)
        self.phone_token: str | None = None
        self.server = RoomServer(self)
        self._lot = lot or random.SystemRandom()
        self._find_lan = lan
        self._watchers: list[Watcher] = []
        self._team_cache: bytes | None = None
        self._changes = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._report_task: asyncio.Task[None] | None = None
        self._unlisten = core.listen(self._changed)
        self._closed = False
        self._closing: asyncio.Task[None] | None = None

    # What the facilitator sees

    @property
    def needed(self) -> bool:
        """A page is needed: the team screen is on, or phones are writing."""
        return not self._closed and (self.team_on or (self.writing is not None and self.writing.is_open))

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def listening(self) -> bool:
        return self.server.listening

    @property
    def team_url(self) -> str | None:
        if not self.listening:
            return None
        return f"http://{LOOPBACK}:{self.server.port}/t/{self.team_token}/"

    @property
    def phone_url(self) -> str | None:
        """Upper case: a QR code of it is smaller (alphanumeric mode); hosts and schemes ignore case."""
        if not self.listening or self.phone_token is None or self.writing is None or not self.writing.is_open:
            return None
        return f"HTTP://{self.lan or LOOPBACK}:{self.server.port}/P/{self.phone_token}/"

    @property
    def offers_writing(self) -> bool:
        """The method offers a write-first round in the round the session is in."""
        return self.core.session.step.write_first

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Called (on the loop) after anything the facilitator's panel shows changed."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    # Switching

    async def show_team(self, on: bool) -> None:
        self.team_on = on
        if not on:
            self.report_html = None
        await self._listen_as_needed()
        self._refresh()

    def allow_names(self, allowed: bool) -> None:
        self.names_allowed = allowed
        self._refresh()

    async def use_network(self, on: bool) -> str | None:
        """Also listen on the local network (plain HTTP: readable by others on a shared
        Wi-Fi, the panel says so). Returns the address, or None when there is none."""
        address = self._find_lan() if on else None
        if on and address is None:
            raise BeraadError(
                "Deze laptop heeft geen lokaal netwerk (geen wifi of kabel). Telefoons kunnen hem dan niet "
                "bereiken; doe de ronde op de laptop zoals altijd."
            )
        if address != self.lan:
            self.lan = address
            if self.listening:
                await self._restart()
        self._refresh()
        return address

    async def open_round(self) -> WriteFirstRound:
        """Open a write-first round in the current round, as the method offers it."""
        session = self.core.session
        step = session.step
        form = step.written_field
        if not step.write_first or form is None:
            raise BeraadError(f"De methode biedt in '{step.title}' geen schrijfronde aan (zie 'eerst_schrijven').")
        if self.writing is not None and self.writing.is_open:
            raise BeraadError("Er is al een schrijfronde open. Onthul die eerst (o).")
        if not session.participants:
            raise BeraadError("Deze sessie heeft geen deelnemers; voeg ze toe bij het begin van een sessie.")
        self.writing = WriteFirstRound(step.id, form, list(session.turn_order))
        self.phone_token = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")
        await self._listen_as_needed()
        self._refresh()
        return self.writing

    async def reveal(self) -> int:
        """All answers at once: on the team screen (in an order drawn by lot, no names) and
        in the session (saved now). The phones are told; the server stops unless the team
        screen is on. Returns how many answers there were."""
        writing = self.writing
        if writing is None or not writing.is_open:
            raise BeraadError("Er is geen schrijfronde open.")
        current = self.core.session.value(writing.step_id, writing.form.id)
        merged = writing.reveal(current, self._lot)
        if writing.revealed:
            self.core.edit(writing.step_id, writing.form.id, merged, by="room")
            self.core.save()
        self.phone_token = None
        self._refresh()
        await asyncio.sleep(0)  # the phones' streams hear "onthuld" before the server may stop
        await self._listen_as_needed()
        return len(writing.revealed or [])

    def release(self, participant_id: str) -> None:
        """A phone chose the wrong name: free that choice (its answer goes too)."""
        if self.writing is not None:
            self.writing.release(participant_id)
            self._refresh()

    async def show_report(self, on: bool) -> None:
        """The anonymised verslag on the team screen, made again when the session changes."""
        if not on:
            self.report_html = None
            self._refresh()
            return
        if not self.team_on:
            await self.show_team(True)
        await self._make_report()

    def turn_page(self, pages: int) -> None:
        """The verslag on the team screen a page further (or back)."""
        self.report_page = max(0, self.report_page + pages)
        self._refresh()

    async def close(self) -> None:
        """The session closes: stop listening; an unrevealed answer is gone, never saved."""
        if self._closed:
            return
        self._closed = True
        self._unlisten()
        if self._report_task is not None:
            self._report_task.cancel()
        self.writing = None
        self.phone_token = None
        await self.server.stop()
        self._notify_watchers()

    # Phones (called by the server, on the loop)

    def claim(self, participant_id: str) -> str:
        secret = self._open_round().claim(participant_id)
        self._refresh()
        return secret

    def write(self, place: str | None, answers: Mapping[str, Any]) -> None:
        self._open_round().write(place, answers)
        self._refresh()

    def _open_round(self) -> WriteFirstRound:
        from beraad.room.writing import NotOpen

        if self.writing is None or not self.writing.is_open:
            raise NotOpen("Deze schrijfronde is al onthuld of gesloten.")
        return self.writing

    def phone_state(self, place: str | None) -> dict[str, Any]:
        writing = self.writing
        if writing is None or not writing.is_open:
            return {"open": False, "revealed": writing is not None}
        mine = writing.holder(place)
        state: dict[str, Any] = {
            "open": True,
            "round": self.core.session.method.step(writing.step_id).title,
            "stems": writing.stems,
            "mine": None,
        }
        if mine is None:
            state["seats"] = [{"id": s.id, "name": s.name, "taken": s.taken} for s in writing.seats()]
        else:
            name = next(seat.name for seat in writing.seats() if seat.id == mine)
            state["mine"] = {
                "name": name,
                "answer": writing.answer_of(place),
                "written": bool(writing.answer_of(place)),
            }
        return state

    def phone_payload(self, place: str | None) -> bytes:
        return _json(self.phone_state(place))

    def team_payload(self) -> bytes:
        if self._team_cache is None:
            self._team_cache = _json(self._team_view())
        return self._team_cache

    def _team_view(self) -> dict[str, Any]:
        if not self.team_on:
            return view.closed_view()
        if self.report_html is not None:
            status, version = self.report_state
            return view.report_view(self.report_version, status, version, self.report_page, self._changes)
        writing = None
        if self.writing is not None:
            w = self.writing
            writing = view.Writing(
                w.step_id,
                len(w.participants),
                [p.name for p in w.written()],
                w.revealed,
                w.stems,
            )
        return view.team_view(
            self.core.session, names_allowed=self.names_allowed, writing=writing, revision=self._changes
        )

    # Following the session

    def _changed(self, change: Change) -> None:
        """The session changed (typed in the app, by the room, or it closes): on the loop,
        tell the pages; a session that closes closes its room."""
        loop = self._loop
        if loop is None or change.what in UNSEEN:
            return  # never listened yet (no page to tell), or nothing the pages show
        closing = change.what == "closing"
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._follow(closing)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._follow, closing)

    def _follow(self, closing: bool) -> None:
        if closing:
            self._unlisten()  # no change after this one is the room's to show
            self._closing = asyncio.get_running_loop().create_task(self.close())
        else:
            self._refresh(session_changed=True)

    def _refresh(self, session_changed: bool = False) -> None:
        self._changes += 1
        self._team_cache = None
        if self.listening:
            self.server.wake()
        if session_changed and self.report_html is not None:
            self._schedule_report()
        self._notify_watchers()

    def _notify_watchers(self) -> None:
        for watcher in list(self._watchers):
            watcher()

    # The verslag

    def _schedule_report(self) -> None:
        if self._report_task is not None and not self._report_task.done():
            self._report_task.cancel()
        self._report_task = asyncio.get_running_loop().create_task(self._make_report(REPORT_AFTER))

    async def _make_report(self, after: float = 0.0) -> None:
        if after:
            await asyncio.sleep(after)
        from beraad.core.session import anonymiser_for

        workspace, settings = self.core.workspace, self.core.services.settings
        snapshot = self.core.session.model_copy(deep=True)  # on the loop: typing may go on meanwhile

        def make() -> tuple[bytes, tuple[str, int]]:
            from beraad.report import content, render, report_document

            considerations = settings.organisation().report  # a broken beraad.toml: a Dutch BeraadError
            # what an export shows: the version the team approved while nothing changed, else a concept
            data = content.current(snapshot, anonymiser_for(snapshot, workspace), considerations).data
            html = render.render([report_document("html", data)], data, workspace.root / "templates")[0]
            return _for_the_beamer(html), (str(data.get("status", "concept")), int(data.get("versie") or 1))

        try:
            html, self.report_state = await asyncio.to_thread(make)
        except BeraadError as error:
            self.problem = f"Het verslag kan nu niet op het teamscherm: {error}"
            self._notify_watchers()
            return
        self.problem = None
        self.report_html = html
        self.report_version += 1
        self._refresh()

    # Listening only while needed

    async def _listen_as_needed(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.needed and not self.listening:
            await self.server.start(self._hosts(), self.server.port)
        elif not self.needed and self.listening:
            await self.server.stop()
        self._notify_watchers()

    async def _restart(self) -> None:
        port = self.server.port
        await self.server.stop(farewell=False)
        await self.server.start(self._hosts(), port)

    def _hosts(self) -> list[str]:
        return [LOOPBACK, *([self.lan] if self.lan else [])]


def _for_the_beamer(html: bytes) -> bytes:
    """The verslag as its template made it, in larger type: it is read from across a room."""
    return html.replace(b"</head>", b"<style>html { zoom: 1.5; }</style>\n</head>", 1)


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
