"""The room's HTTP side: the pages, their live streams (Server-Sent Events), and the guards.

Safe by construction, each guard with a test (tests/test_room_security.py):
- every page sits under a 128-bit token, compared in constant time; a wrong one is 404;
- the Host header must name this server (127.0.0.1, localhost, or the chosen network
  address, with the port): anything else is 421, so DNS rebinding gets nowhere;
- every POST needs the page's CSRF token in a header and an Origin of this server: 403;
- bodies above MAX_BODY are 413; more than a burst of requests from one address is 429;
- nothing is logged that holds a token, an address or an answer: no access log, aiohttp's
  own loggers are silenced, and a failure is logged by its type and traceback only.
The server runs on the caller's asyncio loop (the app's), and only while Room needs it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import web

from beraad.errors import BeraadError

if TYPE_CHECKING:
    from beraad.room.room import Room

MAX_BODY = 32 * 1024  # a phone's answer: five stems of a few paragraphs
MAX_STREAMS = 64  # open pages at once: a beamer and a team's phones, with room to spare
BURST = 120  # requests one address may make at once (10 phones behind one address load 4 each)
PER_SECOND = 20.0  # and after that, per second
HEARTBEAT = 15.0  # seconds between comments on an idle stream, so a dead connection is noticed
CSRF_HEADER = "X-CSRF-Token"
PLACE_COOKIE = "beraad_plek"

# Silent loggers for aiohttp: its messages can name a peer address or a path with a token.
_QUIET = logging.getLogger("beraad.room.quiet")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never in a Referer
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
# The verslag as its template made it (inline styles), shown in the team page's frame.
_REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
}


def _page(name: str) -> bytes:
    return resources.files("beraad.room").joinpath("pages", name).read_bytes()


_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


@dataclass(eq=False)
class Stream:
    """One open page's live stream: woken when what it shows may have changed."""

    kind: str  # "team" or "phone"
    place: str | None = None  # a phone's secret (its cookie)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False
    farewell: bool = True


class Flood:
    """A token bucket per peer address."""

    def __init__(self, burst: int = BURST, per_second: float = PER_SECOND, clock: Callable[[], float] = time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, peer: str) -> bool:
        now = self.clock()
        tokens, since = self._buckets.get(peer, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - since) * self.per_second)
        allowed = tokens >= 1.0
        self._buckets[peer] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > 1024:  # forget the oldest peers; a flood of addresses gains nothing
            for old in sorted(self._buckets, key=lambda p: self._buckets[p][1])[:512]:
                del self._buckets[old]
        return allowed


class RoomServer:
    def __init__(self, room: Room) -> None:
        self.room = room
        self.csrf = secrets.token_urlsafe(16)
        self.port: int | None = None
        self.hosts: list[str] = []
        self.flood = Flood()
        self._runner: web.AppRunner | None = None
        self._streams: set[Stream] = set()

    # Listening

    @property
    def listening(self) -> bool:
        return self._runner is not None

    async def start(self, hosts: list[str], port: int | None = None) -> int:
        """Listen on each host (127.0.0.1 first), on the given port when it is free."""
        app = web.Application(client_max_size=MAX_BODY, logger=_QUIET, middlewares=[self._guard])
        app.router.add_routes(
            [
                web.get("/t/{token}/", self._team_page),
                web.get("/t/{token}/events", self._team_events),
                web.get("/t/{token}/verslag", self._report),
                web.get("/t/{token}/{asset:[a-z]+\\.(?:js|css)}", self._team_asset),
                web.get("/P/{token}/", self._phone_page),
                web.get("/P/{token}/events", self._phone_events),
                web.get("/P/{token}/{asset:[a-z]+\\.(?:js|css)}", self._phone_asset),
                web.post("/P/{token}/kies", self._choose),
                web.post("/P/{token}/antwoord", self._answer),
            ]
        )
        runner = web.AppRunner(app, access_log=None, logger=_QUIET, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        try:
            chosen = port or 0
            for number, host in enumerate(hosts):
                try:
                    site = web.TCPSite(runner, host, chosen)
                    await site.start()
                except OSError:
                    if number or not chosen:
                        raise
                    chosen = 0  # the earlier port is taken now: any free one
                    site = web.TCPSite(runner, host, chosen)
                    await site.start()
                if not chosen:
                    server = site._server
                    sockets = getattr(server, "sockets", None) or []
                    chosen = sockets[0].getsockname()[1]
        except BaseException:
            await runner.cleanup()
            raise
        self._runner, self.hosts, self.port = runner, list(hosts), chosen
        return chosen

    async def stop(self, farewell: bool = True) -> None:
        """End every stream, then stop listening. With farewell each page is told it ends;
        without (a restart on another address) its stream reconnects by itself."""
        runner, self._runner = self._runner, None
        for stream in list(self._streams):
            stream.closed, stream.farewell = True, farewell
            stream.wake.set()
        if runner is not None:
            await asyncio.sleep(0)  # let the streams write their last word
            await runner.cleanup()
        self._streams.clear()

    def allowed_hosts(self) -> set[str]:
        port = self.port
        names = {"127.0.0.1", "localhost", *self.hosts}
        return {f"{name}:{port}" for name in names}

    # Telling the pages

    def wake(self, kind: str | None = None) -> None:
        for stream in self._streams:
            if kind is None or stream.kind == kind:
                stream.wake.set()

    @property
    def streams(self) -> int:
        return len(self._streams)

    # The guards

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not self.flood.allow(request.remote or "?"):
            return _plain(429, "Te veel verzoeken tegelijk. Wacht een paar seconden.")
        if request.host.lower() not in self.allowed_hosts():
            return _plain(421, "Deze pagina hoort bij een ander adres.")
        try:
            response = await handler(request)
        except web.HTTPException as error:
            response = _plain(error.status, _REASONS.get(error.status, "Dit lukt niet."))
        except BeraadError as error:
            response = web.json_response({"melding": str(error)}, status=409)
        except (ConnectionResetError, asyncio.CancelledError):
            raise
        except Exception as error:  # never a traceback on a page; the detail (no request data) in the log
            from beraad.errors import record

            record(error, "room")
            response = _plain(500, "Er ging iets mis op de laptop van de gespreksleider.")
        if not response.prepared:
            extra = _REPORT_HEADERS if request.path.endswith("/verslag") else {}
            response.headers.update({**_SECURITY_HEADERS, **extra})
        return response

    def _team(self, request: web.Request) -> None:
        if not _same(request.match_info["token"], self.room.team_token):
            raise web.HTTPNotFound()

    def _phone(self, request: web.Request) -> None:
        token = self.room.phone_token
        if token is None or not _same(request.match_info["token"], token):
            raise web.HTTPNotFound()

    def _post(self, request: web.Request) -> None:
        """CSRF and Origin: a page of this server, loaded by this phone, made the request."""
        origin = request.headers.get("Origin", "")
        if origin != f"http://{request.host}" or not _same(request.headers.get(CSRF_HEADER, ""), self.csrf):
            raise web.HTTPForbidden()
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise web.HTTPRequestEntityTooLarge(MAX_BODY, request.content_length)

    async def _json(self, request: web.Request) -> dict[str, Any]:
        self._post(request)
        body = await request.read()  # aiohttp refuses more than client_max_size (413)
        try:
            data = json.loads(body)
        except ValueError:
            raise web.HTTPBadRequest() from None
        if not isinstance(data, dict):
            raise web.HTTPBadRequest()
        return data

    # The team screen

    async def _team_page(self, request: web.Request) -> web.StreamResponse:
        self._team(request)
        return _file("team.html")

    async def _team_asset(self, request: web.Request) -> web.StreamResponse:
        self._team(request)
        return _asset(request.match_info["asset"], ("team.js", "room.css"))

    async def _team_events(self, request: web.Request) -> web.StreamResponse:
        self._team(request)
        return await self._stream(request, Stream("team"), self.room.team_payload)

    async def _report(self, request: web.Request) -> web.StreamResponse:
        self._team(request)
        html = self.room.report_html
        if html is None:
            raise web.HTTPNotFound()
        return web.Response(body=html, content_type="text/html", charset="utf-8")

    # The phones

    async def _phone_page(self, request: web.Request) -> web.StreamResponse:
        self._phone(request)
        page = _page("phone.html").replace(b"{{csrf}}", self.csrf.encode())
        return web.Response(body=page, content_type="text/html", charset="utf-8")

    async def _phone_asset(self, request: web.Request) -> web.StreamResponse:
        self._phone(request)
        return _asset(request.match_info["asset"], ("phone.js", "room.css"))

    async def _phone_events(self, request: web.Request) -> web.StreamResponse:
        self._phone(request)
        place = request.cookies.get(PLACE_COOKIE)
        return await self._stream(request, Stream("phone", place), lambda: self.room.phone_payload(place))

    async def _choose(self, request: web.Request) -> web.StreamResponse:
        self._phone(request)
        data = await self._json(request)
        secret = self.room.claim(str(data.get("deelnemer", "")))
        response = web.json_response(self.room.phone_state(secret))
        response.set_cookie(PLACE_COOKIE, secret, path=f"/P/{self.room.phone_token}/", httponly=True, samesite="Strict")
        return response

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        self._phone(request)
        data = await self._json(request)
        answers = data.get("antwoorden")
        if not isinstance(answers, dict):
            raise web.HTTPBadRequest()
        place = request.cookies.get(PLACE_COOKIE)
        self.room.write(place, answers)
        return web.json_response(self.room.phone_state(place))

    # Streams

    async def _stream(self, request: web.Request, stream: Stream, payload: Callable[[], bytes]) -> web.StreamResponse:
        if len(self._streams) >= MAX_STREAMS:
            return _plain(429, "Er zijn al te veel pagina's open.")
        response = web.StreamResponse(headers={**_SECURITY_HEADERS, "Content-Type": "text/event-stream"})
        await response.prepare(request)
        self._streams.add(stream)
        sent = b""
        try:
            while not stream.closed:
                data = payload()
                if data != sent:
                    await response.write(b"data: " + data + b"\n\n")
                    sent = data
                try:
                    await asyncio.wait_for(stream.wake.wait(), HEARTBEAT)
                except TimeoutError:
                    await response.write(b": \n\n")
                stream.wake.clear()
            if stream.farewell:
                await response.write(b"event: einde\ndata: {}\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._streams.discard(stream)
        return response


_REASONS = {
    400: "Dit verzoek is niet te lezen.",
    403: "Dit verzoek komt niet van een pagina van deze sessie.",
    404: "Deze pagina bestaat niet (meer). Scan de QR-code opnieuw of vraag de gespreksleider.",
    405: "Dit kan hier niet.",
    413: "Dit is te veel tekst in één keer.",
}


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def _plain(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=message, charset="utf-8")


def _file(name: str) -> web.Response:
    suffix = name[name.rindex(".") :]
    return web.Response(body=_page(name), content_type=_TYPES[suffix], charset="utf-8")


def _asset(name: str, allowed: tuple[str, ...]) -> web.Response:
    if name not in allowed:
        raise web.HTTPNotFound()
    return _file(name)
