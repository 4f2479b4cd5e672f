"""What can be seen of a workspace's templates without rendering them: which files
override a shipped template and which are never used, what each includes or imports,
and the names, attributes and templates a template asks for that cannot be there.

Reading a template is parsing, not running it: nothing here runs a trainer's code (the
render process does that, see render.check). The findings are the same dicts the
render process reports, so they become the same Dutch sentences (render.what).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2 import meta, nodes

from beraad.report import sandbox

SHIPPED = sandbox.SHIPPED
MAX_BYTES = 1_000_000  # a template larger than this is no template: not read
# Names every template may use besides its data: Jinja's own and the environment's.
ALWAYS = frozenset({"loop", "caller", "varargs", "kwargs", "self", "super", "true", "false", "none"})


def shipped_names() -> list[str]:
    """Every shipped template, as the loader names it: "verslag.md.j2", "docx/word/styles.xml.j2"."""
    return sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*.j2") if p.is_file())


def own_names(folder: Path) -> list[str]:
    """The files in a workspace's templates/ (and its subfolders), as the loader would
    name them; hidden files and editor backups ("x~", "#x#") are not templates."""
    if not folder.is_dir():
        return []
    found = []
    shipped = set(shipped_names())  # docx/_rels/.rels.j2 is one, though its name starts with "."
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        hidden = any(part.startswith(".") for part in relative.parts) and relative.as_posix() not in shipped
        if hidden or not path.is_file():
            continue
        if path.name.endswith("~") or (path.name.startswith("#") and path.name.endswith("#")):
            continue
        found.append(relative.as_posix())
    return sorted(found)


def kind_of(name: str) -> str:
    """The output format a template writes, by its name (which environment reads it)."""
    if name.startswith("docx/") or name.endswith((".xml.j2", ".docx.j2", ".rels.j2")):
        return "xml"
    if name.endswith(".html.j2"):
        return "html"
    if name.endswith(".md.j2"):
        return "md"
    return "text"


def meant(name: str, candidates: Iterable[str]) -> str:
    """The shipped template a misnamed file was probably meant to replace: by the whole
    name ("verlsag.md.j2", "verslag.md"), or by the file name in another folder
    ("styles.xml.j2" for "docx/word/styles.xml.j2")."""
    options = sorted(candidates)
    folded = {c.casefold(): c for c in options}
    match = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.75)
    if match:
        return folded[match[0]]
    base = PurePosixPath(name).name.casefold()
    by_file = [c for c in options if PurePosixPath(c).name.casefold() in (base, f"{base}.j2")]
    if len(by_file) == 1:
        return by_file[0]
    match = difflib.get_close_matches(base, [PurePosixPath(c).name.casefold() for c in options], n=1, cutoff=0.75)
    if match:
        named = [c for c in options if PurePosixPath(c).name.casefold() == match[0]]
        return named[0] if len(named) == 1 else ""
    return ""


@dataclass
class Parsed:
    """One template read: its file, whether it is the workspace's own, its syntax tree
    (None when it does not parse: then `error` says why)."""

    name: str
    path: Path
    own: bool
    tree: nodes.Template | None = None
    error: BaseException | None = None
    references: list[tuple[str, int]] = field(default_factory=list)  # (template, line), names known statically


_SHIPPED_PARSED: dict[tuple[str, int, int], Parsed] = {}


class Library:
    """The templates a workspace renders with: its own templates/ over the shipped
    ones, file by file, read once each."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._parsed: dict[str, Parsed | None] = {}
        self._environments: dict[str, jinja2.Environment] = {}

    def environment(self, kind: str) -> jinja2.Environment:
        if kind not in self._environments:
            self._environments[kind] = sandbox.environment(kind, self.folder)
        return self._environments[kind]

    def exists(self, name: str) -> bool:
        return self.locate(name) is not None

    def locate(self, name: str) -> tuple[Path, bool] | None:
        if self.folder is not None and (self.folder / name).is_file():
            return self.folder / name, True
        if (SHIPPED / name).is_file():
            return SHIPPED / name, False
        return None

    def parsed(self, name: str) -> Parsed | None:
        """The template as the loader would find it (None when there is no such file)."""
        if name not in self._parsed:
            self._parsed[name] = self._read(name)
        return self._parsed[name]

    def _read(self, name: str) -> Parsed | None:
        found = self.locate(name)
        if found is None:
            return None
        path, own = found
        if own:
            return self._parse(name, path, own)
        stat = path.stat()  # a shipped template is read once per process (and again if it changed)
        key = (name, stat.st_mtime_ns, stat.st_size)
        if key not in _SHIPPED_PARSED:
            _SHIPPED_PARSED[key] = self._parse(name, path, own)
        return _SHIPPED_PARSED[key]

    def _parse(self, name: str, path: Path, own: bool) -> Parsed:
        parsed = Parsed(name, path, own)
        env = self.environment(kind_of(name))
        try:
            target = sandbox.outside(self.folder, name) if own and self.folder is not None else None
            if target is not None:
                raise sandbox.OutsideTemplates(name, target)
            if path.stat().st_size > MAX_BYTES:
                raise sandbox.TooLarge(f"{path} is larger than {MAX_BYTES} bytes")
            source = path.read_text(encoding="utf-8")
            env.compile(source, name, str(path))  # what the loader would do: syntax, unknown filters and tests
            parsed.tree = env.parse(source, name, str(path))
        except Exception as error:  # every way a template fails to load is a finding for the trainer
            parsed.error = error
            return parsed
        parsed.references = references(parsed.tree)
        return parsed

    def closure(self, names: Iterable[str]) -> set[str]:
        """The templates these templates use, directly or through others (including themselves)."""
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            parsed = self.parsed(name)
            if parsed is not None:
                todo += [reference for reference, _ in parsed.references]
        return seen


def references(tree: nodes.Template) -> list[tuple[str, int]]:
    """The templates this one includes, imports or extends by a fixed name, with the line."""
    found = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        target = getattr(node, "template", None)
        names = [target] if isinstance(target, nodes.Const) else getattr(target, "items", [])
        for item in names:
            if isinstance(item, nodes.Const) and isinstance(item.value, str):
                found.append((item.value, node.lineno))
    return found


def missing_references(parsed: Parsed, library: Library) -> list[dict[str, Any]]:
    """Includes and imports of templates that exist nowhere (also in a part of the
    template the sample data does not reach)."""
    assert parsed.tree is not None
    optional = {
        id(node.template)
        for node in parsed.tree.find_all(nodes.Include)
        if node.ignore_missing  # {% include "x" ignore missing %}
    }
    known = sorted({*shipped_names(), *(own_names(library.folder) if library.folder else [])})
    found = []
    for node in parsed.tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        target = getattr(node, "template", None)
        if id(target) in optional or not isinstance(target, nodes.Const) or not isinstance(target.value, str):
            continue
        if not library.exists(target.value):
            hint = sandbox.closest(target.value, known)
            found.append(_finding(parsed, "missing", target.value, node.lineno, hint=hint))
    return found


def undeclared(parsed: Parsed, known: set[str]) -> list[dict[str, Any]]:
    """Names the template reads that are neither in the data it receives (known) nor
    set in the template itself, each at every line where it is read."""
    assert parsed.tree is not None
    tree = parsed.tree
    unknown = meta.find_undeclared_variables(tree) - known - ALWAYS
    guarded = {  # {% if x is defined %}: the template knows x may be missing
        test.node.name
        for test in tree.find_all(nodes.Test)
        if test.name in ("defined", "undefined") and isinstance(test.node, nodes.Name)
    }
    candidates = sorted(known | declared(tree))
    found = []
    for name in sorted(unknown - guarded):
        stored = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name and n.ctx != "load"]
        lines = sorted(
            {
                n.lineno
                for n in tree.find_all(nodes.Name)
                if n.name == name and n.ctx == "load" and not any(s < n.lineno for s in stored)
            }
        )
        hint = sandbox.closest(name, candidates)
        found += [_finding(parsed, "undefined", name, line, hint=hint) for line in lines]
    return found


def refused(parsed: Parsed) -> list[dict[str, Any]]:
    """Attributes the sandbox always refuses: any name that starts with "_"."""
    assert parsed.tree is not None
    found = []
    for node in parsed.tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(getattr(node, "arg", None), "value", None)
        if isinstance(name, str) and name.startswith("_"):
            found.append(_finding(parsed, "unsafe", name, node.lineno))
    return found


def declared(tree: nodes.Template) -> set[str]:
    """Every name the template sets: {% set %}, loop variables, macros and their
    parameters, imports."""
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx != "load"}
    names |= {m.name for m in tree.find_all(nodes.Macro)}
    names |= {i.target for i in tree.find_all(nodes.Import)}
    for imported in tree.find_all(nodes.FromImport):
        names |= {n[1] if isinstance(n, tuple) else n for n in imported.names}
    return names


def _finding(parsed: Parsed, kind: str, subject: str, line: int, hint: str = "") -> dict[str, Any]:
    return {
        "kind": kind,
        "subject": subject,
        "template": parsed.name,
        "file": str(parsed.path),
        "line": line,
        "hint": hint,
        "detail": "",
    }
