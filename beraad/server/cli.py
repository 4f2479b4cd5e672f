"""`beraad server …`: set up and run the municipality register, and the commands scripts
and checks use. Parsing needs no Django; a command imports it only when it runs, so
without the extra `beraad[server]` the user reads how to install it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import date, datetime
from typing import Any

from beraad.errors import BeraadError

INSTALL = (
    "De server van beraad is niet geïnstalleerd. Installeer hem met: pip install 'beraad[server]' "
    "(in een kloon: .venv/bin/pip install -e '.[server]')."
)
STATUS_CHOICES = ["geagendeerd", "in-behandeling", "afgerond", "teruggekoppeld"]


def add_parser(commands: Any) -> None:
    from beraad.dutch import OUTCOME_ANSWERS, OUTCOME_HELP

    server = commands.add_parser("server", help="het knelpuntenregister van de gemeente (PostgreSQL)")
    server.add_argument(
        "--database", metavar="URL", help="postgresql://gebruiker@host:5432/naam (of BERAAD_DATABASE_URL)"
    )
    sub = server.add_subparsers(dest="server_command", metavar="OPDRACHT", required=True)

    def command(*names: str, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(names[0], help=help)
        parser.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return parser

    command("init", help="maak of werk het databaseschema bij")
    run = command("run", help="start de server (gunicorn)")
    run.add_argument("--port", type=int, default=8400)
    run.add_argument("--host", default="127.0.0.1", help="standaard 127.0.0.1 (achter een reverse proxy)")
    run.add_argument("--workers", type=int, default=0, help="standaard: 2 per processorkern + 1")

    team = command("team", help="teams: toevoegen, nieuwe koppelcode, sleutels intrekken")
    team_sub = team.add_subparsers(dest="team_command", metavar="OPDRACHT", required=True)
    team_add = team_sub.add_parser("add", help="voeg een team toe; de koppelcode staat op de laatste regel")
    team_add.add_argument("name", metavar="NAAM")
    team_add.add_argument("--mailbox", default="", metavar="E-MAIL", help="functionele mailbox van het team")
    team_code = team_sub.add_parser("code", help="een nieuwe eenmalige koppelcode voor een team")
    team_code.add_argument("name", metavar="NAAM")
    team_revoke = team_sub.add_parser("intrekken", help="trek alle laptopsleutels van een team in")
    team_revoke.add_argument("name", metavar="NAAM")
    team_sub.add_parser("list", help="de teams met hun gekoppelde laptops")

    user = command("user", help="mensen: beleid, coördinator, beheer")
    user_sub = user.add_subparsers(dest="user_command", metavar="OPDRACHT", required=True)
    user_add = user_sub.add_parser("add", help="voeg iemand toe; het eerste wachtwoord staat op de laatste regel")
    user_add.add_argument("email", metavar="E-MAIL")
    user_add.add_argument("--rol", required=True, choices=["beleid", "coordinator", "beheer"])
    user_add.add_argument("--adressaat", default="", metavar="NAAM", help="beleid: welke adressaat")

    addressee = command("adressaat", help="de routekaart: adressaten toevoegen en tonen")
    a_sub = addressee.add_subparsers(dest="adressaat_command", metavar="OPDRACHT", required=True)
    a_add = a_sub.add_parser("add", help="voeg een adressaat toe (of werk hem bij)")
    a_add.add_argument("name", metavar="NAAM")
    a_add.add_argument("--weken", type=int, default=8, help="terugkoppeling binnen zoveel weken")
    a_add.add_argument("--mailbox", default="", metavar="E-MAIL")
    a_sub.add_parser("list", help="de adressaten")

    knelpunten = command("knelpunten", help="de knelpunten: tonen en een stap vastleggen")
    k_sub = knelpunten.add_subparsers(dest="knelpunten_command", metavar="OPDRACHT", required=True)
    k_list = k_sub.add_parser("list", help="alle knelpunten met hun referentie")
    k_list.add_argument("--json", action="store_true")
    k_status = k_sub.add_parser("status", help="leg de volgende stap van een knelpunt vast")
    k_status.add_argument("ref", metavar="REF")
    k_status.add_argument("status", choices=STATUS_CHOICES, metavar="NIEUWE-STATUS", help=", ".join(STATUS_CHOICES))
    k_status.add_argument("--notitie", default="", metavar="TEKST")
    k_status.add_argument("--datum", metavar="DD-MM-JJJJ", help="standaard: vandaag")
    k_status.add_argument("--rol", default="", metavar="ROL", help="wie dit vastlegt, als rol")
    k_status.add_argument(
        "--bij",
        default="",
        metavar="WIE",
        help="geagendeerd: bij wie (het contact; de adressaat blijft wat het team koos)",
    )
    k_status.add_argument("--hoe", default="", metavar="HOE")
    k_status.add_argument("--uitkomst", choices=list(OUTCOME_ANSWERS), help=OUTCOME_HELP)

    command("mail", help="verstuur de mail die bleef liggen (de mailserver was onbereikbaar)")
    reminders = command(
        "herinneringen",
        help="stuur eigenaren hun herinneringen en mail die bleef liggen (dagelijks, bijv. met systemd)",
    )
    reminders.add_argument("--datum", metavar="DD-MM-JJJJ", help="standaard: vandaag")
    retention = command("bewaartermijn", help="vernietig wat langer dan de bewaartermijn is afgesloten")
    retention.add_argument("--uitvoeren", action="store_true", help="zonder dit: alleen tonen wat weg zou gaan")
    retention.add_argument("--datum", metavar="DD-MM-JJJJ", help="standaard: vandaag")


def run(args: argparse.Namespace) -> int:
    url = getattr(args, "database", None) or os.environ.get("BERAAD_DATABASE_URL")
    if not url:
        raise BeraadError(
            "Zeg welke database: --database postgresql://gebruiker@host:5432/naam of BERAAD_DATABASE_URL."
        )
    setup(url)
    from django.db import OperationalError, ProgrammingError

    try:
        if args.server_command == "init":
            return _init()
        _check_schema()
        return HANDLERS[args.server_command](args)
    except OperationalError as error:
        raise BeraadError(_unreachable(url, error)) from error
    except ProgrammingError as error:
        from beraad.errors import with_log

        raise BeraadError(
            with_log("De database heeft niet het verwachte schema; voer 'beraad server init' uit.", error, "server")
        ) from error


def setup(url: str) -> None:
    try:
        import django
    except ImportError:
        raise BeraadError(INSTALL) from None
    from beraad.server.dburl import ConfigError, database_from_url

    try:
        database_from_url(url)
    except ConfigError as error:
        raise BeraadError(str(error)) from error
    os.environ["BERAAD_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beraad.server.settings")
    django.setup()


def _unreachable(url: str, error: Exception) -> str:
    from beraad.errors import record
    from beraad.server.dburl import _without_password

    where = record(error, "server database")
    detail = f" (Technische details staan in {where}.)" if where else ""
    return (
        f"De database {_without_password(url)} is niet bereikbaar of bestaat niet. Controleer het adres en of "
        f"PostgreSQL draait (pg_isready).{detail}"
    )


def _check_schema() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BeraadError("Het databaseschema is niet bij; voer eerst 'beraad server init --database …' uit.")


def _init() -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from beraad.server import events
    from beraad.server.models import Addressee

    origin = events.server_origin()
    seeded = _seed_addressees() if not Addressee.objects.exists() else 0
    print(f"Het schema is bij. Herkomst van deze server: {origin}.")
    if seeded:
        print(f"{seeded} adressaten overgenomen uit de meegeleverde routekaart (beraad server adressaat list).")
    print("Volgende stap: beraad server team add NAAM, en beraad server user add E-MAIL --rol beheer.")
    return 0


def _seed_addressees() -> int:
    from beraad import datafile, settings
    from beraad.server.models import Addressee

    routes = datafile.load(settings.DEFAULTS / "routes.toml", settings.RouteMap).routes
    for route in routes:
        Addressee.objects.create(
            name=route.addressee, description=route.description, feedback_weeks=route.feedback_weeks
        )
    return len(routes)


def _run(args: argparse.Namespace) -> int:
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise BeraadError(INSTALL)
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    argv = [
        gunicorn,
        "beraad.server.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(workers),
        "--access-logfile", "-",
        "--graceful-timeout", "20",
        "--timeout", "60",
    ]  # fmt: skip
    print(f"De server luistert op http://{args.host}:{args.port}/ (stoppen: Ctrl+C).", flush=True)
    os.execv(gunicorn, argv)  # the environment carries the database URL; gunicorn replaces this process


def _team(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from beraad.server import access
    from beraad.server.models import Audit, Team

    if args.team_command == "list":
        for team in Team.objects.order_by("name"):
            active = team.tokens.filter(revoked_at=None).count()
            print(f"{team.name}\t{active} laptop(s) gekoppeld\t{team.mailbox}")
        return 0
    if args.team_command == "add":
        name = " ".join(args.name.split())
        if not name or len(name) > 200:
            raise BeraadError("Geef het team een naam van 1 tot 200 tekens.")
        if Team.objects.filter(name__iexact=name).exists():
            raise BeraadError(f"Er is al een team '{name}'. Een nieuwe koppelcode: beraad server team code '{name}'.")
        team = Team.objects.create(name=name, mailbox=args.mailbox)
        Audit.objects.create(who="opdrachtregel", action="team toegevoegd", detail=name)
        print(f"Team '{team.name}' toegevoegd. Koppel een laptop van het team met: beraad register koppel URL CODE")
        print("Deze code werkt één keer en 14 dagen lang:")
        print(access.new_pairing_code(team))
        return 0
    team = _find_team(args.name)
    if args.team_command == "code":
        print(f"Nieuwe koppelcode voor '{team.name}' (één keer, 14 dagen):")
        print(access.new_pairing_code(team))
        return 0
    revoked = team.tokens.filter(revoked_at=None).update(revoked_at=timezone.now())
    Audit.objects.create(who="opdrachtregel", action="laptopsleutels ingetrokken", detail=f"{team.name}: {revoked}")
    print(f"{revoked} laptopsleutel(s) van '{team.name}' ingetrokken.")
    return 0


def _find_team(name: str) -> Any:
    from beraad.server.models import Team

    team = Team.objects.filter(name__iexact=" ".join(name.split())).first()
    if team is None:
        known = ", ".join(Team.objects.order_by("name").values_list("name", flat=True)[:20])
        raise BeraadError(f"Er is geen team '{name}'. Teams: {known or 'nog geen'}.")
    return team


def _user(args: argparse.Namespace) -> int:
    import secrets

    from django.contrib.auth.models import User
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db.models.functions import Lower

    from beraad.server.models import Addressee, Audit, Profile

    email = args.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise BeraadError(f"'{args.email}' is geen e-mailadres.") from None
    if User.objects.filter(username__iexact=email).exists():
        raise BeraadError(f"'{email}' bestaat al; wijzig rol of adressaat in het beheer (/beheer/).")
    addressee = None
    if args.adressaat:
        addressee = Addressee.objects.annotate(l=Lower("name")).filter(l=args.adressaat.strip().lower()).first()
        if addressee is None:
            names = ", ".join(Addressee.objects.values_list("name", flat=True))
            raise BeraadError(f"Er is geen adressaat '{args.adressaat}'. Adressaten: {names or 'nog geen'}.")
    elif args.rol == "beleid":
        raise BeraadError("Zeg bij beleid voor welke adressaat: --adressaat NAAM (zie beraad server adressaat list).")
    password = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(16))
    user = User.objects.create_user(email, email=email, password=password)
    if args.rol == "beheer":
        user.is_staff = user.is_superuser = True
        user.save()
    Profile.objects.create(user=user, role=args.rol, addressee=addressee)
    Audit.objects.create(who="opdrachtregel", action="gebruiker toegevoegd", detail=f"{email} ({args.rol})")
    print(f"{email} kan inloggen als {args.rol}{f' voor {addressee.name}' if addressee else ''}.")
    print("Eerste wachtwoord (wijzig het na het inloggen via 'Wachtwoord'):")
    print(password)
    return 0


def _addressee(args: argparse.Namespace) -> int:

    from beraad.server.models import Addressee, Audit

    if args.adressaat_command == "list":
        for a in Addressee.objects.order_by("name"):
            inactive = "" if a.active else "\t(niet actief)"
            print(f"{a.name}\tterugkoppeling binnen {a.feedback_weeks} weken\t{a.email}{inactive}")
        return 0
    name = " ".join(args.name.split())
    if not name or len(name) > 100 or not 1 <= args.weken <= 104:
        raise BeraadError("Een adressaat heeft een naam van 1 tot 100 tekens en een termijn van 1 tot 104 weken.")
    found = Addressee.objects.filter(name__iexact=name).first() or Addressee(name=name)
    found.feedback_weeks, found.email = args.weken, args.mailbox or found.email
    found.save()
    Audit.objects.create(who="opdrachtregel", action="adressaat bijgewerkt", detail=name)
    print(f"Adressaat '{found.name}': terugkoppeling binnen {found.feedback_weeks} weken.")
    return 0


def _knelpunten(args: argparse.Namespace) -> int:
    from beraad.dutch import OUTCOME_ANSWERS
    from beraad.server import events
    from beraad.server.identifiers import COMMAND_ADVICE
    from beraad.server.models import Knelpunt

    if args.knelpunten_command == "list":
        rows = Knelpunt.objects.select_related("team", "addressee", "owner", "group").order_by("session_date", "ref")
        if args.json:
            json.dump([_data(k) for k in rows], sys.stdout, ensure_ascii=False, indent=1)
            print()
            return 0
        from beraad.text import visible

        for k in rows:
            print(visible(f"{k.ref}\t{k.status}\t{k.team.name}\t{k.addressee.name if k.addressee else '-'}\t{k.title}"))
        return 0
    knelpunt = (
        Knelpunt.objects.filter(ref=args.ref.strip().upper()).first()
        or Knelpunt.objects.filter(local_ref=args.ref.strip()).first()
    )
    if knelpunt is None:
        raise BeraadError(f"Er is geen knelpunt '{args.ref}'. Zie 'beraad server knelpunten list'.")
    fields = {
        "status": args.status.replace("-", " "),
        "date": _day(args.datum),
        "note": args.notitie,
        "to_whom": args.bij,
        "how": args.hoe,
        "outcome": OUTCOME_ANSWERS[args.uitkomst] if args.uitkomst else None,
    }
    try:
        events.record_step(events.Actor.command(args.rol), [knelpunt], fields, advice=COMMAND_ADVICE)
    except events.Refused as refused:
        option = {"note": "--notitie", "outcome": "--uitkomst", "to_whom": "--bij"}.get(refused.field)
        raise BeraadError(f"{refused} (Gebruik {option}.)" if option else str(refused)) from refused
    knelpunt.refresh_from_db()
    print(f"{knelpunt.ref} is nu '{knelpunt.status}'.")
    return 0


def _data(k: Any) -> dict[str, object]:
    return {
        "ref": k.ref,
        "local_ref": k.local_ref,
        "uuid": str(k.id),
        "title": k.title,
        "team": k.team.name,
        "status": k.status,
        "outcome": k.outcome,
        "answer": k.answer,
        "addressee": k.addressee.name if k.addressee else None,
        "owner": k.owner.username if k.owner else None,
        "group": k.group.title if k.group else None,
        "session_date": k.session_date.isoformat(),
        "due": k.due.isoformat() if k.due else None,
    }


def _day(text: str | None) -> date:
    if not text:
        from django.utils import timezone

        return timezone.localdate()
    for pattern in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise BeraadError(f"De datum '{text}' is niet te lezen; schrijf haar als dd-mm-jjjj.")


def _reminders(args: argparse.Namespace) -> int:
    from beraad.server import mail

    _outbox(args)
    sent = mail.reminders(_day(args.datum))
    print(f"{sent} herinnering(en) gestuurd.")
    return 0


def _outbox(args: argparse.Namespace) -> int:
    """Send the mail that waits in the outbox; exit 1 when some still waits."""
    from beraad.server import mail

    sent, left = mail.retry()
    if not sent and not left:
        print("Er wacht geen mail.")
        return 0
    print(f"{sent} mail(s) alsnog verstuurd.")
    if left:
        reason = mail.waiting()[0].last_error
        print(f"{left} mail(s) wachten nog: {reason}. Probeer het later opnieuw met 'beraad server mail'.")
    return 1 if left else 0


def _retention(args: argparse.Namespace) -> int:
    from django.conf import settings

    from beraad.server import retention

    today, years = _day(args.datum), settings.RETENTION_YEARS
    if not args.uitvoeren:
        gone = retention.expired(today, years)
        print(f"Bewaartermijn {years} jaar na afsluiten: {len(gone)} knelpunt(en) zouden worden vernietigd.")
        for k in gone:
            print(f"{k.ref}\tafgesloten {k.closed_on:%d-%m-%Y}")
        print("Voer uit met --uitvoeren.")
        return 0
    refs = retention.apply(today, years, "opdrachtregel")
    print(f"{len(refs)} knelpunt(en) vernietigd (bewaartermijn {years} jaar); het auditlog noemt hun referenties.")
    return 0


HANDLERS = {
    "run": _run,
    "team": _team,
    "user": _user,
    "adressaat": _addressee,
    "knelpunten": _knelpunten,
    "herinneringen": _reminders,
    "mail": _outbox,
    "bewaartermijn": _retention,
}
