"""Review before export: what the anonymiser replaces, the facilitator's corrections,
approval by the team (vastgesteld) and the export itself. The open session does the
work; this screen shows it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.core.session import OpenSession
from beraad.errors import BeraadError, with_log
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import ApproveDialog
from beraad.tui.show import shown

if TYPE_CHECKING:
    from beraad.report.content import Report
    from beraad.tui.app import BeraadApp

# Replacements in the preview, coloured by kind with the theme's own colours.
STYLES = {
    "persoon": "bold $warning",
    "deelnemer": "bold $success",
    "adres": "bold $accent",
    "postcode": "bold $accent",
    "plaats": "bold $secondary",
    "instelling": "bold $secondary",
    "handmatig": "bold $error",
}
DEFAULT_STYLE = "bold $primary"


class ReviewScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command("switch", "Vervangen of behouden", "Wissel de gekozen vervanging", "enter", "Wisselen"),
        Command("done", "Review klaar", "Alles klopt: de review is af", "ctrl+r", "Klaar", True),
        Command("approve", "Vaststellen", "Het team heeft het verslag vastgesteld", "ctrl+g", "Vaststellen", True),
        Command("export", "Exporteren", "Schrijf het verslag naar exports/", "ctrl+x", "Exporteren", True),
        Command("back", "Terug", "Terug naar de sessie", "escape", "Terug"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), *FOCUS_KEYS]
    KEYS: ClassVar = [
        KeyHelp("Tab", "naar de lijst, de personen in de casus of 'ook vervangen'"),
        KeyHelp("Enter (in een veld)", "bewaar wat je typte"),
    ]
    DEFAULT_CSS = """
    ReviewScreen #review-status { height: 1; padding: 0 1; background: $panel; }
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #preview { width: 3fr; padding: 0 1; }
    ReviewScreen #review-side { width: 2fr; min-width: 30; padding: 0 1; }
    ReviewScreen #findings { height: 1fr; }
    """

    app: BeraadApp

    def __init__(self, core: OpenSession) -> None:
        super().__init__()
        self.core = core
        self.report: Report | None = None
        self.rows: list[tuple[str, str]] = []  # (text, state) per table row

    def compose(self) -> ComposeResult:
        yield Static(id="review-status", classes="step-title")
        with Horizontal(id="review-body"):
            with VerticalScroll(id="preview"):
                yield Static("De anonimisering wordt geladen…", id="preview-text")
            with Vertical(id="review-side"):
                yield Label("Vervangingen (Enter: vervangen of behouden)", classes="field-label")
                yield DataTable(id="findings", cursor_type="row")
                yield Label("Personen in de casus (namen, met komma's)", classes="field-label")
                yield Input(", ".join(self.core.session.case_people), id="case-people", compact=True)
                yield Label("Ook vervangen (tekst, Enter)", classes="field-label")
                yield Input(placeholder="bijv. een bijnaam of een buurt", id="extra", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Tekst", "Wordt", "Status")
        self.rebuild()

    def rebuild(self) -> None:
        try:
            build = self.core.report_builder()
        except BeraadError as error:
            tell(self, str(error))
            return
        self.query_one("#preview").loading = True
        self._build(build)

    @work(thread=True, exclusive=True, group="review")
    def _build(self, build: object) -> Report:
        built: Report = build()  # type: ignore[operator]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, built)
        return built

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#preview").loading = False
            error = event.worker.error
            message = str(error) if isinstance(error, BeraadError) else "Het verslag kon niet worden gemaakt."
            tell(self, message if isinstance(error, BeraadError) else with_log(message, error, "review"))

    def show(self, built: Report) -> None:
        self.report = built
        self.query_one("#preview").loading = False
        parts: list[str | tuple[str, str]] = []
        for fragment in built.fragments:
            parts.append((f"{visible(fragment.where)}\n", "dim italic"))
            last, source = 0, fragment.result.source
            for span in fragment.result.spans:
                parts.append(visible(source[last : span.start]))
                parts.append((visible(span.replacement), STYLES.get(span.category, DEFAULT_STYLE)))
                last = span.end
            parts.append(visible(source[last:]) + "\n\n")
        self.query_one("#preview-text", Static).update(Content.assemble(*parts))
        self._fill_table(built)
        self._show_status()

    def _show_status(self) -> None:
        approvals = self.core.session.approvals
        state = f"versie {len(approvals)} vastgesteld" if approvals else "concept"
        review = "klaar" if not self.core.needs_review else "nog niet klaar: Ctrl+R als alles klopt"
        self.query_one("#review-status", Static).update(f"Verslag ({state}) · review {review}")

    def _fill_table(self, built: Report) -> None:
        table = self.query_one(DataTable)
        keep_row = table.cursor_row
        table.clear()
        self.rows = []
        seen: set[str] = set()
        for fragment in built.fragments:
            for span in fragment.result.spans:
                if span.text not in seen:
                    seen.add(span.text)
                    self.rows.append((span.text, "vervangen"))
                    table.add_row(shown(span.text), shown(span.replacement), "vervangen")
        for text in sorted(self.core.session.review.keep):
            self.rows.append((text, "behouden"))
            table.add_row(shown(text), "", Text("behouden", style="bold"))
        if self.rows:
            table.move_cursor(row=min(keep_row, len(self.rows) - 1))

    @user_errors
    def action_switch(self) -> None:
        if not self.query_one(DataTable).has_focus or not self.rows:
            return
        text, state = self.rows[self.query_one(DataTable).cursor_row]
        if state == "behouden" or text in self.core.session.review.replace:
            self.core.replace_after_all(text) if state == "behouden" else self.core.undo_replace(text)
        else:
            self.core.keep_as_is(text)
        self.rebuild()

    @on(Input.Submitted, "#extra")
    @user_errors
    def _replace_too(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.core.replace_after_all(event.value)
            event.input.value = ""
            self.rebuild()

    @on(Input.Submitted, "#case-people")
    @user_errors
    def _case_people(self, event: Input.Submitted) -> None:
        self.core.set_case_people(event.value.split(","))
        self.rebuild()

    @user_errors
    def action_done(self) -> None:
        if self.report is None:
            return
        self.core.mark_reviewed()
        tell(self, "Review klaar. Je kunt het verslag nu vaststellen (Ctrl+G) of exporteren (Ctrl+X).", "information")
        self._show_status()

    def action_approve(self) -> None:
        if self.report is None:
            return
        if self.core.needs_review:
            tell(self, "Rond eerst de review af (Ctrl+R).", "warning")
            return
        self.app.push_screen(ApproveDialog(self.app.today()), self._approved)

    @user_errors
    def _approved(self, answer: tuple[str, date] | None) -> None:
        if answer is None or self.report is None:
            return
        role, day = answer
        version = self.core.approve(self.report, role, day).version
        tell(
            self,
            f"Verslag versie {version} vastgesteld. Een latere wijziging wordt versie {version + 1}.",
            "information",
        )
        self._show_status()

    def action_export(self) -> None:
        if self.core.needs_review:
            tell(self, "Rond eerst de review af (Ctrl+R); daarna kun je exporteren.", "warning")
            return
        tell(self, "Het verslag wordt gemaakt…", "information")
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        files = self.core.export()
        names = "\n".join(path.name for path in files)
        folder = files[0].parent if files else self.app.workspace.exports
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self.app.notify, f"Geschreven in {folder}:\n{visible(names)}", timeout=15, markup=False
            )

    def action_back(self) -> None:
        self.app.pop_screen()
