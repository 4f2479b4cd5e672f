"""Render the verslag through Jinja templates: Markdown, printable HTML, and .docx.

Shipped templates live in beraad/templates; a workspace's templates/ folder overrides
them file by file. Templates run sandboxed with StrictUndefined and autoescape for
HTML and XML, so notes containing markup or template syntax render as text.
"""

from __future__ import annotations

import traceback
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
FORMATS = {"md": "verslag.md.j2", "html": "verslag.html.j2", "docx": "docx/word/document.xml.j2"}
DOCX_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
]


class TemplateProblem(Exception):
    """A Dutch message naming the template and line; the app keeps running."""


def _escaped(name: str | None) -> bool:
    return bool(name) and (".html" in name or ".xml" in name)


def environment(workspace_templates: Path | None = None) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(workspace_templates))
    loaders.append(jinja2.FileSystemLoader(SHIPPED))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["regels"] = lambda text: [line for line in str(text).splitlines() if line.strip()]
    env.filters["cellen"] = lambda items, *keys: [[str(item.get(k, "")) for k in keys] for item in items]
    return env


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            f"Sjabloon '{error.name or name}', regel {error.lineno}: {error.message}. "
            "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken."
        ) from error
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(f"Sjabloon '{error.name}' bestaat niet.") from error
    except Exception as error:  # a runtime error inside a template: find its line
        where = _template_line(error)
        raise TemplateProblem(
            f"Sjabloon {where}: {error}. "
            "Herstel het sjabloon of verwijder het uit templates/ om het meegeleverde te gebruiken."
        ) from error


def _template_line(error: Exception) -> str:
    """Jinja puts the template's file and line in the traceback frames."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return "(onbekende regel)"
    last = frames[-1]
    return f"'{Path(last.filename).name}', regel {last.lineno}"


def write(env: SandboxedEnvironment, kind: str, context: dict[str, Any], target: Path) -> Path:
    """Render one format to target (the file name without extension); returns the file."""
    if kind == "docx":
        return _docx(env, context, target.with_suffix(".docx"))
    path = target.with_suffix(f".{kind}")
    path.write_text(render(env, FORMATS[kind], context), encoding="utf-8")
    return path


def _docx(env: SandboxedEnvironment, context: dict[str, Any], path: Path) -> Path:
    """A .docx is a zip of XML parts; each part is a template too, so trainers can restyle."""
    parts: dict[str, str] = {"word/document.xml": render(env, FORMATS["docx"], context)}
    for part in DOCX_PARTS:
        parts[part] = render(env, f"docx/{part}.j2", context)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name, text in parts.items():
            archive.writestr(name, text)
    return path
