"""deduce, loaded in about half a second instead of nine.

deduce keeps its lookup lists (first names, surnames, streets, places, institutions)
as tries of millions of small Python objects and unpickles them at every start: about
9 s here, most of it spent creating objects and in the garbage collector. We convert
the tries once into nested plain dicts, store those with marshal in the user's cache
folder, and load them with the garbage collector paused. DictTrie offers what docdeid
asks of a trie (children, matching_pipeline, longest_matching_prefix) over those dicts.
The lookup data and every deduce annotator stay exactly as deduce ships them.

The first use on a machine builds the tables (1-2 minutes). It reports progress
through a hook, so the command line and the app can show it, and it holds a lock
file, so two processes starting at once build once: the second waits, then loads.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import marshal
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from beraad.errors import BeraadError, os_reason
from beraad.files import PRIVATE_DIR, atomic_write, private_dir
from beraad.workspace import user_cache_dir

END = ""  # key that marks the end of an item in a nested dict trie
BUILD = "deduce-build"
LOCK = "deduce-build.lock"

Progress = Callable[[str, "float | None"], None]

# Share of the build each of deduce's tries takes (measured: 105 s in all, 2 cores).
TRIE_WEIGHTS = {
    "first_name": 0.08,
    "surname": 0.02,
    "street": 0.25,
    "placename": 0.03,
    "hospital": 0.01,
    "healthcare_institution": 0.15,
    "eponymous_disease": 0.01,
}
LISTS_SHARE = 0.40  # reading and cleaning the raw lists, before the first trie
STORE_SHARE = 0.05  # converting and writing our cache, after the last trie

MESSAGES = {
    "waiting": "Een ander beraad-proces bouwt de lijsten van deduce op; even wachten…",
    "building": "deduce bouwt eenmalig zijn opzoeklijsten op (1-2 minuten)…",
    "storing": "De opgebouwde lijsten worden opgeslagen…",
    "loading": "De lijsten van deduce worden geladen…",
    "ready": "deduce is klaar.",
}


def _quiet(_message: str, _fraction: float | None) -> None:
    pass


class _DeduceRecords(logging.Filter):
    """Drops what deduce logs on the root logger (its 1-2 minute build, at INFO), and
    nothing else: the rest of the process keeps its own logging."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = record.pathname.replace("\\", "/")
        return "/deduce/" not in path and "/docdeid/" not in path


def _import_deduce() -> Any:
    """Import deduce without letting it reconfigure the process: at import it calls
    logging.basicConfig(stream=sys.stdout, level=DEBUG), which would send every later
    log line of any library to stdout, where `beraad anonymise` writes its result."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    if not any(isinstance(f, _DeduceRecords) for f in root.filters):
        root.addFilter(_DeduceRecords())
    return deduce


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Load without collector passes, then freeze what was loaded: the millions of
    dicts in the tries live as long as the process, and a full collection walking
    them would cost almost a second, at random moments."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _dict_trie_class() -> type:
    from docdeid.ds.lookup import LookupTrie

    class DictTrie(LookupTrie):
        """A LookupTrie whose nodes are nested dicts; END marks a complete item."""

        def __init__(self, root: dict[str, Any], matching_pipeline: Any = None) -> None:
            super().__init__(matching_pipeline=matching_pipeline)
            self.children: Any = root
            self.is_terminal = END in root

        def add_item(self, item: list[str]) -> None:
            node: dict[str, Any] = self.children
            for token in item:
                node = node.setdefault(self._apply_matching_pipeline(token), {})
            node[END] = None

        def __contains__(self, item: object) -> bool:
            node: dict[str, Any] | None = self.children
            for token in item:  # type: ignore[attr-defined]
                node = node.get(self._apply_matching_pipeline(token)) if node is not None else None
                if node is None:
                    return False
            return node is not None and END in node

        def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
            longest = None
            node: dict[str, Any] | None = self.children
            i = 0
            while node is not None:
                if END in node:
                    longest = i
                if start_i + i >= len(item):
                    break
                node = node.get(self._apply_matching_pipeline(item[start_i + i]))
                i += 1
            return None if longest is None else item[start_i : start_i + longest]

    return DictTrie


def _to_dicts(node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {token: _to_dicts(child) for token, child in node.children.items()}
    if node.is_terminal:
        out[END] = None
    return out


def _paths(folder: Path, version: str) -> tuple[Path, Path]:
    return folder / f"deduce-{version}-tries.marshal", folder / f"deduce-{version}-rest.pickle"


@contextlib.contextmanager
def _reporting_tries(progress: Progress) -> Iterator[None]:
    """Report after each of deduce's tries is built. deduce offers no hook, so we wrap
    its loader table for the length of the build; if deduce ever changes that table,
    the build still runs, with fewer reports."""
    try:
        from deduce import lookup_structs
    except ImportError:  # pragma: no cover - deduce always has it today
        yield
        return
    loaders = getattr(lookup_structs, "_LOOKUP_TRIE_LOADERS", None)
    if not isinstance(loaders, dict):
        yield
        return
    original = dict(loaders)
    done = [LISTS_SHARE]

    def wrap(name: str, load: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = load(*args, **kwargs)
            done[0] += TRIE_WEIGHTS.get(name, 0.01)
            progress(MESSAGES["building"], min(done[0], 1 - STORE_SHARE))
            return result

        return wrapped

    loaders.update({name: wrap(name, load) for name, load in original.items()})
    try:
        yield
    finally:
        loaders.clear()
        loaders.update(original)


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    """Files deduce writes during the build (its own pickle) are the user's alone."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _build_cache(folder: Path, version: str, progress: Progress) -> None:
    """Let deduce build its own structures once, then store them our way."""
    from docdeid.ds.lookup import LookupTrie

    deduce = _import_deduce()
    progress(MESSAGES["building"], 0.0)
    # What a build that was cut short left (the app quit, the laptop died): deduce would
    # read its half-written pickle. Under the build lock no other build is writing.
    shutil.rmtree(folder / BUILD, ignore_errors=True)
    for temp in folder.glob(".*.tmp"):
        temp.unlink(missing_ok=True)
    build = private_dir(folder / BUILD)
    with _private_files(), _reporting_tries(progress):
        original = deduce.Deduce(cache_path=build)
    progress(MESSAGES["storing"], 1 - STORE_SHARE)
    tries: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    pipelines: dict[str, Any] = {}
    for name, struct in original.lookup_structs.items():
        if isinstance(struct, LookupTrie):
            tries[name] = _to_dicts(struct)
            pipelines[name] = struct.matching_pipeline
        else:
            rest[name] = struct
    trie_path, rest_path = _paths(folder, version)
    atomic_write(rest_path, pickle.dumps({"rest": rest, "pipelines": pipelines}, protocol=pickle.HIGHEST_PROTOCOL))
    atomic_write(trie_path, marshal.dumps(tries))
    shutil.rmtree(build, ignore_errors=True)  # deduce's own 80 MB pickle: no longer needed


@contextlib.contextmanager
def _build_lock(folder: Path, progress: Progress) -> Iterator[None]:
    """One build at a time per cache folder, across processes."""
    path = folder / LOCK
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(descriptor, "r+b")
    try:
        if not _try_lock(handle):
            progress(MESSAGES["waiting"], None)
            _lock(handle)
        yield
    finally:
        _unlock(handle)
        handle.close()


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - tested on Linux
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError:
                continue
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def cache_ready(folder: Path | None = None) -> bool:
    """Whether a cache of ours exists, checked without importing deduce (or reading the
    package metadata): cheap enough to ask at every start. After an upgrade of deduce the
    old cache still counts; the first use then builds the new one, with progress."""
    return any((folder or user_cache_dir()).glob("deduce-*-tries.marshal"))


def ensure_cache(folder: Path | None = None, progress: Progress | None = None) -> tuple[Path, Path]:
    """The paths of our cache for the installed deduce, built first if missing.

    Raises BeraadError, with a Dutch sentence, when the cache folder cannot be written."""
    deduce = _import_deduce()
    progress = progress or _quiet
    folder = folder or user_cache_dir()
    try:
        private_dir(folder)
        build = folder / BUILD
        if build.is_dir() and build.stat().st_mode & 0o077:
            os.chmod(build, PRIVATE_DIR)  # a build folder of an older beraad was 0755
        trie_path, rest_path = _paths(folder, deduce.__version__)
        if not (trie_path.exists() and rest_path.exists()):
            with _build_lock(folder, progress):
                if not (trie_path.exists() and rest_path.exists()):  # another process may have built it
                    _build_cache(folder, deduce.__version__, progress)
    except OSError as error:
        raise BeraadError(
            f"De opzoeklijsten van deduce kunnen niet worden opgebouwd in {folder}: {os_reason(error)}."
        ) from error
    return trie_path, rest_path


def _read(trie_path: Path, rest_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with _gc_paused():
        tries = marshal.loads(trie_path.read_bytes())
        stored = pickle.loads(rest_path.read_bytes())
    return tries, stored


def load(folder: Path | None = None, progress: Progress | None = None) -> Any:
    """A ready deduce.Deduce, built on first use (1-2 minutes, once per deduce version).

    progress(message, fraction) is called with a Dutch message and a fraction from 0
    to 1 (None while the fraction is unknown, e.g. while waiting for another process)."""
    from docdeid.ds.ds import DsCollection

    deduce = _import_deduce()
    import deduce.deduce as deduce_module

    progress = progress or _quiet
    trie_path, rest_path = ensure_cache(folder, progress)
    progress(MESSAGES["loading"], None)
    dict_trie = _dict_trie_class()
    try:
        tries, stored = _read(trie_path, rest_path)
    except (ValueError, EOFError, TypeError, KeyError, AttributeError, pickle.UnpicklingError):
        # Written by another Python (marshal's format is Python's own) or damaged: build anew.
        trie_path.unlink(missing_ok=True)
        rest_path.unlink(missing_ok=True)
        trie_path, rest_path = ensure_cache(folder, progress)
        tries, stored = _read(trie_path, rest_path)
    structs = DsCollection()
    for name, struct in stored["rest"].items():
        structs[name] = struct
    for name, root in tries.items():
        structs[name] = dict_trie(root, stored["pipelines"].get(name))

    original = deduce_module.get_lookup_structs
    deduce_module.get_lookup_structs = lambda **_: structs
    try:
        engine = deduce.Deduce()
    finally:
        deduce_module.get_lookup_structs = original
    progress(MESSAGES["ready"], 1.0)
    return engine
