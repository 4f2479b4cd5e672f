"""Template rendering as it runs inside the render process: environments per output
format, escaping, and limits.

This module imports nothing from beraad, so the render process (see render.py) can load
it by file path without the models, the anonymiser or pydantic: it starts in a tenth of
a second. It also works in-process, which tests and a fallback use.

Escaping lives here, in the environment, and not in the templates, so a trainer's own
template is as safe as the shipped one: every ``{{ value }}`` passes ``finalize`` for
its format (Markdown, HTML, or WordprocessingML XML). Macro results and ``|safe`` values
are already markup and are only cleaned of control characters.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import signal
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
KINDS = ("md", "html", "xml", "text")

# Characters no document should carry: C0 and C1 controls (ESC, BEL, NUL ...), DEL,
# lone surrogates (not encodable) and the two non-characters XML forbids. Tab and
# newline stay; the other line breaks become a newline first.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Markdown: what makes inline text into markup anywhere in a line ...
# A "]" only links when "(", "[" or ":" follows, so "[persoon 1]" stays readable, and
# "_" between two letters or digits never emphasises, so "doelen_bereikt" stays as typed.
_MD_INLINE = re.compile(r"([\\`*<>|~]|\](?=[(\[:])|(?<![^\W_])_|_(?![^\W_]))")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# ... and what does so at the start of a line (a value may be placed there): a heading,
# a list item, a thematic break or setext underline, an ordered list item.
_MD_BLOCK_START = re.compile(r"^(?=#{1,6}(?:\s|$)|[-+](?:\s|$)|[-=][-=\s]*$)")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


class Overtime(Exception):
    """The render process ran out of time (raised by the alarm inside template code)."""


class TooLarge(Exception):
    """A template made (or was about to make) more text than a document may hold."""


@dataclass(frozen=True)
class Limits:
    """What one render may cost: wall time for all documents together, characters per
    document, and memory of the render process."""

    seconds: float = 20.0
    characters: int = 10_000_000
    memory: int = 1 << 30


def clean(text: str) -> str:
    """Text without control characters, with plain newlines."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def number(value: float) -> str:
    """Dutch notation: 4,5 (no thousands separators; scores and averages are small)."""
    if not math.isfinite(value):
        return ""
    return f"{value:.10g}".replace(".", ",")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return number(value)
    return clean(str(value))


def markdown_text(value: str) -> str:
    """One value as literal Markdown text, wherever the template puts it: in a table
    cell, a list item, a heading or a paragraph. Its own line breaks become <br>, so
    it can neither end a table row nor start a heading, list, quote or code block."""
    lines = []
    for line in clean(value).split("\n"):
        line = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", line.strip()))
        line = _MD_ORDERED.sub(r"\1\\\2", line, count=1)
        line = _MD_BLOCK_START.sub("\\\\", line, count=1)
        lines.append(line)
    return "<br>".join(lines)


def _finalize_markup(value: Any) -> Any:
    """HTML and XML: autoescape escapes what this returns; here only cleaning."""
    if isinstance(value, Markup):
        return Markup(clean(str(value)))
    return _plain(value)


def _finalize_markdown(value: Any) -> Markup:
    """Markdown has no autoescape of its own: the environment runs with autoescape on, so
    macro results stay as they are, and every other value is escaped here as Markdown
    and handed back as Markup, which the HTML escaping then leaves alone."""
    if isinstance(value, Markup):
        return Markup(clean(str(value)))
    return Markup(markdown_text(_plain(value)))


def _lines(text: Any, empty: bool = False) -> list[str]:
    lines = clean("" if text is None else str(text)).split("\n")
    return [line for line in lines if empty or line.strip()]


def _cells(items: list[dict[str, Any]], *keys: str) -> list[list[str]]:
    return [[str(item.get(k, "")) for k in keys] for item in items]


def _letter(index: int) -> str:
    """Option A, B, ... Z, then AA, AB: the label the dilemma tables use."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _widths(rows: list[list[Any]], header: list[Any] | None = None, total: int = 9638) -> list[int]:
    """Column widths in twips for a fixed-layout Word table: each column at least as
    wide as its longest word (words are not broken), the rest shared by how much text
    each column holds, so a column of sentences gets the room."""
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    least, wish = [], []
    for index in range(columns):
        cells = [str(r[index]) for r in rows if index < len(r)]
        words = [w for c in [*cells, str(header[index]) if header else ""] for w in c.split()]
        least.append(min(max((len(w) for w in words), default=4), 24) * 110 + 260)
        wish.append(max(sum(len(c) for c in cells) / len(cells) if cells else 0, 1.0))
    spare = max(total - sum(least), 0)
    return [round(low + spare * want / sum(wish)) for low, want in zip(least, wish, strict=True)]


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | bytes) else 0


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, plus a ceiling on how big a value a template can make in one step
    ("x" * 10**9, "x".ljust(10**9), 9**9**9), which output counting alone would only
    notice after the memory is gone."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, limit: int, **options: Any) -> None:
        super().__init__(**options)
        self.limit = limit

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for sequence, times in ((left, right), (right, left)):
                if _size(sequence) and isinstance(times, int) and _size(sequence) * times > self.limit:
                    raise TooLarge(f"{op} would make {_size(sequence) * times} items")
        big_power = op == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1
        if big_power and right * math.log2(abs(left)) > 64_000:
            raise TooLarge(f"{left} ** {right} is too large a number")
        return super().call_binop(context, op, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().call(__context, __obj, *args, **kwargs)
        if _size(result) > __self.limit:
            raise TooLarge(f"a call returned {_size(result)} items")
        return result


def environment(
    kind: str, workspace_templates: Path | None = None, limits: Limits | None = None, cache: Path | None = None
) -> SandboxedEnvironment:
    """The environment for one output format; a workspace's templates/ overrides the
    shipped templates file by file. cache: a private folder for compiled templates
    (keyed by their source), which saves most of a render's time."""
    if kind not in KINDS:
        raise ValueError(f"unknown output format {kind!r}")
    limits = limits or Limits()
    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(workspace_templates))
    loaders.append(jinja2.FileSystemLoader(SHIPPED))
    finalize = {"md": _finalize_markdown, "html": _finalize_markup, "xml": _finalize_markup, "text": _plain}[kind]
    env = LimitedEnvironment(
        limits.characters,
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=kind != "text",
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache is not None else None,
    )
    env.globals.pop("lipsum", None)  # no use in a verslag, and n=10**6 is a CPU loop
    env.filters["regels"] = _lines
    env.filters["cellen"] = _cells
    env.filters["getal"] = lambda value: number(float(value))
    env.filters["letter"] = _letter
    env.filters["breedtes"] = _widths
    return env


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any], limits: Limits | None = None) -> str:
    """Render one template, counting characters as they come so an endless loop with
    output stops at the ceiling instead of filling the disk."""
    limit = (limits or Limits()).characters
    parts, size = [], 0
    for chunk in env.get_template(name).generate(**context):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"more than {limit} characters")
        parts.append(chunk)
    return "".join(parts)


# What went wrong, as data: the parent turns it into a Dutch sentence.


def problem(error: BaseException, name: str) -> dict[str, Any]:
    """Classify an error from rendering template `name`: kind, file, line, the names
    involved, and the raw detail for the log."""
    detail = "".join(traceback.format_exception(error))
    found: dict[str, Any] = {"template": name, "file": None, "line": None, "detail": detail, "subject": ""}
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        found["file"], found["line"] = frames[-1].filename, frames[-1].lineno
    if isinstance(error, jinja2.TemplateSyntaxError):
        found.update(kind="syntax", file=error.filename, line=error.lineno, subject=_syntax(error.message or ""))
        if error.name:
            found["template"] = error.name
    elif isinstance(error, jinja2.TemplateNotFound):
        found.update(kind="missing", subject=error.name or "")
    elif isinstance(error, jinja2.exceptions.SecurityError):
        match = re.search(r"attribute '([^']*)'", str(error))
        found.update(kind="unsafe", subject=match.group(1) if match else "")
    elif isinstance(error, jinja2.UndefinedError):
        message = str(error)
        match = re.search(r"has no attribute '([^']*)'", message) or re.search(r"'([^']*)' is undefined", message)
        found.update(kind="undefined", subject=match.group(1) if match else "")
    elif isinstance(error, Overtime):
        found.update(kind="overtime")
    elif isinstance(error, TooLarge | MemoryError | OverflowError):
        found.update(kind="too_large")
    elif isinstance(error, RecursionError):
        found.update(kind="recursion")
    elif isinstance(error, ZeroDivisionError):
        found.update(kind="division")
    elif isinstance(error, TypeError | ValueError | KeyError | IndexError | AttributeError):
        found.update(kind="value")
    else:
        found.update(kind="other")
    if found["file"] is not None:
        found["file"] = str(found["file"])
    return found


def _syntax(message: str) -> str:
    """The syntax errors people make, as a word the parent can translate."""
    lowered = message.lower()
    if "unknown tag" in lowered:
        match = re.search(r"unknown tag '([^']*)'", message)
        return f"tag:{match.group(1) if match else ''}"
    if "unexpected end of template" in lowered:
        match = re.search(r"'end(\w+)'", message)
        return f"open:{match.group(1) if match else ''}"
    if "unexpected '}'" in lowered or "unexpected '%'" in lowered or "unexpected char" in lowered:
        return "brace"
    if "expected token" in lowered:
        return "token"
    return "other"


# The render process: jobs in on stdin, texts out on stdout, one JSON object per line.


def _jobs(request: dict[str, Any], limits: Limits) -> Iterator[dict[str, Any]]:
    templates = Path(request["templates"]) if request.get("templates") else None
    cache = Path(request["cache"]) if request.get("cache") else None
    environments: dict[str, SandboxedEnvironment] = {}
    contexts: list[dict[str, Any]] = request["contexts"]
    for index, job in enumerate(request["jobs"]):
        yield {"begin": index}
        kind = job["kind"]
        if kind not in environments:
            environments[kind] = environment(kind, templates, limits, cache)
        context = {**contexts[job["context"]], **job.get("extra", {})}
        try:
            text = render(environments[kind], job["template"], context, limits)
        except Exception as error:
            yield {"problem": problem(error, job["template"])}
            return
        yield {"done": index, "text": text}


def _alarm(signum: int, frame: Any) -> None:
    raise Overtime("time is up")


def _limit_resources(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout still ends the process
        return
    seconds = math.ceil(limits.seconds) + 5  # a backstop if the parent is gone
    for which, value in ((resource.RLIMIT_AS, limits.memory), (resource.RLIMIT_CPU, seconds)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (value, value))


def main() -> None:
    """Entry of the render process (see render.py)."""
    request = json.loads(sys.stdin.read())
    limits = Limits(**request["limits"])
    _limit_resources(limits)
    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    out = sys.stdout
    try:
        for message in _jobs(request, limits):
            out.write(json.dumps(message, ensure_ascii=True) + "\n")
            out.flush()
    except Overtime as error:  # between two templates, outside any template code
        out.write(json.dumps({"problem": problem(error, "")}) + "\n")
    except MemoryError:
        out.write(json.dumps({"problem": {"kind": "too_large", "template": "", "detail": "MemoryError"}}) + "\n")
    finally:
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
    out.flush()
