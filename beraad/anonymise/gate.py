"""Everything that leaves the laptop passes one gate.

The anonymiser, the templates and whatever a trainer added to them may change; the gate
does not trust them. It reads the final bytes of every file that is about to leave (its
name, its text, every part and property of a .docx, the strings of a JSON document) and
looks for the name parts of every person known or found for the session or register
entry, in any letter case and after normalisation (NFKC, invisible characters dropped,
look-alike letters folded, accents ignored), and for identifier shapes (BSN, phone
numbers, e-mail, IBAN, postcodes, web addresses, @handles, licence plates, dates of
birth, case numbers after "dossier"). One hit and nothing is written: a Dutch message
names the file, the field the text came from, what kind of identifier it is (never the
text itself) and what to do; the log names each place with the words around it, the
text found hidden.

A name part that is also a Dutch word in lower case ("Groot", "Bos", "Koning") counts
only written with a capital in mid-sentence or in capitals, and not inside a text that
may stay (a public team name, the workspace's municipalities, the keep-list, what the
facilitator kept in the review); every other part counts in any case, anywhere, also
one typo away ("Fatiam" for Fatima).

    write(folder, files, guard)   the one writer of files that leave (all or nothing)
    check(files, guard)           the same check without writing (raises Blocked)
    check_payload(payload, guard) a JSON payload before it is printed or pushed to a server
"""

from __future__ import annotations

import errno
import html
import io
import json
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beraad.anonymise import lexicon, normal, patterns, vocabulary
from beraad.anonymise import spans as s
from beraad.anonymise.allowlist import Allowlist
from beraad.errors import BeraadError

REVIEW_ADVICE = (
    "Open de sessie, ga naar de review (Ctrl+E) en laat het vervangen, of voeg de tekst toe met 't' (ook vervangen); "
    "exporteer daarna opnieuw."
)
SHAPES = {s.EMAIL, s.URL, s.HANDLE, s.PLATE, s.BSN, s.IBAN, s.PHONE, s.BIRTH_DATE}
WHAT = {
    s.EMAIL: "een e-mailadres",
    s.URL: "een webadres",
    s.HANDLE: "een account op sociale media",
    s.PLATE: "een kenteken",
    s.BSN: "een BSN",
    s.IBAN: "een rekeningnummer",
    s.PHONE: "een telefoonnummer",
    s.BIRTH_DATE: "een geboortedatum",
    s.POSTCODE: "een postcode",
    s.CASE_NUMBER: "een dossiernummer",
}
WORD = re.compile(r"[^\W\d_]+")
STYLE = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S | re.I)  # the page's own CSS: nobody's text
MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
REFERENCE = re.compile(r"\bKP-(?:[A-Z0-9]{4}-)?\d{4}-\d{3,}\b")  # the register's own references
NOT_TEXT = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T[\d:.]+(?:[+-]\d{2}:\d{2}|Z)?",
    re.I,
)  # identifiers and timestamps of the register's JSON: no one's details
TYPO_MIN = 5
# "mevrouw bakker": after a title an everyday word is the name, in any case
TITLED = re.compile(r"(?i:\b(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de\s+heer|familie|fam\.?)\s+)$")
# Words that stand before or beside a name and are no part of it.
NOT_NAME_PARTS = frozenset(
    [
        "mevrouw",
        "mevr",
        "mw",
        "meneer",
        "mijnheer",
        "mr",
        "dhr",
        "heer",
        "juffrouw",
        "dokter",
        "dr",
        "familie",
        "fam",
        "moeder",
        "vader",
        "zus",
        "broer",
        "oma",
        "opa",
        "tante",
        "oom",
        "zoon",
        "dochter",
        "ex",
        "partner",
        "man",
        "vrouw",
        "haar",
        "zijn",
        "de",
        "het",
        "een",
    ]
)


class Blocked(BeraadError):
    """The gate found something that identifies someone; nothing was written."""

    def __init__(self, message: str, hits: list[Hit]) -> None:
        super().__init__(message)
        self.hits = hits


class WriteFailed(BeraadError, OSError):
    """The folder could not be written (missing, read-only, full disk): nothing was written."""


@dataclass(frozen=True)
class Hit:
    file: str  # the file name (or what was printed, pushed)
    part: str  # a .docx part, "bestandsnaam", or ""
    found: str  # the text as it stands in the output (for the caller; no message shows it)
    what: str  # Dutch: "een naam van iemand in deze sessie", "een BSN", ...
    field: str  # where the text came from, as the review names it, or ""
    around: str = ""  # the words around it, with what was found in the file masked: for the log


@dataclass(frozen=True)
class Source:
    """A text that went into the output, and where it came from ("Titel", "Knelpunt 1")."""

    where: str
    text: str
    shown: str | None = None  # the text as it went out (anonymised), when known


@dataclass
class Guard:
    """What the gate checks the output against.

    known: the names of the people listed for the session (participants, the
    facilitator, people in the case). found: names the anonymiser found in the text.
    allowed: texts that may stay as they are (public team names, municipalities, what
    the facilitator kept in the review). sources: the texts that went in, to name the
    field a hit came from. advice: what to do, in Dutch, after the message."""

    known: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    advice: str = REVIEW_ADVICE
    _tokens: dict[str, bool] | None = field(default=None, repr=False)
    _allowlist: Allowlist | None = field(default=None, repr=False)
    _typos: dict[str, list[str]] | None = field(default=None, repr=False)

    def tokens(self) -> dict[str, bool]:
        """Each name part (folded) and whether it counts in any case (True) or only with
        a capital in mid-sentence (False)."""
        if self._tokens is None:
            tokens: dict[str, bool] = {}
            for names, strict in ((self.known, True), (self.found, False)):
                for name in names:
                    for part in lexicon.parts(normal.plain(name)):
                        key = normal.fold(part)
                        if key in NOT_NAME_PARTS or len(key) < 2:
                            continue
                        everyday = lexicon.ordinary(part) or (
                            not strict and vocabulary.is_word(part) and not lexicon.known_name(part)
                        )
                        tokens[key] = tokens.get(key, False) or not everyday
            self._tokens = tokens
        return self._tokens

    def typo_index(self) -> dict[str, list[str]]:
        if self._typos is None:
            self._typos = _typo_parts(self.tokens())
        return self._typos

    def allowlist(self) -> Allowlist:
        if self._allowlist is None:
            self._allowlist = Allowlist(self.municipalities, [a for a in self.allowed if a.strip()])
        return self._allowlist


@dataclass(frozen=True)
class _Text:
    part: str  # "" for a plain file, the part of a .docx, "bestandsnaam"
    text: str  # what a reader sees
    extra: str = ""  # attribute values and the like: checked for names only


def _texts(name: str, payload: bytes) -> Iterator[_Text]:
    yield _Text("bestandsnaam", name)
    if name.endswith(".docx") or zipfile.is_zipfile(io.BytesIO(payload)):
        try:
            archive = zipfile.ZipFile(io.BytesIO(payload))
        except zipfile.BadZipFile:
            archive = None
        if archive is not None:
            with archive:
                for part in archive.namelist():
                    yield _Text(f"bestandsnaam {part}", part)
                    yield from _markup(part, archive.read(part).decode("utf-8", "replace"))
            return
    text = payload.decode("utf-8", "replace")
    if name.endswith(".json"):
        try:
            yield _Text("", "\n".join(_strings(json.loads(text))))
            return
        except ValueError:
            pass
    if name.endswith((".html", ".htm", ".xml", ".svg")):
        yield from _markup("", text)
        return
    # Markdown escapes ("Yil\\maz" reads as Yilmaz); HTML entities in any text file
    unescaped = MARKDOWN_ESCAPE.sub("", text)
    yield _Text("", text, f"{html.unescape(text)}\n{unescaped}")


def _markup(part: str, text: str) -> Iterator[_Text]:
    """What a reader of an XML or HTML part sees: text nodes (also joined across Word's
    runs, where a word may be split), with attribute values apart."""
    text = STYLE.sub("", text)
    breaks = re.sub(r"</w:p>|<w:br/>|<w:tab/>|</p>|<br\s*/?>|</h\d>|</li>|</td>|</tr>|</div>", "\n", text)
    joined = html.unescape(re.sub(r"<[^>]*>", "", breaks))
    spaced = html.unescape(re.sub(r"<[^>]*>", " ", breaks))
    attributes = " ".join(html.unescape(v) for v in re.findall(r"=\s*\"([^\"]*)\"", text))
    yield _Text(part, joined, f"{spaced}\n{attributes}")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if not NOT_TEXT.fullmatch(value.strip()):
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'‘“(*#>_[")
    return not before or before[-1] in ".!?:\n•-|"


def _names(text: str, guard: Guard, loose: bool = False) -> Iterator[tuple[str, str]]:
    """(text as found, what) for every name part in text."""
    tokens = guard.tokens()
    if not tokens or not text:
        return
    plain = normal.plain(text)
    allowed = guard.allowlist().ranges(plain) if not loose else []
    typos = guard.typo_index()
    references = [m.span() for m in REFERENCE.finditer(plain)]  # KP-ANNA-2026-0001 names nobody
    for match in WORD.finditer(plain):
        if any(a <= match.start() < b for a, b in references):
            continue
        word = match.group()
        key = normal.fold(word)
        hit = _part_of(key, tokens)
        if hit is None and typos and len(key) >= TYPO_MIN - 1:
            hit = _typo(key, typos)
        if hit is None:
            continue
        if not tokens[hit] and not TITLED.search(plain, max(0, match.start() - 12), match.start()):
            capital = word[0].isupper() and (word.isupper() or not word[1:2].isupper() or len(word) < 3)
            if not capital or (not word.isupper() and _sentence_start(plain, match.start())):
                continue
            if loose or any(a <= match.start() < b for a, b in allowed):
                continue
        yield word, "een naam van iemand in deze sessie"


def _part_of(key: str, tokens: dict[str, bool]) -> str | None:
    if key in tokens:
        return key
    for ending in ("s", "je", "tje", "etje", "atje", "ke"):
        if key.endswith(ending) and key[: -len(ending)] in tokens and tokens[key[: -len(ending)]]:
            return key[: -len(ending)]
    return None


def _typo_parts(tokens: dict[str, bool]) -> dict[str, list[str]]:
    """The name parts a typo may stand for, by each form with one letter left out (and as
    they are): a word one edit away shares one of those forms, so a word is compared with
    a handful of parts, not with every name of thousands of sessions."""
    index: dict[str, list[str]] = {}
    for part, any_case in tokens.items():
        if any_case and len(part) >= TYPO_MIN:
            for form in _without_one(part):
                index.setdefault(form, []).append(part)
    return index


def _without_one(word: str) -> set[str]:
    return {word, *(word[:n] + word[n + 1 :] for n in range(len(word)))}


def _typo(key: str, index: dict[str, list[str]]) -> str | None:
    from rapidfuzz.distance import OSA

    candidates = {part for form in _without_one(key) for part in index.get(form, ())}
    for part in sorted(candidates):
        if OSA.distance(key, part, score_cutoff=1) <= 1:
            if lexicon.known_name(key) or vocabulary.plain_word(key):
                return None
            return part
    return None


def _shapes(text: str, guard: Guard) -> Iterator[tuple[str, str]]:
    plain = normal.plain(text)
    if not plain.strip():
        return
    allowed = guard.allowlist().ranges(plain)
    references = [m.span() for m in REFERENCE.finditer(plain)]
    found = [f for f in patterns.find(plain) if f.category in SHAPES]
    from beraad.anonymise import places

    found += [s.Span(m.start(), m.end(), s.POSTCODE, m.group()) for m in places.POSTCODE.finditer(plain)]
    found += [
        s.Span(m.start("value"), m.end("value"), s.CASE_NUMBER, m["value"])
        for m in re.finditer(patterns.CASE_CONTEXT, plain)
        if len(patterns._digits(m["value"])) >= 4 and not patterns.YEAR.fullmatch(m["value"])
    ]
    for finding in found:
        if any(a <= finding.start and finding.end <= b for a, b in [*allowed, *references]):
            continue
        yield finding.text, WHAT.get(finding.category, "een nummer dat iemand herkenbaar maakt")


def inspect(files: Iterable[tuple[str, bytes]], guard: Guard) -> list[Hit]:
    """Every hit in the files (name, bytes) that are about to leave."""
    hits: list[Hit] = []
    for name, payload in files:
        for text in _texts(name, payload):
            seen = {h.found for h in hits if h.file == name}
            here: list[tuple[str, str]] = []
            for found, what in [*_names(text.text, guard), *_names(text.extra, guard, loose=True)]:
                if found not in seen:
                    seen.add(found)
                    here.append((found, what))
            if not text.part.startswith("bestandsnaam "):
                readable = _file_name(text.text) if text.part == "bestandsnaam" else text.text
                for found, what in _shapes(readable, guard):
                    if found not in seen:
                        seen.add(found)
                        here.append((found, what))
            masked = [found for found, _ in here]
            for found, what in here:
                around = _around(text.text, found, masked) or _around(text.extra, found, masked)
                hits.append(Hit(name, text.part, found, what, _field(found, guard), around))
    return hits


HIDDEN = "[…]"


def _around(text: str, found: str, masked: list[str]) -> str:
    """The words around a hit, with it and every other hit in the text hidden: enough to
    find the place in the notes, nothing that identifies."""
    plain = normal.plain(text)
    at = normal.fold(plain).find(normal.fold(found))
    if at < 0:
        return ""
    piece = " ".join(plain[max(0, at - 40) : at + len(found) + 40].split())
    return _hide(piece, masked)


def _hide(text: str, masked: Iterable[str]) -> str:
    for found in sorted(masked, key=len, reverse=True):
        text = re.sub(re.escape(found), HIDDEN, text, flags=re.I)
    return text


# Where beraad itself puts a date in a file name: after the first word (verslag-2026-11-23-…,
# the session's date) and before the extension (knelpunten-beleid-2026-12-03.md, today).
_OWN_DATES = re.compile(r"^([a-z]+-)\d{4}-\d{2}-\d{2}(?=-)|-\d{4}-\d{2}-\d{2}(?=\.\w+$)")


def _file_name(name: str) -> str:
    """A file name as its words read, without the dates and references beraad puts in it
    (a session of year 1 is named verslag-0001-01-01-…: no phone number; a laptop's
    reference KP-NN84-2026-0001 read across its dashes is no IBAN)."""
    name = REFERENCE.sub("referentie", name)
    return _OWN_DATES.sub(lambda m: m.group(1) or "", name).replace("-", " ")


def _field(found: str, guard: Guard) -> str:
    """Where a text came from: the first source that holds it (folded)."""
    wanted = normal.fold(found)
    for source in guard.sources:
        went_out = source.text if source.shown is None else source.shown
        if wanted and wanted in normal.fold(went_out):
            return source.where
    return ""


SHOWN = 4  # places a message names; the rest are in the log


def message(hits: list[Hit], guard: Guard, written: str = "Er is niets weggeschreven") -> str:
    """In Dutch: which file and field held what kind of identifier (never the text
    itself: the message is shown, read aloud, pasted into a ticket), what to do, and
    where the log names each place with the words around it."""
    places: dict[tuple[str, str, str], list[str]] = {}
    for hit in hits:
        kinds = places.setdefault((hit.file, hit.part, hit.field), [])
        if hit.what not in kinds:
            kinds.append(hit.what)
    named = [
        f"{_where(file, part, hits)}: {' en '.join(kinds)}{_came(field)}"
        for (file, part, field), kinds in list(places.items())[:SHOWN]
    ]
    more = f", en nog {len(places) - SHOWN} andere plaatsen" if len(places) > SHOWN else ""
    advice = guard.advice
    if any(not h.field for h in hits):
        advice = f"Staat de tekst in een eigen sjabloon in templates/? Haal hem daar weg. Anders: {advice[:1].lower()}{advice[1:]}"
    log = _log(hits)
    logged = f" Elke plaats staat, met de woorden eromheen maar zonder de tekst zelf, in {log}." if log else ""
    return (
        f"{written}: er staat nog iets in dat iemand herkenbaar maakt: {'; '.join(named)}{more}. "
        f"Niets dat iemand herkenbaar maakt mag de laptop verlaten. {advice}{logged}"
    )


def _where(file: str, part: str, hits: list[Hit]) -> str:
    """Where in the output, with whatever was found in a file name hidden."""
    shown = _hide(file, [h.found for h in hits if h.file == file and h.part == "bestandsnaam"])
    if part == "bestandsnaam":
        return f"in de bestandsnaam {shown}"
    if part.startswith("bestandsnaam "):
        return f"in de naam van een onderdeel van {shown}"
    return f"in {shown}" + (f" (onderdeel {part})" if part else "")


def _came(field: str) -> str:
    return f", uit '{field}'" if field else ", uit een sjabloon of een tekst die niet in de review staat"


def _log(hits: list[Hit]) -> str | None:
    """Every place in the log file (local, private); its path, or None when it cannot be written."""
    from beraad.errors import note

    lines = [
        f"{_where(h.file, h.part, hits)} · {h.field or 'sjabloon of andere tekst'} · {h.what} · {h.around or '-'}"
        for h in hits
    ]
    path = note(lines, "tegengehouden door de poort (zonder de gevonden tekst)")
    return str(path) if path else None


def check(files: Iterable[tuple[str, bytes]], guard: Guard) -> None:
    """Raise Blocked when anything in the files identifies someone."""
    hits = inspect(files, guard)
    if hits:
        raise Blocked(message(hits, guard), hits)


def check_payload(payload: Any, guard: Guard, what: str = "de gegevens voor de server") -> None:
    """Check a JSON payload before it leaves (printed, or pushed to a municipality server):
    raises Blocked with a Dutch message; nothing should be sent then.

    payload: anything json.dumps accepts. guard: the people known and found for the
    register entries in it (see Guard). The register's own ids, references and
    timestamps are no one's details and are not checked."""
    encoded = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    hits = inspect([(f"{what}.json", encoded)], guard)
    hits = [h for h in hits if h.part != "bestandsnaam"]
    if hits:
        raise Blocked(message(hits, guard, "Niet verstuurd"), hits)


def write(folder: Path, files: list[tuple[str, bytes]], guard: Guard, within: Path | None = None) -> list[Path]:
    """The one writer of files that leave the laptop: check every byte and file name,
    then write every file into folder, or none. A folder made here is private (0700) and
    so is every file (0600); a folder that exists keeps its mode, and a read-only one is
    not written into, even by root; within: the workspace, which no symlink may lead the
    files out of. Raises Blocked, or WriteFailed (an OSError too)."""
    from beraad.files import all_or_nothing, private_dir

    check(files, guard)
    try:
        existed = folder.exists()
        private_dir(folder, within)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(folder))
        if existed and not stat.S_IMODE(folder.stat().st_mode) & 0o222:
            raise OSError(errno.EROFS, "read-only folder", str(folder))  # respected by root too
        paths = [folder / name for name, _ in files]
        with all_or_nothing(paths, within) as temps:
            for path, payload in zip(paths, (p for _, p in files), strict=True):
                with open(temps[path], "wb") as handle:
                    handle.write(payload)
    except OSError as error:
        failure = WriteFailed(str(error))
        failure.errno = error.errno
        raise failure from error
    return paths


def print_json(payload: Any, guard: Guard, stream: Any, **dumps: Any) -> None:
    """Print a JSON document that leaves through standard output, after the gate."""
    check_payload(payload, guard, "de uitvoer")
    stream.write(json.dumps(payload, ensure_ascii=False, **dumps) + "\n")


def print_text(text: str, guard: Guard, stream: Any, what: str = "de uitvoer") -> None:
    """Print text that leaves through standard output, after the gate. It ends with a
    line end, as every line a command prints does (a text read without one gets one)."""
    hits = [h for h in inspect([(f"{what}.txt", text.encode("utf-8"))], guard) if h.part != "bestandsnaam"]
    if hits:
        raise Blocked(message(hits, guard, "Niet getoond"), hits)
    stream.write(text if not text or text.endswith("\n") else f"{text}\n")
