"""Find, load and check method files: the shipped ones and the workspace's own."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beraad import datafile, files
from beraad.errors import BeraadError, os_reason
from beraad.model.method import Method
from beraad.text import visible

DEFAULT_METHOD = "dilemmamethode"
# The schema beside the method files, and the first line of every method file that points
# an editor at it (taplo / Even Better TOML read "#:schema", relative to the file).
SCHEMA_FILE = "methode.schema.json"
SCHEMA_DIRECTIVE = f"#:schema ./{SCHEMA_FILE}"


def shipped_dir() -> Path:
    """The methods that come with beraad: inside the installed package, or the
    repository's methods/ folder when running from a clone (editable install)."""
    package = Path(__file__).resolve().parent
    installed = package / "_shipped" / "methods"
    return installed if installed.is_dir() else package.parent / "methods"


@dataclass(frozen=True)
class MethodFile:
    path: Path
    method: Method


@dataclass(frozen=True)
class BrokenMethod:
    path: Path
    problems: list[datafile.Problem]

    @property
    def message(self) -> str:
        return "\n".join(map(str, self.problems))


@dataclass
class Catalog:
    """The methods a workspace can use. A broken file is listed, never fatal."""

    methods: list[MethodFile] = field(default_factory=list)
    broken: list[BrokenMethod] = field(default_factory=list)

    def get(self, method_id: str) -> Method | None:
        return next((m.method for m in self.methods if m.method.id == method_id), None)


def load(path: Path) -> Method:
    """One method file; raises datafile.DataFileError with file:line messages."""
    return datafile.load(path, Method, shown_as=shown_path(path))


def shown_path(path: Path) -> str:
    """A file as the user knows it: relative to the current folder where it is in it. A
    symlink is named as itself, not as where it leads."""
    cwd = Path.cwd()
    for candidate in (Path(os.path.abspath(path)), Path(os.path.abspath(path.parent)).resolve() / path.name):
        if candidate.is_relative_to(cwd):
            return str(candidate.relative_to(cwd))
    return str(path)


def _folders(workspace_methods: Path | None) -> list[Path]:
    folders = [shipped_dir()]
    if workspace_methods is not None and workspace_methods.resolve() != folders[0].resolve():
        folders.append(workspace_methods)
    return folders


def stamp(workspace_methods: Path | None) -> tuple[object, ...]:
    """Changes whenever a method file is added, removed or written: a running app reads
    the methods again before the next session instead of starting it from an old copy."""
    return tuple(
        (path, files.file_stamp(path))
        for folder in _folders(workspace_methods)
        for path in (sorted(folder.glob("*.toml")) if folder.is_dir() else [])
    )


def catalog(workspace_methods: Path | None) -> Catalog:
    """Shipped methods, then the workspace's; a workspace file with the same id wins."""
    found = Catalog()
    by_id: dict[str, MethodFile] = {}
    for folder in _folders(workspace_methods):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                method = load(path)
            except datafile.DataFileError as error:
                found.broken.append(BrokenMethod(path, error.problems))
                continue
            by_id[method.id] = MethodFile(path, method)
    found.methods = sorted(by_id.values(), key=lambda m: (m.method.id != DEFAULT_METHOD, m.method.title))
    return found


def check(paths: list[Path]) -> list[datafile.Problem]:
    problems: list[datafile.Problem] = []
    for path in paths:
        try:
            load(path)
        except datafile.DataFileError as error:
            problems.extend(error.problems)
    return problems


def schema() -> str:
    """The JSON Schema of the method format, with the Dutch keys of the files and a Dutch
    description and example for every key (what an editor shows while a trainer types)."""
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Method.model_json_schema(by_alias=True)}
    _by_kind(document, document["$defs"])
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _by_kind(node: object, definitions: dict[str, Any]) -> None:
    """The kinds of field as if/then per 'soort' instead of pydantic's oneOf: an editor then
    says which key is wrong in a field ("'schade' was unexpected") instead of flagging the
    whole field as matching none of nine shapes, and still offers every key while typing."""
    if isinstance(node, list):
        for item in node:
            _by_kind(item, definitions)
        return
    if not isinstance(node, dict):
        return
    if "oneOf" in node and "discriminator" in node:
        mapping: dict[str, str] = node["discriminator"]["mapping"]
        keys: dict[str, Any] = {}
        for ref in mapping.values():
            for key, about in definitions[ref.rsplit("/", 1)[-1]]["properties"].items():
                keys.setdefault(key, about)
        keys["soort"] = {"type": "string", "enum": sorted(mapping), "description": "Soort veld.", "examples": ["tekst"]}
        node.clear()
        node.update(
            type="object",
            required=["soort"],
            properties=keys,
            allOf=[
                {"if": {"properties": {"soort": {"const": kind}}, "required": ["soort"]}, "then": {"$ref": ref}}
                for kind, ref in mapping.items()
            ],
        )
        return
    for value in node.values():
        _by_kind(value, definitions)


def write_schema(path: Path, workspace_root: Path | None = None) -> None:
    """Write the schema file (e.g. methods/methode.schema.json, which SCHEMA_DIRECTIVE names);
    never through a symlink out of the workspace."""
    try:
        files.private_dir(path.absolute().parent, within=workspace_root)
        files.atomic_write(path, schema().encode("utf-8"), within=workspace_root)
    except OSError as error:
        raise BeraadError(f"Het schema kon niet in {path} worden geschreven: {os_reason(error)}.") from error


# What a copy made by `beraad methods new` starts with: the schema line and what the keys mean.
_HEADER = """\
{directive}
# {title}: een eigen methode, gemaakt met 'beraad methods new' als kopie van
# '{source}' (versie {source_version}). Pas hem aan voor jouw teams.
#
# Zo werkt dit bestand. De sleutels zijn Nederlands; dankzij de eerste regel geeft een
# editor met TOML-ondersteuning (zoals VS Code met Even Better TOML) uitleg en een
# voorbeeld bij elke sleutel terwijl je typt.
#
#   id           naam van de methode: kleine letters, cijfers, '-' en '_'
#   versie       verhoog haar als je de stappen verandert (1.0 wordt 1.1); het verslag
#                noemt haar en 'beraad methods check' waarschuwt als je het vergeet
#   titel        zoals iedereen de methode ziet; beschrijving, bronnen en spelregels erbij
#   minuten      (mag weg) de totale duur: de som van de minuten van de stappen
#   [[stappen]]  elke stap, in volgorde: id, titel, soort ("ronde" of "kader"), minuten,
#                doel, vragen (voor de gespreksleider) en aandachtspunten
#   [[stappen.velden]]  wat een stap vastlegt: id, soort, label en uitleg. Soorten:
#                tekst (regels), lijst, dilemma (min_opties, optie_label, schade_label),
#                tabel (kolommen, min_rijen), per_deelnemer (stammen), acties, checklist
#                (items), score (min, max), terugblik (acties en knelpunten van vorige keer)
#
# Probeer hem uit terwijl je typt:  beraad methods preview methods/{id}.toml
# Controleer hem:                   beraad methods check methods/{id}.toml
# Uitleg met voorbeelden en de meest gemaakte fouten: docs/trainers.md bij beraad
"""
NEW_VERSION = "1.0"


def new_method(source_id: str, new_id: str, folder: Path) -> Path:
    """Copy a method of the catalog to folder/<new_id>.toml with its own id, version 1.0
    and a header that explains the keys; the schema file goes beside it. Raises
    BeraadError (Dutch) for an invalid or taken name or an unknown source."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", new_id):
        raise BeraadError(
            f"'{visible(new_id)}' kan geen naam van een methode zijn: gebruik kleine letters, cijfers, '-' en '_', "
            "begin met een letter of cijfer, hoogstens 60 tekens. Bijvoorbeeld: dilemmamethode-wijkteam."
        )
    found = catalog(folder)
    source = next((m for m in found.methods if m.method.id == source_id), None)
    if source is None:
        raise BeraadError(
            f"Er is geen methode '{visible(source_id)}' om van uit te gaan. "
            f"Kies uit: {', '.join(sorted(m.method.id for m in found.methods))}."
        )
    target = folder / f"{new_id}.toml"
    taken = next((m for m in found.methods if m.method.id == new_id), None)
    if target.exists() or target.is_symlink():
        raise BeraadError(f"Er staat al een methodebestand {target}. Kies een andere naam, of pas dat bestand aan.")
    if taken is not None:
        raise BeraadError(
            f"Er is al een methode '{new_id}' ({taken.path}). Kies een andere naam; een eigen methode "
            "met het id van een bestaande vervangt die in deze werkmap."
        )
    text = _copy_text(source, new_id)
    root = folder.parent  # the workspace: methods/ is in it
    schema_file = folder / SCHEMA_FILE
    try:
        files.confine(schema_file, root)  # both files or neither
        files.private_dir(folder, within=root)
        files.write_new(target, text.encode("utf-8"), within=root)
        if schema_file.is_symlink() or not schema_file.exists() or schema_file.read_text(encoding="utf-8") != schema():
            files.atomic_write(schema_file, schema().encode("utf-8"), within=root)
    except FileExistsError:
        raise BeraadError(f"Er staat al een methodebestand {target}. Kies een andere naam.") from None
    except OSError as error:
        raise BeraadError(f"De methode kon niet in {folder} worden geschreven: {os_reason(error)}.") from error
    return target


def _copy_text(source: MethodFile, new_id: str) -> str:
    """The source file's text with a new header, id and version; its own comments and
    layout stay, so a trainer keeps the explanations of the original."""
    text = source.path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    where = datafile.key_lines(text)
    lines[where[("id",)] - 1] = f'id = "{new_id}"'
    lines[where[("versie",)] - 1] = f'versie = "{NEW_VERSION}"'
    start = next(n for n, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#"))
    header = _HEADER.format(
        directive=SCHEMA_DIRECTIVE,
        title=source.method.title,
        source=source.method.id,
        source_version=source.method.version,
        id=new_id,
    )
    copied = header + "\n" + "\n".join(lines[start:]) + "\n"
    try:  # the copy must load as it is written, with its new id and version
        method = datafile.parse(copied, Method, f"{new_id}.toml")
    except datafile.DataFileError as error:
        method = None
        detail = f": {error.problems[0]}"
    if method is None or (method.id, method.version) != (new_id, NEW_VERSION):
        raise BeraadError(
            f"Van {source.path} kon geen kopie worden gemaakt{detail if method is None else ''}. "
            "Kopieer het bestand met de hand en pas 'id' en 'versie' aan."
        )
    return copied
