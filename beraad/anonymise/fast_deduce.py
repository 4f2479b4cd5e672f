"""deduce, loaded in about half a second instead of nine.

deduce keeps its lookup lists (first names, surnames, streets, places, institutions)
as tries of millions of small Python objects and unpickles them at every start: about
9 s here, most of it spent creating objects and in the garbage collector. We convert
the tries once into nested plain dicts, store those with marshal in the user's cache
folder, and load them with the garbage collector paused. DictTrie offers what docdeid
asks of a trie (children, matching_pipeline, longest_matching_prefix) over those dicts.
The lookup data and every deduce annotator stay exactly as deduce ships them.
"""

from __future__ import annotations

import gc
import logging
import marshal
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from beraad.workspace import user_cache_dir

END = ""  # key that marks the end of an item in a nested dict trie


@contextmanager
def _gc_paused():
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


def _dict_trie_class():
    import docdeid as dd

    class DictTrie(dd.ds.LookupTrie):
        """A LookupTrie whose nodes are nested dicts; END marks a complete item."""

        def __init__(self, root: dict, matching_pipeline: Any = None) -> None:
            super().__init__(matching_pipeline=matching_pipeline)
            self.children = root
            self.is_terminal = END in root

        def add_item(self, item: list[str]) -> None:
            node = self.children
            for token in item:
                node = node.setdefault(self._apply_matching_pipeline(token), {})
            node[END] = None

        def __contains__(self, item: list[str]) -> bool:
            node = self.children
            for token in item:
                node = node.get(self._apply_matching_pipeline(token))
                if node is None:
                    return False
            return END in node

        def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
            longest = None
            node = self.children
            i = 0
            while True:
                if END in node:
                    longest = i
                if start_i + i >= len(item):
                    break
                node = node.get(self._apply_matching_pipeline(item[start_i + i]))
                if node is None:
                    break
                i += 1
            return None if longest is None else item[start_i : start_i + longest]

    return DictTrie


def _to_dicts(node: Any) -> dict:
    out = {token: _to_dicts(child) for token, child in node.children.items()}
    if node.is_terminal:
        out[END] = None
    return out


def _paths(folder: Path, version: str) -> tuple[Path, Path]:
    return folder / f"deduce-{version}-tries.marshal", folder / f"deduce-{version}-rest.pickle"


def _write(path: Path, payload: bytes) -> None:
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(payload)
    os.replace(temp, path)


def _build_cache(folder: Path, version: str) -> None:
    """Let deduce build (or load) its own structures once, then store them our way."""
    import docdeid as dd
    from deduce import Deduce

    logging.getLogger().setLevel(logging.WARNING)  # deduce logs its 1-2 minute build at INFO
    original = Deduce(cache_path=folder / "deduce-build")
    tries, rest, pipelines = {}, {}, {}
    for name, struct in original.lookup_structs.items():
        if isinstance(struct, dd.ds.LookupTrie):
            tries[name] = _to_dicts(struct)
            pipelines[name] = struct.matching_pipeline
        else:
            rest[name] = struct
    trie_path, rest_path = _paths(folder, version)
    _write(rest_path, pickle.dumps({"rest": rest, "pipelines": pipelines}, protocol=pickle.HIGHEST_PROTOCOL))
    _write(trie_path, marshal.dumps(tries))
    for leftover in (folder / "deduce-build").glob("**/*.pickle"):
        leftover.unlink()  # deduce's own 80 MB pickle: no longer needed


def load(folder: Path | None = None, progress=None):
    """A ready deduce.Deduce, built on first use (1-2 minutes, once per deduce version)."""
    import deduce
    import deduce.deduce as deduce_module
    import docdeid as dd

    folder = folder or user_cache_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    trie_path, rest_path = _paths(folder, deduce.__version__)
    if not (trie_path.exists() and rest_path.exists()):
        _build_cache(folder, deduce.__version__)
    dict_trie = _dict_trie_class()
    with _gc_paused():
        tries = marshal.loads(trie_path.read_bytes())
        stored = pickle.loads(rest_path.read_bytes())
    structs = dd.ds.DsCollection()
    for name, struct in stored["rest"].items():
        structs[name] = struct
    for name, root in tries.items():
        structs[name] = dict_trie(root, stored["pipelines"].get(name))

    original = deduce_module.get_lookup_structs
    deduce_module.get_lookup_structs = lambda **_: structs
    try:
        return deduce.Deduce()
    finally:
        deduce_module.get_lookup_structs = original
