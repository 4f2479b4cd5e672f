"""Versions that mean something: which method versions the sessions of a workspace used,
and whether a method file changed its steps without a new version.

Everything comes from the store's index (one summary per session, with the fingerprint of
the steps of the method copy it holds), so no session file is opened for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from beraad import datafile
from beraad.dutch import SESSION, verb
from beraad.model.method import Method
from beraad.store.schema import Summary, steps_fingerprint


@dataclass(frozen=True)
class Usage:
    """How often one version of one method was used, and when last."""

    method_id: str
    version: str
    title: str
    sessions: int
    last: date
    fingerprints: int  # different sets of steps under this one version (1 when all is well)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions in a natural order: 1.2 before 1.10, and 'concept' after the numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-]", version))


def usage(summaries: list[Summary]) -> list[Usage]:
    """Per method and version: how many sessions, when last; by method id, then version."""
    groups: dict[tuple[str, str], list[Summary]] = {}
    for summary in summaries:
        groups.setdefault((summary.method_id, summary.method_version), []).append(summary)
    found = [
        Usage(
            method_id=method_id,
            version=version,
            title=max(group, key=lambda s: (s.date, s.created)).method,
            sessions=len(group),
            last=max(s.date for s in group),
            fingerprints=len({s.method_steps for s in group}),
        )
        for (method_id, version), group in groups.items()
    ]
    return sorted(found, key=lambda u: (u.method_id, version_key(u.version)))


def next_version(version: str) -> str:
    """A suggestion for the version after this one: 1.0 -> 1.1, 2 -> 3, v1.9 -> v1.10."""
    found = re.search(r"(\d+)(?!.*\d)", version)
    if found is None:
        return f"{version}.1"
    return f"{version[: found.start()]}{int(found[1]) + 1}{version[found.end() :]}"


def version_problem(path: Path, method: Method, summaries: list[Summary], shown_as: str) -> datafile.Problem | None:
    """A Dutch problem, at the line of 'versie', when sessions used this method's id and
    version with other steps than the file has now."""
    mine = steps_fingerprint(method.to_data()["stappen"])
    others = [
        s
        for s in summaries
        if s.method_id == method.id and s.method_version == method.version and s.method_steps != mine
    ]
    if not others:
        return None
    try:
        line = datafile.key_lines(path.read_text(encoding="utf-8-sig")).get(("versie",), 1)
    except (OSError, UnicodeDecodeError):
        line = 1
    count = SESSION(len(others))
    last = max(s.date for s in others)
    return datafile.Problem(
        shown_as,
        line,
        f"de stappen zijn veranderd, maar 'versie' is nog \"{method.version}\": {count} in deze werkmap "
        f"{verb(len(others), 'gebruikte', 'gebruikten')} {method.id} versie {method.version} met andere stappen "
        f"(laatst op {last:%d-%m-%Y}). Verhoog 'versie', bijvoorbeeld naar \"{next_version(method.version)}\", "
        "zodat elk verslag zegt welke stappen het volgde",
    )
