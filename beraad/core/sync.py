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
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

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
