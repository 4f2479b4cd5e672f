"""The server's fixtures: a throw-away PostgreSQL database per test process (xdist worker),
the server as a real gunicorn process on it, and one Chromium per worker.

The database server is BERAAD_TEST_DATABASE_URL (default: postgresql://postgres@127.0.0.1:5432/postgres,
trust auth); each worker creates a database with a unique name there and drops it at the end.
Tests make their own teams, people and addressees with unique names, so they never need
the database to be empty and never see each other's knelpunten.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ADMIN_URL = os.environ.get("BERAAD_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CHROMIUM = "/usr/bin/chromium"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _schema_hash() -> str:
    """Changes whenever a migration or the Django version does."""
    import hashlib

    import django

    import beraad.server

    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted((Path(beraad.server.__file__).parent / "migrations").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _template(admin: object, tmp: Path) -> str:
    """A migrated database to copy: made once per schema (the first worker makes it while
    the others wait on a lock), kept between runs, so a worker copies instead of migrating."""
    import fcntl
    import tempfile

    name = f"beraad_test_template_{_schema_hash()}"
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()  # type: ignore[attr-defined]
        if not exists:
            building = f"{name}_building_{os.getpid()}"
            admin.execute(f'CREATE DATABASE "{building}"')  # type: ignore[attr-defined]
            env = {**os.environ, "BERAAD_DATABASE_URL": _with_database(ADMIN_URL, building),
                   "BERAAD_SECRET_KEY": "template", "BERAAD_SERVER_DIR": str(tmp)}  # fmt: skip
            subprocess.run(
                [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
                env={**env, "DJANGO_SETTINGS_MODULE": "beraad.server.settings"},
                check=True,
            )
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')  # type: ignore[attr-defined]
    return name


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"beraad_test_{worker}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {ADMIN_URL} (set BERAAD_TEST_DATABASE_URL): {error}")
    server_dir = tmp_path_factory.mktemp("server")
    template = _template(admin, server_dir)
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = _with_database(ADMIN_URL, name)
    os.environ.update(
        BERAAD_DATABASE_URL=url,
        BERAAD_SECRET_KEY="test-" + uuid.uuid4().hex,
        BERAAD_SERVER_DIR=str(server_dir),
        DJANGO_SETTINGS_MODULE="beraad.server.settings",
        BERAAD_ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        BERAAD_TEST_FAST_HASH="1",
        BERAAD_PAIRING_RATE="10000",  # every test pairs laptops from 127.0.0.1
    )
    # Playwright's sync API keeps an event loop in the test's thread; the ORM calls the tests
    # make there are plain synchronous ones, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    import django

    django.setup()
    try:
        yield url
    finally:
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def db(database_url: str) -> str:
    """Django is set up against this worker's database."""
    return database_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`beraad server run` as people start it: gunicorn, in its own process."""

    def __init__(
        self, database_url: str, log: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, **self.env, "BERAAD_DATABASE_URL": self.database_url}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "beraad", "server", "run", "--port", str(self.port), "--workers", "1"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)  # polling a port for readiness, not waiting for a result
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture(scope="session")
def live_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(database_url, tmp_path_factory.mktemp("live") / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def in_browser(chromium_browser: Any) -> Callable[..., Any]:
    """Run a test's browser part on Chromium's own thread (tests/browser.py): Playwright's
    sync API keeps an event loop on the thread that started it, and the worker's main
    thread must stay free for the asyncio tests that run after this one.

    in_browser(work, js=True) calls work(page) there with a fresh page and returns its result."""

    def run(work: Callable[[Any], Any], js: bool = True) -> Any:
        def job() -> Any:
            context = chromium_browser.browser.new_context(
                locale="nl-NL", viewport={"width": 1280, "height": 900}, java_script_enabled=js
            )
            page = context.new_page()
            page.set_default_timeout(10_000)
            try:
                return work(page)
            finally:
                context.close()

        return chromium_browser.call(job)

    return run


def in_own_loop(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """The app on a thread and event loop of its own (Playwright's sync API keeps an event
    loop in a worker's thread once a browser test ran there); the ORM's connection of that
    thread is closed after it."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work())
        except BaseException as error:
            failed.append(error)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


@dataclass
class Person:
    email: str
    password: str


def make_addressee(name: str | None = None, weeks: int = 8, email: str = "") -> object:
    from beraad.server.models import Addressee

    return Addressee.objects.create(name=name or unique("beleid"), feedback_weeks=weeks, email=email)


def make_person(role: str, addressee: object = None) -> Person:
    from django.contrib.auth.models import User

    from beraad.server.models import Profile

    email = f"{uuid.uuid4().hex[:8]}@gemeente.test"
    password = uuid.uuid4().hex
    user = User.objects.create_user(email, email=email, password=password)
    if role == "beheer":
        user.is_staff = user.is_superuser = True
        user.save()
    Profile.objects.create(user=user, role=role, addressee=addressee)
    return Person(email, password)


def make_team(mailbox: str = "") -> tuple[object, str]:
    from beraad.server import access
    from beraad.server.models import Team

    team = Team.objects.create(name=unique("Team"), mailbox=mailbox)
    return team, access.new_pairing_code(team)


def login(page: object, base: str, person: Person) -> None:
    page.goto(f"{base}/inloggen/")  # type: ignore[attr-defined]
    page.get_by_label("E-mailadres").fill(person.email)  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(person.password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Postvak", exact=False).wait_for()  # type: ignore[attr-defined]


SHOTS = os.environ.get("BERAAD_SCREENSHOTS")


def shot(page: object, name: str) -> None:
    """With BERAAD_SCREENSHOTS=DIR, keep a PNG of the page for a person to look at."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
