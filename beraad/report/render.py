"""Render documents through Jinja templates: Markdown, printable HTML, and .docx.

Shipped templates live in beraad/templates; a workspace's templates/ folder overrides
them file by file. A workspace template is code a trainer wrote, so it runs in a
separate render process (sandbox.py) with limits: wall time, characters per document,
memory. An endless loop or a 100 MB string ends in a Dutch error naming the template,
not in an app that hangs on quit or a file that fills the disk.

Every failure is a TemplateProblem with one Dutch sentence (file, line, what is wrong);
Jinja's English detail goes to the log.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.parsers.expat
import zipfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import MAX_RANGE

from beraad import errors
from beraad.anonymise import gate
from beraad.files import private_dir
from beraad.report import printing, sandbox
from beraad.report.sandbox import Limits
from beraad.workspace import user_cache_dir

SHIPPED = sandbox.SHIPPED
LIMITS = Limits()
GRACE = 3.0  # seconds the parent waits beyond the limit before it ends the render process

# The parts of every .docx, each a template; the body of a particular document (the
# verslag, later a signaal) is one more template that word/document.xml includes.
DOCX_PARTS = {
    "[Content_Types].xml": "docx/[Content_Types].xml.j2",
    "_rels/.rels": "docx/_rels/.rels.j2",
    "docProps/core.xml": "docx/docProps/core.xml.j2",
    "docProps/app.xml": "docx/docProps/app.xml.j2",
    "word/document.xml": "docx/word/document.xml.j2",
    "word/_rels/document.xml.rels": "docx/word/_rels/document.xml.rels.j2",
    "word/styles.xml": "docx/word/styles.xml.j2",
    "word/numbering.xml": "docx/word/numbering.xml.j2",
    "word/settings.xml": "docx/word/settings.xml.j2",
    "word/header1.xml": "docx/word/header1.xml.j2",
    "word/footer1.xml": "docx/word/footer1.xml.j2",
}
ESCAPING = {"md": "md", "html": "html", "docx": "xml", "txt": "text"}

# The render process: isolated (-I) from the user's Python settings, told where jinja2
# and markupsafe live (however this process found them), loading only sandbox.py.
_BOOT = (
    "import importlib.util, sys\n"
    "sys.path[:0] = sys.argv[2:]\n"
    "spec = importlib.util.spec_from_file_location('beraad_render_sandbox', sys.argv[1])\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules[spec.name] = module\n"
    "spec.loader.exec_module(module)\n"
    "module.main()\n"
)


class TemplateProblem(errors.BeraadError):
    """A Dutch message naming the template and line; the app keeps running.

    Also the parts of that message, for a list of problems (`beraad sjablonen check`):
    the template's name (as the loader knows it, e.g. "verslag.md.j2"), its file where
    known, whether it is the workspace's own, the line, and what is wrong (Dutch)."""

    def __init__(
        self,
        message: str,
        detail: str = "",
        *,
        template: str = "",
        file: Path | None = None,
        own: bool = False,
        line: int | None = None,
        what: str = "",
        kind: str = "",
        subject: str = "",
        container: str = "",
    ) -> None:
        super().__init__(message)
        self.detail = detail
        self.template = template
        self.file = file
        self.own = own
        self.line = line
        self.what = what or message
        self.kind = kind
        self.subject = subject  # the name involved
        self.container = container  # what it was asked of: "lijst", "sjabloon:<name>"
        self.document = ""  # a .docx that is no XML: the template of its body (verslag.docx.j2, ...)


class _RenderDetail(Exception):
    """What the render process said, kept as the cause of a TemplateProblem for the log."""


@dataclass(frozen=True)
class Document:
    """One file to make: its kind (md, html, docx), the template of its body, and
    what the template receives besides the report data."""

    kind: str
    template: str
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    context: int = 0  # check(): which of the data sets it is rendered with


def render(
    documents: list[Document],
    data: dict[str, Any],
    workspace_templates: Path | None = None,
    limits: Limits | None = None,
) -> list[bytes]:
    """The bytes of each document, in order. All are rendered before any is written,
    so a failing template leaves no file behind; raises TemplateProblem."""
    return render_many([(documents, data)], workspace_templates, limits)[0]


def render_many(
    sets: list[tuple[list[Document], dict[str, Any]]],
    workspace_templates: Path | None = None,
    limits: Limits | None = None,
) -> list[list[bytes]]:
    """Several sets of documents, each with its own data, in one render process (the
    process costs more than a document: a benchmark of many sessions renders in batches)."""
    documents = [replace(d, context=number) for number, (docs, _) in enumerate(sets) for d in docs]
    contexts = [data for _, data in sets]
    jobs, _ = _jobs_for(documents, contexts)
    texts = iter(_run(jobs, contexts, workspace_templates, limits or LIMITS))
    result: list[list[bytes]] = [[] for _ in sets]
    for document in documents:
        if document.kind == "docx":
            parts = {name: next(texts) for name in DOCX_PARTS}
            try:
                result[document.context].append(package(parts, DOCX_PARTS))
            except TemplateProblem as problem:
                problem.document = document.template
                raise
        elif document.kind == "html":
            result[document.context].append(printing.dates_unbroken(next(texts)).encode("utf-8"))
        else:
            result[document.context].append(next(texts).encode("utf-8"))
    return result


def check(
    documents: list[Document],
    contexts: list[dict[str, Any]],
    workspace_templates: Path | None = None,
    limits: Limits | None = None,
) -> list[list[TemplateProblem]]:
    """Render every document (each with contexts[document.context]) to find what is
    wrong, rather than to keep the result: every undefined name and attribute with its
    line, and per document the first error that stops it (syntax, a missing template,
    a refused attribute, a limit). Returns the problems of each document, in order;
    nothing is logged but what has no Dutch explanation."""
    limits = limits or LIMITS
    jobs, owners = _jobs_for(documents, contexts)
    out, err, overtime, returncode = _exchange(_request(jobs, contexts, workspace_templates, limits, check=True))
    found: list[list[TemplateProblem]] = [[] for _ in documents]
    texts: dict[int, str] = {}
    reported: set[int] = set()
    started: int | None = None
    stopped = False
    for line in out.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            break  # cut off when the process was ended
        if "begin" in message:
            started = message["begin"]
            continue
        index = message.get("done", message.get("index", started))
        for finding in message.get("findings", []):
            finding.setdefault("template", jobs[index]["template"])
            found[owners[index]].append(_problem(finding, workspace_templates, limits, log=False))
        if "done" in message:
            texts[index] = message["text"]
        elif "problem" in message:
            problem = message["problem"]
            if not problem.get("template"):
                problem["template"] = jobs[index]["template"]
            found[owners[index]].append(_problem(problem, workspace_templates, limits, log=None))
            reported.add(index)
            stopped = stopped or problem.get("kind") == "overtime"
    ended = set(texts) | reported
    if not stopped and len(ended) < len(jobs) and started is not None and started not in ended:
        # the process ended while rendering this job: killed at the time limit, out of memory, crashed
        kind = _ended(overtime, returncode)
        problem = {"kind": kind, "template": jobs[started]["template"], "detail": err[-4000:]}
        found[owners[started]].append(_problem(problem, workspace_templates, limits, log=None))
    for number, document in enumerate(documents):
        indices = [i for i, owner in enumerate(owners) if owner == number]
        if document.kind == "docx" and all(i in texts for i in indices):
            try:
                package({name: texts[i] for name, i in zip(DOCX_PARTS, indices, strict=True)}, DOCX_PARTS, log=False)
            except TemplateProblem as problem:
                problem.document = document.template
                found[number].append(problem)
    return found


def _jobs_for(documents: list[Document], contexts: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    """The render jobs of each document (a .docx is one job per part), and for each
    job the document it belongs to."""
    jobs: list[dict[str, Any]] = []
    owners: list[int] = []
    for number, document in enumerate(documents):
        if document.kind not in ESCAPING:
            raise ValueError(f"unknown document kind {document.kind!r}")
        if document.kind == "docx":
            about = {
                "inhoud": document.template,
                "titel": document.title,
                "concept": contexts[document.context].get("status") != "vastgesteld",
                "kop": str(document.extra.get("kop", "")),  # the page header, where not the verslag's
                "voet": str(document.extra.get("voet", "")),  # the page footer, where not the verslag's
            }
            extra = {**document.extra, "document": about}
            parts = [
                {"template": t, "kind": "xml", "context": document.context, "extra": extra} for t in DOCX_PARTS.values()
            ]
        else:
            kind = ESCAPING[document.kind]
            parts = [
                {"template": document.template, "kind": kind, "context": document.context, "extra": document.extra}
            ]
        jobs += parts
        owners += [number] * len(parts)
    return jobs, owners


@dataclass(frozen=True)
class Templates:
    """Where templates come from and the limits they run with (see environment())."""

    workspace_templates: Path | None = None
    limits: Limits = LIMITS


def environment(workspace_templates: Path | None = None, limits: Limits | None = None) -> Templates:
    """The templates of a workspace (shipped ones where it has none), for write()."""
    return Templates(workspace_templates, limits or LIMITS)


def write(
    templates: Templates, kind: str, context: dict[str, Any], target: Path, guard: gate.Guard | None = None
) -> Path:
    """Render the verslag in one format to target (a file name without extension), a
    private file written through the gate; returns the file. export() is the way to
    write a whole export; this is for one document on its own."""
    shipped = {"md": "verslag.md.j2", "html": "verslag.html.j2", "docx": "verslag.docx.j2"}
    title = f"Verslag moreel beraad: {context.get('titel', '')}"
    (payload,) = render(
        [Document(kind, shipped[kind], title)], context, templates.workspace_templates, templates.limits
    )
    path = target.with_suffix(f".{kind}")
    (written,) = gate.write(path.parent, [(path.name, payload)], guard or gate.Guard())
    return written


def package(parts: dict[str, str], templates: dict[str, str] | None = None, log: bool = True) -> bytes:
    """Zip WordprocessingML parts into a .docx, after checking each is well-formed XML:
    Word refuses a file with one bad character and says nothing useful."""
    for name, text in parts.items():
        try:
            _check_xml(text)
        except xml.parsers.expat.ExpatError as error:
            template = (templates or {}).get(name, name)
            lines = text.splitlines() or [""]
            around = lines[min(error.lineno, len(lines)) - 1][max(error.offset - 30, 0) : error.offset + 30].strip()
            reason = _XML.get(error.code, "het is geen geldige XML")
            what = f"het sjabloon maakt geen geldig Word-bestand: {reason} (in {name}, regel {error.lineno}: {around})"
            message = (
                f"Sjabloon '{template}' maakt geen geldig Word-bestand (regel {error.lineno}). "
                "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken."
            )
            raise TemplateProblem(
                errors.with_log(message, error, f"docx-deel {name}") if log else message,
                str(error),
                template=template,
                what=what,
                kind="xml",
            ) from error
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():  # [Content_Types].xml first, as Word expects
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# Why a Word part is not XML, by expat's error code, in the words a trainer can act on.
_EXPAT = xml.parsers.expat.errors
_XML = {
    _EXPAT.codes[getattr(_EXPAT, name)]: message
    for names, message in [
        (("XML_ERROR_TAG_MISMATCH",), "een element wordt gesloten dat niet open staat, of een open element niet"),
        (
            ("XML_ERROR_NO_ELEMENTS", "XML_ERROR_UNCLOSED_TOKEN"),
            "het deel houdt op terwijl er nog een element open staat",
        ),
        (("XML_ERROR_INVALID_TOKEN",), "er staat een teken dat in XML niet mag, zoals < of & in tekst buiten {{ … }}"),
        (("XML_ERROR_JUNK_AFTER_DOC_ELEMENT",), "er staat nog iets na het laatste element"),
        (("XML_ERROR_UNBOUND_PREFIX",), "een element heeft een voorvoegsel (zoals w:) dat niet is aangekondigd"),
    ]
    for name in names
}


def _check_xml(text: str) -> None:
    parser = xml.parsers.expat.ParserCreate()

    def no_doctype(*args: Any) -> None:  # no entities: nothing in a docx part needs them
        raise xml.parsers.expat.ExpatError("DOCTYPE is not allowed")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.Parse(text.encode("utf-8"), True)


def _request(
    jobs: list[dict[str, Any]],
    contexts: list[dict[str, Any]],
    templates: Path | None,
    limits: Limits,
    check: bool = False,
) -> dict[str, Any]:
    return {
        "templates": str(templates.resolve()) if templates else None,
        "cache": _cache(),
        "contexts": contexts,
        "jobs": jobs,
        "limits": asdict(limits),
        "check": check,
    }


def _run(
    jobs: list[dict[str, Any]], contexts: list[dict[str, Any]], templates: Path | None, limits: Limits
) -> list[str]:
    out, err, overtime, returncode = _exchange(_request(jobs, contexts, templates, limits))
    return _collect(out, err, jobs, templates, limits, overtime, returncode)


def _exchange(request: dict[str, Any]) -> tuple[str, str, bool, int | None]:
    """Send the request to a render process; what it wrote, its errors, whether it was
    ended at the time limit, and its exit code."""
    limits = Limits(**request["limits"])
    encoded = json.dumps(request, ensure_ascii=True)
    libraries = sorted({str(Path(m.__file__ or "").resolve().parent.parent) for m in (jinja2, markupsafe)})
    try:
        if not sys.executable:
            raise FileNotFoundError("no interpreter to start")
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, str(Path(sandbox.__file__).resolve()), *libraries],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    except OSError:
        # Embedded, or the system cannot start a process: render here, with the size
        # limits but without the time limit; the shipped templates never need it.
        decoded = json.loads(encoded)
        return "\n".join(json.dumps(m) for m in sandbox._jobs(decoded, limits)), "", False, 0
    overtime = False
    try:
        out, err = process.communicate(encoded, timeout=limits.seconds + GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        overtime = True
    return out, err, overtime, process.returncode


def _cache() -> str | None:
    """The folder for compiled templates, private to the user; none if it cannot be made."""
    try:
        return str(private_dir(user_cache_dir() / "templates"))
    except OSError:
        return None


def _collect(
    out: str,
    err: str,
    jobs: list[dict[str, Any]],
    templates: Path | None,
    limits: Limits,
    overtime: bool,
    returncode: int | None,
) -> list[str]:
    texts: list[str] = []
    started: int | None = None
    for line in out.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            break  # cut off when the process was ended
        if "begin" in message:
            started = message["begin"]
        elif "done" in message:
            texts.append(message["text"])
        elif "problem" in message:
            found = message["problem"]
            if not found.get("template") and started is not None:
                found["template"] = jobs[started]["template"]
            raise _problem(found, templates, limits)
    if len(texts) == len(jobs):
        return texts
    template = jobs[started]["template"] if started is not None else jobs[0]["template"]
    kind = _ended(overtime, returncode)
    raise _problem({"kind": kind, "template": template, "detail": err[-4000:]}, templates, limits)


_SYNTAX = {
    "brace": "een haakje klopt niet; controleer of elke {{ met }} en elke {% met %} sluit",
    "quote": "een tekst tussen aanhalingstekens wordt niet gesloten; zet er nog een \" of ' achter",
    "token": "er staat iets onverwachts binnen {{ … }} of {% … %}",
    "other": "de opbouw van het sjabloon klopt niet",
}
_RUNTIME = {
    "recursion": "het sjabloon roept zichzelf steeds opnieuw aan",
    "division": "er wordt gedeeld door nul",
    "value": "een berekening of filter past niet bij de gegevens",
    "crashed": "het maken van het document is onverwacht gestopt",
    "other": "er ging iets mis bij het maken van het document",
}
EXPLAINED = frozenset(
    {
        "syntax",
        "missing",
        "unsafe",
        "undefined",
        "parameter",
        "encoding",
        "range",
        "overtime",
        "too_large",
        "memory",
        "outside",
    }
)


def _ended(overtime: bool, returncode: int | None) -> str:
    """Why a render process ended before it finished: ended at the time limit (by us, or
    by the kernel's CPU limit: SIGXCPU), killed for its memory (SIGKILL), or else."""
    if overtime or returncode in (-24, 152):
        return "overtime"
    return "memory" if returncode in (-9, 137) else "crashed"


def what(kind: str, subject: str, limits: Limits = LIMITS, hint: str = "", container: str = "") -> str:
    """What went wrong, in Dutch: the second half of "Sjabloon 'x', regel n: ..." and
    of the lines of `beraad sjablonen check`. hint: what was probably meant."""
    meant = f"; bedoel je '{hint}'?" if hint else ""
    if kind == "syntax" and subject.startswith("tag:"):
        return f"de opdracht '{subject[4:]}' bestaat niet in sjablonen"
    if kind == "syntax" and subject.startswith("open:"):
        block = subject[5:]
        if not block:
            return "het sjabloon houdt op terwijl er nog iets open staat"
        return f"deze {{% {block} %}} wordt nergens afgesloten; zet {{% end{block} %}} waar hij moet ophouden"
    if kind == "syntax" and subject.startswith("nest:"):
        tag, block, *at = subject[5:].split(":")
        where = f"op regel {at[0]} staat" if at else "verderop staat"
        if tag in ("else", "elif"):
            return (
                f"{where} een {{% {tag} %}} die daar niet kan: deze {{% {block} %}} heeft al een {{% else %}}, "
                f"of wacht nog op {{% end{block} %}}"
            )
        return f"{where} {{% {tag} %}}, maar deze {{% {block} %}} is dan nog open; sluit hem eerst af met {{% end{block} %}}"
    if kind == "syntax" and subject.startswith("stray:"):
        tag = subject[6:]
        return f"er staat een {{% {tag} %}} zonder {{% {tag[3:]} %}} die nog open staat; haal hem weg of zet het begin erbij"
    if kind == "syntax" and subject.startswith(("filter:", "test:")):
        sort, _, name = subject.partition(":")
        article = "het filter" if sort == "filter" else "de test"
        return f"{article} '{name}' bestaat niet in sjablonen" + (meant or "; de handleiding noemt wat er is")
    if kind == "syntax":
        return _SYNTAX.get(subject, _SYNTAX["other"])
    if kind == "missing":
        return f"het sjabloon '{subject}' bestaat niet, ook niet in de map templates/ van de werkmap{meant}"
    if kind == "unsafe":
        return (
            f"'{subject}' is in sjablonen afgeschermd en mag niet gebruikt worden" if subject else "dit is afgeschermd"
        )
    if kind == "undefined" and container == "lijst":
        return (
            f"er is geen gegeven '{subject}': dit is een lijst; "
            f"loop erdoorheen met {{% for … in … %}} en vraag '{subject}' aan elk onderdeel"
        )
    if kind == "undefined" and container.startswith("sjabloon:"):
        return f"er is geen macro '{subject}' in het sjabloon '{container[9:]}'" + (
            meant or "; een eigen versie van dat sjabloon moet elke macro hebben die het meegeleverde heeft"
        )
    if kind == "undefined":
        return (
            f"er is geen gegeven '{subject}'" + (meant or "; controleer de naam")
            if subject
            else "een gegeven ontbreekt"
        )
    if kind == "range":
        return f"range() telt in sjablonen hoogstens tot {MAX_RANGE:,}".replace(",", ".")
    if kind == "encoding":
        return "het bestand is geen UTF-8-tekst; bewaar het in je editor als UTF-8"
    if kind == "outside":
        return (
            f"het bestand is een snelkoppeling (symlink) naar {subject}, buiten de map templates/; beraad leest "
            "daar geen sjablonen uit. Zet het sjabloon zelf in templates/"
        )
    if kind == "parameter":
        return f"de macro krijgt geen waarde voor '{subject}'; geef die mee waar je de macro aanroept"
    if kind == "overtime":
        return f"het sjabloon is na {limits.seconds:g} seconden nog niet klaar; staat er een lus in die niet stopt?"
    if kind == "memory":
        return (
            f"het sjabloon gebruikt te veel geheugen (meer dan {_gigabytes(limits.memory)}); "
            "staat er een lus in die steeds meer bewaart?"
        )
    if kind == "too_large":
        return f"het sjabloon maakt een te groot document (meer dan {limits.characters:,} tekens)".replace(",", ".")
    return _RUNTIME.get(kind, _RUNTIME["other"])


def _gigabytes(size: int) -> str:
    """Memory in words: 1 GB, 1,5 GB, 300 MB."""
    if size < 1 << 30:
        return f"{size >> 20} MB"
    return f"{size / (1 << 30):.3g} GB".replace(".", ",")


def locate(name: str, file: str | None, templates: Path | None) -> tuple[str, Path | None, bool]:
    """A template's name as its loader knows it, its file, and whether it is the
    workspace's own (in templates/) or shipped."""
    own_file = templates / name if templates is not None and name else None
    own = own_file is not None and own_file.is_file()
    path = own_file if own else (SHIPPED / name if name and (SHIPPED / name).is_file() else None)
    if file:
        found = Path(file).resolve()
        path = found
        for root, is_own in ((templates, True), (SHIPPED, False)):
            if root is not None and found.is_relative_to(root.resolve()):
                name, own = found.relative_to(root.resolve()).as_posix(), is_own
                break
    return name, path, own


def _problem(found: dict[str, Any], templates: Path | None, limits: Limits, log: bool | None = True) -> TemplateProblem:
    """A Dutch sentence for what went wrong, naming the template file (the workspace's
    own or the shipped one) and line; the raw detail goes to the log (log=None: only
    when the sentence cannot say what went wrong)."""
    kind, subject = found.get("kind", "other"), found.get("subject", "")
    name, file, own = locate(found.get("template") or "?", found.get("file"), templates)
    line = found.get("line")
    where = f"Sjabloon '{name}'" + (f", regel {line}" if line else "")
    if own and templates is not None:
        advice = f"Herstel het sjabloon in {templates} of verwijder het om het meegeleverde te gebruiken."
    elif kind in ("too_large", "memory"):  # the shipped templates are fine: the data is too much
        advice = "Dat komt door de hoeveelheid tekst, niet door het sjabloon: maak lange notities korter."
    elif kind in ("overtime", "crashed"):
        advice = "Probeer het opnieuw; gebeurt het weer, meld het dan met het logbestand."
    else:
        advice = "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken."
    said = what(kind, subject, limits, found.get("hint", ""), found.get("container", ""))
    detail = str(found.get("detail", ""))
    cause = _RenderDetail(f"{kind} in {name}, line {line}:\n{detail}")
    sentence = f"{where}: {said}{'' if said.endswith('?') else '.'} {advice}"
    logged = log or (log is None and kind not in EXPLAINED)
    message = errors.with_log(sentence, cause, f"sjabloon {name}") if logged else sentence
    if log is None:
        said += message[len(sentence) :]  # where the detail is, for what the sentence cannot explain
    problem = TemplateProblem(
        message,
        detail,
        template=name,
        file=file,
        own=own,
        line=line,
        what=said,
        kind=kind,
        subject=subject,
        container=found.get("container", ""),
    )
    problem.__cause__ = cause
    return problem


def explain(found: dict[str, Any] | BaseException, name: str, workspace_templates: Path | None) -> TemplateProblem:
    """What lint found (a finding, or the error of reading a template) as the same
    Dutch sentence the render process would give."""
    if isinstance(found, BaseException):
        found = sandbox.problem(found, name)
    return _problem(found, workspace_templates, LIMITS, log=None)
