"""The `beraad` command: without a subcommand it starts the app.

Every failure ends in one Dutch sentence on stderr and a non-zero exit code; the
technical detail of anything unexpected goes to the log file the sentence names.
"""

from __future__ import annotations

import argparse
import gettext
import os
import shlex
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from beraad import __version__, dutch
from beraad.errors import BeraadError

if TYPE_CHECKING:
    from datetime import date

    from beraad.core.register import Row
    from beraad.core.services import Services
    from beraad.datafile import Problem
    from beraad.model.register import Step
    from beraad.store.schema import Summary
    from beraad.tui.app import BeraadApp
    from beraad.workspace import Workspace

# argparse's own texts, in Dutch (argparse looks them up through gettext as it runs).
STATUS_CHOICES = ["gesignaleerd", "geagendeerd", "in-behandeling", "afgerond", "teruggekoppeld"]


RAW_HELP = (
    "toon de titels, teams en notities zoals getypt, niet geanonimiseerd en zonder controle: alleen voor "
    "je eigen scherm, nooit om door te sturen"
)


def _status_word(text: str) -> str:
    """'in behandeling', 'in_behandeling' and 'In-Behandeling' are all 'in-behandeling'."""
    return "-".join(text.replace("_", " ").lower().split())


ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s past bij %(matches)s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "not allowed with argument %s": "niet samen met argument %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekende opdracht %(parser_name)r (kies uit %(choices)s)",
}


def _dutch(message: str) -> str:
    return ARGPARSE_NL.get(message, gettext.gettext(message))


def _parser() -> argparse.ArgumentParser:
    from beraad.dutch import OUTCOME_ANSWERS, OUTCOME_HELP

    argparse._ = _dutch  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="beraad",
        description="Moreel beraad in de terminal. Zonder opdracht start de app.",
    )
    parser.add_argument("--version", action="version", version=f"beraad {__version__}", help="toon de versie en stop")
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="MAP",
        help="map met methods/, sessions/ en exports/ (standaard: de huidige map als die "
        "methods/ of sessions/ heeft, anders je persoonlijke gegevensmap)",
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    method = commands.add_parser("methods", help="methoden: maken, uitproberen, controleren, gebruik")
    method_commands = method.add_subparsers(dest="methods_command", metavar="OPDRACHT", required=True)
    check = method_commands.add_parser(
        "check", help="controleer methodebestanden, ook of de versie omhoog moet (exit 1 bij fouten)"
    )
    check.add_argument(
        "files", nargs="*", type=Path, metavar="BESTAND", help="zonder bestand: alle methoden van de werkmap"
    )
    schema = method_commands.add_parser("schema", help="het JSON Schema van het methodeformaat")
    schema.add_argument(
        "--uit",
        type=Path,
        metavar="PAD",
        help="schrijf het schema naar dit bestand (bijv. methods/methode.schema.json)",
    )
    method_commands.add_parser("list", help="de methoden in deze werkmap")
    method_commands.add_parser("gebruik", help="per methode en versie: hoeveel sessies, en wanneer het laatst")
    new = method_commands.add_parser("new", help="begin een eigen methode als kopie van een goede")
    new.add_argument("name", metavar="NAAM", help="id en bestandsnaam van de nieuwe methode, bijv. mijn-methode")
    new.add_argument(
        "--van",
        default="dilemmamethode",
        metavar="METHODE",
        help="de methode om te kopiëren (standaard: dilemmamethode)",
    )
    preview = method_commands.add_parser(
        "preview", help="probeer een methodebestand uit in de app (niets wordt bewaard; volgt je wijzigingen)"
    )
    preview.add_argument("file", type=Path, metavar="BESTAND")

    routes = commands.add_parser("routes", help="de routekaart voor knelpunten (routes.toml)")
    route_commands = routes.add_subparsers(dest="routes_command", metavar="OPDRACHT", required=True)
    route_check = route_commands.add_parser("check", help="controleer een routekaart (exit 1 bij fouten)")
    route_check.add_argument(
        "file", nargs="?", type=Path, metavar="BESTAND", help="standaard: routes.toml in de werkmap"
    )

    templates = commands.add_parser("sjablonen", help="sjablonen van het verslag: controleren, voorbeeld, gegevens")
    template_commands = templates.add_subparsers(dest="sjablonen_command", metavar="OPDRACHT", required=True)
    template_check = template_commands.add_parser(
        "check", help="controleer de eigen sjablonen in templates/ (exit 1 bij fouten)"
    )
    template_check.add_argument(
        "files", nargs="*", type=Path, metavar="BESTAND", help="standaard: elk bestand in templates/ van de werkmap"
    )
    template_preview = template_commands.add_parser(
        "voorbeeld", help="maak verslag, signaal en overzicht van de voorbeeldsessie met de eigen sjablonen"
    )
    template_preview.add_argument(
        "--format", choices=["md", "html", "docx"], action="append", help="standaard: alle drie"
    )
    template_preview.add_argument("--out", type=Path, metavar="MAP", help="standaard: exports/voorbeeld/ in de werkmap")
    template_commands.add_parser("gegevens", help="wat een sjabloon krijgt, met een voorbeeld van elk gegeven")
    template_copy = template_commands.add_parser(
        "kopie", help="zet een meegeleverd sjabloon in templates/ om aan te passen (zonder naam: de lijst)"
    )
    template_copy.add_argument("names", nargs="*", metavar="NAAM", help="bijv. verslag.md.j2")

    sessions = commands.add_parser("sessions", help="sessies in deze werkmap")
    session_commands = sessions.add_subparsers(dest="sessions_command", metavar="OPDRACHT", required=True)
    session_commands.add_parser("list", help="toon de sessies met hun id")

    anonymise = commands.add_parser("anonymise", help="anonimiseer tekst (stdin of een bestand) naar stdout")
    anonymise.add_argument("file", nargs="?", default="-", metavar="BESTAND", help="een tekstbestand, of - voor stdin")
    anonymise.add_argument(
        "--known-file",
        dest="known_file",
        metavar="BESTAND",
        help="bekende namen, één per regel, uit een bestand of - voor stdin (dan komt de tekst uit BESTAND)",
    )
    anonymise.add_argument(
        "--known",
        action="append",
        default=[],
        metavar="NAAM",
        help="een bekende naam (herhaalbaar); let op: namen op de opdrachtregel staan in de proceslijst "
        "en de geschiedenis van je shell, gebruik liever --known-file",
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

    evaluation = commands.add_parser("evaluatie", help="de evaluatiescores van een team door de tijd")
    evaluation.add_argument("--team", metavar="NAAM", help="het team zoals bij de sessies ingevuld (standaard: alle)")

    knelpunten = commands.add_parser("knelpunten", help="het register van knelpunten: volgen tot terugkoppeling")
    k_commands = knelpunten.add_subparsers(dest="knelpunten_command", metavar="OPDRACHT", required=True)
    k_list = k_commands.add_parser("list", help="alle knelpunten met status en wat er verwacht wordt")
    k_list.add_argument(
        "--status", type=_status_word, choices=STATUS_CHOICES, metavar="STATUS", help=", ".join(STATUS_CHOICES)
    )
    k_list.add_argument(
        "--kwartaal",
        metavar="KWARTAAL",
        help="alleen uit beraad in dit kwartaal, bijv. 'K1 2027' of '1e kwartaal 2027'",
    )
    k_list.add_argument("--json", action="store_true", help="als JSON, voor analyse (geanonimiseerd)")
    k_list.add_argument("--rauw", action="store_true", help=RAW_HELP)
    k_show = k_commands.add_parser("show", help="een knelpunt met zijn geschiedenis")
    k_show.add_argument("ref", metavar="REF", help="bijv. KP-2026-0007")
    k_show.add_argument("--json", action="store_true", help="als JSON (geanonimiseerd)")
    k_show.add_argument("--rauw", action="store_true", help=RAW_HELP)
    k_status = k_commands.add_parser("status", help="leg de volgende stap van een knelpunt vast")
    k_status.add_argument("ref", metavar="REF")
    k_status.add_argument(
        "status",
        type=_status_word,
        choices=STATUS_CHOICES[1:],
        metavar="NIEUWE-STATUS",
        help=", ".join(STATUS_CHOICES[1:]),
    )
    k_status.add_argument("--notitie", default="", metavar="TEKST")
    k_status.add_argument("--datum", metavar="DD-MM-JJJJ", help="standaard: vandaag")
    k_status.add_argument("--rol", default="", metavar="ROL", help="wie dit vastlegt, als rol")
    k_status.add_argument(
        "--bij",
        default="",
        metavar="WIE",
        help="geagendeerd: bij wie (het contact; de adressaat blijft wat het team koos)",
    )
    k_status.add_argument("--hoe", default="", metavar="HOE", help="geagendeerd: hoe (overleg, mail, agendapunt)")
    k_status.add_argument("--uitkomst", choices=list(OUTCOME_ANSWERS), help=OUTCOME_HELP)
    k_correct = k_commands.add_parser(
        "corrigeer", help="corrigeer een stap (datum, notitie, bij wie, hoe, uitkomst); de oude blijft zichtbaar"
    )
    k_correct.add_argument("ref", metavar="REF")
    k_correct.add_argument("stap", type=int, metavar="STAP", help="het nummer van de stap in 'knelpunten show'")
    k_correct.add_argument("--reden", required=True, metavar="TEKST", help="waarom de stap wordt gecorrigeerd")
    k_correct.add_argument("--datum", metavar="DD-MM-JJJJ")
    k_correct.add_argument("--notitie", metavar="TEKST")
    k_correct.add_argument("--rol", metavar="ROL")
    k_correct.add_argument("--bij", metavar="WIE")
    k_correct.add_argument("--hoe", metavar="HOE")
    k_correct.add_argument("--uitkomst", choices=list(OUTCOME_ANSWERS), help=OUTCOME_HELP)
    k_withdraw = k_commands.add_parser("intrekken", help="trek de laatste stap in (met reden; zij blijft zichtbaar)")
    k_withdraw.add_argument("ref", metavar="REF")
    k_withdraw.add_argument("--reden", required=True, metavar="TEKST")
    k_withdraw.add_argument("--rol", default="", metavar="ROL", help="wie dit vastlegt, als rol")
    k_export = k_commands.add_parser("export", help="alle open, vastgestelde knelpunten voor één adressaat")
    k_export.add_argument("--aan", required=True, metavar="ADRESSAAT", help="bijv. beleid (zie routes.toml)")
    k_export.add_argument(
        "--format", choices=["md", "html", "docx", "csv", "json"], action="append", help="standaard: alle vijf"
    )
    k_export.add_argument("--out", type=Path, metavar="MAP", help="standaard: exports/ in de werkmap")
    register = commands.add_parser("register", help="het register van de gemeente: koppelen, synchroniseren")
    r_commands = register.add_subparsers(dest="register_command", metavar="OPDRACHT", required=True)
    r_pair = r_commands.add_parser("koppel", help="koppel deze werkmap eenmalig aan de server van de gemeente")
    r_pair.add_argument("url", metavar="URL", help="bijv. https://knelpunten.gemeente.nl")
    r_pair.add_argument("code", metavar="CODE", help="de koppelcode die beheer het team gaf")
    r_commands.add_parser("sync", help="stuur wat het team vaststelde en haal de antwoorden op")
    r_commands.add_parser("status", help="gekoppeld met welke server, wat er nog wacht")
    from beraad.server import cli as server_cli  # parsing only: Django loads when a server command runs

    server_cli.add_parser(commands)
    return parser


def run() -> None:
    """The console script. Once everything is written and flushed, leave at once: freeing
    deduce's lookup tables takes longer than the work, and a worker thread that is still
    busy (a template that never ends) must not keep a closed app alive."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _reader_gone()
    sys.stderr.flush()
    if "deduce" in sys.modules or threading.active_count() > 1:
        os._exit(code)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    from beraad.errors import with_log

    args = _parser().parse_args(argv)
    try:
        from beraad.core.services import Services
        from beraad.workspace import Workspace

        services = Services(Workspace.find(args.workspace))
        command: Callable[[argparse.Namespace, Services], int] = COMMANDS.get(args.command or "", _app)
        return command(args, services)
    except BrokenPipeError:
        return _reader_gone()
    except BeraadError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception as error:
        print(with_log("Er ging iets mis in beraad; er is niets gewist.", error, "cli"), file=sys.stderr)
        return 1


def _reader_gone() -> int:
    """The program reading our output stopped (`beraad sessions list | head -1`): nothing is
    wrong, so stop quietly, as a command ended by SIGPIPE does. What is still buffered for
    stdout goes nowhere instead of raising again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (a test's capture)
        pass
    return 128 + 13  # 141, the shell's code for a command ended by SIGPIPE


def _app(args: argparse.Namespace, services: Services) -> int:
    from beraad.tui.app import BeraadApp

    return _run(BeraadApp(services))


def _run(app: BeraadApp) -> int:
    """Run the app in this terminal; what it has to say afterwards goes to stderr."""
    from beraad.tui.compat import tolerate_broken_input
    from beraad.tui.terminal import guard

    tolerate_broken_input()
    stopped = (
        "beraad is onverwacht gestopt (het proces werd beëindigd). De terminal is hersteld; wat al was "
        f"opgeslagen, staat in {app.workspace.sessions}."
    )
    with guard(stopped):
        app.run()
    for message in (app.crash_message, app.parting_message):
        if message:
            print(message, file=sys.stderr)
    return app.return_code or 0


def _methods(args: argparse.Namespace, services: Services) -> int:
    workspace = services.workspace
    from beraad import methods

    if args.methods_command == "schema":
        if args.uit is None:
            print(methods.schema(), end="")
            return 0
        methods.write_schema(args.uit, workspace.root)
        print(f"Schema geschreven naar {args.uit}. Zet als eerste regel in een methodebestand ernaast:")
        print(f"#:schema ./{args.uit.name}")
        return 0
    if args.methods_command == "new":
        path = methods.new_method(args.van, args.name, workspace.methods)
        shown = _relative(path)
        print(f"Nieuwe methode {args.name} (versie {methods.NEW_VERSION}), een kopie van {args.van}: {shown}")
        print(f"Geef hem een eigen titel en probeer hem uit:  beraad methods preview {shown}")
        return 0
    if args.methods_command == "preview":
        return _preview(args.file, services)
    if args.methods_command == "list":
        catalog = methods.catalog(workspace.methods)
        for item in catalog.methods:
            m = item.method
            print(f"{m.id}\t{m.version}\t{m.title}\t{m.planned_minutes} min\t{item.path}")
        for broken in catalog.broken:
            print(f"KAPOT\t{broken.message}", file=sys.stderr)
        return 1 if catalog.broken else 0
    if args.methods_command == "gebruik":
        return _usage(workspace)
    if not args.files:  # everything the workspace offers: its own methods and the shipped ones
        args.files = [m.path for m in methods.catalog(workspace.methods).methods]
        args.files += [b.path for b in methods.catalog(workspace.methods).broken]
    problems = methods.check(args.files)
    problems += _version_problems(
        [path for path in args.files if not any(p.path == _shown_path(path) for p in problems)], workspace
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    count = len(args.files)
    print(f"{dutch.METHOD_FILE(count)} in orde.")
    return 0


def _shown_path(path: Path) -> str:
    from beraad.methods import shown_path

    return shown_path(path)


def _summaries(workspace: Workspace) -> list[Summary]:
    """Every session of the workspace as the index knows it (the scan refreshes the index)."""
    from beraad.store.sessions import SessionStore

    found, problems = SessionStore(workspace.sessions).scan()
    for problem in problems:
        print(problem.message, file=sys.stderr)
    return found


def _version_problems(paths: list[Path], workspace: Workspace) -> list[Problem]:
    """For method files that are valid: did sessions use the same id and version with other steps?"""
    from beraad import methods, usage

    if not paths:
        return []
    summaries = _summaries(workspace)
    found = []
    for path in paths:
        problem = usage.version_problem(path, methods.load(path), summaries, _shown_path(path))
        if problem is not None:
            found.append(problem)
    return found


def _usage(workspace: Workspace) -> int:
    from beraad import usage
    from beraad.text import day_text, visible

    used = usage.usage(_summaries(workspace))
    if not used:
        print(f"Nog geen sessies in {workspace.sessions}.")
        return 0
    width = max(len("methode"), *(len(u.method_id) for u in used))
    print(f"{'methode':<{width}}  {'versie':<8} {'sessies':>7}  {'laatst':<10}  titel")
    for u in used:
        line = f"{u.method_id:<{width}}  {u.version:<8} {u.sessions:>7}  {day_text(u.last)}  {u.title}"
        print(visible(line))
    for u in used:
        if u.fingerprints > 1:
            print(
                visible(
                    f"Let op: {u.method_id} versie {u.version} is met {u.fingerprints} verschillende sets stappen "
                    "gebruikt. Verhoog voortaan de versie als je de stappen verandert ('beraad methods check' "
                    "waarschuwt daarvoor)."
                )
            )
    return 0


def _evaluation(args: argparse.Namespace, services: Services) -> int:
    workspace = services.workspace
    from beraad import evaluation
    from beraad.text import visible

    summaries = _summaries(workspace)
    known = evaluation.teams(summaries)
    if args.team is None:
        if not known:
            raise BeraadError(
                f"Geen sessies met een team in {workspace.sessions}; vul het team in bij een nieuwe sessie."
            )
        chosen = known
    elif any(evaluation.same_team(args.team, team) for team in known):
        chosen = [args.team]
    else:
        others = f" Teams in deze werkmap: {', '.join(known)}." if known else " Er zijn nog geen sessies met een team."
        raise BeraadError(visible(f"Geen sessies van team '{args.team}'.{others}"))
    for number, team in enumerate(chosen):
        if number:
            print()
        print("\n".join(evaluation.report(team, summaries)))
    return 0


def _relative(path: Path) -> Path:
    """A path as the user typed it best: relative to the current folder where it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _preview(path: Path, services: Services) -> int:
    from beraad import datafile
    from beraad.tui.preview import preview_app

    try:
        app = preview_app(path, services)
    except datafile.DataFileError as error:
        print(error, file=sys.stderr)
        print("Herstel het bestand en start de proefweergave opnieuw.", file=sys.stderr)
        return 1
    return _run(app)


def _routes(args: argparse.Namespace, services: Services) -> int:
    workspace = services.workspace
    from beraad import datafile, settings

    path = args.file or workspace.root / "routes.toml"
    if args.file is None and not path.exists():
        path = settings.DEFAULTS / "routes.toml"
        print(
            f"Deze werkmap heeft geen routes.toml; beraad gebruikt het meegeleverde voorbeeld. Een eigen "
            f"routekaart: kopieer {path} naar {workspace.root / 'routes.toml'} en pas hem aan."
        )
    try:
        route_map = datafile.load(path, settings.RouteMap)
    except datafile.DataFileError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{path}: {len(route_map.routes)} adressaten in orde: {', '.join(r.addressee for r in route_map.routes)}")
    return 0


def _templates(args: argparse.Namespace, services: Services) -> int:
    workspace = services.workspace
    from beraad.core import templates
    from beraad.report import FORMATS
    from beraad.report.render import TemplateProblem
    from beraad.text import visible

    folder = _relative(workspace.root / "templates")
    if args.sjablonen_command == "gegevens":
        print(visible(templates.variables_text()), end="")
        return 0
    if args.sjablonen_command == "kopie":
        if not args.names:
            width = max(len(name) for name, _ in templates.shipped())
            for name, about in templates.shipped():
                print(f"{name:<{width}}  {about}")
            print(f"\nZet er een in {folder}/ om het aan te passen:  beraad sjablonen kopie verslag.md.j2")
            return 0
        for path in templates.copy(workspace, args.names):
            print(visible(f"Gekopieerd: {_relative(path)}"))
        print("Pas het aan en controleer het met:  beraad sjablonen check")
        return 0
    if args.sjablonen_command == "voorbeeld":
        try:
            paths = templates.preview(workspace, tuple(args.format or FORMATS), args.out)
        except TemplateProblem as broken:
            print(visible(str(templates.as_problem(broken, workspace))), file=sys.stderr)
            print("Er is geen voorbeeld gemaakt. Alle problemen zie je met:  beraad sjablonen check", file=sys.stderr)
            return 1
        for path in paths:
            print(visible(str(_relative(path))))
        return 0
    checked = templates.check(workspace, args.files)
    for found in checked.problems:
        print(visible(str(found)), file=sys.stderr)
    count = len(checked.templates)
    if checked.problems:
        files = len({p.path for p in checked.problems})
        print(
            f"{dutch.PROBLEM(len(checked.problems))} in {dutch.FILE(files)}.",
            file=sys.stderr,
        )
        return 1
    if not count:
        print(f"Geen eigen sjablonen in {folder}/: beraad gebruikt de meegeleverde.")
        print("Begin met een kopie:  beraad sjablonen kopie verslag.md.j2")
        return 0
    print(f"{dutch.TEMPLATE(count)} in orde.")
    return 0


def _sessions(args: argparse.Namespace, services: Services) -> int:
    from beraad.text import day_text, visible

    workspace = services.workspace
    found, problems = services.store.scan()
    for problem in problems:
        print(problem.message, file=sys.stderr)
    if not found:
        print(f"Geen sessies in {workspace.sessions}.")
    for summary in found:
        print(visible(f"{summary.id}\t{day_text(summary.date)}\t{summary.status}\t{summary.where}\t{summary.title}"))
    return 0


def _anonymise(args: argparse.Namespace, services: Services) -> int:
    from beraad.anonymise import Anonymiser, KnownPerson, deduce_engine, gate
    from beraad.anonymise.progress import StderrProgress, describe_possible
    from beraad.errors import os_reason

    if args.known_file == "-" and args.file == "-":
        print("Lees namen of tekst van stdin, niet allebei: geef de tekst als BESTAND.", file=sys.stderr)
        return 2
    try:
        names = list(args.known)
        if args.known_file is not None:
            listed = sys.stdin.read() if args.known_file == "-" else Path(args.known_file).read_text(encoding="utf-8")
            names += [line.strip() for line in listed.splitlines() if line.strip() and not line.startswith("#")]
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        print(
            f"Kan '{args.known_file if args.known_file and args.known_file != '-' and not names else args.file}' niet lezen: het is geen tekst in UTF-8.",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(f"Kan '{getattr(error, 'filename', None) or args.file}' niet lezen: {os_reason(error)}.", file=sys.stderr)
        return 2
    known = [KnownPerson(name, f"persoon {n}") for n, name in enumerate(names, 1)]
    municipalities = services.settings.organisation().municipalities
    anonymiser = Anonymiser(known, municipalities)
    try:
        with StderrProgress(sys.stderr) as progress:
            deduce_engine(progress)
    except BeraadError as error:
        print(error, file=sys.stderr)
        return 1
    result = anonymiser.find(text, replace_possible=not args.keep_possible)
    found = [span.text for span in result.spans if span.category == "persoon"]
    guard = gate.Guard(
        known=names,
        found=found,
        municipalities=municipalities,
        advice="Geef de naam mee in --known-file, of pas de tekst aan.",
    )
    try:
        gate.print_text(result.text, guard, sys.stdout)
    except gate.Blocked as blocked:
        print(blocked, file=sys.stderr)
        return 1
    for line in describe_possible(result):
        print(line, file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, services: Services) -> int:
    from beraad.core.session import export

    session = services.store.load(args.session)
    for path in export(session, services, tuple(args.format or ()), args.out):
        print(path)
    return 0


def _demo(args: argparse.Namespace, services: Services) -> int:
    from beraad import demo, methods
    from beraad.core.review import undecided
    from beraad.core.session import anonymiser_for
    from beraad.report import content

    method = services.catalog()[0].get(methods.DEFAULT_METHOD)
    if method is None:
        raise BeraadError("De dilemmamethode is niet te laden; controleer methods/ met 'beraad methods check'.")
    session = demo.session(method, services.today())
    built = content.build(session, anonymiser_for(session, services.workspace))  # what the review screen shows
    session.review.replace = undecided(built)  # the demo's review replaces whatever it was unsure of
    session.review.reviewed = content.fingerprint(session)
    services.store.save(session)
    where = f"--workspace {shlex.quote(str(args.workspace))} " if args.workspace else ""
    print(f"Voorbeeldsessie gemaakt: {session.id}")
    print(f"Maak het verslag met:  beraad {where}export {session.id}")
    return 0


def _knelpunten(args: argparse.Namespace, services: Services) -> int:
    import gc
    import json

    gc.disable()  # a short run that makes a great many small objects: no collector passes over them

    from beraad.anonymise import gate
    from beraad.core.leaving import anonymised_rows
    from beraad.core.register import Filter, select
    from beraad.dutch import OUTCOME_ANSWERS
    from beraad.text import day_text, visible

    for problem in services.store.refresh():  # the sessions' knelpunten into the register
        print(problem.message, file=sys.stderr)
    if args.knelpunten_command == "export":
        from beraad.core.register import export_extract

        formats = tuple(args.format or ("md", "html", "docx", "csv", "json"))
        for path in export_extract(services, args.aan, formats, args.out):
            print(path)
        return 0
    register = services.register
    raw = getattr(args, "rauw", False)
    if args.knelpunten_command == "list":
        since, until = _quarter(args.kwartaal)
        where = Filter(status=(args.status or "").replace("-", " "), since=since, until=until)
        rows = select(register.rows(), where, sort="verwacht")
        if args.json:
            rows = register.with_history(rows)  # every history in one read, not one per row
            data = [_row_data(row) for row in rows]
            # compact: the C encoder, several times faster than an indented dump of many rows
            if raw:
                print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
                return 0
            data, guard = anonymised_rows(rows, data, services)
            gate.print_json(data, guard, sys.stdout, separators=(",", ":"))
            return 0
        if not rows:
            said = [
                f"met status '{args.status}'" if args.status else "",
                f"in {args.kwartaal}" if args.kwartaal else "",
            ]
            print("Geen knelpunten " + (" ".join(p for p in said if p) or "in deze werkmap") + ".")
        for row in rows:
            due = f"{row.due.what} {day_text(row.due.day)}" if row.due else ""
            mark = "TE LAAT " if row.overdue else ""
            print(visible(f"{row.ref}\t{row.status}\t{mark}{due}\t{row.title}\t{row.team}\t{row.addressee}"))
        return 0
    row = register.find(args.ref)
    if args.knelpunten_command == "show" and args.json:
        data = [_row_data(row)]
        if raw:
            print(json.dumps(data[0], ensure_ascii=False, indent=1))
            return 0
        data, guard = anonymised_rows([row], data, services)
        gate.print_json(data[0], guard, sys.stdout, indent=1)
        return 0
    if args.knelpunten_command == "status":
        step = _step(
            args.status.replace("-", " "),
            _day(args.datum, services),
            role=args.rol,
            note=args.notitie,
            to_whom=args.bij,
            how=args.hoe,
            outcome=OUTCOME_ANSWERS[args.uitkomst] if args.uitkomst else None,
        )
        register.advance(row.key, step)
        row = register.find(row.key)
        print(f"{row.ref} is nu '{row.status}'.")
    elif args.knelpunten_command == "corrigeer":
        old = _numbered(row, args.stap)
        given = {"role": args.rol, "note": args.notitie, "to_whom": args.bij, "how": args.hoe}
        step = _step(
            old.status,
            _day(args.datum, services) if args.datum else old.date,
            **{name: value if value is not None else getattr(old, name) for name, value in given.items()},
            outcome=OUTCOME_ANSWERS[args.uitkomst] if args.uitkomst else old.outcome,
        )
        register.correct(row.key, old.id, step, args.reden)
        row = register.find(row.key)
        print(f"Stap {args.stap} van {row.ref} is gecorrigeerd; de oude versie blijft in de geschiedenis.")
    elif args.knelpunten_command == "intrekken":
        if row.entry is None or not row.entry.steps:
            raise BeraadError(f"{row.ref} heeft nog geen stap om in te trekken.")
        register.withdraw(row.key, row.entry.steps[-1].id, args.reden, args.rol)
        row = register.find(row.key)
        print(f"De laatste stap van {row.ref} is ingetrokken; {row.ref} is nu '{row.status}'.")
    _show(row, register.log.origin)
    return 0


def _quarter(text: str | None) -> tuple[date | None, date | None]:
    """The first and last day of a quarter as typed ('K1 2027'); (None, None) without one."""
    from beraad.model.when import QUARTER_EXAMPLE, parse_quarter, quarter_days

    if not text:
        return None, None
    found = parse_quarter(text)
    if found is None:
        raise BeraadError(f"'{text}' is geen kwartaal; schrijf het als {QUARTER_EXAMPLE} (of 1e kwartaal 2027).")
    return quarter_days(*found)


def _step(status: str, day: date, **given: str | None) -> Step:
    from beraad.model.register import LifecycleError, Step

    options = {"note": "--notitie", "outcome": "--uitkomst", "to_whom": "--bij", "role": "--rol", "how": "--hoe"}
    try:
        return Step.make(status, day, **given)
    except LifecycleError as error:
        option = options.get(error.field)
        raise BeraadError(f"{error} (Gebruik {option}.)" if option else str(error)) from error


def _numbered(row: Row, number: int) -> Step:
    """A step of a knelpunt by the number 'knelpunten show' gives it."""
    steps = row.entry.steps if row.entry else []
    if not 1 <= number <= len(steps):
        raise BeraadError(
            f"{row.ref} heeft geen stap {number}; 'beraad knelpunten show {row.ref}' nummert de stappen"
            + (f" (1 tot en met {len(steps)})." if steps else ", maar er is nog geen stap.")
        )
    return steps[number - 1]


def _day(text: str | None, services: Services) -> date:
    from datetime import datetime

    if not text:
        return services.today()
    for pattern in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise BeraadError(f"De datum '{text}' is niet te lezen; schrijf haar als dd-mm-jjjj.")


def _show(row: Row, here: str) -> None:
    from beraad.core.register import conflict_lines, routed_text
    from beraad.text import day_text as shown
    from beraad.text import visible

    also = f" (eerder {row.local_ref})" if row.local_ref != row.ref else ""
    lines = [
        f"{row.ref}{also}: {row.title}",
        f"Status: {row.status}" + (" (te laat)" if row.overdue else ""),
        f"Verwacht: {row.due.what} uiterlijk {shown(row.due.day)}" if row.due else "",
        f"Uit: {row.session_title} ({shown(row.flagged)}, {row.team or 'geen team'})",
        f"Bron: {'; '.join(row.sources) or '–'} · Regelgeving: {row.regulation or '–'} · Adressaat: {row.addressee or '–'}"
        + (f" ({routed_text(row)})" if routed_text(row) else ""),
        row.seen_text(),
    ]
    entry = row.entry
    conflicts = conflict_lines(entry, here) if entry else []
    if conflicts:
        lines += ["Tegenstrijdige stappen:", *(f"  {line}" for line in conflicts)]
    lines.append("Geschiedenis:")
    for number, step in enumerate(entry.steps if entry else [], 1):
        extra = "; ".join(
            part
            for part in (f"bij {step.to_whom}" if step.to_whom else "", step.how, step.outcome or "", step.note)
            if part
        )
        lines.append(
            f"  {number}. {shown(step.date)}  {step.status}"
            + (f" ({step.role})" if step.role else "")
            + (f": {extra}" if extra else "")
        )
        lines += [f"     gecorrigeerd: {reason}" for reason in step.corrections]
    if not entry or not entry.steps:
        lines.append("  gesignaleerd, nog niet geagendeerd")
    for gone in entry.withdrawn if entry else []:
        lines.append(f"  ingetrokken: {shown(gone.step.date)} {gone.step.status} — {gone.reason}")
    print(visible("\n".join(line for line in lines if line)))


def _row_data(row: Row) -> dict[str, object]:
    from beraad.model.when import quarter_text

    return {
        "ref": row.ref,
        "titel": row.title,
        "status": row.status,
        "bronnen": list(row.sources),
        "regelgeving": row.regulation,
        "team": row.team,
        "adressaat": row.addressee,
        "gerouteerd_naar": row.routed_to or None,
        "tegenstrijdig": row.conflicts,
        "sessie": row.session_id,
        "datum": row.flagged.isoformat(),
        "kwartaal": quarter_text(row.flagged),
        "groep": row.group,
        "keer_gezien": row.seen,
        "teams": row.teams,
        "eerst_gezien": row.first_seen.isoformat() if row.first_seen else None,
        "laatst_gezien": row.last_seen.isoformat() if row.last_seen else None,
        "verwacht": {"wat": row.due.what, "datum": row.due.day.isoformat()} if row.due else None,
        "te_laat": row.overdue,
        "geschiedenis": [
            {
                "status": e.status,
                "datum": e.date.isoformat(),
                "rol": e.role,
                "notitie": e.note,
                "bij": e.to_whom,
                "hoe": e.how,
                "uitkomst": e.outcome,
                "gecorrigeerd": e.corrections,
            }
            for e in (row.entry.steps if row.entry else [])
        ],
    }


COMMANDS: dict[str, Callable[[argparse.Namespace, Services], int]] = {
    "methods": _methods,
    "routes": _routes,
    "sjablonen": _templates,
    "sessions": _sessions,
    "anonymise": _anonymise,
    "export": _export,
    "demo": _demo,
    "knelpunten": _knelpunten,
    "evaluatie": _evaluation,
    "server": lambda args, workspace: _server(args),
    "register": lambda args, services: _register(args, services),
}


def _register(args: argparse.Namespace, services: Services) -> int:
    """The laptop's side of the municipality register (beraad.core.sync)."""
    from beraad.core import sync

    log = services.register.log
    try:
        if args.register_command == "koppel":
            team = sync.pair(log, args.url, args.code)
            print(f"Gekoppeld als '{team}'. Wat het team vaststelt, gaat voortaan naar {log.meta('server_url')}.")
            args.register_command = "sync"
        if args.register_command == "sync":
            report = sync.sync_workspace(services)
            for line in report.lines():
                print(line, file=sys.stdout if report.ok else sys.stderr)
            return 0 if report.ok else 1
        for line in sync.status(log).lines():
            print(line)
        return 0
    except sync.SyncError as error:
        print(error, file=sys.stderr)
        return 1


def _server(args: argparse.Namespace) -> int:
    from beraad.server import cli as server_cli

    return server_cli.run(args)
