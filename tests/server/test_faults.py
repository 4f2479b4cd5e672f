"""Faults between a laptop and the server, with the laptop's real client (beraad.core.sync)
and the server as a real process: a cut connection, a server killed during a push."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from beraad.core.sync import Client, SyncError
from tests.server.conftest import ServerProcess, free_port, make_team
from tests.server.events_of import Laptop


class CuttingProxy:
    """Forwards one connection's request to the server, then closes it before any answer
    reaches the laptop: the request arrived, the answer is lost."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.forwarded = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        laptop, _ = self.listener.accept()
        with laptop, socket.create_connection(("127.0.0.1", self.target)) as server:
            laptop.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                data += laptop.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
            )
            while len(body) < length:
                body += laptop.recv(65536)
            server.sendall(head + b"\r\n\r\n" + body)
            server.recv(1)  # the server started answering: it has done the work
            self.forwarded.set()
        # both sockets closed: the laptop sees the connection drop without an answer

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def paired_client(live_server: Any, db: str) -> Iterator[tuple[Client, Laptop]]:
    _, code = make_team()
    laptop = Laptop()
    client = Client(live_server.url)
    client.token, _ = client.pair(code, laptop.origin)
    yield client, laptop


def stored(ids: list[str]) -> list[str]:
    from beraad.server.models import Event

    return [
        str(i)
        for i in Event.objects.filter(event_id__in=[uuid.UUID(i) for i in ids]).values_list("event_id", flat=True)
    ]


def test_a_connection_cut_mid_request_loses_and_doubles_nothing(live_server: Any, paired_client: Any) -> None:
    client, laptop = paired_client
    batch = [laptop.agreed(), laptop.agreed()]
    proxy = CuttingProxy(live_server.port)
    cut = Client(f"http://127.0.0.1:{proxy.port}", client.token)
    with pytest.raises(SyncError) as failed:
        cut.push(batch)
    assert failed.value.offline and "blijft bewaard" in str(failed.value)
    assert proxy.forwarded.is_set()
    proxy.close()
    again = client.push(batch)  # the queue sends it again
    assert again.accepted == [] and sorted(again.duplicates) == sorted(e["id"] for e in batch)
    assert sorted(stored([e["id"] for e in batch])) == sorted(e["id"] for e in batch)


def test_the_server_killed_during_a_push_and_started_again_loses_nothing(live_server: ServerProcess, db: str) -> None:
    from django.db import connection

    server = live_server  # killed and started again on the same port: the next test finds it running
    _, code = make_team()
    laptop = Laptop()
    client = Client(server.url)
    client.token, _ = client.pair(code, laptop.origin)
    batch = []
    for _ in range(60):
        knelpunt = laptop.agreed()
        batch += [
            knelpunt,
            laptop.step(knelpunt["knelpunt"], "geagendeerd", to_whom="beleid"),
            laptop.step(knelpunt["knelpunt"], "in behandeling", day="2026-11-12"),
        ]
    outcome: dict[str, Any] = {}

    def push() -> None:
        try:
            outcome["answer"] = client.push(batch)
        except SyncError as error:
            outcome["error"] = error

    thread = threading.Thread(target=push)
    thread.start()
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:  # wait until the server is inside the push's transaction
        while time.monotonic() < deadline and thread.is_alive():
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            if cursor.fetchone()[0]:
                break
    assert server.process is not None
    os.killpg(server.process.pid, signal.SIGKILL)  # a crash, not a polite stop
    server.process.wait()
    thread.join(30)
    assert "error" in outcome and outcome["error"].offline, outcome
    assert stored([e["id"] for e in batch]) == []  # the transaction died with the server
    server.start()
    answer = client.push(batch)
    assert len(answer.accepted) == len(batch) and not answer.refused
    assert sorted(stored([e["id"] for e in batch])) == sorted(e["id"] for e in batch)


def test_a_server_that_is_not_there_is_offline_not_a_refusal() -> None:
    client = Client(f"http://127.0.0.1:{free_port()}", "key")
    with pytest.raises(SyncError) as failed:
        client.pull(0)
    assert failed.value.offline and "niet bereikbaar" in str(failed.value)


def test_a_revoked_key_is_a_refusal_the_laptop_shows(paired_client: Any) -> None:
    from django.utils import timezone

    from beraad.server.access import digest
    from beraad.server.models import Token

    client, _ = paired_client

    Token.objects.filter(key_hash=digest(client.token)).update(revoked_at=timezone.now())
    with pytest.raises(SyncError) as failed:
        client.pull(0)
    assert not failed.value.offline and failed.value.status == 401 and "ingetrokken" in str(failed.value)
