"""The municipality register at scale: prints figures, asserts nothing.

    .venv/bin/python bench/server.py [--seconds 60] [--laptops 50] [--teams 50] [--keep]

1. Builds a municipality of 50 teams x 3 years (about 3,600 sessions, 10,000 knelpunten,
   50,000 events) through the same push the API uses, in a throw-away database on
   BERAAD_TEST_DATABASE_URL's server (default postgresql://postgres@127.0.0.1:5432/postgres).
2. Server time of the inbox (beleid: one addressee; the coordinator: everything), a knelpunt
   page and the trends page: median and p95 over repeated requests (goal: p95 <= 100 ms).
3. 50 laptops pushing and pulling at once against gunicorn for 60 s: requests, errors,
   duplicates and lost events counted from the database afterwards.
4. One laptop's first sync with 500 queued events (goal: <= 2 s).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get("BERAAD_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TITLES = [
    ("Bijstand stopt na vlucht uit huiselijk geweld", "Participatiewet art. 17 (inlichtingenplicht)"),
    ("Kostendelersnorm houdt dakloze zoon buiten", "Participatiewet art. 22a (kostendelersnorm)"),
    ("Geen schuldhulp na 'opzet/grove schuld' bij toeslagen", "Wet gemeentelijke schuldhulpverlening"),
    ("Zoekperiode jongeren zonder inkomen", "Participatiewet art. 41 lid 4 (zoekperiode jongeren)"),
    ("Geen bijstand met terugwerkende kracht", "Participatiewet art. 18 lid 1"),
    ("Eigen bijdrage Wmo laat hulp afzeggen", "Wmo 2015"),
    ("Brief over maatregel niet te lezen", "Awb art. 4:84"),
    ("Tussen Jeugdwet en Wmo op je achttiende", "Jeugdwet"),
    ("Verrekening van toeslagschuld", "Toeslagenwet / Awir"),
]
SOURCES = [
    "landelijke wet- en regelgeving",
    "gemeentelijk beleid of beleidsregel",
    "uitvoering / werkwijze van de eigen organisatie",
    "andere uitvoeringsorganisatie (Belastingdienst/Toeslagen, UWV, SVB, DUO, CAK)",
]
ADDRESSEES = ["beleid", "teamleider", "management", "college / wethouder", "ombudsman"]


class Laptop:
    def __init__(self) -> None:
        self.origin = str(uuid.uuid4())
        self.seq = 0

    def event(self, knelpunt: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {
            "id": str(uuid.uuid4()),
            "knelpunt": knelpunt,
            "origin": self.origin,
            "seq": self.seq,
            "kind": kind,
            "recorded_at": datetime.now(UTC).isoformat(),
            "author": {"role": "gespreksleider", "user": None},
            "data": data,
        }

    def knelpunt(self, rng: random.Random, day: date, steps: int) -> list[dict[str, Any]]:
        """An agreed knelpunt and up to four of its steps, as a team's laptop sends them."""
        title, regulation = rng.choice(TITLES)
        uid = str(uuid.uuid4())
        out = [
            self.event(
                uid,
                "agreed",
                {
                    "ref": f"KP-{self.origin[:4].upper()}-{day.year}-{self.seq:04d}",
                    "session_date": day.isoformat(),
                    "title": title,
                    "description": "Een inwoner raakt in de knel doordat de regel precies wordt uitgevoerd. " * 3,
                    "effect": "Huurachterstand, stress, dreigende uitzetting.",
                    "sources": rng.sample(SOURCES, 2),
                    "regulation": regulation,
                    "subsistence": True,
                    "discretion": "nee",
                    "recurrence": "vermoedelijk structureel",
                    "addressee": rng.choice(ADDRESSEES),
                    "same_as": None,
                    "version": 1,
                    "approved_on": (day + timedelta(days=7)).isoformat(),
                },
            )
        ]
        flow = [
            {"status": "geagendeerd", "to_whom": "beleid", "how": "mail"},
            {"status": "in behandeling"},
            {"status": "afgerond", "outcome": "niet opgelost", "note": "Nee: landelijke wet, geagendeerd bij de VNG."},
            {"status": "teruggekoppeld", "note": "Besproken in het teamoverleg."},
        ]
        for number, step in enumerate(flow[:steps], 1):
            out.append(
                self.event(
                    uid,
                    "step",
                    {
                        "date": (day + timedelta(days=14 * number)).isoformat(),
                        "role": "teamleider",
                        "note": "",
                        "to_whom": "",
                        "how": "",
                        "outcome": None,
                        **step,
                    },
                )
            )
        return out


def _database(name: str) -> str:
    parts = urlsplit(ADMIN_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def build(teams: int, rng: random.Random) -> tuple[list[Any], int]:
    from beraad.server import access, events
    from beraad.server.models import Addressee, Team

    for name in ADDRESSEES:
        Addressee.objects.get_or_create(name=name)
    tokens = []
    sent = 0
    start = time.perf_counter()
    for number in range(teams):
        team = Team.objects.create(name=f"Team {number:02d}")
        laptop = Laptop()
        token, _ = access.pair(access.new_pairing_code(team), uuid.UUID(laptop.origin))
        tokens.append(token)
        batch: list[dict[str, Any]] = []
        day = date(2024, 1, 8)
        while day < date(2026, 12, 1):  # 3 years, about 24 sessions a year per team
            for _ in range(rng.choice([2, 3, 3, 4])):  # knelpunten per session: ~2.8
                batch += laptop.knelpunt(rng, day, rng.choice([1, 2, 3, 3, 4]))
            if len(batch) > 400:
                sent += len(batch)
                events.push(token, batch)
                batch = []
            day += timedelta(days=rng.choice([14, 15, 16]))
        if batch:
            sent += len(batch)
            events.push(token, batch)
        print(
            f"\r  built {number + 1}/{teams} teams ({sent} laptop events, {time.perf_counter() - start:.0f} s)", end=""
        )
    print()
    return tokens, sent


def timings(label: str, client: Any, path: str, runs: int, fresh: bool = False) -> None:
    from django.core.cache import cache

    client.get(path)  # warm
    spent = []
    for _ in range(runs):
        if fresh:
            cache.clear()  # as right after an event arrived
        start = time.perf_counter()
        answer = client.get(path)
        spent.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    spent.sort()
    p95 = spent[int(len(spent) * 0.95) - 1]
    print(f"  {label:<34} median {statistics.median(spent):6.1f} ms   p95 {p95:6.1f} ms")


def pages() -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from beraad.server.models import Addressee, Knelpunt, Profile

    beleid, new = User.objects.get_or_create(username="beleid@bench.test")
    if new:
        Profile.objects.create(user=beleid, role="beleid", addressee=Addressee.objects.get(name="beleid"))
    coordinator, new = User.objects.get_or_create(username="coord@bench.test")
    if new:
        Profile.objects.create(user=coordinator, role="coordinator")
    ref = Knelpunt.objects.filter(addressee__name="beleid").order_by("-session_date").values_list("ref", flat=True)[0]
    for who, user in (("beleid", beleid), ("coördinator", coordinator)):
        client = Client()
        client.force_login(user)
        timings(f"inbox ({who}, open)", client, "/", 40)
        timings(f"inbox ({who}, te laat)", client, "/?map=laat", 40)
        timings(f"inbox ({who}, zoeken)", client, "/?map=alle&q=kostendelersnorm", 40)
        timings(f"knelpunt ({who})", client, f"/knelpunt/{ref}/", 40)
        timings(f"trends ({who}, after a change)", client, "/trends/", 20, fresh=True)
        timings(f"trends ({who})", client, "/trends/", 20)


def concurrent(url: str, tokens: list[Any], seconds: float, laptops: int) -> None:
    from beraad.core.sync import Client, SyncError
    from beraad.server import access
    from beraad.server.models import Event, Team

    keys = []
    for number in range(laptops):
        team = Team.objects.create(name=f"Laptop-team {number:02d} {uuid.uuid4().hex[:6]}")
        laptop = Laptop()
        _, secret = access.pair(access.new_pairing_code(team), uuid.UUID(laptop.origin))
        keys.append((laptop, secret))
    sent: list[set[str]] = [set() for _ in keys]
    errors: list[str] = []
    counts = [0] * len(keys)
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def run(number: int) -> None:
        laptop, secret = keys[number]
        client = Client(url, secret)
        rng = random.Random(number)
        cursor = 0
        while time.monotonic() < stop:
            batch = laptop.knelpunt(rng, date(2026, 11, 2), rng.choice([0, 1, 2]))
            try:
                answer = client.push(batch)
                if answer.refused:
                    raise SyncError(str(answer.refused))
                sent[number].update(e["id"] for e in batch)
                while True:
                    _, cursor, more = client.pull(cursor)
                    if not more:
                        break
                counts[number] += 2
            except SyncError as error:
                with lock:
                    errors.append(str(error))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(keys))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - start
    ids = set().union(*sent)
    stored = list(Event.objects.filter(event_id__in=[uuid.UUID(i) for i in ids]).values_list("event_id", flat=True))
    print(
        f"  {len(keys)} laptops, {took:.0f} s: {sum(counts)} requests ({sum(counts) / took:.0f}/s), "
        f"{len(ids)} events pushed, {len(errors)} errors, "
        f"{len(stored) - len(set(stored))} duplicates, {len(ids - {str(i) for i in stored})} lost"
    )
    if errors:
        print(f"  first error: {errors[0]}")


def first_sync(url: str) -> None:
    from beraad.core.sync import BATCH, Client
    from beraad.server import access
    from beraad.server.models import Team

    team = Team.objects.create(name=f"Nieuw gekoppeld team {uuid.uuid4().hex[:6]}")
    laptop = Laptop()
    rng = random.Random(7)
    queued: list[dict[str, Any]] = []
    while len(queued) < 500:
        queued += laptop.knelpunt(rng, date(2026, 6, 1), 4)
    queued = queued[: 500 - 500 % 5]  # whole knelpunten only
    code = access.new_pairing_code(team)
    start = time.perf_counter()
    client = Client(url)
    client.token, _ = client.pair(code, laptop.origin)
    delivered = 0
    for offset in range(0, len(queued), BATCH):
        delivered += len(client.push(queued[offset : offset + BATCH]).delivered)
    cursor, pulled, more = 0, 0, True
    while more:
        events, cursor, more = client.pull(cursor)
        pulled += len(events)
    took = time.perf_counter() - start
    print(f"  first sync: pair, push {delivered} queued events, pull {pulled}: {took:.2f} s (goal <= 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="NAME", help="a database kept by --keep: measure without building")
    args = parser.parse_args()
    import psycopg

    name = args.reuse or f"beraad_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(ADMIN_URL, autocommit=True)
    if not args.reuse:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _database(name)
    os.environ.update(
        BERAAD_DATABASE_URL=url, BERAAD_SECRET_KEY="bench", DJANGO_SETTINGS_MODULE="beraad.server.settings",
        BERAAD_ALLOWED_HOSTS="127.0.0.1,localhost,testserver", BERAAD_API_RATE="100000",
    )  # fmt: skip
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from beraad.server.models import Event, Knelpunt

        start = time.perf_counter()
        if args.reuse:
            from beraad.server.models import Token

            tokens = list(Token.objects.all()[: args.teams])
        else:
            print(f"Building a municipality of {args.teams} teams x 3 years in {name} …")
            tokens, _ = build(args.teams, random.Random(1))
            from django.db import connection

            with connection.cursor() as cursor:  # as autovacuum would after a load this size
                cursor.execute("ANALYZE")
        print(
            f"  {Knelpunt.objects.count()} knelpunten, {Event.objects.count()} events "
            f"in {time.perf_counter() - start:.0f} s"
        )
        print("Server time per page (Django's test client, in process, on PostgreSQL):")
        pages()
        port = 18400 + os.getpid() % 1000
        server = subprocess.Popen(
            [sys.executable, "-m", "beraad", "server", "run", "--port", str(port), "--workers", "4"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        from beraad.core.sync import Client, SyncError

        for _ in range(200):
            try:
                Client(base).pull(0)
            except SyncError as error:
                if error.status == 401:
                    break
            time.sleep(0.05)
        print(f"Laptops against gunicorn (4 workers) at {base}:")
        concurrent(base, tokens, args.seconds, args.laptops)
        first_sync(base)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        from django.db import connections

        connections.close_all()
        if not args.keep and not args.reuse:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"Kept database {url}")


if __name__ == "__main__":
    main()
