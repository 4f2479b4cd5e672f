"""Review before anything leaves the laptop: every replacement the anonymiser makes, grouped
by kind, what may still identify someone (to be decided), the sentence each stands in, and
the verslag as it will read. Then the team's approval (vastgesteld) and the export.

The open session does the work (beraad.core); this screen shows it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Markdown, Static
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.core import verslag
from beraad.core.review import CONTEXT_KIND, Finding, by_kind, findings, sentence
from beraad.core.session import OpenSession
from beraad.errors import BeraadError, with_log
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import ApproveDialog, Dialog
from beraad.tui.show import shown
from beraad.tui.widgets.verslag import VerslagView

if TYPE_CHECKING:
    from beraad.report.content import Report
    from beraad.tui.app import BeraadApp


class ReviewScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command("switch", "Vervangen of behouden", "Wissel de gekozen vervanging", "enter"),  # v and b in the footer
        Command("replace", "Vervangen", "Vervang de gekozen tekst in het verslag", "v", "Vervangen"),
        Command("keep", "Behouden", "Laat de gekozen tekst staan zoals hij is", "b", "Behouden"),
        Command("undecided", "Alleen nog te beslissen", "Toon alleen wat nog beslist moet worden", "f", "Te beslissen"),
        Command("preview", "Verslag of vervangingen", "Wissel tussen de lijst en het verslag zelf", "w", "Verslag"),
        Command("done", "Review klaar", "Alles klopt: de review is af", "ctrl+r", "Klaar", True),
        Command("approve", "Vaststellen", "Het team heeft het verslag vastgesteld", "ctrl+g", "Vaststellen", True),
        Command("export", "Exporteren", "Schrijf het verslag naar exports/", "ctrl+x", "Exporteren", True),
        Command("people", "Personen in de casus", "Namen die altijd vervangen worden", "p"),
        Command("extra", "Ook vervangen", "Een tekst die de anonimisering niet vond", "t"),
        Command("back", "Terug", "Terug naar de sessie", "escape", ""),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), *FOCUS_KEYS]
    KEYS: ClassVar[list[KeyHelp]] = [KeyHelp("pijltjes", "door de vervangingen; de zin eromheen staat eronder")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (declared by Screen)
    DEFAULT_CSS = """
    ReviewScreen #review-status { height: auto; padding: 0 1; background: $panel; }
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #review-side { width: 1fr; }
    ReviewScreen #findings { height: 1fr; }
    ReviewScreen #context { height: 4; padding: 0 1; background: $boost; }
    ReviewScreen #preview { width: 1fr; padding: 0 1; display: none; }
    ReviewScreen #preview-text { margin: 0; }
    ReviewScreen #preview-text .code_inline { background: $warning 30%; color: $text; text-style: bold; }
    ReviewScreen.-wide #preview { display: block; }
    ReviewScreen.-narrow.-show-preview #preview { display: block; }
    ReviewScreen.-narrow.-show-preview #review-side { display: none; }
    """

    app: BeraadApp

    def __init__(self, core: OpenSession) -> None:
        super().__init__()
        self.core = core
        self.report: Report | None = None
        self.found: list[Finding] = []
        self.rows: list[Finding | None] = []  # per table row; None for a group heading
        self.only_undecided = False
        # after a decision: the texts the cursor goes to next, the first still to be decided
        # (the rows move: a decided word goes to its own group further down)
        self._go_to: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("De anonimisering wordt geladen…", id="review-status")
        with Horizontal(id="review-body"):
            with Vertical(id="review-side"):
                yield DataTable(id="findings", cursor_type="row")
                yield Static(id="context")
            with VerticalScroll(id="preview"):
                yield Static("Het verslag wordt opgemaakt…", id="preview-wait", classes="field-help")
                yield VerslagView(id="preview-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Tekst", "Wordt", "Status")
        self.rebuild()
        self.set_interval(0.5, self._show_progress)

    def _show_progress(self) -> None:
        """While deduce builds its tables the first time, say how far it is."""
        if self.report is None and self.app.anonymiser_progress:
            message, fraction = self.app.anonymiser_progress
            share = f" ({fraction:.0%})" if fraction is not None else ""
            self.query_one("#review-status", Static).update(visible(message + share))

    def rebuild(self) -> None:
        try:
            build = self.core.report_builder()
        except BeraadError as error:
            tell(self, str(error))
            return
        self.query_one("#findings").loading = True
        self._build(build)

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _build(self, build: object) -> Report:
        built: Report = build()  # type: ignore[operator]
        if get_current_worker().is_cancelled:
            return built
        self.app.call_from_thread(self.show, built)
        # Then the verslag as the export lays it out (the template runs in its own process).
        try:
            text = verslag.highlighted(verslag.markdown(built, self.app.workspace))
        except BeraadError as error:
            text = f"*Het verslag kan hier niet worden getoond:* {verslag.plain(str(error))}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_preview, text)
        return built

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#findings").loading = False
            error = event.worker.error
            message = str(error) if isinstance(error, BeraadError) else "Het verslag kon niet worden gemaakt."
            tell(self, message if isinstance(error, BeraadError) else with_log(message, error, "review"))

    # Showing

    def show(self, built: Report) -> None:
        self.report = built
        self.found = findings(built, self.core.session.review.keep)
        self.query_one("#findings").loading = False
        self._fill_table()
        self._show_status()

    DECIDING = frozenset({"switch", "replace", "keep", "undecided"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot apply to the verslag as it stands are neither offered in the
        footer nor do anything: deciding or approving a version the team approved (a
        decision would quietly make a concept of the next one; editing the notes does that,
        and says so), approving or exporting before the review is done, deciding where
        nothing was found. The status line says what comes next."""
        if self.core.approved_as_is and action in self.DECIDING | {"done", "approve"}:
            return False
        if self.core.needs_review and action in ("approve", "export"):
            return False
        if action in self.DECIDING and not self.found:
            return False
        if action == "done":
            return self.core.needs_review
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer fits 80 columns: f (only what is still to be decided) leaves it while
        nothing is, though it still works and says so (F1 lists it)."""
        bindings = super().active_bindings
        if self.only_undecided or any(f.state == "te beslissen" for f in self.found):
            return bindings
        return {key: b for key, b in bindings.items() if b.binding.action != "undecided"}

    def _show_status(self) -> None:
        approved = len(self.core.session.approvals)
        if self.core.approved_as_is:
            state = f"versie {approved} vastgesteld"
        else:
            state = f"concept van versie {approved + 1}" if approved else "concept"
        if self.core.needs_review:
            review = "Review nog niet klaar: Ctrl+R als alles klopt"
        elif self.core.approved_as_is:
            review = "Ctrl+X exporteren"
        else:
            review = "Review klaar: Ctrl+G vaststellen, Ctrl+X exporteren"
        kinds = " · ".join(f"{kind}: {count}" for kind, count in by_kind(self.found).items())
        self.query_one("#review-status", Static).update(
            shown(f"Verslag ({state}): {sentence(self.found)}. {review}.\n{kinds}")
        )
        self.refresh_bindings()  # the footer follows the stage

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        keep_row = table.cursor_row
        table.clear()
        self.rows = []
        group = None
        warning = self.app.theme_variables.get("warning", "yellow")
        counts = Counter(_group(f) for f in self.found)
        for finding in self.found:
            if self.only_undecided and finding.state != "te beslissen":
                continue
            if _group(finding) != group:
                group = _group(finding)
                table.add_row(Text(f"── {group} ({counts[group]})", style="bold"), "", "")
                self.rows.append(None)
            status = Text(finding.state, style=f"bold {warning}" if finding.state == "te beslissen" else "")
            becomes = finding.replacement if finding.state != "behouden" else "(blijft staan)"
            if finding.kind == CONTEXT_KIND and finding.state == "te beslissen":
                becomes = f"voorstel: {finding.replacement}"
            table.add_row(shown(finding.text), shown(becomes), status)
            self.rows.append(finding)
        if self.rows:
            row = self._row_after_decision()
            if row is None:
                row = min(max(keep_row, 0), len(self.rows) - 1)
                # on a finding, never on a group heading (where v and b have nothing to decide)
                row = next((n for n in range(row, len(self.rows)) if self.rows[n] is not None), row)
                row = next((n for n in range(row, -1, -1) if self.rows[n] is not None), row)
            table.move_cursor(row=row)
        elif not self.found:
            self.query_one("#context", Static).update("De anonimisering vond niets om te vervangen.")
        else:  # only what is undecided, and nothing is
            self.query_one("#context", Static).update("Er is niets meer te beslissen. f: weer alles tonen.")

    @on(DataTable.RowHighlighted, "#findings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        finding = self._selected()
        context = self.query_one("#context", Static)
        if finding is None:
            context.update("")
            return
        note = f" · {finding.note}" if finding.note else ""
        context.update(
            shown(f"{finding.where}{note}\n{finding.context}" if finding.where else "Blijft staan zoals hij is.")
        )

    def _show_preview(self, text: str) -> None:
        """The verslag as the export lays it out; replacements as code, what is still to be
        decided struck through in bold. The place in it is kept when it is shown again."""
        scroll = self.query_one("#preview", VerticalScroll)
        at = scroll.scroll_y
        self.query_one("#preview-text", Markdown).update(text)
        self.query_one("#preview-wait", Static).display = False
        self.call_after_refresh(scroll.scroll_to, y=at, animate=False)

    def _selected(self) -> Finding | None:
        if not self.rows:
            return None
        return self.rows[min(self.query_one(DataTable).cursor_row, len(self.rows) - 1)]

    # Deciding

    def action_switch(self) -> None:
        finding = self._selected()
        if finding is None or not self.query_one(DataTable).has_focus:
            return
        self._decide(finding, replace=finding.state != "vervangen")

    def action_replace(self) -> None:
        finding = self._chosen()
        if finding is not None:
            self._decide(finding, replace=True)

    def action_keep(self) -> None:
        finding = self._chosen()
        if finding is not None:
            self._decide(finding, replace=False)

    def _chosen(self) -> Finding | None:
        """The finding to decide on; on a group heading, say so instead of nothing."""
        finding = self._selected()
        if finding is None and self.rows:
            tell(self, "Kies eerst een woord in de lijst (met de pijltjes); dit is een kop.", "information")
        return finding

    @user_errors
    def _decide(self, finding: Finding, replace: bool) -> None:
        self.core.decide(finding, replace)
        self._go_to = [finding.text]
        if finding.state == "te beslissen":  # on to the next word still to be decided
            at = self.rows.index(finding) if finding in self.rows else 0
            ahead = [f for f in self.rows[at + 1 :] + self.rows[:at] if f is not None]
            self._go_to = [f.text for f in ahead if f.state == "te beslissen"] + self._go_to
        self.rebuild()

    def _row_after_decision(self) -> int | None:
        """The row of the next word still to be decided after the one just decided, or of
        that word itself when none is left (None: no decision was just made)."""
        wanted, self._go_to = self._go_to, []
        rows = {f.text: n for n, f in enumerate(self.rows) if f is not None}
        for text in wanted[:-1]:
            row = rows.get(text)
            finding = self.rows[row] if row is not None else None
            if finding is not None and finding.state == "te beslissen":
                return row
        return rows.get(wanted[-1]) if wanted else None

    def action_undecided(self) -> None:
        self.only_undecided = not self.only_undecided
        self._fill_table()
        self.refresh_bindings()

    def action_preview(self) -> None:
        """Between the list and the verslag itself; the one shown has the focus, so the
        arrows and Page Down scroll it."""
        self.toggle_class("-show-preview")
        if self.has_class("-show-preview"):
            self.query_one("#preview", VerticalScroll).focus()
        else:
            self.query_one(DataTable).focus()

    def action_people(self) -> None:
        names = ", ".join(self.core.session.case_people)
        question = (
            "Personen in de casus: namen, met komma's; een roepnaam tussen haakjes erachter. "
            "Ze worden overal in het verslag vervangen."
        )
        self.app.push_screen(TextDialog(question, names, "bijv. Linda Bakker (Lin), Ricardo"), self._case_people)

    @user_errors
    def _case_people(self, names: str | None) -> None:
        if names is not None:
            self.core.set_case_people(names.split(","))
            self.rebuild()

    def action_extra(self) -> None:
        question = "Ook vervangen: een tekst die de anonimisering niet vond (een bijnaam, een buurt)."
        self.app.push_screen(TextDialog(question, "", "bijv. de Rode Loper"), self._replace_too)

    @user_errors
    def _replace_too(self, text: str | None) -> None:
        if text and text.strip():
            self.core.replace_after_all(text)
            self.rebuild()

    # Done, approved, exported

    @user_errors
    def action_done(self) -> None:
        if self.report is None:
            return
        self.core.mark_reviewed(self.report)
        if self.core.failure is not None:  # decided, but not on disk yet (a full disk): say so
            tell(self, f"Review klaar, maar nog niet opgeslagen. {self.core.failure.message}", "warning")
        else:
            tell(
                self, "Review klaar. Je kunt het verslag nu vaststellen (Ctrl+G) of exporteren (Ctrl+X).", "information"
            )
        self._show_status()

    def action_approve(self) -> None:
        if self.report is None:
            return
        if self.core.needs_review:
            tell(self, "Rond eerst de review af (Ctrl+R).", "warning")
            return
        if self.core.approved_as_is:
            tell(self, self.core.already_approved(), "information")
            return
        self.app.push_screen(ApproveDialog(self.app.today()), self._approved)

    @user_errors
    def _approved(self, answer: tuple[str, date] | None) -> None:
        if answer is None or self.report is None:
            tell(self, "Niet vastgesteld: het verslag blijft een concept.", "information")
            return
        role, day = answer
        approval = self.core.approve(self.report, role, day)
        version, shown_role = approval.version, approval.report["vastgesteld_door"]
        masked = f" In 'Door' stond een naam; het verslag zegt: {shown_role}." if shown_role != role else ""
        said = f"Verslag versie {version} vastgesteld. Een latere wijziging wordt versie {version + 1}.{masked}"
        if self.core.failure is not None:  # approved here, but not on disk yet (a full disk)
            tell(self, f"{said} Nog niet opgeslagen: {self.core.failure.message}", "warning")
        else:
            tell(self, said, "information")
            self.app.sync_register()  # paired: what the team agreed goes to the municipality now
        self._show_status()

    def action_export(self) -> None:
        if self.core.needs_review:
            tell(self, "Rond eerst de review af (Ctrl+R); daarna kun je exporteren.", "warning")
            return
        tell(self, "Het verslag wordt gemaakt…", "information")
        self._export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
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


def _group(finding: Finding) -> str:
    """The heading a finding is listed under: what is still to be decided comes first."""
    if finding.state == "te beslissen":
        return finding.kind
    return finding.category


class TextDialog(Dialog[str | None]):
    """One line of text, for a question."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Annuleren")]

    def __init__(self, question: str, value: str, placeholder: str) -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(visible(self.question), markup=False)  # a Static wraps; a Label is cut off
            yield Input(self.value, placeholder=self.placeholder, id="text", compact=True)
            yield Static("Enter bewaart, Esc annuleert.", classes="field-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
