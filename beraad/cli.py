"""The `beraad` command: without a subcommand it starts the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from beraad import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="beraad",
        description="Moreel beraad in de terminal. Zonder opdracht start de app.",
    )
    parser.add_argument("--version", action="version", version=f"beraad {__version__}")
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="MAP",
        help="map met methods/, sessions/ en exports/ (standaard: de huidige map als die "
        "methods/ of sessions/ heeft, anders je persoonlijke gegevensmap)",
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    method = commands.add_parser("methods", help="methodebestanden controleren")
    method_commands = method.add_subparsers(dest="methods_command", metavar="OPDRACHT", required=True)
    check = method_commands.add_parser("check", help="controleer methodebestanden (exit 1 bij fouten)")
    check.add_argument("files", nargs="+", type=Path, metavar="BESTAND")
    method_commands.add_parser("schema", help="het JSON Schema van het methodeformaat")
    method_commands.add_parser("list", help="de methoden in deze werkmap")

    routes = commands.add_parser("routes", help="de routekaart voor knelpunten (routes.toml)")
    route_commands = routes.add_subparsers(dest="routes_command", metavar="OPDRACHT", required=True)
    route_check = route_commands.add_parser("check", help="controleer een routekaart (exit 1 bij fouten)")
    route_check.add_argument(
        "file", nargs="?", type=Path, metavar="BESTAND", help="standaard: routes.toml in de werkmap"
    )

    sessions = commands.add_parser("sessions", help="sessies in deze werkmap")
    session_commands = sessions.add_subparsers(dest="sessions_command", metavar="OPDRACHT", required=True)
    session_commands.add_parser("list", help="toon de sessies met hun id")

    anonymise = commands.add_parser("anonymise", help="anonimiseer tekst (stdin of een bestand) naar stdout")
    anonymise.add_argument("file", nargs="?", default="-", metavar="BESTAND", help="een tekstbestand, of - voor stdin")
    anonymise.add_argument(
        "--known", action="append", default=[], metavar="NAAM", help="een bekende naam (herhaalbaar)"
    )
    anonymise.add_argument(
        "--behoud-mogelijk",
        action="store_true",
        dest="keep_possible",
        help="vervang mogelijk herleidbare namen en plaatsen niet (standaard worden ze vervangen); "
        "ze staan hoe dan ook op stderr",
    )

    export = commands.add_parser("export", help="schrijf het verslag van een sessie")
    export.add_argument("session", metavar="SESSIE", help="het id uit 'beraad sessions list'")
    export.add_argument("--format", choices=["md", "html", "docx"], action="append", help="standaard: alle drie")
    export.add_argument("--out", type=Path, metavar="MAP", help="standaard: exports/ in de werkmap")

    commands.add_parser("demo", help="maak een ingevulde voorbeeldsessie (casus 1) in deze werkmap")
    return parser


def run() -> None:
    """The console script. Once deduce is loaded, freeing its lookup tables at exit takes
    longer than the work itself; everything is written and flushed, so leave at once."""
    code = main()
    if "deduce" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from beraad.workspace import Workspace

    workspace = Workspace.find(args.workspace)
    if args.command == "methods":
        return _methods(args, workspace)
    if args.command == "sessions":
        return _sessions(workspace)
    if args.command == "routes":
        return _routes(args, workspace)
    if args.command == "anonymise":
        return _anonymise(args, workspace)
    if args.command == "export":
        return _export(args, workspace)
    if args.command == "demo":
        return _demo(workspace)
    from beraad.tui.app import BeraadApp

    app = BeraadApp(workspace)
    app.run()
    if app.return_code:
        print(
            "beraad is onverwacht gestopt. Je notities zijn tot op de laatste seconde opgeslagen in "
            f"{workspace.sessions}; start beraad opnieuw om verder te gaan. De technische melding staat hierboven.",
            file=sys.stderr,
        )
    return app.return_code or 0


def _methods(args: argparse.Namespace, workspace) -> int:
    from beraad import methods

    if args.methods_command == "schema":
        print(methods.schema())
        return 0
    if args.methods_command == "list":
        catalog = methods.catalog(workspace.methods)
        for item in catalog.methods:
            m = item.method
            print(f"{m.id}\t{m.version}\t{m.title}\t{m.planned_minutes} min\t{item.path}")
        for broken in catalog.broken:
            print(f"KAPOT\t{broken.message}", file=sys.stderr)
        return 1 if catalog.broken else 0
    problems = methods.check(args.files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{len(args.files)} methodebestand(en) in orde.")
    return 0


def _routes(args: argparse.Namespace, workspace) -> int:
    from beraad import datafile, settings

    path = args.file or workspace.root / "routes.toml"
    try:
        route_map = datafile.load(path, settings.RouteMap)
    except datafile.DataFileError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{path}: {len(route_map.routes)} adressaten in orde: {', '.join(r.addressee for r in route_map.routes)}")
    return 0


def _sessions(workspace) -> int:
    from beraad.store import SessionStore

    found, moved = SessionStore(workspace.sessions).scan()
    for item in moved:
        print(item.message, file=sys.stderr)
    if not found:
        print(f"Geen sessies in {workspace.sessions}.")
    for session in found:
        step = session.step
        print(f"{session.id}\t{session.date:%d-%m-%Y}\t{session.status}\t{step.title}\t{session.title}")
    return 0


def _anonymise(args: argparse.Namespace, workspace) -> int:
    from beraad.anonymise import Anonymiser, KnownPerson, deduce_engine
    from beraad.anonymise.progress import StderrProgress, describe_possible
    from beraad.errors import BeraadError, os_reason
    from beraad.settings import organisation

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(f"Kan '{args.file}' niet lezen: {os_reason(error)}.", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"Kan '{args.file}' niet lezen: het is geen tekst in UTF-8.", file=sys.stderr)
        return 2
    known = [KnownPerson(name, f"persoon {n}") for n, name in enumerate(args.known, 1)]
    anonymiser = Anonymiser(known, organisation(workspace.root).municipalities)
    try:
        with StderrProgress(sys.stderr) as progress:
            deduce_engine(progress)
    except BeraadError as error:
        print(error, file=sys.stderr)
        return 1
    result = anonymiser.find(text, replace_possible=not args.keep_possible)
    sys.stdout.write(result.text)
    for line in describe_possible(result):
        print(line, file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, workspace) -> int:
    from beraad import report
    from beraad.report.render import TemplateProblem
    from beraad.store import SessionStore, StoreError

    try:
        session = SessionStore(workspace.sessions).load(args.session)
        files = report.export(session, workspace, tuple(args.format or report.FORMATS), args.out)
    except (StoreError, report.NotReviewed, TemplateProblem) as error:
        print(error, file=sys.stderr)
        return 1
    for path in files:
        print(path)
    return 0


def _demo(workspace) -> int:
    from datetime import date

    from beraad import demo, methods
    from beraad.report import anonymiser_for, content
    from beraad.store import SessionStore

    method = methods.catalog(workspace.methods).get(methods.DEFAULT_METHOD)
    if method is None:
        print("De dilemmamethode is niet te laden; controleer methods/.", file=sys.stderr)
        return 1
    session = demo.session(method, date.today())
    content.build(session, anonymiser_for(session, workspace))  # what the review screen shows
    session.review.reviewed = content.fingerprint(session)
    SessionStore(workspace.sessions).save(session)
    print(f"Voorbeeldsessie gemaakt: {session.id}")
    print(f"Maak het verslag met:  beraad export {session.id}")
    return 0
