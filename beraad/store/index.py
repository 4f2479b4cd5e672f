"""The index of sessions/: per session file its stat, its summary and its knelpunten.

It is a cache that a scan keeps up to date (only changed files are read again), so the
overview and the register never open every session file. Reading it needs no models:
the first screen paints from it at once.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from beraad.files import atomic_write, read_regular
from beraad.store.schema import Summary, newest_first

INDEX = ".index.json"
VERSION = 5  # 2: the method id; 3: the latest approval; 4: with its team; 5: steps fingerprint and scores
MAX_BYTES = 512 * 1024 * 1024


def read(folder: Path) -> dict[str, Any]:
    """file name -> entry; empty when the index is missing or unreadable (it is only a cache)."""
    try:
        data = json.loads(read_regular(folder / INDEX, MAX_BYTES))
        entries = data["sessions"] if data.get("version") == VERSION else {}
        return {k: v for k, v in entries.items() if isinstance(v, dict) and isinstance(v.get("summary"), dict)}
    except Exception:
        return {}


def write(folder: Path, entries: dict[str, Any]) -> None:
    payload = json.dumps({"version": VERSION, "sessions": entries}, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a cache: the next scan tries again
        atomic_write(folder / INDEX, payload.encode("utf-8"))


def summaries(folder: Path) -> list[Summary]:
    """The overview as the last scan saw it: one small file, no checks."""
    found = []
    for entry in read(folder).values():
        try:
            found.append(Summary.from_data(entry["summary"]))
        except (KeyError, TypeError, ValueError):
            continue
    return newest_first(found)
