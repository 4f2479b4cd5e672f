"""A method definition: the data a trainer writes in methods/*.toml.

Keys in the files are Dutch (trainers edit them); attributes here are English.
Each capture field kind is one class that knows its empty value and how to tidy
a captured value, so a new kind is one class here, one widget, one template macro.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from beraad.text import clean

# Characters no text in a method may hold: control characters (tab and newline are
# allowed only where noted), line and paragraph separators, and the bidirectional
# overrides that make a text show differently from what it is.
_HIDDEN = {"\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def describe_character(char: str) -> str:
    """A character that cannot be seen, named in Dutch for a message."""
    names = {"\n": "een regeleinde", "\t": "een tab", "\r": "een regelterugloop (\\r)"}
    if char in names:
        return names[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return f"het onzichtbare teken U+{ord(char):04X}"
    return f"het teken '{char}'"


def _check_characters(value: str, allowed: str) -> str:
    for index, char in enumerate(value):
        if char in allowed or not (unicodedata.category(char) == "Cc" or char in _HIDDEN):
            continue
        before = value[max(0, index - 20) : index].lstrip()
        after = f" (na '{before}')" if before else " (aan het begin)"
        advice = {
            "\n": "zet deze tekst op één regel",
            "\t": "gebruik een spatie",
        }.get(char, "haal het weg (het komt vaak ongemerkt mee bij kopiëren uit een ander programma)")
        raise PydanticCustomError("text_character", f"bevat {describe_character(char)}{after}; {advice}")
    return value


def _text_rule(max_length: int, allowed: str) -> AfterValidator:
    """Length and hidden characters of a free text, checked when a method file is read.

    A method copied into a session long ago is not checked again (the store validates it
    with the context {"stored": True}): a session must always open, also when a later
    beraad is stricter about method files than the one that started it."""

    def check(value: str, info: ValidationInfo) -> str:
        if info.context and info.context.get("stored"):
            return value
        if len(value) > max_length:
            raise PydanticCustomError(
                "string_too_long", "is te lang (hoogstens {max_length} tekens)", {"max_length": max_length}
            )
        return _check_characters(value, allowed)

    return AfterValidator(check)


def _max(length: int) -> Any:
    return Field(json_schema_extra={"maxLength": length})


# Every free text has a length limit, generous for what it is for. Titles and labels
# are one line; prompts, nudges, ground rules and sources a few sentences on one line;
# a goal or an explanation a paragraph; a description a few pages.
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Version = Annotated[str, Field(min_length=1), _max(40), _text_rule(40, "")]
Title = Annotated[str, Field(min_length=1), _max(120), _text_rule(120, "")]
Label = Annotated[str, Field(min_length=1), _max(200), _text_rule(200, "")]
Line = Annotated[str, Field(min_length=1), _max(600), _text_rule(600, "")]
Paragraph = Annotated[str, _max(2_000), _text_rule(2_000, "\n\t")]
Document = Annotated[str, _max(20_000), _text_rule(20_000, "\n\t")]


class _Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, strict=True)


def _described(title: str, description: str) -> ConfigDict:
    """How a table of the file is named and explained in the JSON Schema (an editor shows it)."""
    return ConfigDict(title=title, json_schema_extra={"description": description})


def _unique_ids(items: list[Any], what: str) -> list[Any]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise _error(f"{what}-id '{item.id}' komt twee keer voor", index, "id")
        seen.add(item.id)
    return items


def _error(message: str, *at: str | int) -> PydanticCustomError:
    """A validation error that says which key in the file it is about."""
    return PydanticCustomError("definition", message, {"at": at})


def _text(value: Any) -> str:
    """Captured text as stored: control characters (a pasted ESC sequence) never are."""
    return clean(value) if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item for item in (_text(v) for v in value) if item.strip()]


def _rows(value: Any, columns: list[str]) -> list[dict[str, str]]:
    """Keep rows with any text in them, each with exactly the given columns."""
    if not isinstance(value, list):
        return []
    rows = []
    for row in value:
        if not isinstance(row, dict):
            continue
        cleaned = {column: _text(row.get(column)) for column in columns}
        if any(cell.strip() for cell in cleaned.values()):
            rows.append(cleaned)
    return rows


class _FieldBase(_Definition):
    id: Ident = Field(
        description="Naam van het veld in het sessiebestand: kleine letters, cijfers, '-' en '_'; "
        "uniek binnen de stap. Verander hem niet meer als er sessies mee zijn gehouden.",
        examples=["verhaal"],
    )
    label: Label = Field(
        description="Kop boven het veld, zoals de gespreksleider en het verslag hem tonen (één regel).",
        examples=["De casus"],
    )
    help: Paragraph = Field(
        "",
        alias="uitleg",
        description="Korte toelichting onder de kop: wat hier komt te staan (optioneel).",
        examples=["In de woorden van de casusinbrenger. Gebruik geen namen van inwoners."],
    )

    def empty(self) -> Any:
        return ""

    def clean(self, value: Any) -> Any:
        return _text(value)

    def is_filled(self, value: Any) -> bool:
        return bool(self.clean(value))


class TextField(_FieldBase):
    """Free text: a narrative, a question, a conclusion."""

    model_config = _described("veld: tekst", "Vrije tekst: een verhaal, een vraag, een conclusie.")

    kind: Literal["tekst"] = Field(alias="soort", description="Soort veld: tekst (vrije tekst).", examples=["tekst"])
    lines: int = Field(
        4, alias="regels", ge=1, le=30, description="Hoogte van het tekstvak in regels (1-30).", examples=[4]
    )


class LookBackField(_FieldBase):
    """A look back at the team's previous session: beraad shows its actions and the team's
    open knelpunten with their status and any feedback; the group notes what it takes
    from that. Belongs in a frame step at the start."""

    model_config = _described(
        "veld: terugblik",
        "Terugblik op de vorige sessie van het team: beraad toont de acties van toen en de stand van de "
        "knelpunten van het team, met de terugkoppeling; de groep noteert wat ze meeneemt.",
    )

    kind: Literal["terugblik"] = Field(
        alias="soort", description="Soort veld: terugblik (op de vorige sessie van het team).", examples=["terugblik"]
    )
    lines: int = Field(
        3, alias="regels", ge=1, le=30, description="Hoogte van het tekstvak in regels (1-30).", examples=[3]
    )


class ListField(_FieldBase):
    """A list of short items, one per line."""

    model_config = _described("veld: lijst", "Een lijst korte punten; Enter begint een volgend punt.")

    kind: Literal["lijst"] = Field(
        alias="soort", description="Soort veld: lijst (een punt per regel).", examples=["lijst"]
    )

    def empty(self) -> list[str]:
        return []

    def clean(self, value: Any) -> list[str]:
        return _texts(value)


class _RowsField(_FieldBase):
    """Rows of named cells; the shared shape of dilemma, table and actions."""

    min_rows: int = Field(  # earlier files wrote "min_rows": still read (populate_by_name)
        1,
        alias="min_rijen",
        ge=1,
        le=20,
        description="Hoeveel lege rijen er klaarstaan voordat er iets is ingevuld.",
        examples=[1],
    )

    @property
    def columns(self) -> list[str]:
        raise NotImplementedError

    def empty(self) -> list[dict[str, str]]:
        return []

    def clean(self, value: Any) -> list[dict[str, str]]:
        return _rows(value, self.columns)


class DilemmaField(_RowsField):
    """Two or more options, each with the harm it does."""

    model_config = _described("veld: dilemma", "Twee of meer opties, elk met de schade die die keuze doet.")

    kind: Literal["dilemma"] = Field(
        alias="soort", description="Soort veld: dilemma (opties met elk hun schade).", examples=["dilemma"]
    )
    min_rows: int = Field(
        2, alias="min_opties", ge=2, le=9, description="Hoeveel opties er klaarstaan (2-9).", examples=[2]
    )
    option_label: Label = Field(
        "Optie", alias="optie_label", description="Kop boven elke optie.", examples=["Optie", "Ik kies voor"]
    )
    harm_label: Label = Field(
        "Schade",
        alias="schade_label",
        description="Kop boven de schade van elke optie: wat er verloren gaat.",
        examples=["Schade", "Wat gaat er verloren"],
    )

    @property
    def columns(self) -> list[str]:
        return ["optie", "schade"]


class TableField(_RowsField):
    """A table with named columns, e.g. perspectief | waarde | norm."""

    model_config = _described("veld: tabel", "Een tabel met benoemde kolommen, zoals perspectief | waarde | norm.")

    kind: Literal["tabel"] = Field(
        alias="soort", description="Soort veld: tabel (rijen met vaste kolommen).", examples=["tabel"]
    )
    column_names: list[Label] = Field(
        alias="kolommen",
        min_length=1,
        max_length=6,
        description="De koppen van de kolommen (1-6), van links naar rechts.",
        examples=[["Perspectief", "Waarde", "Norm"]],
    )

    @property
    def columns(self) -> list[str]:
        return list(self.column_names)


class ActionsField(_RowsField):
    """Actions: what, who (as a role, never a name), when."""

    model_config = _described("veld: acties", "Actiepunten: wat, wie (als rol, nooit een naam) en wanneer.")

    kind: Literal["acties"] = Field(
        alias="soort", description="Soort veld: acties (wat, wie en wanneer).", examples=["acties"]
    )

    @property
    def columns(self) -> list[str]:
        return ["wat", "wie", "wanneer"]


class ParticipantFormField(_FieldBase):
    """One short form per participant with named stems (the personal consideration)."""

    model_config = _described(
        "veld: per_deelnemer", "Een kort formulier per deelnemer met vaste zinsbeginnen (de persoonlijke afweging)."
    )

    kind: Literal["per_deelnemer"] = Field(
        alias="soort",
        description="Soort veld: per_deelnemer (een formulier per deelnemer).",
        examples=["per_deelnemer"],
    )
    stems: list[Label] = Field(
        alias="stammen",
        min_length=1,
        max_length=10,
        description="De zinsbeginnen die elke deelnemer afmaakt (1-10).",
        examples=[["Ik vind het juist om", "omdat ik waarde hecht aan"]],
    )

    def empty(self) -> dict[str, dict[str, str]]:
        return {}

    def clean(self, value: Any) -> dict[str, dict[str, str]]:
        if not isinstance(value, dict):
            return {}
        forms = {}
        for participant, answers in value.items():
            if not isinstance(answers, dict):
                continue
            kept = {s: _text(answers.get(s)) for s in self.stems if _text(answers.get(s)).strip()}
            if kept:
                forms[str(participant)] = kept
        return forms


class ChecklistField(_FieldBase):
    """Agreements to tick off; the value is the list of ticked items."""

    model_config = _described("veld: checklist", "Afspraken om af te vinken; bewaard wordt wat is aangevinkt.")

    kind: Literal["checklist"] = Field(
        alias="soort", description="Soort veld: checklist (afspraken om af te vinken).", examples=["checklist"]
    )
    items: list[Label] = Field(
        min_length=1,
        max_length=20,
        description="De afspraken om af te vinken (1-20), elk op één regel.",
        examples=[["Spelregels voorgelezen", "Vertrouwelijkheid afgesproken"]],
    )

    def empty(self) -> list[str]:
        return []

    def clean(self, value: Any) -> list[str]:
        ticked = set(_texts(value))
        return [item for item in self.items if item in ticked]


class ScoreField(_FieldBase):
    """A score per participant on a small scale, e.g. 1-5."""

    model_config = _described(
        "veld: score", "Een cijfer per deelnemer op een kleine schaal; 'beraad evaluatie' toont het verloop."
    )

    kind: Literal["score"] = Field(
        alias="soort", description="Soort veld: score (een cijfer per deelnemer).", examples=["score"]
    )
    low: int = Field(1, alias="min", ge=0, le=10, description="Laagste cijfer (0-10).", examples=[1])
    high: int = Field(5, alias="max", ge=1, le=10, description="Hoogste cijfer (1-10), groter dan 'min'.", examples=[5])

    @model_validator(mode="after")
    def _scale(self) -> ScoreField:
        if self.high <= self.low:
            raise _error(f"'max' ({self.high}) moet groter zijn dan 'min' ({self.low})", "max")
        return self

    def empty(self) -> dict[str, int]:
        return {}

    def clean(self, value: Any) -> dict[str, int]:
        if not isinstance(value, dict):
            return {}
        return {
            str(p): s
            for p, s in value.items()
            if isinstance(s, int) and not isinstance(s, bool) and self.low <= s <= self.high
        }


CaptureField = Annotated[
    TextField
    | ListField
    | DilemmaField
    | TableField
    | ActionsField
    | ParticipantFormField
    | ChecklistField
    | ScoreField
    | LookBackField,
    Field(discriminator="kind"),
]


class Step(_Definition):
    """One step of a method: a frame (opening, evaluation) or a numbered round."""

    model_config = _described(
        "stap", "Een stap van de methode: een kader (opening, evaluatie) of een genummerde ronde. Volgorde = bestand."
    )

    id: Ident = Field(
        description="Naam van de stap in het sessiebestand: kleine letters, cijfers, '-' en '_'; uniek in de methode.",
        examples=["casus"],
    )
    title: Title = Field(
        alias="titel", description="Titel van de stap op het scherm en in het verslag.", examples=["Casus"]
    )
    kind: Literal["kader", "ronde"] = Field(
        alias="soort",
        description="'ronde' krijgt een nummer (Ronde 1/8); 'kader' niet (opening en evaluatie).",
        examples=["ronde"],
    )
    goal: Paragraph = Field(
        "",
        alias="doel",
        description="Het doel van de stap, onder de titel (optioneel).",
        examples=["De casusinbrenger vertelt een casus die hij of zij zelf heeft meegemaakt, tot aan het hittepunt."],
    )
    minutes: int = Field(
        alias="minuten", ge=1, le=240, description="Geplande minuten voor deze stap (1-240).", examples=[10]
    )
    prompts: list[Line] = Field(
        default_factory=list,
        alias="vragen",
        description="Vragen die de gespreksleider kan stellen; elk op één regel.",
        examples=[["Wat was het moment waarop je niet meer wist wat juist was?"]],
    )
    nudges: list[Line] = Field(
        default_factory=list,
        alias="aandachtspunten",
        description="Aandachtspunten voor de gespreksleider (onder 'Let op').",
        examples=[["Is dit een vraag of een verkapt advies?"]],
    )
    fields: list[CaptureField] = Field(
        default_factory=list,
        alias="velden",
        description="Wat in deze stap wordt vastgelegd, elk als [[stappen.velden]] met een 'soort'.",
        examples=[[{"id": "verhaal", "soort": "tekst", "label": "De casus"}]],
    )

    write_first: bool = Field(
        False,
        alias="eerst_schrijven",
        # left out of the stored copy when off: sessions of methods without it keep their fingerprint
        exclude_if=lambda value: not value,
        description="Eerst schrijven, dan praten: de gespreksleider kan in deze stap een schrijfronde openen waarin "
        "elke deelnemer op de eigen telefoon het formulier per deelnemer invult; de antwoorden komen pas bij "
        "'Onthullen' op het teamscherm en in de sessie, in een willekeurige volgorde. Alleen in een stap met een "
        "veld van soort per_deelnemer.",
        examples=[False, True],
    )

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, fields: list[Any]) -> list[Any]:
        return _unique_ids(fields, "veld")

    @model_validator(mode="after")
    def _write_first_needs_a_form(self) -> Step:
        if self.write_first and self.written_field is None:
            raise _error(
                "'eerst_schrijven' kan alleen in een stap met een veld van soort per_deelnemer; "
                "voeg zo'n veld toe of haal 'eerst_schrijven' weg",
                "eerst_schrijven",
            )
        return self

    @property
    def written_field(self) -> ParticipantFormField | None:
        """The form that participants fill in on their phones in a write-first round."""
        return next((f for f in self.fields if isinstance(f, ParticipantFormField)), None)

    def field(self, field_id: str) -> CaptureField:
        return next(f for f in self.fields if f.id == field_id)


class Method(_Definition):
    """A whole method: what the session screen shows and captures, step by step."""

    model_config = _described(
        "beraad methode", "Een methode voor moreel beraad: wat het sessiescherm per stap toont en vastlegt."
    )

    id: Ident = Field(
        description="Naam van de methode: kleine letters, cijfers, '-' en '_'. Een eigen methode krijgt een eigen id; "
        "met het id van een meegeleverde methode vervang je die in deze werkmap.",
        examples=["dilemmamethode"],
    )
    version: Version = Field(
        alias="versie",
        description="Versie van de methode, in elk verslag vermeld. Verhoog haar als je de stappen verandert "
        "('beraad methods check' waarschuwt).",
        examples=["1.0", "1.1"],
    )
    title: Title = Field(
        alias="titel", description="Naam van de methode zoals iedereen hem ziet.", examples=["Dilemmamethode"]
    )
    description: Document = Field(
        "",
        alias="beschrijving",
        description="Waar de methode voor is en hoe het gesprek loopt (optioneel, mag meer regels zijn).",
        examples=["Een echte casus, in acht rondes onderzocht."],
    )
    sources: list[Line] = Field(
        default_factory=list,
        alias="bronnen",
        description="Waar de methode vandaan komt; het verslag noemt de bronnen.",
        examples=[["Stolper, Molewijk & Widdershoven: de dilemmamethode (Amsterdam UMC)"]],
    )
    minutes: int | None = Field(
        None,
        alias="minuten",
        ge=1,
        le=600,
        description="Totale duur in minuten (optioneel); moet de som van de stappen zijn.",
        examples=[90],
    )
    ground_rules: list[Line] = Field(
        default_factory=list,
        alias="spelregels",
        description="Spelregels, getoond bij de eerste stap.",
        examples=[["We stellen vragen en geven geen adviezen."]],
    )
    steps: list[Step] = Field(
        alias="stappen",
        min_length=1,
        max_length=40,
        description="De stappen in volgorde, elk als [[stappen]] (1-40).",
        examples=[[{"id": "casus", "titel": "Casus", "soort": "ronde", "minuten": 10}]],
    )

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: list[Step]) -> list[Step]:
        return _unique_ids(steps, "stap")

    @model_validator(mode="after")
    def _total(self) -> Method:
        total = sum(step.minutes for step in self.steps)
        if self.minutes is not None and self.minutes != total:
            raise _error(
                f"'minuten' ({self.minutes}) is niet de som van de stappen ({total}); "
                "pas een van beide aan of laat 'minuten' weg",
                "minuten",
            )
        return self

    @property
    def planned_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)

    def round_number(self, step_id: str) -> int | None:
        """1-based number among the rounds, or None for a frame step."""
        number = 0
        for step in self.steps:
            number += step.kind == "ronde"
            if step.id == step_id:
                return number if step.kind == "ronde" else None
        return None

    @property
    def round_count(self) -> int:
        return sum(step.kind == "ronde" for step in self.steps)

    def to_data(self) -> dict[str, Any]:
        """The definition as stored in a session: the same Dutch keys as the file."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
