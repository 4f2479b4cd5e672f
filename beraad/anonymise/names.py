"""Known names (participants, people in the case) matched in all the forms people write them."""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass

from beraad.anonymise import lexicon, vocabulary
from beraad.anonymise import spans as s
from beraad.anonymise.lexicon import TUSSENVOEGSELS as TUSSENVOEGSELS

TITLES = (
    r"(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|mr\.?|dhr\.?|de\s+heer|heer|juffrouw|dokter|dr\.?|"
    r"familie|fam\.?|moeder|vader|zus|broer|oma|opa|tante|oom)"
)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    label: str  # the pseudonym, e.g. "deelnemer 2" or "persoon 1"
    category: str = s.PERSON


ALIASES = re.compile(r"\(([^()]*)\)")
ALIAS_SEPARATOR = re.compile(r"\s*(?:[/;,]|\bof\b)\s*")


def aliases(name: str) -> tuple[str, list[str]]:
    """A listed name without, and with, the names the person also goes by, written in
    brackets after it: "Johanna Verhoeven (Jo)", "Mohammed El Amrani (Mo/Momo)"."""
    found = [a for group in ALIASES.findall(name) for a in ALIAS_SEPARATOR.split(group.strip()) if len(a) >= 2]
    return " ".join(ALIASES.sub(" ", name).split()), found


def _split(name: str) -> tuple[str, list[str], list[str]]:
    """First name(s), tussenvoegsel, surname: "Anna de Groot" -> ("Anna", ["de"], ["Groot"])."""
    tokens = aliases(name)[0].split() or name.split()
    if len(tokens) == 1:
        return tokens[0], [], []
    first, rest = tokens[0], tokens[1:]
    prefix = []
    while len(rest) > 1 and rest[0].lower() in TUSSENVOEGSELS:
        prefix.append(rest.pop(0))
    return first, prefix, rest


def _words(tokens: list[str]) -> str:
    return r"\s+".join(re.escape(t) for t in tokens)


# Possessive and genitive endings: "Semhars zoon", "Anna's collega", "Yonas' school".
POSSESSIVE = r"(?:['’`]?s|['’])?"
# Diminutives of a first name: "Jantje", "Annetje", "Keesje".
DIMINUTIVE_ENDINGS = ("tje", "etje", "atje", "pje", "je", "ke")
DIMINUTIVE = rf"(?:['’]?(?:{'|'.join(DIMINUTIVE_ENDINGS)}))?"
# What may follow a name: not a letter, and no second part of a double name ("Jan-Willem"),
# but a compound with a lower-case word counts ("Yilmaz-dossier").
AFTER = r"(?!\w)(?!-(?-i:[A-Z]))"
# Nor a letter or a hyphen before it, except the hyphen of "casus-Yilmaz" (see joined_word)
BEFORE = r"(?:(?<![\w-])|(?<=[^\W\d_]-))"
FUNCTION_WORD_ZIPF = 5.5  # "haar", "dan": far more common than any first name ("jan" is 5.2)
PERSON_VERBS = (
    "belde|belt|kwam|komt|zei|zegt|vertelde|vertelt|kreeg|krijgt|vroeg|vraagt|wil|wilde|huilde|huilt|woont|woonde|"
    "meldde|meldt|betaalt|betaalde|schreef|schrijft|heeft|had|is|was|werd|wordt|kan|kon|moet|moest|durft|durfde"
)
TYPO_MIN = 5  # letters: a word this long or longer one edit away from a name part is that name


def _single(word: str, first: bool) -> tuple[str, bool]:
    """A lone name part: in any case unless it is also a Dutch word in lower case
    ("groot"), then with a capital or in capitals only."""
    written = re.escape(word)
    tail = DIMINUTIVE if first else ""
    if lexicon.ordinary(word):
        capital = re.escape(word[0].upper() + word[1:].lower())
        # in lower case only where it does what people do: "mei kreeg", not "in mei"
        lower = rf"{re.escape(word.lower())}(?=[ \u00a0]+(?:{PERSON_VERBS})\b)"
        return rf"(?:{capital}|{re.escape(word.upper())}|{lower}){tail}", False
    return rf"{written}{tail}", True


def patterns(person: KnownPerson) -> list[re.Pattern[str]]:
    """Regexes for every written form of a known name, inflections included.

    Forms of two or more words match in any case, since people type fast; a single word
    (a first name or a surname alone) in any case too, unless it is also a Dutch word
    in lower case ('Groot' is a surname, 'groot' an adjective).
    """
    first, prefix, surname = _split(person.name.strip())
    forms: list[tuple[str, bool]] = []
    for alias in aliases(person.name)[1]:  # what the facilitator listed the person is also called
        words = alias.split()
        forms.append(_single(alias, True) if len(words) == 1 else (_words(words), True))
    if not surname:
        if len(first) >= 2:
            forms.append(_single(first, True))
        return [_compile(form, ignore_case) for form, ignore_case in forms]
    with_prefix = rf"(?:{_words(prefix)}\s+)?{_words(surname)}" if prefix else _words(surname)
    initials = r"(?:[A-Z]\.\s?){1,4}\s*"
    forms += [
        (rf"(?:{TITLES}\s+)?{re.escape(first)}\s+(?:[A-Z]\.\s?)*{with_prefix}", True),
        (rf"(?:{TITLES}\s+)?{initials}{with_prefix}", True),
        (rf"{TITLES}\s+{with_prefix}", True),
        (rf"{TITLES}\s+{re.escape(first)}", True),
    ]
    if prefix:
        forms.append((_words(prefix + surname), True))
    for number, word in enumerate([first, *surname]):
        if len(word) >= 2 and word.lower() not in TUSSENVOEGSELS:
            forms.append(_single(word, number == 0))
    whole = _initials(person)
    return [_compile(form, ignore_case) for form, ignore_case in forms] + ([whole] if whole else [])


def _compile(form: str, ignore_case: bool) -> re.Pattern[str]:
    end = AFTER if not form.endswith(r"\.") else r"(?!\w)"
    return re.compile(rf"{BEFORE}{form}{POSSESSIVE}{end}", re.I if ignore_case else 0)


OTHER_FIRST = re.compile(rf"(?<![\w-])(?P<word>[{vocabulary.UPPER}][\w'’]+(?:-[\w'’]+)*)[ \u00a0]+$")


HYPHENATED = re.compile(r"([^\W\d_]+)-$")


def joined_word(word: str) -> bool:
    """Whether a part of a hyphenated compound is a Dutch word in lower case ("casus",
    "dossier", "gezin"), and so no part of the name beside it: "casus-Yilmaz" is the
    name Yilmaz, "Jan-Willem" and "al-Khatib" are names whole."""
    return word.islower() and len(word) > 2 and word not in TUSSENVOEGSELS and vocabulary.is_word(word)


def _hyphen_start(text: str, start: int) -> int | None:
    """Where a mention that may follow a hyphen starts: after a Dutch word
    ("casus-Yilmaz") where it did; with a particle ("al-Khatib", "el-Amrani") at the
    particle; after another part of a name ("Jan-Willem": not Willem) nowhere (None)."""
    before = HYPHENATED.search(text, max(0, start - 40), start)
    if before is None or joined_word(before.group(1)):
        return start
    if before.group(1).lower() in TUSSENVOEGSELS:
        return before.start(1)
    return None


def find(text: str, people: list[KnownPerson], words: Container[str] | None = None) -> Iterator[s.Span]:
    """Every mention of the people in text. words: the lower-case words of text, if known;
    a person none of whose name words occur there is skipped at once (unless a typo of
    one might). A known surname after another first name is another person of the same
    family ("Haar broer Tesfay Yilmaz"): found as a name of its own, with its own label."""
    typos = _typos(text, people, words)
    for person in people:
        mistyped = typos.get(person, [])
        if words is not None and not mistyped and not _may_occur(text, person, words):
            continue
        initials = _initials(person)
        for pattern in _patterns(person):
            for match in pattern.finditer(text):
                begins = _hyphen_start(text, match.start())
                if begins is None:
                    continue  # "Jan-Willem" is not Willem
                if begins != match.start():
                    yield s.Span(
                        begins, match.end(), person.category, text[begins : match.end()], f"[{person.label}]", "known"
                    )
                    continue
                if pattern is initials and person.category == s.PARTICIPANT and _titled(text, match):
                    continue  # "Mevrouw L.W. van het wijkteam": a stranger, not a colleague
                other = _other_first_name(text, match.start(), person)
                if other is not None:
                    yield s.Span(other, match.end(), s.PERSON, text[other : match.end()], "", "known")
                    continue
                mistyped_first = _mistyped_first_name(text, match.start(), person)
                if mistyped_first is not None:  # "Marian Okafor" for Mariam Okafor: her, typed fast
                    written = text[mistyped_first : match.end()]
                    yield s.Span(mistyped_first, match.end(), person.category, written, f"[{person.label}]", "known")
                    continue
                yield s.Span(match.start(), match.end(), person.category, match.group(), f"[{person.label}]", "known")
        for start, end in mistyped:
            yield s.Span(start, end, person.category, text[start:end], f"[{person.label}]", "known")


def _mistyped_first_name(text: str, start: int, person: KnownPerson) -> int | None:
    """Where a first name one edit away from the known one starts, right before this
    mention of the known surname (a typo, though the typo is a name of its own)."""
    first, _, surname = _split(person.name.strip())
    if not surname:
        return None
    before = OTHER_FIRST.search(text, max(0, start - 40), start)
    if before is None:
        return None
    bare = before["word"].rstrip("'’").lower()
    if bare != first.lower() and _close(bare, first.lower()):
        return before.start("word")
    return None


TITLE_BEFORE = re.compile(rf"(?i:\b{TITLES})\s*$")


def _titled(text: str, match: re.Match[str]) -> bool:
    """Whether a title stands before or at the start of an initials match."""
    written = match.group()
    return not written[:1].isupper() or written[1:2] != "." or TITLE_BEFORE.search(text, 0, match.start()) is not None


def _other_first_name(text: str, start: int, person: KnownPerson) -> int | None:
    """Where a first name starts, when one stands right before this mention of a known
    surname (or of a person listed by one word, "Yilmaz"); None when the mention is the
    known person's own. Its label is the pseudonyms' to choose: a relative of a listed
    person is someone else ("Tesfay Yilmaz"), "Elif Yilmaz" may be the listed Yilmaz."""
    first, _, surname = _split(person.name.strip())
    if not text[start : start + 1].isalpha():
        return None
    if surname and text[start:].lower().startswith(first.lower()):
        return None  # the known first name itself
    before = OTHER_FIRST.search(text, max(0, start - 40), start)
    if before is None:
        return first_name_before(text, start)
    word = before["word"]
    bare = word.rstrip("'’").lower()
    if bare in TUSSENVOEGSELS or re.fullmatch(TITLES, bare) or bare in RELATION_WORDS:
        return None
    if vocabulary.zipf(bare) >= FUNCTION_WORD_ZIPF:
        return None  # "Haar Yilmaz", "Dan Yilmaz": words, whatever deduce's lists say
    if _close(bare, first.lower()):
        return None  # a typo of the known first name: the same person
    if not _sentence_start(text, before.start("word")):
        return before.start("word")  # a capital in mid-sentence, right before the surname
    if any(lexicon.known_name(part) for part in bare.split("-")) or not vocabulary.is_word(bare):
        return before.start("word")
    return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \u00a0\t\"'‘“(")
    return not before or before[-1] in ".!?:;\n•-*"


LOWER_BEFORE = re.compile(r"(?<![\w-])(?P<word>[^\W\d_][\w'’]*)[ \u00a0]+$")
# First names in deduce's list that are Dutch words people write in lower case before a
# name ("kent Yilmaz", "lieve Elif"), beside the everyday words of name_words.txt.
_NOT_FIRST_NAMES = """kent bent wilt anders elke klaar lieve rijk armen normen zusje vrouwtje maatje semi hou nam
    ken koop duurt erin allen hoi min date richt jarig"""
NOT_FIRST_NAMES = frozenset(_NOT_FIRST_NAMES.split())


LOWER_FIRST_ZIPF = 4.0  # "ahmed" 3.7, "fatima" 3.4: rarer than this, a first name before any surname


def first_name_before(text: str, start: int) -> int | None:
    """Where a first name written in lower case starts, right before a surname at start:
    "elif yilmaz", "ahmed Yilmaz". A word counts when deduce knows it as a first name, it
    is no everyday Dutch word, and either it is rare as a word ("ahmed", "fatima") or the
    surname is in lower case too (someone who types "elif yilmaz" types names that way;
    "anna Yilmaz" keeps "anna", "kent Yilmaz" keeps "kent")."""
    before = LOWER_BEFORE.search(text, max(0, start - 40), start)
    if before is None or not before["word"][0].islower():
        return None
    word = before["word"].rstrip("'’")
    if (
        len(word) < 2
        or not lexicon.first_name(word)
        or lexicon.ordinary(word)
        or word in TUSSENVOEGSELS
        or word in RELATION_WORDS
        or word in NOT_FIRST_NAMES
        or re.fullmatch(TITLES, word)
        or vocabulary.zipf(word) >= FUNCTION_WORD_ZIPF
    ):
        return None
    if vocabulary.zipf(word) >= LOWER_FIRST_ZIPF and not text[start : start + 1].islower():
        return None
    return before.start("word")


# Words before a surname that say who, not which person: "broer Yilmaz", "de heer Yilmaz".
RELATION_WORDS = frozenset(
    [
        "zoon",
        "dochter",
        "broer",
        "zus",
        "moeder",
        "vader",
        "oom",
        "tante",
        "neef",
        "nicht",
        "opa",
        "oma",
        "ex",
        "partner",
        "man",
        "vrouw",
        "heer",
        "familie",
        "fam",
        "mevrouw",
        "meneer",
        "mw",
        "mevr",
        "dhr",
        "juf",
        "meester",
        "dokter",
    ]
)


def _close(word: str, name: str) -> bool:
    from rapidfuzz.distance import OSA

    return len(name) >= TYPO_MIN and OSA.distance(word, name, score_cutoff=1) <= 1


TYPO_WORD = re.compile(r"(?<![\w-])[^\W\d_]{4,}(?![\w])")


def _typos(
    text: str, people: list[KnownPerson], words: Container[str] | None
) -> dict[KnownPerson, list[tuple[int, int]]]:
    """Words one edit away from a name part of five letters or more ("Fatiam" for Fatima,
    "Okafr" for Okafor, "Verhoven" for Verhoeven) that are neither a Dutch word people
    write nor a name of their own ("Maria" is not a typo of Mariam)."""
    parts: dict[str, KnownPerson] = {}
    for person in people:
        for part in _name_words(person):
            if len(part) >= TYPO_MIN and not lexicon.ordinary(part):
                parts.setdefault(part, person)
    if not parts:
        return {}
    from rapidfuzz.distance import OSA

    lengths = {len(part) + d for part in parts for d in (-1, 0, 1)}
    distinct: dict[str, list[int]] = {}
    if isinstance(words, dict):
        distinct = words  # the word index of this text: word -> where it starts
    else:
        for match in TYPO_WORD.finditer(text):
            distinct.setdefault(match.group().lower(), []).append(match.start())
    found: dict[KnownPerson, list[tuple[int, int]]] = {}
    for word, starts in distinct.items():
        if len(word) not in lengths or word in parts or vocabulary.plain_word(word):
            continue
        owner = next((who for part, who in parts.items() if OSA.distance(word, part, score_cutoff=1) <= 1), None)
        if owner is None or lexicon.known_name(word):
            continue
        found.setdefault(owner, []).extend((start, start + len(word)) for start in starts)
    return found


SHORT_NOTE = "mogelijk een roepnaam van {label}"
WORD_IN_TEXT = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])")


def short_forms(text: str, people: list[KnownPerson]) -> Iterator[s.Span]:
    """A first name that is the start of a listed first name ("Jo" for Johanna, "Mo" for
    Mohammed), in any case: perhaps what the person is called, perhaps someone else. Not
    certain, so a finding for the review (*mogelijk herleidbaar*) that takes the person's
    label when it is replaced; one the facilitator lists ("Johanna Verhoeven (Jo)") is
    the person for certain."""
    starts = _short_starts(tuple(people))
    if not starts:
        return
    for match in WORD_IN_TEXT.finditer(text):
        owner = starts.get(match.group().lower())
        if owner is not None:
            label = f"[{owner.label}]"
            note = SHORT_NOTE.format(label=label)
            yield s.Span(match.start(), match.end(), owner.category, match.group(), label, "possible", False, note)


@functools.lru_cache(maxsize=256)
def _short_starts(people: tuple[KnownPerson, ...]) -> dict[str, KnownPerson]:
    """The short forms of the people's first names: start -> whose."""
    starts: dict[str, KnownPerson] = {}
    listed = {word for person in people for word in _name_words(person)}
    for person in people:
        first = _split(person.name.strip())[0]
        for size in range(2, len(first) - 1):
            start = first[:size].lower()
            if start not in listed and _short_form(start):
                starts.setdefault(start, person)
    return starts


def _short_form(word: str) -> bool:
    return (
        lexicon.first_name(word)
        and not lexicon.ordinary(word)
        and word not in TUSSENVOEGSELS
        and word not in RELATION_WORDS
        and word not in NOT_FIRST_NAMES
        and vocabulary.zipf(word) < FUNCTION_WORD_ZIPF
    )


def _may_occur(text: str, person: KnownPerson, words: Container[str]) -> bool:
    """Whether any form of the person's name can stand in text (a quick test first)."""
    names = _name_words(person)
    if any(w in words for w in names):
        return True
    if any(f"{w}{ending}" in words for w in names[:1] for ending in DIMINUTIVE_ENDINGS):
        return True
    initials = _initials(person)
    return initials is not None and f"{person.name.strip()[:1].upper()}." in text and initials.search(text) is not None


@functools.lru_cache(maxsize=1024)
def _initials(person: KnownPerson) -> re.Pattern[str] | None:
    """Initials of the whole name: "J.d.V.", "M.O." (capitals where the name has them)."""
    first, prefix, surname = _split(person.name.strip())
    if not surname:
        return None
    letters = [first[0].upper(), *(p[0].lower() for p in prefix), surname[-1][0].upper()]
    written = r"\.\s?".join(re.escape(c) for c in letters) + r"\."
    return _compile(rf"(?:(?i:{TITLES})\s+)?{written}", False)


@functools.lru_cache(maxsize=1024)
def _name_words(person: KnownPerson) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[^\W\d_]+", person.name) if w.lower() not in TUSSENVOEGSELS)


@functools.lru_cache(maxsize=1024)
def _patterns(person: KnownPerson) -> list[re.Pattern[str]]:
    return patterns(person)
