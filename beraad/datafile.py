"""Load TOML data files that trainers edit into pydantic models.

Every problem is reported as ``file:line: message`` in Dutch, with the line of
the key or table that is wrong, so a trainer can fix the file without help.
tomllib gives line numbers for syntax errors only; for the rest we map the
validation error's location back to a line with a small scan of the text.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from beraad.errors import os_reason
from beraad.model.method import describe_character

Model = TypeVar("Model", bound=BaseModel)

# What the path segments are called in messages, by the key of the list they sit in.
_ITEM_NAMES = {"stappen": "stap", "velden": "veld", "routes": "route"}
# ...and the key that names an item, where it is not "id"
_ITEM_KEYS = {"routes": "adressaat"}

# The largest data file beraad reads. A method is copied into every session file, so a
# stray document pasted into it would travel everywhere; the shipped ones are 7-13 kB.
MAX_BYTES = 256_000
# How deep tables and lists may nest; a method nests 5 deep (stappen, velden, kolommen)
MAX_NESTING = 24


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
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # never more: a huge file is refused, not read
            if len(raw) > MAX_BYTES:
                size = max(len(raw), os.fstat(handle.fileno()).st_size)
                raise DataFileError([Problem(name, 1, _too_big(size))])
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is not an error
    except UnicodeDecodeError:
        raise DataFileError([Problem(name, 1, "het bestand is geen UTF-8-tekst")]) from None
    except OSError as error:
        raise DataFileError([Problem(name, 1, f"kan het bestand niet lezen: {os_reason(error)}")]) from None
    return parse(text, model, name)


def parse(text: str, model: type[Model], name: str) -> Model:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DataFileError([Problem(name, 1, _too_big(len(text.encode("utf-8", "surrogatepass"))))])
    too_deep = nesting_line(text, MAX_NESTING)
    if too_deep is not None:
        raise DataFileError([Problem(name, too_deep, _too_deep())])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError([_syntax_problem(error, text, name)]) from None
    except RecursionError:  # not reached within MAX_NESTING; a last line of defence
        raise DataFileError([Problem(name, 1, _too_deep())]) from None
    deepest = _data_depth(data)
    if deepest > MAX_NESTING:  # dotted keys and headers nest without brackets: a.b.c.d… = 1
        lines = key_lines(text)
        deepest_key = max(lines, key=len, default=())
        raise DataFileError([Problem(name, lines.get(deepest_key, 1), _too_deep())])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        lines = key_lines(text)
        problems = [_problem(e, data, lines, name, model) for e in error.errors()]
        raise DataFileError(sorted(set(problems), key=lambda p: p.line)) from None


def _too_deep() -> str:
    return (
        f"de gegevens zijn te diep genest (meer dan {MAX_NESTING} lagen haakjes [ ] en {{ }} of delen "
        "van een sleutel a.b.c); zo diep gaat geen methode of instelling. Staan er haakjes te veel, of "
        "wordt er een niet gesloten?"
    )


_SPECIAL = re.compile(r"[\"'#\[\]{}\n]")
_BASIC = re.compile(r'(?:[^"\\\n]|\\.)*"')
_BASIC_LONG = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)


def nesting_line(text: str, limit: int) -> int | None:
    """The line where arrays and inline tables nest deeper than limit, or None. Strings
    and comments are skipped; tomllib reads nesting by recursion, so a 1 kB file of
    [[[[… would otherwise end in a RecursionError instead of a message."""
    at, depth, line = 0, 0, 1
    while (found := _SPECIAL.search(text, at)) is not None:
        at, char = found.start(), found.group()
        if char == "\n":
            line, at = line + 1, at + 1
        elif char == "#":
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
        elif char in "[{":
            depth, at = depth + 1, at + 1
            if depth > limit:
                return line
        elif char in "]}":
            depth, at = depth - 1, at + 1
        else:
            closed = _string_end(text, at, char)
            if closed is None:
                return None  # an open string: tomllib says where
            line += text.count("\n", at, closed)
            at = closed
    return None


def _string_end(text: str, at: int, quote: str) -> int | None:
    """Where the string that starts at text[at] ends (just after its closing quote)."""
    if text.startswith(quote * 3, at):
        if quote == "'":
            end = text.find("'''", at + 3)
            return None if end < 0 else end + 3
        long = _BASIC_LONG.match(text, at + 3)
        return long.end() if long else None
    if quote == "'":
        end = text.find("'", at + 1)
        return None if end < 0 or "\n" in text[at:end] else end + 1
    short = _BASIC.match(text, at + 1)
    return short.end() if short else None


def _data_depth(data: Any) -> int:
    """How deep tables and lists nest in parsed data (without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        todo += [(child, depth + 1) for child in children if isinstance(child, dict | list)]
    return deepest


def _too_big(size: int) -> str:
    return (
        f"het bestand is te groot ({_size(size)}; hoogstens {_size(MAX_BYTES)}). "
        "Staat er een heel document in? Zet lange teksten in een apart document en verwijs ernaar."
    )


def _size(size: int) -> str:
    """Bytes in decimal units with a Dutch decimal comma: 256 kB, 10,5 MB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    if size >= 1_000:
        return f"{size // 1_000} kB"
    return f"{size} bytes"


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, name: str) -> Problem:
    """tomllib's English message, as a Dutch one at the same line and column."""
    raw = str(error)
    detail = getattr(error, "msg", None) or re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", raw)
    message = _dutch_syntax(detail)
    where = re.search(r"\(at line (\d+), column (\d+)\)$", raw)
    if where:
        line, column = int(where[1]), int(where[2])
        if detail == "Unclosed array":  # tomllib points at the next item; the comma is missing before it
            line, column = _end_of_previous_item(text.splitlines(), line, column)
        return Problem(name, line, f"geen geldige TOML bij kolom {column}: {message}")
    if raw.endswith("(at end of document)"):
        return Problem(
            name, max(1, len(text.splitlines())), f"geen geldige TOML aan het eind van het bestand: {message}"
        )
    return Problem(name, 1, f"geen geldige TOML: {message}")


def _character(quoted: str) -> str:
    """A character as tomllib quotes it ('\\n', '\\x01'), named in Dutch."""
    try:
        char = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        return "een ongeldig teken"
    if not isinstance(char, str) or len(char) != 1:
        return "een ongeldig teken"
    return describe_character(char)


def _end_of_previous_item(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """Where an item of a list spread over lines ends, when tomllib stopped at the next one."""
    if line > len(lines) or lines[line - 1][: column - 1].strip():
        return line, column
    for number in range(line - 1, 0, -1):
        previous = lines[number - 1].rstrip()
        if previous.strip() and not previous.lstrip().startswith("#"):
            return number, len(previous) + 1
    return line, column


def _literal(quoted: str) -> str:
    """A text as tomllib quotes it, "'''", without the quotes around it."""
    try:
        return str(ast.literal_eval(quoted))
    except (ValueError, SyntaxError):
        return quoted


def _key(quoted: str) -> str:
    """A key path as tomllib shows it, ('stappen', 'velden'), written as stappen.velden."""
    try:
        parts = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        return quoted
    return ".".join(map(str, parts)) if isinstance(parts, tuple) else str(parts)


def _dutch_syntax(detail: str) -> str:
    for pattern, explain in _TOML_MESSAGES:
        found = re.fullmatch(pattern, detail)
        if found:
            return explain(found)
    return "de opbouw van het bestand klopt hier niet; vergelijk deze regel met een bestand dat wel werkt"


def _illegal(found: re.Match[str]) -> str:
    if _character(found["char"]) == "een regeleinde":
        return (
            "de tekst wordt op deze regel niet afgesloten: het afsluitende aanhalingsteken ontbreekt "
            '(tekst over meer regels zet je tussen """ en """)'
        )
    return f"{_character(found['char'])} mag niet in een tekst staan; haal het weg (vaak onzichtbaar meegekopieerd)"


# tomllib's messages (CPython 3.11-3.13, Lib/tomllib/_parser.py), most specific first.
_TOML_MESSAGES: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (
        r"Invalid value",
        lambda m: (
            'ongeldige waarde: zet tekst tussen aanhalingstekens ("zo"), '
            "een getal zonder aanhalingstekens en een lijst tussen [ en ]"
        ),
    ),
    (r"Illegal character (?P<char>.+)", _illegal),
    (
        r"Found invalid character (?P<char>.+)",
        lambda m: (
            "de tekst tussen enkele aanhalingstekens wordt op deze regel niet afgesloten: de afsluitende ' ontbreekt"
            if _character(m["char"]) == "een regeleinde"
            else f"{_character(m['char'])} mag hier niet staan; haal het weg (vaak onzichtbaar meegekopieerd)"
        ),
    ),
    (r"Unterminated string", lambda m: "een tekst wordt niet afgesloten: het afsluitende aanhalingsteken ontbreekt"),
    (
        r"Cannot overwrite a value",
        lambda m: (
            "deze sleutel heeft al een waarde; een sleutel mag in een stap, veld of tabel maar één keer voorkomen"
        ),
    ),
    (
        r"Cannot declare (?P<key>.+) twice",
        lambda m: (
            f"de kop [{_key(m['key'])}] staat twee keer in het bestand; "
            f"voor een lijst van tabellen schrijf je [[{_key(m['key'])}]]"
        ),
    ),
    (
        r"Unclosed array",
        lambda m: "de lijst loopt hier niet goed verder: zet een komma tussen de onderdelen en sluit af met ]",
    ),
    (
        r"Unclosed inline table",
        lambda m: (
            "de tabel tussen { } loopt hier niet goed verder: zet een komma tussen de onderdelen "
            "en sluit af met } op dezelfde regel"
        ),
    ),
    (
        r"Duplicate inline table key (?P<key>.+)",
        lambda m: f"de sleutel {m['key']} staat twee keer in dezelfde tabel tussen {{ }}",
    ),
    (
        r"Expected '=' after a key in a key/value pair",
        lambda m: (
            "na de sleutel hoort '=' te staan, zoals in titel = \"...\"; "
            "een sleutel zonder aanhalingstekens heeft geen spaties"
        ),
    ),
    (
        r"Invalid initial character for a key part",
        lambda m: (
            "hier hoort een sleutel te beginnen: letters, cijfers, '-' en '_', of een naam tussen aanhalingstekens"
        ),
    ),
    (
        r"Invalid statement",
        lambda m: "deze regel is geen sleutel = waarde, geen kop zoals [[stappen]] en geen commentaar (#)",
    ),
    (
        r"Expected newline or end of document after a statement",
        lambda m: (
            "na de waarde mag op deze regel alleen nog commentaar staan (na #); "
            "zet een volgende sleutel op een nieuwe regel"
        ),
    ),
    (r"Expected '\]' at the end of a table declaration", lambda m: "de kop mist de afsluitende ]"),
    (r"Expected '\]\]' at the end of an array declaration", lambda m: "de kop mist de afsluitende ]]"),
    (
        r"Expected (?P<what>.+)",
        lambda m: (
            "een tekst tussen enkele aanhalingstekens wordt niet afgesloten: "
            f"de afsluitende {_literal(m['what'])} ontbreekt"
        ),
    ),
    (
        r"Cannot mutate immutable namespace (?P<key>.+)",
        lambda m: (
            f"'{_key(m['key'])}' is al helemaal gegeven (als lijst of als tabel tussen {{ }}) "
            "en kan hier niet worden aangevuld"
        ),
    ),
    (
        r"Cannot redefine namespace (?P<key>.+)",
        lambda m: f"'{_key(m['key'])}' is al als tabel gegeven en kan hier niet opnieuw worden gedefinieerd",
    ),
    (
        r"Unescaped '\\' in a string",
        lambda m: (
            "een \\ in een tekst tussen dubbele aanhalingstekens schrijf je dubbel (\\\\), "
            "of zet de tekst tussen enkele aanhalingstekens"
        ),
    ),
    (
        r"Invalid hex value",
        lambda m: "een \\u- of \\U-code in een tekst heeft niet het goede aantal tekens (\\u met 4, \\U met 8)",
    ),
    (
        r"Escaped character is not a Unicode scalar value",
        lambda m: "een \\u- of \\U-code in een tekst is geen bestaand teken",
    ),
    (r"Invalid date or datetime", lambda m: "ongeldige datum of tijd"),
]


def _problem(
    error: Any, data: dict[str, Any], lines: dict[tuple[Any, ...], int], name: str, model: type[BaseModel]
) -> Problem:
    path, context = _walk(data, error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    key = str(path[-1]) if path and isinstance(path[-1], str) else ""
    label = f"'{key}' " if key else ""
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str) and path[-2] not in _ITEM_NAMES:
        label = f"'{path[-2]}' (nr. {path[-1] + 1}) "  # one item of a list such as vragen
    if "at" in ctx:  # our own checks say where in the file they point
        path = (*path, *ctx["at"])
    elif kind == "union_tag_invalid":
        path = (*path, "soort")
    line = _line_of(path, lines)
    return Problem(name, line, _message(kind, key, label, ctx, error, context, model))


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
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
                names.append(f"{noun} '{_shown(ident)}'" if isinstance(ident, str) else f"{noun} {part + 1}")
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


def _shown(ident: str) -> str:
    """An id as a message may show it: no invisible characters, not too long."""
    visible = "".join(c if c.isprintable() else "?" for c in ident)
    return visible if len(visible) <= 40 else visible[:40] + "…"


def _line_of(path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _known_keys(model: type[BaseModel]) -> list[str]:
    """Every key the format knows, for a 'did you mean' hint on an unknown key."""
    return sorted({info.alias or name for cls in _models(model) for name, info in cls.model_fields.items()})


def _owner_of(key: str, model: type[BaseModel]) -> str:
    """Where a key that is known, but not where it stands, belongs: '' for a key unknown
    everywhere. Uses the titles the models give themselves ("stap", "veld: tabel")."""
    owners = [cls for cls in _models(model) if key in {i.alias or n for n, i in cls.model_fields.items()}]
    titles = [str(cls.model_config.get("title") or "") for cls in owners]
    kinds = sorted(t.removeprefix("veld: ") for t in titles if t.startswith("veld: "))
    if not titles or not all(titles):
        return ""
    if len(kinds) == len(titles):
        return f"een veld van soort {' of '.join(kinds)}"
    if titles == ["stap"]:
        tip = f"; schrijf [[stappen.{key}]] onder de stap waar het bij hoort" if key == "velden" else ""
        return f"een stap ([[stappen]]){tip}"
    if titles == ["beraad methode"]:
        return "de methode zelf: zet hem bovenaan, vóór de eerste [[stappen]]"
    return ""


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


def _message(
    kind: str, key: str, label: str, ctx: dict[str, Any], error: Any, context: str, model: type[BaseModel]
) -> str:
    where = f"{context}: " if context else ""
    if kind == "missing":
        return f"{context} mist '{key}'" if context else f"mist '{key}'"
    if kind == "extra_forbidden":
        owner = _owner_of(key, model)
        if owner:
            return f"{where}'{key}' hoort hier niet: het is een sleutel van {owner}"
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
    if kind == "text_character":
        return f"{where}{label}{error['msg']}"
    if kind == "string_too_long":
        length = len(error["input"]) if isinstance(error.get("input"), str) else 0
        return f"{where}{label}is te lang ({_number(length)} tekens; hoogstens {_number(ctx['max_length'])})"
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
        "literal_error": "moet een van deze zijn: {expected}",
        "string_pattern_mismatch": "mag alleen kleine letters, cijfers, '-' en '_' bevatten",
    }
    if kind == "too_short" and ctx.get("min_length") == 1:
        kind = "string_too_short"
    template = templates.get(kind)
    if template is None:
        return f"{where}{label}is ongeldig ({error['msg']})"
    return f"{where}{label}{template.format(**{k: v for k, v in ctx.items()})}"


def _number(value: int) -> str:
    """A whole number with Dutch thousands separators: 20.000."""
    return f"{value:,}".replace(",", ".")


_HEADER = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$"""
)


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map key paths, with list indices as pydantic reports them, to 1-based lines."""
    lines: dict[tuple[Any, ...], int] = {}
    counts: dict[tuple[Any, ...], int] = {}
    table: tuple[Any, ...] = ()
    closer: str | None = None  # end marker of a multi-line string or array
    array_key: tuple[Any, ...] | None = None
    array_index = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if closer == "]":
            if line and not line.startswith("#") and line[0] in "{\"'[0123456789-tf":
                lines.setdefault((*(array_key or ()), array_index), number)
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
            if line.startswith("[["):
                lines.setdefault(table[:-1], number)  # the list of tables itself: its first header
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


def _resolve(names: tuple[Any, ...], counts: dict[tuple[Any, ...], int], is_array: bool) -> tuple[Any, ...]:
    path: tuple[Any, ...] = ()
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
