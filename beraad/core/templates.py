"""The trainers' template tools: check a workspace's own templates, render them against
an example, and list what a template receives.

Everything here works on an example made in memory: the demo session (case 1), filled
in every field kind, anonymised, in three versions (vastgesteld, concept, and without
notes), with two signalen and an overview per addressee built the way the register
builds them. Nothing reads or writes sessions/ or the register.

The check has two passes. Reading each template (report.lint) finds what is wrong
whether or not the example reaches it: syntax, names the data does not have, templates
that do not exist, attributes the sandbox refuses, files that replace nothing. Rendering
every document against every version of the example in the render process
(render.check) finds undefined names and attributes, with their line, and the limits.
Both give the sentences the export gives (render.what), as "file:line: what" lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from beraad import datafile, demo, files, methods, settings
from beraad.anonymise import Anonymiser, gate
from beraad.core.register import Row, Terms, due_of, extract, signal_details, terms_for
from beraad.datafile import Problem
from beraad.errors import BeraadError, os_reason
from beraad.model.register import Entry, Step, knelpunt_uuid
from beraad.model.session import Session
from beraad.report import FORMATS, _write, content, lint, render, report_document, signal_document
from beraad.report import extract as extract_files
from beraad.report.render import DOCX_PARTS, Document, TemplateProblem
from beraad.report.sandbox import Limits
from beraad.text import name_key
from beraad.workspace import Workspace

DAY = date(2026, 3, 9)  # the example session
APPROVED = date(2026, 3, 16)  # the team approved its verslag
OVERVIEW_DAY = date(2026, 6, 1)  # the overview per addressee is made
ADDRESSEE = "beleid"
PREVIEW_FOLDER = "voorbeeld"  # under exports/
LOOK_BACK = "De werkafspraak met Veilig Thuis van vorige keer is er nog niet; we vragen de teamleider ernaar."


@dataclass(frozen=True)
class Samples:
    """What templates receive, from the example: each version of the verslag, the
    signalen (knelpunt and what the register adds), and the overviews per addressee."""

    approved: dict[str, Any]  # vastgesteld, afwegingen per afweging
    concept: dict[str, Any]  # concept, afwegingen per vraag
    empty: dict[str, Any]  # concept, nothing filled in, no knelpunten
    signals: list[tuple[dict[str, Any], dict[str, str]]]
    overview: dict[str, Any]  # open knelpunten for one addressee: themes, one late
    overview_empty: dict[str, Any]  # an addressee with nothing open


def samples(organisation: settings.Organisation | None = None, routes: list[settings.Route] | None = None) -> Samples:
    """The example, anonymised without deduce (the check is quick and the same every
    time); organisation and routes: the workspace's settings, else beraad's defaults."""
    organisation = organisation or settings.Organisation()
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = demo.session(method, DAY)
    session.id, session.created = "voorbeeld", datetime(2026, 3, 9, 9, 30)  # the same draw of afwegingen each time
    session.set_value("terugblik", "meenemen", LOOK_BACK)
    anonymiser = Anonymiser(
        content.known_people(session), organisation.municipalities, use_deduce=False, planned_from=session.date
    )
    per_question = settings.ReportSettings.model_validate({"afwegingen": "per_vraag"})
    concept = content.build(session, anonymiser, DAY, per_question).data
    built = content.build(session, anonymiser, DAY, organisation.report)
    session.review.reviewed = content.fingerprint(session)
    session.approvals.append(content.approval(session, built, "teamleider", APPROVED, anonymiser))
    approved = content.current(session, anonymiser, organisation.report).data

    quiet = Session.start(method, "Een beraad zonder notities", DAY, demo.PARTICIPANTS[:2], case_presenter=0)
    empty = content.build(quiet, Anonymiser(content.known_people(quiet), use_deduce=False), DAY).data

    follow_up = organisation.bottlenecks
    terms = terms_for(routes or [], follow_up.check_back_months, follow_up.agenda_weeks)
    rows = _rows(approved, terms)
    by_addressee = {name_key(route.addressee): route for route in routes or []}
    signals = [
        (
            bottleneck,
            signal_details(row, by_addressee.get(name_key(row.addressee)), terms, APPROVED, follow_up.answer_to),
        )
        for bottleneck, row in zip(approved["knelpunten"], rows[1:], strict=True)
    ]
    return Samples(
        approved=approved,
        concept=concept,
        empty=empty,
        signals=signals,
        overview=extract(rows, ADDRESSEE, OVERVIEW_DAY),
        overview_empty=extract([], "ombudsman", OVERVIEW_DAY),
    )


def _rows(approved: dict[str, Any], terms: Terms) -> list[Row]:
    """The register's rows for the example's two knelpunten, and one seen before in
    another team (the same knelpunt, agendered long ago and still without feedback)."""
    first, second = approved["knelpunten"]
    team = approved["team"]
    earlier = date(2025, 10, 14)
    histories = [
        (
            "eerder/k1",
            "KP-2025-0031",
            earlier,
            [Step("geagendeerd", date(2025, 10, 28), role="teamleider", to_whom=ADDRESSEE, how="overleg")],
            {**first, "team": "Team Schuldhulp Oost", "titel": "Uitkering gestopt na vlucht, zonder gesprek"},
        ),
        ("voorbeeld/k1", "KP-2026-0007", DAY, [], {**first, "team": team}),
        (
            "voorbeeld/k2",
            "KP-2026-0008",
            DAY,
            [Step("geagendeerd", date(2026, 4, 20), role="gespreksleider", to_whom=ADDRESSEE, how="mail")],
            {**second, "team": team},
        ),
    ]
    rows = []
    for key, ref, flagged, steps, agreed in histories:
        entry = Entry(knelpunt_uuid(key), key, ref, ref, steps, agreed=agreed)
        agendered = entry.step("geagendeerd")
        addressee = agendered.to_whom if agendered is not None else agreed["adressaat"]
        due = due_of(entry, flagged, addressee, terms)
        first_of_group = ref != "KP-2026-0008"
        rows.append(
            Row(
                key=key,
                ref=ref,
                title=agreed["titel"],
                status=entry.status,
                sources=tuple(agreed["bronnen"]),
                regulation=agreed["regelgeving"],
                team=agreed["team"],
                addressee=addressee,
                flagged=flagged,
                approved=True,
                session_id=key.split("/")[0],
                session_title=approved["titel"],
                group="KP-2025-0031" if first_of_group else ref,
                seen=2 if first_of_group else 1,
                teams=2 if first_of_group else 1,
                first_seen=earlier if first_of_group else flagged,
                last_seen=DAY,
                due=due,
                overdue=due is not None and due.day < OVERVIEW_DAY,
                entry=entry,
                agreed=agreed,
            )
        )
    return rows


# The documents of a check: every format, each version of the data.

VERSIONS = ("vastgesteld", "concept", "zonder notities", "overzicht", "leeg overzicht")


def _documents(found: Samples) -> tuple[list[Document], list[dict[str, Any]]]:
    contexts = [found.approved, found.concept, found.empty, found.overview, found.overview_empty]
    documents = []
    for kind in FORMATS:
        documents += [replace(report_document(kind, contexts[n]), context=n) for n in (0, 1, 2)]
        (first, details), (second, _) = found.signals
        documents.append(replace(signal_document(kind, first, details), context=0))
        documents.append(replace(signal_document(kind, second, {}), context=2))  # no register data, no actions
        documents += [replace(extract_files.document(kind, contexts[n]), context=n) for n in (3, 4)]
    return documents, contexts


def _templates_of(document: Document) -> list[str]:
    return [document.template, *DOCX_PARTS.values()] if document.kind == "docx" else [document.template]


@dataclass
class Checked:
    """The outcome of a check: the workspace's templates that were looked at, and
    every problem as a "file:line: what" line."""

    templates: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check(workspace: Workspace, files: Iterable[Path] = (), limits: Limits | None = None) -> Checked:
    """Check the workspace's own templates (or only these files in its templates/)."""
    folder = workspace.root / "templates"
    library = lint.Library(folder)
    result = Checked()
    given = list(files)
    selected = []
    for path in given:
        name = _name_in(folder, path)
        if name is None:
            result.problems.append(
                Problem(
                    methods.shown_path(path),
                    1,
                    f"dit bestand staat niet in de map met sjablonen van de werkmap ({folder}); "
                    "beraad gebruikt alleen de sjablonen daar",
                )
            )
        elif not (folder / name).is_file():
            result.problems.append(Problem(methods.shown_path(path), 1, "dit bestand bestaat niet"))
        else:
            selected.append(name)
    if not given:
        selected = lint.own_names(folder)
    result.templates = [folder / name for name in selected]
    if not selected:
        return result

    documents, contexts = _documents(samples())
    uses = [library.closure(_templates_of(d)) for d in documents]
    used = set().union(*uses)
    shipped = lint.shipped_names()
    lines: list[Problem] = []
    for name in selected:
        parsed = library.parsed(name)
        assert parsed is not None
        if name not in shipped and name not in used:
            lines.append(Problem(_shown(folder / name), 1, _unused(name, shipped)))
        if isinstance(parsed.error, OSError):
            lines.append(Problem(_shown(folder / name), 1, f"het bestand is niet te lezen: {os_reason(parsed.error)}"))
            continue
        if parsed.error is not None:
            lines.append(_line(render.explain(parsed.error, name, folder), folder))
            continue
        if name not in used:
            continue  # what it asks for cannot be checked against data it never gets
        known = _known(name, documents, contexts, uses, library)
        for finding in lint.missing_references(parsed, library) + lint.refused(parsed) + lint.undeclared(parsed, known):
            lines.append(_line(render.explain(finding, name, folder), folder))

    chosen = set(selected)
    relevant = [n for n, names in enumerate(uses) if names & chosen]
    rendered = render.check([documents[n] for n in relevant], contexts, folder, limits)
    not_xml: set[str] = set()
    for number, problems in zip(relevant, rendered, strict=True):
        for problem in problems:
            line = _rendered_line(problem, uses[number], chosen, folder)
            if line is not None and problem.kind == "xml":  # the first is enough: each version fails alike
                if line.path in not_xml:
                    continue
                not_xml.add(line.path)
            if line is not None:
                lines.append(line)
    result.problems += _unique(lines)
    return result


def _name_in(folder: Path, path: Path) -> str | None:
    """A file's name as the loader sees it, when it is in the workspace's templates/."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None


def _shown(path: Path) -> str:
    return methods.shown_path(path)


def _unused(name: str, shipped: list[str]) -> str:
    meant = lint.meant(name, shipped)
    if meant:
        return f"beraad gebruikt dit sjabloon niet: er is geen sjabloon '{name}' om te vervangen; bedoel je '{meant}'?"
    return (
        f"beraad gebruikt dit sjabloon niet: er is geen sjabloon '{name}' om te vervangen, en geen eigen "
        "sjabloon voegt het in; 'beraad sjablonen kopie' noemt de sjablonen die er zijn"
    )


def _known(
    name: str,
    documents: list[Document],
    contexts: list[dict[str, Any]],
    uses: list[set[str]],
    library: lint.Library,
) -> set[str]:
    """Every name a template may read: the data of each document that uses it, the
    environment's globals, and (for a template that others include) what they set."""
    known: set[str] = set(library.environment(lint.kind_of(name)).globals)
    for document, names in zip(documents, uses, strict=True):
        if name in names:
            known |= set(contexts[document.context]) | set(document.extra)
            known |= {"document"} if document.kind == "docx" else set()
    for other in set().union(*uses):
        parsed = library.parsed(other)
        if parsed is not None and parsed.tree is not None and any(r == name for r, _ in parsed.references):
            known |= lint.declared(parsed.tree)
    return known


def _line(problem: TemplateProblem, folder: Path) -> Problem:
    path = problem.file or (folder / problem.template if problem.own else render.SHIPPED / problem.template)
    return Problem(_shown(path), problem.line or 1, problem.what)


def _rendered_line(problem: TemplateProblem, names: set[str], chosen: set[str], folder: Path) -> Problem | None:
    """A problem from rendering as a check line: at the workspace's template where it
    is, or where the cause most likely is; None when it is about a template not asked for."""
    own = sorted(n for n in names & chosen)
    if problem.kind == "xml":
        culprit = _not_xml(problem, own)
        return Problem(_shown(folder / culprit), 1, problem.what) if culprit else None
    if problem.own:
        return _line(problem, folder) if problem.template in chosen else None
    module = problem.container.removeprefix("sjabloon:")
    if problem.container.startswith("sjabloon:") and module in chosen:  # an own version lacks a macro
        return Problem(
            _shown(folder / module),
            1,
            f"de macro '{problem.subject}' ontbreekt; het meegeleverde {problem.template} gebruikt hem "
            f"(regel {problem.line}). Een eigen versie van {module} moet elke macro hebben die het meegeleverde heeft",
        )
    users = ", ".join(_shown(folder / n) for n in own)
    line = _line(problem, folder)
    return replace(line, message=f"{line.message} (in het meegeleverde sjabloon, samen met {users})")


def _not_xml(problem: TemplateProblem, own: Iterable[str]) -> str | None:
    """A Word part that is no XML: the workspace's template that most likely made it so
    (the body, for word/document.xml; else the part itself), or None."""
    mine = set(own)
    body = [problem.document] if problem.template == DOCX_PARTS["word/document.xml"] else []
    return next((n for n in [*body, problem.template, *sorted(mine)] if n in mine), None)


def _unique(lines: list[Problem]) -> list[Problem]:
    """Each problem once (the same line fails in many documents), by file and line."""
    seen: dict[tuple[str, int, str], Problem] = {}
    for line in lines:
        seen.setdefault((line.path, line.line, line.message), line)
    own_first = sorted(seen.values(), key=lambda p: (not p.path.startswith("templates"), p.path, p.line))
    return own_first


def as_problem(problem: TemplateProblem, workspace: Workspace) -> Problem:
    """A template problem from an export or preview as a check line."""
    folder = workspace.root / "templates"
    if problem.kind == "xml":
        culprit = _not_xml(problem, lint.own_names(folder))
        return Problem(_shown(folder / culprit if culprit else render.SHIPPED / problem.template), 1, problem.what)
    return _line(problem, folder)


# The preview: the workspace's templates with the example, in exports/voorbeeld/.


def preview(
    workspace: Workspace, formats: tuple[str, ...] = FORMATS, out: Path | None = None, limits: Limits | None = None
) -> list[Path]:
    """Write the verslag, a signaal and an overview per addressee of the example with
    the workspace's templates; returns the files. Raises TemplateProblem when a
    template fails (nothing is written), BeraadError when the settings are broken."""
    try:
        organisation = settings.organisation(workspace.root)
    except datafile.DataFileError as error:
        raise BeraadError(f"beraad.toml is niet te gebruiken: {error}") from error
    try:
        routes = settings.routes(workspace.root).routes
    except datafile.DataFileError as error:
        raise BeraadError(f"De routekaart is niet te gebruiken: {error}") from error
    found = samples(organisation, routes)
    folder = workspace.root / "templates"
    bottleneck, details = found.signals[0]
    report = [report_document(kind, found.approved) for kind in formats]
    report += [signal_document(kind, bottleneck, details) for kind in formats]
    overview = [extract_files.document(kind, found.overview) for kind in formats]
    payloads = render.render(report, found.approved, folder, limits)
    payloads += render.render(overview, found.overview, folder, limits)
    names = [f"{what}-voorbeeld.{kind}" for what in ("verslag", "signaal", "knelpunten") for kind in formats]
    target = out if out is not None else workspace.exports / PREVIEW_FOLDER
    return _write(target, list(zip(names, payloads, strict=True)), _demo_guard(), within=workspace.root)


def _demo_guard() -> gate.Guard:
    """The example's people are invented, yet what leaves passes the same gate."""
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = demo.session(method, DAY)
    known = [p.name for p in session.participants] + [session.facilitator, *session.case_people]
    return gate.Guard(known=known, advice="Het voorbeeld bevat de namen van de voorbeeldsessie; meld dit.")


# Copies of shipped templates, to start from.

ABOUT = {
    "verslag": "het verslag van een beraad",
    "signaal": "het signaal van één knelpunt voor de adressaat",
    "extract": "het overzicht van open knelpunten voor één adressaat",
    "_velden": "macro's per soort veld, voor verslag en signaal",
    "docx/word/document.xml.j2": "de pagina van elk Word-bestand (formaat, marges); voegt de inhoud in",
    "docx/word/styles.xml.j2": "de opmaak in Word: lettertype, koppen, tabellen, kleuren",
    "docx/word/header1.xml.j2": "de koptekst in Word",
    "docx/word/footer1.xml.j2": "de voettekst in Word",
    "docx/word/numbering.xml.j2": "opsommingstekens en nummering in Word",
    "docx/docProps/core.xml.j2": "de eigenschappen van het Word-bestand (titel, taal, status)",
    "docx/docProps/app.xml.j2": "de eigenschappen van het Word-bestand (het programma)",
}
FORMAT_NAMES = {"md": "Markdown", "html": "HTML om af te drukken", "docx": "Word", "xml": "Word"}


def shipped() -> list[tuple[str, str]]:
    """Every shipped template with what it is for (Dutch)."""
    listed = []
    for name in lint.shipped_names():
        if name.startswith("docx/"):
            about = ABOUT.get(name, "een onderdeel dat Word nodig heeft; laat het liever zoals het is")
        else:
            stem, kind = PurePosixPath(name).name.split(".")[:2]
            about = f"{ABOUT.get(stem, stem)}, in {FORMAT_NAMES.get(kind, kind)}"
        listed.append((name, about))
    return listed


def copy(workspace: Workspace, names: list[str]) -> list[Path]:
    """Copy shipped templates into the workspace's templates/ to adapt them; refuses to
    overwrite (and then copies nothing)."""
    known = lint.shipped_names()
    folder = workspace.root / "templates"
    for name in names:
        if name not in known:
            meant = lint.meant(name, known)
            tip = f" Bedoel je '{meant}'?" if meant else " 'beraad sjablonen kopie' zonder naam toont ze."
            raise BeraadError(f"Er is geen meegeleverd sjabloon '{name}'.{tip}")
        if (folder / name).exists() or (folder / name).is_symlink():
            raise BeraadError(
                f"Er staat al een eigen sjabloon {folder / name}. Pas dat aan, of haal het weg om opnieuw te beginnen."
            )
    try:  # all or none: a link out of the workspace stops the copy before anything is written
        for name in names:
            files.confine(folder / name, workspace.root)
    except OSError as error:
        raise BeraadError(f"De sjablonen konden niet in {folder} worden gezet: {os_reason(error)}.") from error
    written = []
    for name in names:
        target = folder / name
        try:
            files.private_dir(target.parent, within=workspace.root)
            files.write_new(target, (render.SHIPPED / name).read_bytes(), within=workspace.root)
        except OSError as error:
            raise BeraadError(f"Het sjabloon kon niet in {target.parent} worden gezet: {os_reason(error)}.") from error
        written.append(target)
    return written


# What a template receives, described from the example itself (`beraad sjablonen gegevens`).

_TYPES = {str: "tekst", bool: "ja/nee", int: "getal", float: "getal", list: "lijst", dict: "groep"}


@dataclass(frozen=True)
class Variable:
    """One thing a template can use: how to write it, when it is there, what it is, an example."""

    path: str
    when: str
    kind: str
    example: str


def variables() -> list[tuple[str, list[Variable]]]:
    """Per group of templates, everything they receive, from the example."""
    found = samples()
    seen: dict[frozenset[str], str] = {}
    sections = [
        ("verslag.*.j2 en signaal.*.j2", [found.approved, found.concept, found.empty]),
        (
            "signaal.*.j2 krijgt daarbij",
            [
                {"knelpunt": k, "signaal": s, **{x: signal_document("md", k, s).extra[x] for x in ("kop", "voet")}}
                for k, s in [*found.signals, (found.signals[1][0], {})]  # a knelpunt the register does not know
            ],
        ),
        (
            "extract.*.j2 (overzicht per adressaat)",
            [{**data, **extract_files.document("md", data).extra} for data in (found.overview, found.overview_empty)],
        ),
        ("docx/…, de delen van elk Word-bestand, krijgen daarbij", [{"document": _docx_about(found.approved)}]),
    ]
    return [(title, _describe(values, "", "", seen)) for title, values in sections]


def _docx_about(data: dict[str, Any]) -> dict[str, Any]:
    document = report_document("docx", data)
    return {"inhoud": document.template, "titel": document.title, "concept": False, "kop": "", "voet": ""}


def _describe(values: list[Any], path: str, when: str, seen: dict[frozenset[str], str]) -> list[Variable]:
    present = [v for v in values if v is not None]
    kinds = sorted({_TYPES.get(type(v), type(v).__name__) for v in present}, key=list(_TYPES.values()).index)
    if present and all(isinstance(v, dict) for v in present):
        return _describe_groups(present, path, when, seen, optional=len(present) < len(values))
    if present and all(isinstance(v, list) for v in present):
        items = [item for v in present for item in v]
        if not items:
            return [Variable(f"{path}[]", when, "lijst", "(leeg in het voorbeeld)")]
        return _describe(items, f"{path}[]", when, seen)
    kind = " of ".join(kinds) or "leeg"
    if len(present) < len(values):
        kind += " of leeg"
    return [Variable(path, when, kind, _example(present))]


def _describe_groups(
    groups: list[dict[str, Any]], path: str, when: str, seen: dict[frozenset[str], str], optional: bool
) -> list[Variable]:
    keys = frozenset(k for g in groups for k in g)
    if path.endswith("[]") and keys in seen:
        return [Variable(path, when, "groep", f"zoals {seen[keys]}")]
    if path.endswith("[]"):
        seen[keys] = path
    found: list[Variable] = []
    order = list(dict.fromkeys(k for g in groups for k in g))
    by_kind = all("soort" in g for g in groups)
    for key in order:
        where = f"{path}.{key}" if path else key
        having = [g for g in groups if key in g]
        if by_kind and key != "soort" and len({g["soort"] for g in having}) < len({g["soort"] for g in groups}):
            kinds = ", ".join(sorted({str(g["soort"]) for g in having}))
            found += _describe([g[key] for g in having], where, f"alleen bij soort {kinds}", seen)
        elif by_kind and key == "waarde" and len({type(g[key]) for g in having}) > 1:
            for kind in dict.fromkeys(str(g["soort"]) for g in having):
                values = [g[key] for g in having if g["soort"] == kind]
                found += _describe(values, where, f"bij soort {kind}", seen)
        elif len(having) < len(groups) or optional:  # absent from some: {{ x.get("key") }} or "is defined"
            found += _describe([g[key] for g in having], where, "niet altijd" + (f", {when}" if when else ""), seen)
        else:
            found += _describe([g[key] for g in having], where, when, seen)
    return found


def _example(values: list[Any]) -> str:
    chosen = next((v for v in values if v not in ("", None)), values[0] if values else None)
    if chosen is None:
        return ""
    if isinstance(chosen, bool):
        return "ja" if chosen else "nee"
    if isinstance(chosen, str):
        text = " ".join(chosen.split())
        return f'"{text[:48]}…"' if len(text) > 50 else f'"{text}"'
    return str(chosen).replace(".", ",")


def variables_text() -> str:
    """The list as `beraad sjablonen gegevens` prints it (and the trainers' guide shows)."""
    lines = [
        "Wat een sjabloon krijgt, met een voorbeeld uit de voorbeeldsessie.",
        "[] is een lijst: {% for stap in stappen %}…{{ stap.titel }}…{% endfor %}.",
    ]
    for title, found in variables():
        width = min(max(len(v.path) for v in found), 36)
        lines += ["", f"{title}:"]
        for variable in found:
            kind = f"{variable.kind} ({variable.when})" if variable.when else variable.kind
            lines.append(f"  {variable.path:<{width}}  {kind}: {variable.example}".rstrip().rstrip(":"))
    return "\n".join(lines) + "\n"
