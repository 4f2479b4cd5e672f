"""The verslag as the review shows it: the same Markdown the export writes (the workspace's
own verslag.md.j2 included), with each replacement marked, and each text still to be
decided (mogelijk herleidbaar) marked apart, so the facilitator reads the real layout
and sees at a glance what the anonymisation changed. No Textual here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from beraad.workspace import Workspace

if TYPE_CHECKING:
    from beraad.report.content import Report

# Private-use characters around a marked text: no note holds them (they are not typed),
# no template escapes them, and they are gone before anything is shown.
REPLACED = ("\ue000", "\ue001")
UNDECIDED = ("\ue002", "\ue003")
_MARKED = re.compile("([\ue000\ue002])(.*?)([\ue001\ue003])", re.DOTALL)
_ESCAPE = re.compile(r"\\(.)")


def marked_text(source: str, spans: list[Any], possible: list[Any]) -> str:
    """A note as the verslag has it, each replacement and each undecided text between markers."""
    found = sorted(
        [(s.start, s.end, s.replacement, REPLACED) for s in spans]
        + [(s.start, s.end, s.text, UNDECIDED) for s in possible],
        key=lambda item: item[0],
    )
    parts, last = [], 0
    for start, end, shown, (left, right) in found:
        if start < last:  # overlapping findings: the first one shows
            continue
        parts += [source[last:start], left, shown, right]
        last = end
    parts.append(source[last:])
    return "".join(parts)


def marked_data(report: Report) -> dict[str, Any]:
    """The report data with every anonymised text replaced by its marked form. A text is
    recognised by what the anonymiser made of it, so labels and headings stay as they are."""
    marks: dict[str, str] = {}
    for fragment in report.fragments:
        result = fragment.result
        if result.spans or result.possible:
            marks[result.text] = marked_text(result.source, result.spans, result.possible)

    def mark(value: Any) -> Any:
        if isinstance(value, str):
            return marks.get(value, value)
        if isinstance(value, list):
            return [mark(item) for item in value]
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        return value

    data: dict[str, Any] = mark(report.data)
    return data


def markdown(report: Report, workspace: Workspace) -> str:
    """The verslag in Markdown, as the export makes it, with the marks in it (see
    highlighted). Raises TemplateProblem (a BeraadError) when the template fails."""
    from beraad.report import render, report_document

    data = marked_data(report)
    (payload,) = render.render([report_document("md", data)], data, workspace.root / "templates")
    return payload.decode("utf-8")


def highlighted(text: str) -> str:
    """Markdown in which a replacement shows as inline code and an undecided text as
    struck-through bold code, so both stand out from the team's words; the template's
    Markdown escapes inside them are undone (code shows them literally)."""

    def show(match: re.Match[str]) -> str:
        inner = _ESCAPE.sub(r"\1", match.group(2)).replace("`", "'").replace("<br>", " ")
        code = f"`{inner}`" if inner.strip() else inner
        return code if match.group(1) == REPLACED[0] else f"**~~{code}~~**"

    return _MARKED.sub(show, text)


def plain(text: str) -> str:
    """The marks removed (what the export itself says there)."""
    return text.translate({ord(c): None for c in (*REPLACED, *UNDECIDED)})
