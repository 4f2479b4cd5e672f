"""Pairing a laptop (`beraad register koppel URL CODE`): every way it can fail is one Dutch
sentence that says what to do, without a traceback, with the details in the log it names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.server.conftest import ServerProcess, free_port, make_team
from tests.server.test_laptop_sync import approved_session, laptop


def _koppel(capsys: Any, workspace: Any, url: str, code: str) -> str:
    done, out, err = run_cli(capsys, "register", "koppel", url, code, workspace=workspace)
    assert done == 1 and out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err  # one sentence
    assert "nog niet gekoppeld" in err
    assert not (workspace.root / "register" / "token").exists()
    return err


def _log_named(err: str) -> str:
    assert "Technische details staan in " in err
    path = err.split("Technische details staan in ", 1)[1].rsplit(".)", 1)[0]
    with open(path, encoding="utf-8") as log:
        return log.read()


def test_a_wrong_a_used_and_an_expired_code_each_say_what_to_do(
    live_server: ServerProcess, db: str, tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.utils import timezone

    from beraad.server.models import Pairing

    workspace = laptop(tmp_path, "noord", approved_session(dilemma, "Team Noord", "Iets knelt", "beleid"))
    team, code = make_team()

    err = _koppel(capsys, workspace, live_server.url, "ABCD-EFGH")  # too short: not even sent
    assert "12 letters en cijfers" in err and "ABCD-EFGH-JKLM" in err

    err = _koppel(capsys, workspace, live_server.url, "ABCD-EFGH-JK0M")  # a zero, never in a code
    assert "kent de server niet" in err and "overtypte" in err and "geen 0" in err
    assert "403" in _log_named(err)

    Pairing.objects.filter(team=team).update(expires_at=timezone.now() - timedelta(days=1))
    err = _koppel(capsys, workspace, live_server.url, code)
    assert "verlopen" in err and "14 dagen" in err and "nieuwe code" in err

    _, code2 = make_team()
    other = laptop(tmp_path, "zuid", approved_session(dilemma, "Team Zuid", "Iets anders", "beleid"))
    done, _, _ = run_cli(capsys, "register", "koppel", live_server.url, code2, workspace=other)
    assert done == 0
    err = _koppel(capsys, workspace, live_server.url, code2.lower())  # the code another laptop already used
    assert "al gebruikt" in err and "één keer" in err and "nieuwe code" in err


def test_a_server_that_is_down_or_no_register_at_all_says_so(
    db: str, tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import http.server
    import threading

    workspace = laptop(tmp_path, "west", approved_session(dilemma, "Team West", "Iets knelt", "beleid"))
    down = f"http://127.0.0.1:{free_port()}"
    err = _koppel(capsys, workspace, down, "ABCD-EFGH-JKLM")
    assert f"De server op {down} neemt niet op" in err and "Controleer het adres" in err
    assert "ConnectionRefusedError" in _log_named(err)

    class NotBeraad(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>Niet gevonden</html>")

        def log_message(self, *args: Any) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), NotBeraad)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}"
        err = _koppel(capsys, workspace, url, "ABCD-EFGH-JKLM")
    finally:
        other.shutdown()
    assert f"Op {url} draait geen knelpuntenregister van beraad" in err and "Controleer het adres" in err
