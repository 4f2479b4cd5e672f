"""The register of knelpunten: every knelpunt of every session, what is due, what is late;
Enter opens one with its history, where the next step is recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.core.register import Filter, Register, Row, conflict_lines, routed_text, select
from beraad.core.sync import Status
from beraad.errors import BeraadError
from beraad.model.bottleneck import SOURCES
from beraad.model.register import STATUSES, Correction, LifecycleError, Step
from beraad.model.when import QUARTER_EXAMPLE, parse_quarter, quarter_days, quarter_of
from beraad.text import day_text as day
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell
from beraad.tui.messages import Synced
from beraad.tui.screens.dialogs import Dialog, Form, parse_day
from beraad.tui.show import shown

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

SHOWN_AT_MOST = 500  # rows in the table; the filter narrows the rest
WIDE = 100  # columns from which every column has its own place; below, a row takes two lines
STAND, TEAM = 18, 17  # widths at 80 columns: "TE LAAT 04-02-2027"; team and addressee
CONFLICT = " (!)"  # after the status of a knelpunt whose steps contradict each other
SORT_CYCLE = ["verwacht", "ref", "status", "titel", "gezien", "laatst", "team", "adressaat"]


class RegisterScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        # Enter and L out of the footer, which must fit at 80 columns; F1 lists them
        Command("open", "Knelpunt openen", "Geschiedenis en volgende stap", "enter", "", True),
        Command(
            "sync_now",
            "Nu versturen",
            "Stuur wat het team vaststelde naar de gemeente en haal de antwoorden op",
            "v",
            "Versturen",
        ),
        Command("search", "Zoeken", "Zoek in titel, referentie, team en adressaat", "slash", "Zoeken"),
        Command("filter", "Filter", "Op status, bron, regelgeving, team, adressaat, periode", "f", "Filter"),
        Command("overdue", "Alleen te laat", "Toon alleen wat te laat is (nog eens: alles)", "l"),
        Command("sort", "Sorteren", "Wissel de volgorde: verwacht, ref, status, titel, gezien…", "o", "Sorteren"),
        Command(
            "extract",
            "Overzicht voor een adressaat",
            "Alle open knelpunten voor één adressaat, als document",
            "x",
            "Overzicht",
        ),
        Command("back", "Terug", "Terug naar het overzicht", "escape", "Terug"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), *FOCUS_KEYS]
    KEYS: ClassVar[list[KeyHelp]] = [
        KeyHelp("Enter (in Zoeken)", "terug naar de lijst, met wat je zocht"),
        KeyHelp("Esc (in Zoeken)", "zoeken wissen; nog eens Esc: terug naar het overzicht"),
    ]
    DEFAULT_CSS = """
    RegisterScreen #register-status { height: 1; padding: 0 1; background: $panel; }
    RegisterScreen #register-sync { height: 1; padding: 0 1; color: $text-muted; }
    RegisterScreen #search { display: none; }
    RegisterScreen.-searching #search { display: block; }
    RegisterScreen #knelpunten { height: 1fr; }
    """

    app: BeraadApp

    def __init__(self, register: Register) -> None:
        super().__init__(id="register")
        self.register = register
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.where = Filter()
        self.sort = "verwacht"
        self.sync_status: Status | None = None  # paired? what waits to be sent, when it last went
        self._width = 0  # the width the columns were made for

    def compose(self) -> ComposeResult:
        yield Static(id="register-status")
        yield Static(id="register-sync")
        yield Input(
            placeholder="zoek in titel, beschrijving, referentie, regelgeving, team, adressaat",
            id="search",
            compact=True,
        )
        yield DataTable(id="knelpunten", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._columns()
        self.query_one(DataTable).loading = True
        self.load()

    def _columns(self) -> None:
        """Every column that matters on screen at 80 columns: a row takes two lines there
        (reference and title; status and date; team and addressee; how often seen)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._width = self.size.width
        if self._width >= WIDE:
            table.add_columns(
                "Ref", "Status", "Verwacht", "Titel", "Gezien", "Team", "Adressaat", "Bron", "Regelgeving"
            )
        else:
            table.add_column("Knelpunt", width=self._title_width())
            table.add_column("Stand", width=STAND)
            table.add_column("Team → voor", width=TEAM)
            table.add_column("Vaak", width=4)

    def _title_width(self) -> int:
        return max(20, self._width - STAND - TEAM - 4 - 4 * 2 - 3)

    def on_resize(self) -> None:
        width = self.size.width
        # a narrow table's title takes what the others leave; a wide one sizes itself
        if width != self._width and (width < WIDE or self._width < WIDE):
            self._columns()
            self.show()

    @work(thread=True, exclusive=True, group="register", exit_on_error=False)
    def load(self) -> list[Row]:
        from beraad.core import sync

        rows = self.register.rows()
        status = sync.status(self.register.log)  # what waits to be sent: read here, never on the UI's thread
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, rows, status)
        return rows

    @on(Worker.StateChanged)
    def _load_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one(DataTable).loading = False
            error = event.worker.error
            if isinstance(error, BeraadError):
                tell(self, str(error))
            elif event.worker.group == "extract":
                self.app.report_crash(error, "Het overzicht kon niet worden gemaakt.")
            else:
                self.app.report_crash(error, "Het register kon niet worden geladen.")

    def _loaded(self, rows: list[Row], status: Status) -> None:
        self.rows = rows
        self.sync_status = status
        self.query_one(DataTable).loading = False
        self.show()
        self._show_sync()

    def _show_sync(self) -> None:
        status = self.sync_status
        if status is None:
            return
        line = status.short()
        if status.paired and self.app.syncing:
            line = f"Bezig met versturen… · {line}"
        elif status.paired:
            line = f"{line} · v: nu versturen"
        self.query_one("#register-sync", Static).update(shown(line))

    def action_sync_now(self) -> None:
        """Send and fetch now, in the background; the line under the counts says how it went."""
        if self.sync_status is not None and not self.sync_status.paired:
            tell(
                self,
                "Deze werkmap is niet gekoppeld aan de server van de gemeente. Koppelen doe je eenmalig met "
                "beraad register koppel URL CODE (beheer van de gemeente geeft de code).",
                "information",
            )
            return
        if not self.app.sync_now():
            tell(self, "Er wordt al verstuurd; de regel bovenaan zegt het zodra het klaar is.", "information")
        self._show_sync()

    @on(Synced)
    def _synced(self, event: Synced) -> None:
        """A sync ended (the timer's, or one asked for): its answers and what still waits."""
        self._show_sync()
        self.load()

    def show(self) -> None:
        chosen = select(self.rows, self.where, self.sort)
        self.shown = chosen[:SHOWN_AT_MOST]
        table = self.query_one(DataTable)
        table.clear()
        error = self.app.theme_variables.get("error", "red")  # the theme's colour, for Rich cells
        wide, title_width = self._width >= WIDE, self._title_width()
        for row in self.shown:
            late = f"bold {error}" if row.overdue else ""
            due = f"{'TE LAAT ' if row.overdue else ''}{day(row.due.day)}" if row.due else ""
            seen = str(row.seen) if row.seen > 1 else ""
            if not wide:
                table.add_row(
                    shown(f"{row.ref}\n{_cut(row.title, title_width)}", late),
                    Text.assemble(row.status, (CONFLICT if row.conflicts else "", late), "\n", (due, late)),
                    shown(f"{_cut(row.team or '–', TEAM)}\n→ {_cut(row.addressee or 'nog te bepalen', TEAM - 2)}"),
                    f"{seen}×" if seen else "",
                    key=row.key,
                    height=2,
                )
                continue
            table.add_row(
                row.ref,
                f"{row.status}{CONFLICT if row.conflicts else ''}",
                Text(due, style=late),
                shown(row.title, late),
                seen,
                shown(row.team),
                shown(row.addressee),
                shown("; ".join(row.sources)),
                shown(row.regulation),
                key=row.key,
            )
        overdue = sum(r.overdue for r in self.rows)
        conflicting = sum(bool(r.conflicts) for r in self.rows)
        counted = f"{len(self.shown)} van {len(chosen)}" if len(chosen) > len(self.shown) else f"{len(chosen)}"
        what = _describe(self.where)
        self.query_one("#register-status", Static).update(
            shown(
                f"Knelpunten: {counted}{' (verfijn het filter)' if len(chosen) > len(self.shown) else ''}"
                f" · {overdue} te laat"
                + (f" · {conflicting} tegenstrijdig{CONFLICT}" if conflicting else "")
                + f" · volgorde: {self.sort}{f' · filter: {what}' if what else ''}"
            )
        )
        if not self.has_class("-searching"):  # while searching, the typing stays in the search box
            table.focus()

    def _selected(self) -> Row | None:
        if not self.shown:
            return None
        return self.shown[min(self.query_one(DataTable).cursor_row, len(self.shown) - 1)]

    def action_open(self) -> None:
        if self.has_class("-searching"):
            self.remove_class("-searching")
            self.query_one(DataTable).focus()
            return
        row = self._selected()
        if row is not None:
            self.app.push_screen(KnelpuntScreen(self.register, row), self._reload)

    def _reload(self, _: None) -> None:
        self.load()

    def action_search(self) -> None:
        self.add_class("-searching")
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _searched(self, event: Input.Changed) -> None:
        self.where = _with(self.where, text=event.value.strip())
        self.show()

    def action_overdue(self) -> None:
        self.where = _with(self.where, overdue_only=not self.where.overdue_only)
        self.show()

    def action_sort(self) -> None:
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]
        self.show()

    def action_filter(self) -> None:
        teams = sorted({r.team for r in self.rows if r.team}, key=str.casefold)
        addressees = sorted({r.addressee for r in self.rows if r.addressee}, key=str.casefold)
        self.app.push_screen(FilterDialog(self.where, teams, addressees), self._filtered)

    def _filtered(self, where: Filter | None) -> None:
        if where is not None:
            self.where = where
            self.show()

    def action_extract(self) -> None:
        addressees = sorted({r.addressee for r in self.rows if r.addressee and r.approved}, key=str.casefold)
        if not addressees:
            tell(self, "Er zijn nog geen vastgestelde knelpunten met een adressaat.", "warning")
            return
        selected = self._selected()
        chosen = self.where.addressee or (selected.addressee if selected else "") or addressees[0]
        self.app.push_screen(ExtractDialog(addressees, chosen), self._extract)

    def _extract(self, addressee: str | None) -> None:
        if addressee:
            tell(self, f"Het overzicht voor {addressee} wordt gemaakt…", "information")
            self._write_extract(addressee)

    @work(thread=True, exclusive=True, group="extract", exit_on_error=False)
    def _write_extract(self, addressee: str) -> None:
        from beraad.core.register import export_extract

        files = export_extract(self.app.services, addressee, ("md", "html", "docx", "csv", "json"), None)
        names = "\n".join(path.name for path in files)
        self.app.call_from_thread(
            self.app.notify, f"Geschreven in {files[0].parent}:\n{visible(names)}", timeout=15, markup=False
        )

    def action_back(self) -> None:
        """Esc: first out of the search (wiped, every knelpunt again), then out of the register."""
        if self.has_class("-searching") or self.where.text:
            self.remove_class("-searching")
            search = self.query_one("#search", Input)
            if search.value:
                search.value = ""  # Input.Changed shows every knelpunt again
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class ExtractDialog(Dialog[str | None]):
    """For whom: the addressee whose open knelpunten go into one document."""

    DEFAULT_CSS = "ExtractDialog Select { width: 100%; }"
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Annuleren"), *FOCUS_KEYS]

    def __init__(self, addressees: list[str], chosen: str) -> None:
        super().__init__()
        self.addressees = addressees
        self.chosen = chosen if chosen in addressees else addressees[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(
                "Een overzicht van alle open, vastgestelde knelpunten voor één adressaat, per thema, "
                "met wat te laat is apart (md, html, docx, csv en json in exports/)."
            )
            yield Label("Voor", classes="field-label")
            yield Select([(visible(a), a) for a in self.addressees], value=self.chosen, allow_blank=False, id="x-to")
            with Horizontal(classes="answers"):
                yield Button("Maken", id="make", variant="primary")
                yield Button("Annuleren", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#make", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        value = self.query_one("#x-to", Select).value
        self.dismiss(value if event.button.id == "make" and isinstance(value, str) else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _with(where: Filter, **changes: object) -> Filter:
    from dataclasses import replace

    return replace(where, **changes)  # type: ignore[arg-type]


def _describe(where: Filter) -> str:
    parts = [
        where.status,
        where.source,
        where.regulation,
        where.team,
        f"voor {where.addressee}" if where.addressee else "",
        quarter_of(where.since, where.until),
        f"vanaf {day(where.since)}" if where.since and not quarter_of(where.since, where.until) else "",
        f"tot {day(where.until)}" if where.until and not quarter_of(where.since, where.until) else "",
        f"'{where.text}'" if where.text else "",
        "alleen te laat" if where.overdue_only else "",
    ]
    return ", ".join(p for p in parts if p)


class FilterDialog(Dialog[Filter | None]):
    """Narrow the register down: status, source, regulation, team, addressee, period."""

    DEFAULT_CSS = """
    FilterDialog > .dialog-box { width: 70; }
    FilterDialog Select { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "cancel", "Annuleren"),
        ("ctrl+s", "apply", "Toepassen"),
        *FOCUS_KEYS,
    ]

    def __init__(self, where: Filter, teams: list[str], addressees: list[str]) -> None:
        super().__init__()
        self.where, self.teams, self.addressees = where, teams, addressees

    def compose(self) -> ComposeResult:
        w = self.where
        with VerticalScroll(classes="dialog-box"):
            yield Label("Status", classes="field-label")
            yield Select([(s, s) for s in STATUSES], value=w.status or Select.NULL, prompt="alle", id="f-status")
            yield Label("Bron", classes="field-label")
            yield Select([(s, s) for s in SOURCES], value=w.source or Select.NULL, prompt="alle", id="f-source")
            yield Label("Regelgeving (een deel is genoeg)", classes="field-label")
            yield Input(w.regulation, id="f-regulation", compact=True)
            yield Label("Team", classes="field-label")
            yield Select([(visible(t), t) for t in self.teams], value=w.team or Select.NULL, prompt="alle", id="f-team")
            yield Label("Adressaat", classes="field-label")
            yield Select(
                [(visible(a), a) for a in self.addressees],
                value=w.addressee or Select.NULL,
                prompt="alle",
                id="f-addressee",
            )
            yield Label("Kwartaal (bijv. K1 2027; of een periode hieronder)", classes="field-label")
            quarter = quarter_of(w.since, w.until)
            yield Input(quarter, id="f-quarter", compact=True)
            yield Label("Periode: van en tot (dd-mm-jjjj, leeg: alles)", classes="field-label")
            with Horizontal(classes="answers"):  # a quarter is shown as one, not as its days
                yield Input(f"{day(w.since)}" if w.since and not quarter else "", id="f-since", compact=True)
                yield Input(f"{day(w.until)}" if w.until and not quarter else "", id="f-until", compact=True)
            yield Static(id="f-error", classes="error")
            with Horizontal(classes="answers"):
                yield Button("Toepassen (Ctrl+S)", id="apply", variant="primary")
                yield Button("Alles tonen", id="clear")

    def on_mount(self) -> None:
        self.query_one("#f-status", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "clear":
            self.dismiss(Filter())
        else:
            self.action_apply()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        days: list[date | None] = []
        quarter = self.query_one("#f-quarter", Input).value.strip()
        if quarter:  # a quarter, else the period as typed
            found = parse_quarter(quarter)
            if found is None:
                self.query_one("#f-error", Static).update(
                    f"'{visible(quarter)}' is geen kwartaal; schrijf het als {QUARTER_EXAMPLE} (of 1e kwartaal 2027)."
                )
                return
            self._apply(*quarter_days(*found))
            return
        for widget_id in ("#f-since", "#f-until"):
            text = self.query_one(widget_id, Input).value.strip()
            typed = parse_day(text) if text else None
            if text and typed is None:
                self.query_one("#f-error", Static).update(f"De datum '{visible(text)}' is niet te lezen.")
                return
            days.append(typed)
        self._apply(days[0], days[1])

    def _apply(self, since: date | None, until: date | None) -> None:
        def chosen(widget_id: str) -> str:
            value = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else ""

        self.dismiss(
            Filter(
                status=chosen("#f-status"),
                source=chosen("#f-source"),
                regulation=self.query_one("#f-regulation", Input).value.strip(),
                team=chosen("#f-team"),
                addressee=chosen("#f-addressee"),
                since=since,
                until=until,
                text=self.where.text,
                overdue_only=self.where.overdue_only,
            )
        )


CONTEXT = [  # what the knelpunt screen shows of the approved verslag, in this order
    ("Wat knelt", "beschrijving"),
    ("Effect op inwoners", "effect"),
    ("Bestaanszekerheid", "bestaanszekerheid"),
    ("Beleidsruimte overwogen", "beleidsruimte"),
    ("Aard", "aard"),
]


class KnelpuntScreen(Screen[None]):
    """One knelpunt: where it came from, how often it was seen, its history, what is due;
    S records the next step."""

    ACTIONS: ClassVar[list[Command]] = [
        Command(
            "step", "Volgende stap", "Leg de volgende stap vast (geagendeerd, …, teruggekoppeld)", "s", "Stap", True
        ),
        Command(
            "correct",
            "Stap corrigeren",
            "Verbeter datum, notitie, bij wie of uitkomst, met een reden",
            "c",
            "Corrigeren",
        ),
        Command("withdraw", "Stap intrekken", "Trek de laatste stap in, met een reden", "i", "Intrekken"),
        Command("back", "Terug", "Terug naar het register", "escape", "Terug"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS)]
    DEFAULT_CSS = """
    KnelpuntScreen #knelpunt { padding: 0 2; }
    """

    app: BeraadApp

    def __init__(self, register: Register, row: Row) -> None:
        super().__init__()
        self.register, self.row = register, row
        self.corrections: dict[str, list[Correction]] = {}  # per step: what each correction replaced

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="knelpunt"):
            yield Static(id="k-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()
        self._read_corrections()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _read_corrections(self) -> None:
        """What each correction replaced is in the log, not in the fold: read in the background."""
        found = self.register.corrections(self.row)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_corrections, found)

    def _show_corrections(self, found: dict[str, list[Correction]]) -> None:
        self.corrections = found
        self.show()

    def show(self) -> None:
        row = self.row
        text = Text()
        text.append(f"{row.ref}  ", style="bold")
        text.append(visible(row.title) + "\n", style="bold")
        text.append(f"Status: {row.status}")
        if row.due is not None:
            text.append(f" · verwacht: {row.due.what} uiterlijk {day(row.due.day)}")
            if row.overdue:
                text.append(" (TE LAAT)", style="bold reverse")
        text.append("\n")
        text.append(visible(f"Uit: {row.session_title} ({day(row.flagged)}, {row.team or 'geen team'})\n"))
        text.append(visible(f"Bron: {'; '.join(row.sources) or '–'}\nRegelgeving: {row.regulation or '–'}\n"))
        routed = routed_text(row)
        text.append(visible(f"Adressaat: {row.addressee or '–'}" + (f" ({routed})" if routed else "") + "\n"))
        conflicts = conflict_lines(row.entry, self.register.log.origin) if row.entry else []
        if conflicts:
            text.append("\nTegenstrijdige stappen\n", style="bold reverse")
            for line in conflicts:
                text.append(visible(f"  {line}\n"))
        if row.seen > 1:
            text.append(visible(row.seen_text()) + f" (groep {row.group})\n", style="bold")
            others = [r for r in self.register.rows() if r.group == row.group and r.ref != row.ref]
            for other in sorted(others, key=lambda r: r.flagged):
                text.append(
                    visible(f"  ook {other.ref} ({day(other.flagged)}, {other.team or 'geen team'}): {other.status}\n")
                )
        text.append("\nUit het vastgestelde verslag (geanonimiseerd)\n", style="bold")
        agreed = row.agreed or {}
        if not agreed:
            text.append("  Het verslag is nog niet vastgesteld; daarna staat hier wat het team erover schreef.\n")
        for label, key in CONTEXT:
            value = agreed.get(key)
            if isinstance(value, str) and value.strip():
                text.append(f"  {label}: ", style="italic")
                text.append(visible(value.strip()) + "\n")
        text.append("\nGeschiedenis\n", style="bold")
        steps = row.entry.steps if row.entry else []
        if not steps:
            text.append("  gesignaleerd, nog niet geagendeerd\n")
        for number, step in enumerate(steps, 1):
            parts = [f"bij {step.to_whom}" if step.to_whom else "", step.how, step.outcome or "", step.note]
            detail = "; ".join(p for p in parts if p)
            who = f" ({step.role})" if step.role else ""
            text.append(visible(f"  {number}. {day(step.date)}  {step.status}{who}{': ' + detail if detail else ''}\n"))
            for line in self._correction_lines(step):
                text.append(visible(f"     {line}\n"), style="italic")
        for gone in row.entry.withdrawn if row.entry else []:
            text.append(
                visible(f"  ingetrokken: {day(gone.step.date)} {gone.step.status} — {gone.reason}\n"), style="dim"
            )
        self.query_one("#k-details", Static).update(text)

    def _correction_lines(self, step: Step) -> list[str]:
        """A line per correction: the reason, and what the corrected fields said before."""
        found = self.corrections.get(step.id, [])
        if len(found) != len(step.corrections):  # not read (yet): the reasons the fold keeps
            return [f"gecorrigeerd: {reason}" for reason in step.corrections]
        lines = []
        for correction in found:
            was = "; ".join(f"{name} was: {said}" for name, said in correction.was)
            lines.append(f"gecorrigeerd: {correction.reason}{f' ({was})' if was else ''}")
        return lines

    def action_step(self) -> None:
        if self.row.status == STATUSES[-1]:
            tell(self, "Dit knelpunt is teruggekoppeld aan het team; de cirkel is rond.", "information")
            return
        self.app.push_screen(StepDialog(self.row, self.app.today()), self._record)

    def _record(self, step: Step | None) -> None:
        if step is not None:
            self._advance(step)

    @work(thread=True, exclusive=True, group="step", exit_on_error=False)
    def _advance(self, step: Step) -> None:
        """In the background: a register of tens of thousands never makes the screen wait."""
        try:
            self.register.advance(self.row.key, step)
            refused = ""
        except BeraadError as error:
            refused = str(error)
        row = self.register.find(self.row.key)
        self.app.call_from_thread(self._recorded, row, step, refused)

    def _recorded(self, row: Row, step: Step, refused: str) -> None:
        self.row = row
        self.show()
        self._read_corrections()
        if not refused:
            tell(self, f"{row.ref} is nu '{row.status}'.", "information")
        elif row.status != STATUSES[-1]:
            # Refused (a date before the last step, or another window moved it on): the
            # dialog opens again with what was typed and says why; nothing is lost.
            self.app.push_screen(StepDialog(row, self.app.today(), step, refused), self._record)
        else:
            tell(self, refused)

    @on(Worker.StateChanged)
    def _step_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "step" and event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_crash(event.worker.error, "De stap kon niet worden vastgelegd.")
        elif event.worker.group == "history" and event.state == WorkerState.ERROR and event.worker.error is not None:
            from beraad.errors import record

            record(event.worker.error, "register")  # the reasons still show; only what they replaced is missing

    def action_correct(self) -> None:
        steps = self.row.entry.steps if self.row.entry else []
        if not steps:
            tell(self, "Er is nog geen stap om te corrigeren.", "information")
            return
        self.app.push_screen(CorrectionDialog(self.row, self.app.today()), self._corrected)

    def _corrected(self, answer: tuple[Step, str, Step] | None) -> None:
        if answer is not None:
            self._correct(answer)

    @work(thread=True, exclusive=True, group="step", exit_on_error=False)
    def _correct(self, answer: tuple[Step, str, Step]) -> None:
        old, reason, new = answer
        try:
            self.register.correct(self.row.key, old.id, new, reason)
            refused = ""
        except BeraadError as error:
            refused = str(error)
        row = self.register.find(self.row.key)
        self.app.call_from_thread(self._correction_done, row, answer, refused)

    def _correction_done(self, row: Row, answer: tuple[Step, str, Step], refused: str) -> None:
        self.row = row
        self.show()
        self._read_corrections()
        if not refused:
            tell(self, "De stap is gecorrigeerd; wat er eerst stond, blijft in de geschiedenis.", "information")
        else:  # a date out of bounds, say: the dialog opens again with what was typed, and says why
            self.app.push_screen(CorrectionDialog(row, self.app.today(), answer, refused), self._corrected)

    def action_withdraw(self) -> None:
        steps = self.row.entry.steps if self.row.entry else []
        if not steps:
            tell(self, "Er is nog geen stap om in te trekken.", "information")
            return
        self.app.push_screen(WithdrawDialog(self.row, steps[-1]), self._withdrawn)

    def _withdrawn(self, answer: tuple[str, str] | None) -> None:
        if answer is not None and self.row.entry is not None:
            reason, role = answer
            last = self.row.entry.steps[-1]
            self._change(lambda: self.register.withdraw(self.row.key, last.id, reason, role), "ingetrokken")

    @work(thread=True, exclusive=True, group="step", exit_on_error=False)
    def _change(self, change: Callable[[], object], done: str) -> None:
        try:
            change()
            said = f"De stap is {done}; wat er eerst stond, blijft in de geschiedenis."
        except BeraadError as error:
            said = str(error)
        row = self.register.find(self.row.key)
        self.app.call_from_thread(self._changed, row, said)

    def _changed(self, row: Row, said: str) -> None:
        self.row = row
        self.show()
        self._read_corrections()
        tell(self, said, "information")

    def action_back(self) -> None:
        self.dismiss(None)


class CorrectionDialog(Form, Dialog[tuple[Step, str, Step] | None]):
    """Correct a step already recorded: its date, to whom, how, outcome or note, with the
    reason why. The step as it was stays in the history (nothing is rewritten). Its fields
    come in the order of the step dialog; Esc asks before it throws typing away."""

    DEFAULT_CSS = """
    CorrectionDialog > .dialog-box { width: 72; padding: 0 2; }
    CorrectionDialog .step-label { text-style: bold; color: $accent; }
    CorrectionDialog .step-field { height: auto; }
    CorrectionDialog .for-geagendeerd, CorrectionDialog .for-afgerond { display: none; }
    CorrectionDialog.-geagendeerd .for-geagendeerd, CorrectionDialog.-afgerond .for-afgerond { display: block; }
    CorrectionDialog Select { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "cancel", "Annuleren"),
        ("ctrl+s", "save", "Vastleggen"),
        *FOCUS_KEYS,
    ]

    def __init__(self, row: Row, today: date, draft: tuple[Step, str, Step] | None = None, refused: str = "") -> None:
        """draft, refused: what was typed before (the step, the reason, the step as
        corrected) and why the register refused it."""
        super().__init__()
        self.row, self.today, self.draft, self.refused = row, today, draft, refused
        self.steps = row.entry.steps if row.entry else []
        chosen = next((n for n, s in enumerate(self.steps, 1) if draft and s.id == draft[0].id), len(self.steps))
        self._shown = chosen  # the step whose values the fields show

    def compose(self) -> ComposeResult:
        options = [(f"{n}. {day(s.date)} {s.status}", n) for n, s in enumerate(self.steps, 1)]
        with VerticalScroll(classes="dialog-box", can_focus=False):
            yield Static(shown(f"{self.row.ref}: een stap corrigeren"), classes="step-title")
            yield Label("Welke stap", classes="step-label")
            yield Select(options, value=self._shown, allow_blank=False, id="c-step", compact=True)
            yield Label("Datum (dd-mm-jjjj)", classes="step-label")
            yield Input(id="c-date", compact=True)
            with Vertical(classes="step-field for-geagendeerd"):
                yield Label("Bij wie (contactpersoon of overleg)", classes="step-label")
                yield Input(id="c-to-whom", compact=True)
                yield Label("Hoe (overleg, mail, agendapunt)", classes="step-label")
                yield Input(id="c-how", compact=True)
            with Vertical(classes="step-field for-afgerond"):
                yield Label("Opgelost? (ja of nee)", classes="step-label")
                yield Select(
                    [("ja: opgelost", "opgelost"), ("nee: niet opgelost (zeg in de notitie waarom)", "niet opgelost")],
                    prompt="kies ja of nee…",
                    id="c-outcome",
                    compact=True,
                )
            yield Label("Notitie", classes="step-label")
            yield Input(id="c-note", compact=True)
            yield Label("Reden van de correctie (verplicht)", classes="step-label")
            yield Input(id="c-reason", compact=True)
            yield Static(id="c-error", classes="error")
            with Horizontal(classes="answers"):
                yield Button("Vastleggen (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Annuleren (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        if self.draft is None:
            self._fill(self.steps[-1])
            self.remember_typing()
            self.query_one("#c-step", Select).focus()  # as in the step dialog: which step, then its fields
            return
        _, reason, corrected = self.draft
        self._fill(corrected)
        self.query_one("#c-reason", Input).value = reason
        self.query_one("#c-error", Static).update(visible(self.refused))
        self.query_one("#c-date", Input).focus()  # what the register refused is most often the date

    def _fill(self, step: Step) -> None:
        for status in ("geagendeerd", "afgerond"):
            self.set_class(step.status == status, f"-{status}")
        self.query_one("#c-date", Input).value = day(step.date)
        self.query_one("#c-to-whom", Input).value = step.to_whom
        self.query_one("#c-how", Input).value = step.how
        self.query_one("#c-note", Input).value = step.note
        outcome = self.query_one("#c-outcome", Select)
        outcome.value = step.outcome if step.outcome else Select.NULL

    @on(Select.Changed, "#c-step")
    def _chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self._shown:
            self._shown = event.value
            typed = self.has_typing()
            self._fill(self.steps[event.value - 1])
            if not typed:  # another step's values are no typing of the user's
                self.remember_typing()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.leave_form(lambda: self.dismiss(None))

    def action_save(self) -> None:
        number = self.query_one("#c-step", Select).value
        old = self.steps[number - 1 if isinstance(number, int) else -1]
        typed = parse_day(self.query_one("#c-date", Input).value)
        reason = self.query_one("#c-reason", Input).value.strip()
        outcome = self.query_one("#c-outcome", Select).value
        error = self.query_one("#c-error", Static)
        if typed is None:
            error.update("De datum is niet te lezen; schrijf haar als dd-mm-jjjj.")
            self.query_one("#c-date", Input).focus()
            return
        if not reason:
            error.update("Zeg waarom: de correctie blijft met haar reden in de geschiedenis staan.")
            self.query_one("#c-reason", Input).focus()
            return
        agendered, finished = old.status == "geagendeerd", old.status == "afgerond"
        try:
            new = Step.make(
                old.status,
                typed,
                role=old.role,
                note=self.query_one("#c-note", Input).value,
                to_whom=self.query_one("#c-to-whom", Input).value if agendered else old.to_whom,
                how=self.query_one("#c-how", Input).value if agendered else old.how,
                outcome=(outcome if isinstance(outcome, str) else None) if finished else old.outcome,
            )
        except LifecycleError as problem:
            error.update(visible(str(problem)))
            where = {"note": "#c-note", "outcome": "#c-outcome", "to_whom": "#c-to-whom", "date": "#c-date"}
            if problem.field in where:
                self.query_one(where[problem.field]).focus()
            return
        self.dismiss((old, reason, new))


class WithdrawDialog(Dialog[tuple[str, str] | None]):
    """Withdraw the latest step, with the reason; it stays in the history, out of effect."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "cancel", "Annuleren"),
        ("ctrl+s", "save", "Intrekken"),
        *FOCUS_KEYS,
    ]

    def __init__(self, row: Row, last: Step) -> None:
        super().__init__()
        self.row, self.last = row, last

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(
                shown(f"{self.row.ref}: de laatste stap intrekken ({day(self.last.date)} {self.last.status})?"),
                classes="step-title",
            )
            yield Label("Reden (verplicht)", classes="step-label")
            yield Input(id="w-reason", compact=True)
            yield Label("Vastgelegd door (een rol)", classes="step-label")
            yield Input(placeholder="bijv. teamleider", id="w-role", compact=True)
            yield Static(id="w-error", classes="error")
            with Horizontal(classes="answers"):
                yield Button("Intrekken (Ctrl+S)", id="save", variant="error", compact=True)
                yield Button("Annuleren (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#w-reason", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        reason = self.query_one("#w-reason", Input).value.strip()
        if not reason:
            self.query_one("#w-error", Static).update("Zeg waarom de stap wordt ingetrokken.")
            return
        self.dismiss((reason, self.query_one("#w-role", Input).value))


class StepDialog(Dialog[Step | None]):
    """The next step of a knelpunt: what happened, when, recorded by which role. Only the
    fields of the chosen status are shown, so it fits at 80x24."""

    DEFAULT_CSS = """
    StepDialog > .dialog-box { width: 72; padding: 0 2; }
    StepDialog .step-label { text-style: bold; color: $accent; }  /* no margin: it must fit at 80x24 */
    StepDialog .step-field { height: auto; }
    StepDialog .for-geagendeerd, StepDialog .for-afgerond { display: none; }
    StepDialog.-geagendeerd .for-geagendeerd, StepDialog.-afgerond .for-afgerond { display: block; }
    StepDialog Select { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "cancel", "Annuleren"),
        ("ctrl+s", "save", "Vastleggen"),
        *FOCUS_KEYS,
    ]

    NOTES: ClassVar[dict[str, str]] = {
        "afgerond": "Notitie: waarom (niet) opgelost",
        "teruggekoppeld": "Notitie: wat het team te horen kreeg",
    }

    def __init__(self, row: Row, today: date, draft: Step | None = None, refused: str = "") -> None:
        """draft, refused: what was typed before and why the register refused it."""
        super().__init__()
        self.row, self.today, self.draft, self.refused = row, today, draft, refused

    def compose(self) -> ComposeResult:
        following = STATUSES[STATUSES.index(self.row.status) + 1 :]
        with VerticalScroll(classes="dialog-box", can_focus=False):  # it follows the focus
            yield Static(shown(f"{self.row.ref}: {self.row.title}"), classes="step-title")
            yield Label("Nieuwe status", classes="step-label")
            yield Select(
                [(s, s) for s in following], value=following[0], allow_blank=False, id="s-status", compact=True
            )
            yield Label("Datum (dd-mm-jjjj)", classes="step-label")
            yield Input(f"{day(self.today)}", id="s-date", compact=True)
            yield Label("Vastgelegd door (een rol)", classes="step-label")
            yield Input(placeholder="bijv. teamleider", id="s-role", compact=True)
            with Vertical(classes="step-field for-geagendeerd"):
                yield Label("Bij wie (contactpersoon of overleg)", classes="step-label")
                yield Input(self.row.addressee, id="s-to-whom", compact=True)
                yield Label("Hoe (overleg, mail, agendapunt)", classes="step-label")
                yield Input(id="s-how", compact=True)
            with Vertical(classes="step-field for-afgerond"):
                yield Label("Opgelost? (ja of nee)", classes="step-label")
                yield Select(
                    [("ja: opgelost", "opgelost"), ("nee: niet opgelost (zeg in de notitie waarom)", "niet opgelost")],
                    prompt="kies ja of nee…",
                    id="s-outcome",
                    compact=True,
                )
            yield Label("Notitie", classes="step-label", id="s-note-label")
            yield Input(id="s-note", compact=True)
            yield Static(id="s-error", classes="error")
            with Horizontal(classes="answers"):
                yield Button("Vastleggen (Ctrl+S)", id="save", variant="primary", compact=True)
                yield Button("Annuleren (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        status = self.query_one("#s-status", Select)
        if self.draft is not None:
            self._fill(self.draft)
        self._show_fields(str(status.value))
        status.focus()
        if self.refused:
            self._error(visible(self.refused))
            self.query_one("#s-date", Input).focus()

    def _fill(self, draft: Step) -> None:
        status = self.query_one("#s-status", Select)
        if draft.status in STATUSES[STATUSES.index(self.row.status) + 1 :]:
            status.value = draft.status
        self.query_one("#s-date", Input).value = f"{day(draft.date)}"
        for name in ("role", "note", "how"):
            self.query_one(f"#s-{name}", Input).value = getattr(draft, name)
        if draft.to_whom:
            self.query_one("#s-to-whom", Input).value = draft.to_whom
        if draft.outcome:
            self.query_one("#s-outcome", Select).value = draft.outcome

    @on(Select.Changed, "#s-status")
    def _status_chosen(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, status: str) -> None:
        for name in ("geagendeerd", "afgerond"):
            self.set_class(status == name, f"-{name}")
        self.query_one("#s-note-label", Label).update(self.NOTES.get(status, "Notitie"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        status = self.query_one("#s-status", Select).value
        day = parse_day(self.query_one("#s-date", Input).value)
        outcome = self.query_one("#s-outcome", Select).value
        if day is None:
            self._error("De datum is niet te lezen; schrijf haar als dd-mm-jjjj.")
            return
        try:
            step = Step.make(
                str(status),
                day,
                role=self.query_one("#s-role", Input).value,
                note=self.query_one("#s-note", Input).value,
                to_whom=self.query_one("#s-to-whom", Input).value if status == "geagendeerd" else "",
                how=self.query_one("#s-how", Input).value if status == "geagendeerd" else "",
                outcome=outcome if isinstance(outcome, str) and status == "afgerond" else None,
            )
        except LifecycleError as error:
            self._error(visible(str(error)))
            where = {"note": "#s-note", "outcome": "#s-outcome", "to_whom": "#s-to-whom", "role": "#s-role"}
            if error.field in where:
                self.query_one(where[error.field]).focus()
            return
        self.dismiss(step)

    def _error(self, text: str) -> None:
        error = self.query_one("#s-error", Static)
        error.update(text)
        self.call_after_refresh(error.scroll_visible)
