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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from beraad import errors
from beraad.files import atomic_write, private_dir
from beraad.report import sandbox
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
    """A Dutch message naming the template and line; the app keeps running."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


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


def render(
    documents: list[Document],
    data: dict[str, Any],
    workspace_templates: Path | None = None,
    limits: Limits | None = None,
) -> list[bytes]:
    """The bytes of each document, in order. All are rendered before any is written,
    so a failing template leaves no file behind; raises TemplateProblem."""
    jobs: list[dict[str, Any]] = []
    for document in documents:
        if document.kind not in ESCAPING:
            raise ValueError(f"unknown document kind {document.kind!r}")
        if document.kind == "docx":
            about = {
                "inhoud": document.template,
                "titel": document.title,
                "concept": data.get("status") != "vastgesteld",
                "kop": str(document.extra.get("kop", "")),  # the page header, where not the verslag's
            }
            extra = {**document.extra, "document": about}
            jobs += [{"template": t, "kind": "xml", "context": 0, "extra": extra} for t in DOCX_PARTS.values()]
        else:
            jobs.append(
                {"template": document.template, "kind": ESCAPING[document.kind], "context": 0, "extra": document.extra}
            )
    texts = iter(_run(jobs, [data], workspace_templates, limits or LIMITS))
    result = []
    for document in documents:
        if document.kind == "docx":
            parts = {name: next(texts) for name in DOCX_PARTS}
            result.append(package(parts, DOCX_PARTS))
        else:
            result.append(next(texts).encode("utf-8"))
    return result


@dataclass(frozen=True)
class Templates:
    """Where templates come from and the limits they run with (see environment())."""

    workspace_templates: Path | None = None
    limits: Limits = LIMITS


def environment(workspace_templates: Path | None = None, limits: Limits | None = None) -> Templates:
    """The templates of a workspace (shipped ones where it has none), for write()."""
    return Templates(workspace_templates, limits or LIMITS)


def write(templates: Templates, kind: str, context: dict[str, Any], target: Path) -> Path:
    """Render the verslag in one format to target (a file name without extension), a
    private file written atomically; returns the file. export() is the way to write a
    whole export; this is for one document on its own."""
    shipped = {"md": "verslag.md.j2", "html": "verslag.html.j2", "docx": "verslag.docx.j2"}
    title = f"Verslag moreel beraad: {context.get('titel', '')}"
    (payload,) = render(
        [Document(kind, shipped[kind], title)], context, templates.workspace_templates, templates.limits
    )
    path = target.with_suffix(f".{kind}")
    atomic_write(path, payload)
    return path


def package(parts: dict[str, str], templates: dict[str, str] | None = None) -> bytes:
    """Zip WordprocessingML parts into a .docx, after checking each is well-formed XML:
    Word refuses a file with one bad character and says nothing useful."""
    for name, text in parts.items():
        try:
            _check_xml(text)
        except xml.parsers.expat.ExpatError as error:
            template = (templates or {}).get(name, name)
            raise TemplateProblem(
                errors.with_log(
                    f"Sjabloon '{template}' maakt geen geldig Word-bestand (regel {error.lineno}). "
                    "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken.",
                    error,
                    f"docx-deel {name}",
                ),
                str(error),
            ) from error
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():  # [Content_Types].xml first, as Word expects
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _check_xml(text: str) -> None:
    parser = xml.parsers.expat.ParserCreate()

    def no_doctype(*args: Any) -> None:  # no entities: nothing in a docx part needs them
        raise xml.parsers.expat.ExpatError("DOCTYPE is not allowed")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.Parse(text.encode("utf-8"), True)


def _run(
    jobs: list[dict[str, Any]], contexts: list[dict[str, Any]], templates: Path | None, limits: Limits
) -> list[str]:
    request = json.dumps(
        {
            "templates": str(templates.resolve()) if templates else None,
            "cache": _cache(),
            "contexts": contexts,
            "jobs": jobs,
            "limits": asdict(limits),
        },
        ensure_ascii=True,
    )
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
        return _in_process(request, jobs, templates)
    overtime = False
    try:
        out, err = process.communicate(request, timeout=limits.seconds + GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        overtime = True
    return _collect(out, err, jobs, templates, limits, overtime, process.returncode)


def _cache() -> str | None:
    """The folder for compiled templates, private to the user; none if it cannot be made."""
    try:
        return str(private_dir(user_cache_dir() / "templates"))
    except OSError:
        return None


def _in_process(request: str, jobs: list[dict[str, Any]], templates: Path | None) -> list[str]:
    decoded = json.loads(request)
    lines = [json.dumps(m) for m in sandbox._jobs(decoded, Limits(**decoded["limits"]))]
    return _collect("\n".join(lines), "", jobs, templates, Limits(**decoded["limits"]), False, 0)


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
    kind = "overtime" if overtime else "too_large" if returncode in (-9, -24, 137) else "crashed"
    raise _problem({"kind": kind, "template": template, "detail": err[-4000:]}, templates, limits)


_SYNTAX = {
    "brace": "een haakje klopt niet; controleer of elke {{ met }} en elke {% met %} sluit",
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


def _what(kind: str, subject: str, limits: Limits) -> str:
    """What went wrong, as the second half of "Sjabloon 'x', regel n: ..."."""
    if kind == "syntax" and subject.startswith("tag:"):
        return f"de opdracht '{subject[4:]}' bestaat niet in sjablonen"
    if kind == "syntax" and subject.startswith("open:"):
        block = subject[5:]
        if not block:
            return "het sjabloon houdt op terwijl er nog iets open staat"
        return f"het sjabloon houdt op terwijl een {{% {block} %}} nog open staat; sluit het af met {{% end{block} %}}"
    if kind == "syntax":
        return _SYNTAX.get(subject, _SYNTAX["other"])
    if kind == "missing":
        return f"het sjabloon '{subject}' bestaat niet, ook niet in de map templates/ van de werkmap"
    if kind == "unsafe":
        return (
            f"'{subject}' is in sjablonen afgeschermd en mag niet gebruikt worden" if subject else "dit is afgeschermd"
        )
    if kind == "undefined":
        return f"er is geen gegeven '{subject}'; controleer de naam" if subject else "een gegeven ontbreekt"
    if kind == "overtime":
        return f"het sjabloon is na {limits.seconds:g} seconden nog niet klaar; staat er een lus in die niet stopt?"
    if kind == "too_large":
        return f"het sjabloon maakt een te groot document (meer dan {limits.characters:,} tekens)".replace(",", ".")
    return _RUNTIME.get(kind, _RUNTIME["other"])


def _problem(found: dict[str, Any], templates: Path | None, limits: Limits) -> TemplateProblem:
    """A Dutch sentence for what went wrong, naming the template file (the workspace's
    own or the shipped one) and line; the raw detail goes to the log."""
    kind, subject = found.get("kind", "other"), found.get("subject", "")
    name, file, line = found.get("template") or "?", found.get("file"), found.get("line")
    own = templates is not None and (templates / name).is_file()
    if file:
        path = Path(file).resolve()
        for root, is_own in ((templates, True), (SHIPPED, False)):
            if root is not None and path.is_relative_to(root.resolve()):
                name, own = path.relative_to(root.resolve()).as_posix(), is_own
                break
    where = f"Sjabloon '{name}'" + (f", regel {line}" if line else "")
    if own and templates is not None:
        advice = f"Herstel het sjabloon in {templates} of verwijder het om het meegeleverde te gebruiken."
    elif kind in ("overtime", "too_large", "crashed"):
        advice = "Probeer het opnieuw; gebeurt het weer, meld het dan met het logbestand."
    else:
        advice = "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken."
    detail = str(found.get("detail", ""))
    cause = _RenderDetail(f"{kind} in {name}, line {line}:\n{detail}")
    message = errors.with_log(f"{where}: {_what(kind, subject, limits)}. {advice}", cause, f"sjabloon {name}")
    problem = TemplateProblem(message, detail)
    problem.__cause__ = cause
    return problem
