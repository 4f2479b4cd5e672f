"""`beraad server …` as scripts and beheer use it."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from tests.conftest import run_cli
from tests.server.conftest import make_addressee
from tests.server.test_pages import pushed


def test_team_user_and_knelpunten_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from django.contrib.auth import authenticate

    from beraad.server.models import Pairing, Team

    team = f"Team {uuid.uuid4().hex[:6]}"
    code, out, _ = run_cli(capsys, "server", "--database", db, "team", "add", team, "--mailbox", "t@gemeente.test")
    assert code == 0
    pairing = out.strip().splitlines()[-1]
    assert len(pairing) == 14 and Pairing.objects.filter(team__name=team).count() == 1
    code, _, err = run_cli(capsys, "server", "--database", db, "team", "add", team.upper())
    assert code == 1 and "Er is al een team" in err
    addressee = make_addressee()
    email = f"{uuid.uuid4().hex[:6]}@gemeente.test"
    code, out, _ = run_cli(
        capsys,
        "server",
        "user",
        "--database",
        db,
        "add",
        email,
        "--rol",
        "beleid",
        "--adressaat",
        addressee.name.upper(),
    )
    assert code == 0
    assert authenticate(username=email, password=out.strip().splitlines()[-1]) is not None
    code, _, err = run_cli(capsys, "server", "--database", db, "user", "add", "geen-mail", "--rol", "beheer")
    assert code == 1 and "geen e-mailadres" in err
    k = pushed(addressee.name)[0]
    code, out, _ = run_cli(capsys, "server", "--database", db, "knelpunten", "list", "--json")
    listed = {item["ref"]: item for item in json.loads(out)}
    assert listed[k.ref]["local_ref"] == k.local_ref and listed[k.ref]["addressee"] == addressee.name
    code, out, err = run_cli(
        capsys, "server", "--database", db, "knelpunten", "status", k.ref, "afgerond", "--uitkomst", "niet-opgelost"
    )
    assert code == 1 and "ook waarom" in err and "(Gebruik --notitie.)" in err
    code, out, err = run_cli(
        capsys, "server", "--database", db, "knelpunten", "status", k.ref, "afgerond", "--uitkomst", "opgelost"
    )
    assert code == 1 and "Agendeer het knelpunt eerst" in err
    code, out, _ = run_cli(
        capsys,
        "server",
        "--database",
        db,
        "knelpunten",
        "status",
        k.local_ref,
        "geagendeerd",
        "--bij",
        "beleid",
        "--rol",
        "beleid",
    )
    assert code == 0 and f"{k.ref} is nu 'geagendeerd'" in out
    code, out, _ = run_cli(capsys, "server", "--database", db, "team", "intrekken", Team.objects.get(id=k.team_id).name)
    assert code == 0 and "1 laptopsleutel(s)" in out


def test_retention_shows_first_then_destroys_what_is_past_its_term(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from beraad.server.models import Audit, Event, Knelpunt

    k = pushed(make_addressee().name)[0]
    Knelpunt.objects.filter(id=k.id).update(closed_on="2014-01-01", status="teruggekoppeld")
    code, out, _ = run_cli(capsys, "server", "--database", db, "bewaartermijn", "--datum", "01-06-2026")
    assert code == 0 and k.ref in out and Knelpunt.objects.filter(id=k.id).exists()
    code, out, _ = run_cli(capsys, "server", "--database", db, "bewaartermijn", "--uitvoeren", "--datum", "01-06-2026")
    assert (
        code == 0
        and not Knelpunt.objects.filter(id=k.id).exists()
        and not Event.objects.filter(knelpunt_id=k.id).exists()
    )
    assert k.ref in Audit.objects.filter(action="vernietigd na bewaartermijn").first().detail


def test_a_database_that_is_not_there_gets_a_dutch_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "server", "--database", "mysql://x/y", "team", "list")
    assert code == 1 and "geen PostgreSQL-adres" in err
    url = "postgresql://postgres@127.0.0.1:5432/bestaat_niet_xyz"  # a new process: settings are read once
    done = subprocess.run(
        [sys.executable, "-m", "beraad", "server", "--database", url, "team", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "niet bereikbaar of bestaat niet" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_the_server_extra_it_says_how_to_install_it(tmp_path: object) -> None:
    script = (
        "import sys; sys.modules['django'] = None\n"  # as if django were not installed
        "from beraad.cli import main\n"
        "raise SystemExit(main(['server', '--database', 'postgresql://x/y', 'init']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pip install 'beraad[server]'" in done.stderr and "Traceback" not in done.stderr
