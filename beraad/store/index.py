"""The index of sessions/: per session file its stat and its summary (.index.json), and
apart from that its knelpunten and its latest approval (.knelpunten.json).

Both are caches that a scan keeps up to date (only changed files are read again), so the
overview and the register never open every session file. They are two files because the
first screen needs only the summaries: it paints from the small one, without the models.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from beraad.files import atomic_write, read_regular
from beraad.store.schema import Summary, newest_first

INDEX = ".index.json"
KNELPUNTEN = ".knelpunten.json"
VERSION = 6  # 2: method id; 3: approval; 4: its team; 5: steps and scores; 6: knelpunten apart
MAX_BYTES = 512 * 1024 * 1024
APART = ("bottlenecks", "approval")  # the parts of an entry kept in .knelpunten.json

# The last file read, by its stat: a scan followed by the register reads it once.
_read_cache: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}


def _load(path: Path) -> dict[str, Any]:
    try:
        found = os.stat(path)
        key = (found.st_mtime_ns, found.st_size, found.st_ino)
        cached = _read_cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        data = json.loads(read_regular(path, MAX_BYTES))
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


def write(folder: Path, entries: dict[str, Any]) -> None:
    generation = secrets.token_hex(4)
    apart = {name: {k: entry[k] for k in APART if k in entry} for name, entry in entries.items()}
    main = {name: {k: v for k, v in entry.items() if k not in APART} for name, entry in entries.items()}
    for name, payload in ((KNELPUNTEN, apart), (INDEX, main)):
        text = json.dumps({"version": VERSION, "generation": generation, "sessions": payload}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # a cache: the next scan tries again
            atomic_write(folder / name, text.encode("utf-8"))


def summaries(folder: Path) -> list[Summary]:
    """The overview as the last scan saw it: one small file, no checks."""
    found = []
    for entry in read(folder).values():
        try:
            found.append(Summary.from_data(entry["summary"]))
        except (KeyError, TypeError, ValueError):
            continue
    return newest_first(found)
