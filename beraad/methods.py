"""Find, load and check method files: the shipped ones and the workspace's own."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from beraad import datafile
from beraad.errors import BeraadError, os_reason
from beraad.model.method import Method

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
    return datafile.load(path, Method, shown_as=_shown(path))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def catalog(workspace_methods: Path | None) -> Catalog:
    """Shipped methods, then the workspace's; a workspace file with the same id wins."""
    found = Catalog()
    by_id: dict[str, MethodFile] = {}
    folders = [shipped_dir()]
    if workspace_methods is not None and workspace_methods.resolve() != folders[0].resolve():
        folders.append(workspace_methods)
    for folder in folders:
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema file (e.g. methods/methode.schema.json, which SCHEMA_DIRECTIVE names)."""
    try:
        if path.parent != Path(""):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema(), encoding="utf-8")
    except OSError as error:
        raise BeraadError(f"Het schema kon niet in {path} worden geschreven: {os_reason(error)}.") from error
