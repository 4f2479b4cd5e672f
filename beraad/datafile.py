"""Load TOML data files that trainers edit into pydantic models.

Every problem is reported as ``file:line: message`` in Dutch, with the line of
the key or table that is wrong, so a trainer can fix the file without help.
tomllib gives line numbers for syntax errors only; for the rest we map the
validation error's location back to a line with a small scan of the text.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)

# What the path segments are called in messages, by the key of the list they sit in.
_ITEM_NAMES = {"stappen": "stap", "velden": "veld", "routes": "route"}
# ...and the key that names an item, where it is not "id"
_ITEM_KEYS = {"routes": "adressaat"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataFileError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load(path: Path, model: type[Model], shown_as: str | None = None) -> Model:
    """Read and validate one file; raises DataFileError with every problem found."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError([Problem(name, 1, "het bestand is geen UTF-8-tekst")]) from None
    except OSError as error:
        raise DataFileError([Problem(name, 1, f"kan het bestand niet lezen ({error.strerror})")]) from None
    return parse(text, model, name)


def parse(text: str, model: type[Model], name: str) -> Model:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError([_syntax_problem(error, name)]) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        lines = key_lines(text)
        problems = [_problem(e, data, lines, name, model) for e in error.errors()]
        raise DataFileError(sorted(set(problems), key=lambda p: p.line)) from None


def _syntax_problem(error: tomllib.TOMLDecodeError, name: str) -> Problem:
    where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    detail = re.sub(r"\s*\(at line.*\)$", "", str(error))
    if where:
        line, column = int(where[1]), int(where[2])
        return Problem(name, line, f"geen geldige TOML bij kolom {column} ({detail})")
    return Problem(name, 1, f"geen geldige TOML ({detail})")


def _problem(error: Any, data: dict, lines: dict[tuple, int], name: str, model: type[BaseModel]) -> Problem:
    path, context = _walk(data, error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    key = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if "at" in ctx:  # our own checks say where in the file they point
        path = (*path, *ctx["at"])
    elif kind == "union_tag_invalid":
        path = (*path, "soort")
    line = _line_of(path, lines)
    return Problem(name, line, _message(kind, key, ctx, error, context, model))


def _walk(data: Any, loc: tuple) -> tuple[tuple, str]:
    """Follow a pydantic location through the data: the real path (without the
    tags pydantic adds for tagged unions) and a context like "stap 'dilemma': veld 'opties'"."""
    path: list[Any] = []
    names: list[str] = []
    node = data
    parent_key = ""
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            path.append(part)
            node = node[part]
            noun = _ITEM_NAMES.get(parent_key)
            if noun:
                ident = node.get(_ITEM_KEYS.get(parent_key, "id")) if isinstance(node, dict) else None
                names.append(f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} {part + 1}")
        elif isinstance(node, dict) and part in node:
            path.append(part)
            parent_key = part
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part == node.get("soort"):
            continue  # the tag of a tagged union, not a key in the file
        else:
            path.append(part)
            node = None
    return tuple(path), ": ".join(names)


def _line_of(path: tuple, lines: dict[tuple, int]) -> int:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _known_keys(model: type[BaseModel]) -> list[str]:
    """Every key the format knows, for a 'did you mean' hint on an unknown key."""
    return sorted({info.alias or name for cls in _models(model) for name, info in cls.model_fields.items()})


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model nested in it."""
    found: list[type[BaseModel]] = []
    todo = [model]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.append(cls)
        for info in cls.model_fields.values():
            todo.extend(_nested(info.annotation))
    return found


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested(arg)]


def _message(kind: str, key: str, ctx: dict, error: Any, context: str, model: type[BaseModel]) -> str:
    where = f"{context}: " if context else ""
    if kind == "missing":
        return f"{context} mist '{key}'" if context else f"mist '{key}'"
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(key, _known_keys(model), n=1)
        tip = f"; bedoel je '{hint[0]}'?" if hint else ""
        return f"{where}onbekende sleutel '{key}'{tip}"
    if kind == "union_tag_invalid":
        return f"{where}onbekende soort '{ctx.get('tag')}'; kies uit: {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"{context} mist 'soort'" if context else "mist 'soort'"
    if kind in ("definition", "value_error", "assertion_error"):
        message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return f"{where}{message}"
    label = f"'{key}' " if key else ""
    templates = {
        "int_type": "moet een heel getal zijn",
        "int_parsing": "moet een heel getal zijn",
        "int_from_float": "moet een heel getal zijn",
        "string_type": "moet tekst zijn (tussen aanhalingstekens)",
        "list_type": 'moet een lijst zijn, zoals ["a", "b"]',
        "dict_type": "moet een tabel zijn",
        "model_type": "moet een tabel zijn",
        "bool_type": "moet true of false zijn",
        "greater_than_equal": "moet minstens {ge} zijn",
        "greater_than": "moet groter zijn dan {gt}",
        "less_than_equal": "mag hoogstens {le} zijn",
        "less_than": "moet kleiner zijn dan {lt}",
        "too_short": "moet minstens {min_length} onderdelen hebben",
        "too_long": "mag hoogstens {max_length} onderdelen hebben",
        "string_too_short": "mag niet leeg zijn",
        "string_too_long": "is te lang (hoogstens {max_length} tekens)",
        "literal_error": "moet een van deze zijn: {expected}",
        "string_pattern_mismatch": "mag alleen kleine letters, cijfers, '-' en '_' bevatten",
    }
    if kind == "too_short" and ctx.get("min_length") == 1:
        kind = "string_too_short"
    template = templates.get(kind)
    if template is None:
        return f"{where}{label}is ongeldig ({error['msg']})"
    return f"{where}{label}{template.format(**{k: v for k, v in ctx.items()})}"


_HEADER = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$"""
)


def key_lines(text: str) -> dict[tuple, int]:
    """Map key paths, with list indices as pydantic reports them, to 1-based lines."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple = ()
    closer: str | None = None  # end marker of a multi-line string or array
    array_key: tuple | None = None
    array_index = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if closer == "]":
            if line and not line.startswith("#") and line[0] in "{\"'[0123456789-tf":
                lines.setdefault((*array_key, array_index), number)
                array_index += 1
            if _depth(line) < 0 or line.startswith("]"):
                closer = None
            continue
        if closer:
            if closer in line:
                closer = None
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header and line.startswith("["):
            names = tuple(_unquote(n) for n in header[1].split("."))
            table = _resolve(names, counts, line.startswith("[["))
            lines[table] = number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*table, *(_unquote(k) for k in key[1].split(".")))
        lines[path] = number
        value = key[2].strip()
        for quote in ('"""', "'''"):
            if value.startswith(quote) and value.count(quote) == 1:
                closer = quote
        if value.startswith("[") and _depth(value) > 0:
            closer, array_key, array_index = "]", path, 0
            inner = value[1:].strip()
            if inner and not inner.startswith("#"):
                lines.setdefault((*path, 0), number)
                array_index = 1
    return lines


def _resolve(names: tuple, counts: dict[tuple, int], is_array: bool) -> tuple:
    path: tuple = ()
    for position, name in enumerate(names):
        path = (*path, name)
        if is_array and position == len(names) - 1:
            counts[path] = counts.get(path, -1) + 1
            path = (*path, counts[path])
        elif path in counts:
            path = (*path, counts[path])
    return path


def _depth(text: str) -> int:
    without_strings = re.sub(r'"(?:\\.|[^"\\])*"|\'[^\']*\'', "", text.split("#")[0])
    return without_strings.count("[") - without_strings.count("]")


def _unquote(name: str) -> str:
    return name.strip().strip('"').strip("'")
