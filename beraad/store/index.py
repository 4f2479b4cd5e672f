"""The index of sessions/: per session file its stat and its summary (.index.json), and
apart from that its knelpunten and its latest approval (.knelpunten.json); and the
summaries of the newest sessions once more (.recent.json).

All are caches that a scan keeps up to date (only changed files are read again), so the
overview and the register never open every session file. They are separate files because
the first screen needs only the newest summaries: it paints from the smallest, and the
scan that follows brings the rest.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from pathlib import Path
from typing import Any

from beraad.files import atomic_write, file_stamp, read_regular
from beraad.store import bounded
from beraad.store.schema import Summary, newest_first

INDEX = ".index.json"
KNELPUNTEN = ".knelpunten.json"
RECENT = ".recent.json"
RECENT_COUNT = 100  # more than a screen holds: the first paint, before the scan brings the rest
# 2: method id; 3: approval; 4: its team; 5: steps and scores; 6: knelpunten apart; 7: min_rijen; 8: approved;
# 9: knelpunt uid and who approved
VERSION = 9
MAX_BYTES = 512 * 1024 * 1024
APART = ("bottlenecks", "approval")  # the parts of an entry kept in .knelpunten.json

# The last file read, by its stat: a scan followed by the register reads it once.
_read_cache: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}


def _load(path: Path) -> dict[str, Any]:
    try:
        key = file_stamp(path)
        if key is None:
            return {}
        cached = _read_cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        data = bounded.loads(read_regular(path, MAX_BYTES), max_depth=None)  # any odd value: no index
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        _read_cache[path] = (key, data)
        return data
    except Exception:
        return {}


def read(folder: Path, knelpunten: bool = False) -> dict[str, Any]:
    """file name -> entry ({stat, summary}, and with knelpunten also {bottlenecks,
    approval}); empty when the index is missing or unreadable (it is only a cache)."""
    main = _load(folder / INDEX)
    entries = main.get("sessions", {}) if isinstance(main.get("sessions"), dict) else {}
    found = {k: v for k, v in entries.items() if isinstance(v, dict) and isinstance(v.get("summary"), dict)}
    if not knelpunten:
        return found
    extra = _load(folder / KNELPUNTEN)
    if extra.get("generation") != main.get("generation"):  # one write of the two failed: not to be trusted
        return {name: {**entry, "bottlenecks": [], "approval": None} for name, entry in found.items()}
    parts = extra.get("sessions", {})
    return {name: {**entry, **parts.get(name, {})} for name, entry in found.items()}


def stamp(folder: Path) -> tuple[object, object]:
    """Changes whenever a scan rewrote the index (both files are replaced on every write)."""
    return file_stamp(folder / INDEX), file_stamp(folder / KNELPUNTEN)


def complete(folder: Path) -> bool:
    """Whether all three files are there and from one write (an index from before
    .recent.json lacks one; a crash between writes leaves two generations)."""
    generations = {_load(folder / name).get("generation") for name in (INDEX, KNELPUNTEN, RECENT)}
    return len(generations) == 1 and None not in generations


def write(folder: Path, entries: dict[str, Any]) -> None:
    generation = secrets.token_hex(4)
    apart = {name: {k: entry[k] for k in APART if k in entry} for name, entry in entries.items()}
    main = {name: {k: v for k, v in entry.items() if k not in APART} for name, entry in entries.items()}
    newest = sorted(main, key=lambda name: _age(main[name]), reverse=True)[:RECENT_COUNT]
    recent = {name: main[name] for name in newest}
    for name, payload in ((KNELPUNTEN, apart), (INDEX, main), (RECENT, recent)):
        text = json.dumps({"version": VERSION, "generation": generation, "sessions": payload}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # a cache: the next scan tries again
            atomic_write(folder / name, text.encode("utf-8"), within=folder.parent)


def _age(entry: dict[str, Any]) -> tuple[str, str]:
    summary = entry.get("summary") or {}
    return str(summary.get("date", "")), str(summary.get("created", ""))  # ISO: sorts as dates do


def recent(folder: Path) -> list[Summary]:
    """The newest sessions as the last scan saw them, for the first paint: the smallest
    file, no checks (the scan that follows shows all sessions)."""
    return _summaries(_load(folder / RECENT).get("sessions", {}))


def summaries(folder: Path) -> list[Summary]:
    """The overview as the last scan saw it: one file, no checks."""
    return _summaries(read(folder))


def _summaries(entries: Any) -> list[Summary]:
    found = []
    for entry in entries.values() if isinstance(entries, dict) else []:
        try:
            found.append(Summary.from_data(entry["summary"]))
        except (KeyError, TypeError, ValueError, AttributeError):  # a cache: what is odd is left out
            continue
    return newest_first(found)
