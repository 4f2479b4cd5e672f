"""'Nu versturen' on the register screen: what waits to be sent and when it last went are on
the screen; V sends in the background, and the screen goes on while the server is slow."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from datetime import date
from typing import Any

import pytest

from beraad.model.register import Step
from beraad.tui.app import BeraadApp
from beraad.tui.screens.register import RegisterScreen
from tests.conftest import FakeClock, press, run_cli, screen_text, services_for, settle, until
from tests.server.conftest import ServerProcess, in_own_loop, make_addressee, make_team
from tests.server.test_laptop_sync import approved_session, laptop

TODAY = date(2026, 11, 25)


class SlowProxy:
    """The server behind a door the test opens: requests wait while it is shut."""

    def __init__(self, target: str) -> None:
        self.open = threading.Event()
        self.open.set()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                if not proxy.open.is_set():
                    proxy.open.wait()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                request = urllib.request.Request(target + self.path, data=body, method=self.command)
                for name in ("Authorization", "Content-Type", "Accept"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        status, data, kind = answer.status, answer.read(), answer.headers.get("Content-Type")
                except urllib.error.HTTPError as error:
                    status, data, kind = error.code, error.read(), error.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Type", kind or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _forward

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.open.set()
        self.server.shutdown()


def test_send_now_shows_what_waits_and_keeps_the_screen_going(
    live_server: ServerProcess, db: str, tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from beraad.server.models import Event, Knelpunt

    addressee = make_addressee()
    workspace = laptop(tmp_path, "noord", approved_session(dilemma, "Team Noord", "Uitkering stopt", addressee.name))
    team, code = make_team()
    proxy = SlowProxy(live_server.url)
    try:
        done, _, err = run_cli(capsys, "register", "koppel", proxy.url, code, workspace=workspace)
        assert done == 0, err
        register = services_for(workspace, today=TODAY).register
        key = register.rows()[0].key
        register.advance(
            key, Step.make("geagendeerd", date(2026, 11, 10), to_whom="beleidsadviseur", role="teamleider")
        )
        proxy.open.clear()  # from now on the server is slow
        in_own_loop(lambda: _send_now(workspace, proxy))
    finally:
        proxy.close()
    k = Knelpunt.objects.get(team=team)
    assert Event.objects.filter(knelpunt=k, kind="step", data__status="geagendeerd").count() == 1


async def _send_now(workspace: Any, proxy: SlowProxy) -> None:
    app = BeraadApp(services_for(workspace, FakeClock(), today=TODAY))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the sync at start-up now waits at the server's door
        await press(pilot, "k")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and bool(app.screen.rows), "the list")
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        line = str(screen.query_one("#register-sync").render())
        assert app.syncing and "Bezig met versturen" in line and "1 wijziging wacht op versturen" in line
        assert "v Versturen" in screen_text(app)  # in the footer, at 80 columns
        # the screen goes on while the server is slow
        await press(pilot, "o")
        assert screen.sort == "ref" and app.syncing
        await press(pilot, "v")  # one sync at a time
        assert "Er wordt al verstuurd" in " ".join(app.said)
        proxy.open.set()
        await until(
            pilot, lambda: not app.syncing and "Niets wacht" in str(screen.query_one("#register-sync").render())
        )
        line = str(screen.query_one("#register-sync").render())
        assert "laatst verstuurd: " in line and "nog nooit" not in line and "v: nu versturen" in line
        # asked for when nothing waits: it says so
        await press(pilot, "v")
        await until(pilot, lambda: not app.syncing and any("Niets te versturen" in s for s in app.said), "the answer")
        assert "Niets te versturen; niets nieuws van de server." in " ".join(app.said)
