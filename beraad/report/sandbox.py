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
import difflib
import json
import math
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

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


class OutsideTemplates(Exception):
    """A template file in templates/ is a symlink to a file outside that folder. It is not
    read: its target could be anything (the session index), and it would end up in an
    export."""

    def __init__(self, name: str, target: str) -> None:
        super().__init__(f"{name} leads to {target}, outside the templates folder")
        self.name = name
        self.target = target


def outside(folder: Path | str, name: str) -> str | None:
    """Where the template name in folder leads when a symlink takes it out of folder;
    None when it stays inside (or does not exist)."""
    path = os.path.join(folder, *name.split("/"))
    if not os.path.lexists(path):
        return None
    target = os.path.realpath(path)
    root = os.path.realpath(folder)
    return None if target.startswith(root.rstrip(os.sep) + os.sep) else target


class ConfinedLoader(jinja2.FileSystemLoader):
    """A loader that reads only files that are really in its folder: a symlink to a file
    elsewhere is refused (OutsideTemplates), not followed and not skipped."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            target = outside(folder, template)
            if target is not None:
                raise OutsideTemplates(template, target)
        return super().get_source(environment, template)


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


# Undefined values: where a template looked up a name that is not there, and what it
# probably meant. A trainer's mistake is the lookup ({% set t = titell %}), not the place
# where the value is finally printed, so the line is the line of the lookup.

_LOCAL = re.compile(r"^l_\d+_(\w+)$")  # how Jinja's compiled code names template variables


def _lookup_site(frame: FrameType | None, skip: int = 0) -> tuple[str | None, int | None, list[str]]:
    """The template file and line a lookup came from (the innermost template frame
    above the caller, after skipping `skip` of them), and the names visible there."""
    for _ in range(100):
        if frame is None:
            break
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and skip:
            skip -= 1
        elif template is not None:
            names: set[str] = set()
            resolve = frame.f_locals.get("resolve") or frame.f_locals.get("context")
            context = getattr(resolve, "__self__", resolve)
            if isinstance(context, jinja2.runtime.Context):
                names.update(context.get_all())
            names.update(m.group(1) for m in map(_LOCAL.match, frame.f_locals) if m)
            visible = sorted(n for n in names if not n.startswith("_"))
            return template.filename, template.get_corresponding_lineno(frame.f_lineno), visible
        frame = frame.f_back
    return None, None, []


def closest(name: str, candidates: Any) -> str:
    """The candidate a typo most likely meant ('titell' -> 'titel'), or ''."""
    named = {c.casefold(): c for c in candidates if isinstance(c, str) and c != name}
    match = difflib.get_close_matches(name.casefold(), list(named), n=1, cutoff=0.7)
    return named[match[0]] if match else ""


def _members(obj: Any) -> list[str]:
    if isinstance(obj, Mapping):
        return [k for k in obj if isinstance(k, str)]
    if isinstance(obj, str | int | float | list | tuple):
        return []  # their Python methods are no help to a trainer
    return [a for a in dir(obj) if not a.startswith("_")]


def _carrying(value: Callable[[], Any]) -> Callable[..., Any]:
    """An operation on an undefined value: fails, or in a check run gives value()."""

    def operation(self: BeraadUndefined, *args: Any, **kwargs: Any) -> Any:
        return self._fail(value)

    return operation


class BeraadUndefined(jinja2.StrictUndefined):
    """StrictUndefined that knows where the lookup was made and what was probably
    meant. Using it raises, as StrictUndefined does, an error that carries this as
    `beraad` (a dict the parent turns into a Dutch sentence). In a check run
    (`recording`), it notes the problem instead and lets the template go on, so one
    run finds every undefined name rather than the first."""

    __slots__ = ("_beraad_names", "_beraad_reported", "_beraad_where")
    findings: ClassVar[list[dict[str, Any]] | None] = None  # set on a check run's own subclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A macro called without a parameter: the mistake is in the call, one template up.
        skip = 1 if "was not provided" in (self._undefined_hint or "") else 0
        file, line, names = _lookup_site(sys._getframe(1), skip)
        self._beraad_where = (file, line)
        self._beraad_names = names if self._undefined_obj is jinja2.utils.missing else []
        self._beraad_reported = False

    def _root(self) -> BeraadUndefined:
        """The first undefined of a chain: in `titell.x.y` that is `titell`."""
        root = self
        while isinstance(root._undefined_obj, BeraadUndefined):
            root = root._undefined_obj
        return root

    def about(self) -> dict[str, Any]:
        root = self._root()
        file, line = root._beraad_where
        name, obj = root._undefined_name, root._undefined_obj
        found: dict[str, Any] = {"kind": "undefined", "subject": str(name or ""), "file": file, "line": line}
        if root._undefined_exception is jinja2.exceptions.SecurityError:
            found["kind"] = "unsafe"
        elif "was not provided" in (root._undefined_hint or ""):  # a macro called without a parameter
            found["kind"] = "parameter"
        elif name is None:  # made by Jinja itself: `first` of nothing and the like
            pass
        elif obj is jinja2.utils.missing:
            found["hint"] = closest(str(name), root._beraad_names)
        elif isinstance(obj, list | tuple):
            found["container"] = "lijst"
        elif isinstance(obj, jinja2.environment.TemplateModule):  # {% import "x" as m %}, then m.name
            found.update(container=f"sjabloon:{getattr(obj, '__name__', '')}", hint=closest(str(name), _members(obj)))
        elif isinstance(name, str):
            found["hint"] = closest(name, _members(obj))
        return found

    def _fail(self, carry_on: Callable[[], Any]) -> Any:
        root = self._root()
        findings = type(self).findings
        if findings is None:
            error = root._undefined_exception(root._undefined_message)
            error.beraad = self.about()  # type: ignore[attr-defined]
            raise error
        if not root._beraad_reported:
            root._beraad_reported = True
            findings.append(self.about())
        return carry_on()

    def _chained(self, name: Any = None) -> BeraadUndefined:
        return type(self)(obj=self, name=name)

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        return self._fail(self._chained)

    __call__ = _fail_with_undefined_error
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _fail_with_undefined_error
    __pos__ = __neg__ = __pow__ = __rpow__ = _fail_with_undefined_error
    __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        return self._fail(lambda: self._chained(name))

    def __getitem__(self, key: Any) -> Any:
        return self._fail(lambda: self._chained(key))

    # What a check run hands on after noting the problem: an empty text, no items, false.
    __str__ = _carrying(str)
    __iter__ = _carrying(lambda: iter(()))
    __len__ = __int__ = _carrying(int)
    __float__ = _carrying(float)
    __complex__ = _carrying(complex)
    __bool__ = __contains__ = __eq__ = _carrying(bool)
    __ne__ = _carrying(lambda: True)
    __hash__ = _carrying(lambda: 0)


def _recording() -> type[BeraadUndefined]:
    """An undefined class of its own for one check run, with its own list of findings."""
    return type("RecordingUndefined", (BeraadUndefined,), {"__slots__": (), "findings": []})


def _number_filter(value: Any) -> str:
    return number(float(value))


# beraad's own filters, beside Jinja's (the trainers' guide explains each)
FILTERS: dict[str, Callable[..., Any]] = {
    "regels": _lines,
    "cellen": _cells,
    "getal": _number_filter,
    "letter": _letter,
    "breedtes": _widths,
}


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
    kind: str,
    workspace_templates: Path | None = None,
    limits: Limits | None = None,
    cache: Path | None = None,
    check: bool = False,
) -> SandboxedEnvironment:
    """The environment for one output format; a workspace's templates/ overrides the
    shipped templates file by file. cache: a private folder for compiled templates
    (keyed by their source), which saves most of a render's time. check: a check run,
    where an undefined name is noted (see BeraadUndefined) and the template goes on."""
    if kind not in KINDS:
        raise ValueError(f"unknown output format {kind!r}")
    limits = limits or Limits()
    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(ConfinedLoader(workspace_templates))
    loaders.append(jinja2.FileSystemLoader(SHIPPED))
    finalize = {"md": _finalize_markdown, "html": _finalize_markup, "xml": _finalize_markup, "text": _plain}[kind]
    env = LimitedEnvironment(
        limits.characters,
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=kind != "text",
        finalize=finalize,
        undefined=_recording() if check else BeraadUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache is not None else None,
    )
    env.globals.pop("lipsum", None)  # no use in a verslag, and n=10**6 is a CPU loop
    env.filters.update(FILTERS)
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


def problem(error: BaseException, name: str, env: jinja2.Environment | None = None) -> dict[str, Any]:
    """Classify an error from rendering template `name`: kind, file, line, the names
    involved (with what was probably meant, as `hint`), and the raw detail for the log.
    env: the environment it ran in, for the names of its templates."""
    detail = "".join(traceback.format_exception(error))
    found: dict[str, Any] = {"template": name, "file": None, "line": None, "detail": detail, "subject": ""}
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        found["file"], found["line"] = frames[-1].filename, frames[-1].lineno
    about = getattr(error, "beraad", None)
    if isinstance(about, dict):  # an undefined value: where it was looked up, not where it was used
        found.update({k: v for k, v in about.items() if v is not None})
    elif isinstance(error, jinja2.TemplateSyntaxError):
        found.update(kind="syntax", file=error.filename, line=error.lineno, subject=_syntax(error.message or ""))
        found.update(_nesting(found["subject"], error.source or "", error.lineno))
        if error.name:
            found["template"] = error.name
        unknown, _, what = found["subject"].partition(":")
        if unknown in ("filter", "test"):
            known = {"filter": [*jinja2.filters.FILTERS, *FILTERS], "test": list(jinja2.tests.TESTS)}[unknown]
            found["hint"] = closest(what, known)
    elif isinstance(error, jinja2.TemplateNotFound):
        found.update(kind="missing", subject=error.name or "")
        with contextlib.suppress(Exception):  # a loader that cannot list is no reason to fail
            found["hint"] = closest(str(error.name), env.list_templates() if env is not None else [])
    elif isinstance(error, jinja2.exceptions.SecurityError):
        match = re.search(r"attribute '([^']*)'", str(error))
        found.update(kind="unsafe", subject=match.group(1) if match else "")
    elif isinstance(error, jinja2.UndefinedError):
        message = str(error)
        match = re.search(r"has no attribute '([^']*)'", message) or re.search(r"'([^']*)' is undefined", message)
        found.update(kind="undefined", subject=match.group(1) if match else "")
    elif isinstance(error, UnicodeDecodeError):  # a template saved in another encoding than UTF-8
        found.update(kind="encoding")
    elif isinstance(error, OutsideTemplates):
        found.update(kind="outside", subject=error.target, template=error.name)
    elif isinstance(error, Overtime):
        found.update(kind="overtime")
    elif isinstance(error, OverflowError) and "range too big" in str(error).lower():
        found.update(kind="range")
    elif isinstance(error, MemoryError):
        found.update(kind="memory")
    elif isinstance(error, TooLarge | OverflowError):
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
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    tag = re.search(r"unknown tag '([^']*)'", message)
    if tag and innermost and (tag.group(1) in ("else", "elif") or tag.group(1).startswith("end")):
        return f"nest:{tag.group(1)}:{innermost.group(1)}"  # {% endif %} while a {% for %} is still open
    if tag and not innermost and tag.group(1).startswith("end"):
        return f"stray:{tag.group(1)}"  # {% endfor %} with no {% for %} open
    if "unknown tag" in lowered:
        match = re.search(r"unknown tag '([^']*)'", message)
        return f"tag:{match.group(1) if match else ''}"
    if "no filter named" in lowered or "no test named" in lowered:
        match = re.search(r"named '([^']*)'", message)
        return f"{'filter' if 'no filter' in lowered else 'test'}:{match.group(1) if match else ''}"
    if "unexpected end of template" in lowered:
        match = re.search(r"'end(\w+)'", message)
        return f"open:{match.group(1) if match else ''}"
    if "unexpected char '\"'" in lowered or 'unexpected char "\'"' in lowered:
        return "quote"
    if "unexpected '}'" in lowered or "unexpected '%'" in lowered or "unexpected char" in lowered:
        return "brace"
    if "expected token" in lowered:
        return "token"
    return "other"


# Tags that open a block which an {% end... %} closes ({% set x %}...{% endset %} only without "=").
_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "autoescape", "block", "set", "trans", "raw"})


def _nesting(subject: str, source: str, line: int) -> dict[str, Any]:
    """For a block left open, the line where it was opened: "open:for" becomes
    "open:for" at the line of that {% for %}, and "nest:endif:for" names it too."""
    kind, _, rest = subject.partition(":")
    if kind not in ("open", "nest") or not source:
        return {}
    tag, _, block = rest.rpartition(":")
    opened = _open_blocks(source, (line, tag) if kind == "nest" else None)
    lines = [at for tag, at in opened if tag == block]
    if not lines:
        return {}
    return {"line": lines[-1], "subject": f"{subject}:{line}"} if kind == "nest" else {"line": lines[-1]}


def _open_blocks(source: str, until: tuple[int, str] | None) -> list[tuple[str, int]]:
    """The blocks still open where the tag `until` = (line, tag) stands (None: at the
    end), outermost first."""
    try:
        tokens = [t for t in jinja2.Environment().lex(source) if t[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return []
    opened: list[tuple[str, int]] = []
    index = 0
    while index < len(tokens):
        line, kind, _ = tokens[index]
        if until is not None and line > until[0]:
            break
        if kind == "block_begin" and index + 1 < len(tokens) and tokens[index + 1][1] == "name":
            tag = str(tokens[index + 1][2])
            if until is not None and (line, tag) == until:
                break
            end = next((j for j in range(index + 1, len(tokens)) if tokens[j][1] == "block_end"), len(tokens))
            assigns = any(t[1] == "operator" and t[2] == "=" for t in tokens[index + 2 : end])
            if tag in _BLOCKS and not (tag == "set" and assigns):
                opened.append((tag, line))
            elif tag.startswith("end") and opened and opened[-1][0] == tag[3:]:
                opened.pop()
            index = end
        index += 1
    return opened


# The render process: jobs in on stdin, texts out on stdout, one JSON object per line.


def _jobs(request: dict[str, Any], limits: Limits) -> Iterator[dict[str, Any]]:
    """Render each job in turn. Normally the first problem ends the run; in a check run
    every job is tried and each reports what it found, and only the time limit or a
    full memory ends the run, since after them there is no time or memory to trust."""
    templates = Path(request["templates"]) if request.get("templates") else None
    cache = Path(request["cache"]) if request.get("cache") else None
    check = bool(request.get("check"))
    environments: dict[str, SandboxedEnvironment] = {}
    contexts: list[dict[str, Any]] = request["contexts"]
    for index, job in enumerate(request["jobs"]):
        yield {"begin": index}
        kind = job["kind"]
        if kind not in environments:
            environments[kind] = environment(kind, templates, limits, cache, check)
        env = environments[kind]
        context = {**contexts[job["context"]], **job.get("extra", {})}
        try:
            text = render(env, job["template"], context, limits)
        except Exception as error:
            found = problem(error, job["template"], env)
            yield {"problem": found, "index": index, "findings": _findings(env)}
            if not check or isinstance(error, Overtime | MemoryError):
                return
            continue
        yield {"done": index, "text": text, "findings": _findings(env)}


def _findings(env: SandboxedEnvironment) -> list[dict[str, Any]]:
    """What a check run noted while rendering the last job (and forget it)."""
    undefined = env.undefined
    noted = getattr(undefined, "findings", None)
    if not isinstance(noted, list):
        return []
    found = [{**f, "file": str(f["file"]) if f.get("file") else None} for f in noted]
    noted.clear()
    return found


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
        out.write(json.dumps({"problem": {"kind": "memory", "template": "", "detail": "MemoryError"}}) + "\n")
    finally:
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
    out.flush()
