"""Which capitalised words are ordinary Dutch words, and which may be a name.

The word frequencies come from wordfreq (Apache-2.0, its Dutch list has 311,000
words from subtitles, Wikipedia, news and the web). A name of non-Dutch origin
(Semhar, Dawit, Tesfay) is in no Dutch word list, which is what lets us flag names
nobody listed and deduce's name lists do not hold. We read wordfreq's data file
directly: importing wordfreq itself pulls in ftfy, langcodes and regex, which would
add to every cold start for no gain.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
from pathlib import Path
from typing import Any

import msgpack

# Upper-case letters of the Latin alphabets (Ł, Ş, Ç, Ö, Ž...), as a regex class: re has
# no class for upper case, and names of residents are written in all of these.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper() and c.isalpha())

# Zipf scale: 3.0 is once per million words. Below it a capitalised word is not a
# word everyone knows; names that are also words (Bos, Visser) sit well above it.
WORD_ZIPF = 300
COMPOUND_PART_ZIPF = 330  # both halves of a compound must be plain words
# Parts of at least four letters: with three, names split into loan words ("Kan|aan",
# "Ram|din", "War|same"); Dutch compounds rarely need them.
MIN_PART = 4
MIN_VERB = 5
# Endings of inflected forms; the base left over must be a common word.
INFLECTIONS = ("ere", "ers", "ste", "der", "en", "er", "st", "de", "te", "e", "s", "t", "d")
INFLECTED_BASE_ZIPF = 330
SHORT_TAIL = 3  # allowed after a head of five letters or more, when very common
SHORT_TAIL_ZIPF = 400
PARTICLE_REST_ZIPF = 250
# Particles of separable verbs and prefixes: "op|schorten", "terug|vorderen", "ver|rekenen".
PARTICLES = (
    "op", "af", "aan", "in", "uit", "mee", "na", "om", "toe", "voor", "door", "over", "weg", "terug", "bij",
    "samen", "tegen", "onder", "ver", "be", "ge", "ont", "her", "er",
)  # fmt: skip

# Words of this domain that a general list does not rate as common.
DOMAIN_WORDS = {
    "casusinbrenger", "gespreksleider", "hittepunt", "kostendelersnorm", "inlichtingenplicht",
    "klantmanager", "handhaver", "wijkteam", "buurtteam", "schuldhulp", "schuldhulpverlening",
    "bijstand", "bijstandsuitkering", "toeslag", "toeslagen", "terugvordering", "beschikking",
    "bezwaar", "hardheidsclausule", "maatwerk", "maatwerkvoorziening", "huurachterstand",
    "ontruiming", "ontruimingsaanzegging", "zoekperiode", "beleidsregel", "knelpunt", "knelpunten",
    "verslag", "moreel", "beraad", "dilemma", "dilemmamethode", "perspectief", "perspectieven",
    "alternatieven", "afweging", "dialoog", "evaluatie", "conclusie", "casus", "scootmobiel",
    "mantelzorg", "mantelzorger", "huishoudelijke", "eigen", "bijdrage", "bewindvoering",
    "budgetbeheer", "schuldsanering", "betalingsregeling", "opzet", "grove", "schuld",
    "verrekening", "pinkstergemeente", "signaal", "signalen", "terugkoppeling", "agenderen", "vastgesteld",
}  # fmt: skip


def _wordfreq_file() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_nl.msgpack.gz"
    return path if path.exists() else None


@functools.cache
def _zipf() -> dict[str, int]:
    """word -> zipf x 100, for every word in wordfreq's Dutch list."""
    path = _wordfreq_file()
    if path is None:
        return {}
    data: list[Any] = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    header = data[0]
    if header.get("format") != "cB" or header.get("version") != 1:
        return {}
    table: dict[str, int] = {}
    for centibels, words in enumerate(data[1:]):
        zipf = 900 - centibels
        for word in words:
            table[word] = zipf
    return table


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a word (0.0 when unknown)."""
    return _zipf().get(word.lower(), 0) / 100


def _frequent(word: str, threshold: int) -> bool:
    return _zipf().get(word, 0) >= threshold


@functools.lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Whether a word (any case) is an ordinary Dutch word, or a compound of two."""
    lower = word.lower().strip("'’-")
    if not lower or lower in DOMAIN_WORDS or _frequent(lower, WORD_ZIPF):
        return True
    if "-" in lower:
        return all(is_word(part) for part in lower.split("-") if part)
    return _is_inflected(lower) or _is_compound(lower)


@functools.lru_cache(maxsize=65536)
def plain_word(word: str) -> bool:
    """Whether a word is itself an ordinary Dutch word or a form of one, not only two
    words joined: what a typo of a name is not ("Verhoven" for Verhoeven reads as
    "ver|hoven", yet nobody writes it)."""
    lower = word.lower().strip("'’-")
    return not lower or lower in DOMAIN_WORDS or _frequent(lower, WORD_ZIPF) or _is_inflected(lower)


def _is_inflected(word: str) -> bool:
    """'Gangbaarder', 'Hanteer', 'Verlaag', 'Geef': a form of a plain word (comparative,
    plural, past tense, or the stem of a verb, as in an imperative)."""
    for suffix in INFLECTIONS:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= MIN_PART and _frequent(base, INFLECTED_BASE_ZIPF):
            return True
    if len(word) < MIN_PART or not word[-1].isalpha() or word[-1] in "aeiouy":
        return False
    stem = word[:-1] + {"f": "v", "s": "z"}.get(word[-1], word[-1])
    if word[-3:-1] in ("aa", "ee", "oo", "uu"):
        stem = word[:-2] + stem[-1]  # hanteer -> hanter(en), verlaag -> verlag(en)
    return any(_frequent(form, INFLECTED_BASE_ZIPF) for form in (word + "en", stem + "en", word + word[-1] + "en"))


LONG_COMPOUND = 14  # letters; three-part compounds are long, names of this length rare


def _is_compound(word: str) -> bool:
    """'Huurachterstand', 'Regenboogschool': two words, perhaps joined by an s or e;
    'Opschorten', 'Terugbetalen': a particle before a word."""
    for particle in PARTICLES:
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= MIN_VERB and _frequent(rest, PARTICLE_REST_ZIPF):
            return True
    for cut in range(MIN_PART, len(word) - SHORT_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        if len(tail) < MIN_PART and (len(head) < 5 or not _frequent(tail, SHORT_TAIL_ZIPF)):
            continue  # "Jeugd|wet", not "Kan|aan"
        if not _frequent(tail, COMPOUND_PART_ZIPF) and tail not in DOMAIN_WORDS:
            continue
        if _frequent(head, COMPOUND_PART_ZIPF) or head in DOMAIN_WORDS:
            return True
        if head[-1] in "se" and len(head) > MIN_PART and _frequent(head[:-1], COMPOUND_PART_ZIPF):
            return True
        if len(word) >= LONG_COMPOUND and len(head) >= 2 * MIN_PART:
            joined = head[:-1] if head[-1] in "se" else ""  # "schuldhulpverlening|s|traject"
            if _is_compound(head) or (joined and _is_compound(joined)):
                return True  # "Voedselbank|verwijzing": a compound before a word
    return False
