"""Review before export: what the anonymiser replaces, the facilitator's corrections,
approval by the team (vastgesteld) and the export itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, LoadingIndicator, Static

from beraad.model.session import Session
from beraad.tui.keys import FOCUS_KEYS

if TYPE_CHECKING:
    from beraad.report.content import Report
    from beraad.tui.app import BeraadApp

STYLES = {
    "persoon": "bold black on #f4c27a",
    "deelnemer": "bold black on #9fd3a8",
    "adres": "bold black on #a7c7e7",
    "postcode": "bold black on #a7c7e7",
    "plaats": "bold black on #c3b1e1",
    "instelling": "bold black on #c3b1e1",
    "handmatig": "bold white on #b04a4a",
}
DEFAULT_STYLE = "bold black on #e6e66a"


class ReviewScreen(Screen):
    CSS_PATH = "../session.tcss"

    BINDINGS: ClassVar = [
        Binding("enter", "toggle", "Vervangen/behouden"),
        Binding("ctrl+r", "done", "Review klaar", priority=True),
        Binding("ctrl+g", "approve", "Vaststellen", priority=True),
        Binding("ctrl+x", "export", "Exporteren"),  # in a text field Ctrl+X still cuts
        Binding("escape", "back", "Terug"),
        *FOCUS_KEYS,
    ]

    app: BeraadApp

    def __init__(self, session: Session, on_change: Callable[[], None]) -> None:
        super().__init__(id="review")
        self.session = session
        self.on_change = on_change
        self.report: Report | None = None
        self.rows: list[tuple[str, str]] = []  # (text, state) per table row

    def compose(self) -> ComposeResult:
        yield Static(id="review-status", classes="step-title")
        with Horizontal(id="review-body"):
            with VerticalScroll(id="preview"):
                yield LoadingIndicator()
                yield Static("De anonimisering wordt geladen (eerste keer na installatie: 1-2 minuten)…", id="loading")
                yield Static(id="preview-text")
            with Vertical(id="review-side"):
                yield Label("Vervangingen (Enter: vervangen of behouden)", classes="field-label")
                yield DataTable(id="findings", cursor_type="row")
                yield Label("Personen in de casus (namen, met komma's)", classes="field-label")
                yield Input(", ".join(self.session.case_people), id="case-people", compact=True)
                yield Label("Ook vervangen (tekst, Enter)", classes="field-label")
                yield Input(placeholder="bijv. een bijnaam of een buurt", id="extra", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Tekst", "Wordt", "Status")
        self.rebuild()

    @work(thread=True, exclusive=True, group="review")
    def rebuild(self) -> None:
        from beraad import report

        anonymiser = report.anonymiser_for(self.session, self.app.workspace)
        built = report.content.build(self.session, anonymiser)
        self.app.call_from_thread(self.show, built)

    def show(self, built: Report) -> None:
        from beraad import report

        self.report = built
        for widget in self.query(LoadingIndicator).results():
            widget.remove()
        self.query_one("#loading", Static).display = False
        preview = Text()
        for fragment in built.fragments:
            preview.append(f"{fragment.where}\n", style="dim italic")
            last, source = 0, fragment.result.source
            for span in fragment.result.spans:
                preview.append(source[last : span.start])
                preview.append(span.replacement, style=STYLES.get(span.category, DEFAULT_STYLE))
                last = span.end
            preview.append(source[last:] + "\n\n")
        self.query_one("#preview-text", Static).update(preview)
        self._fill_table(built)
        reviewed = not report.needs_review(self.session)
        approvals = self.session.approvals
        state = f"versie {len(approvals)} vastgesteld" if approvals else "concept"
        self.query_one("#review-status", Static).update(
            f"Verslag ({state}) · review {'klaar' if reviewed else 'nog niet klaar: Ctrl+R als alles klopt'}"
        )

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
                    table.add_row(Text(span.text), span.replacement, "vervangen")
        for text in sorted(self.session.review.keep):
            self.rows.append((text, "behouden"))
            table.add_row(Text(text), "", Text("behouden", style="bold"))
        if self.rows:
            table.move_cursor(row=min(keep_row, len(self.rows) - 1))

    def _changed(self) -> None:
        self.on_change()
        self.rebuild()

    def action_toggle(self) -> None:
        if not self.query_one(DataTable).has_focus or not self.rows:
            return
        text, state = self.rows[self.query_one(DataTable).cursor_row]
        decisions = self.session.review
        if state == "behouden":
            decisions.keep = [t for t in decisions.keep if t != text]
        elif text in decisions.replace:
            decisions.replace = [t for t in decisions.replace if t != text]
        else:
            decisions.keep = sorted({*decisions.keep, text.strip()})
        self._changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "extra" and event.value.strip():
            self.session.review.replace = sorted({*self.session.review.replace, event.value.strip()})
            event.input.value = ""
        elif event.input.id == "case-people":
            self.session.case_people = [n.strip() for n in event.value.split(",") if n.strip()]
        self._changed()

    def action_done(self) -> None:
        from beraad.report import content

        if self.report is None:
            return
        self.session.review.reviewed = content.fingerprint(self.session)
        self.on_change()
        self.notify("Review klaar. Je kunt het verslag nu vaststellen (Ctrl+G) of exporteren (Ctrl+X).")
        self.show(self.report)

    def action_approve(self) -> None:
        from beraad import report

        if self.report is None:
            return
        if report.needs_review(self.session):
            self.notify("Rond eerst de review af (Ctrl+R).", severity="warning")
            return

        def approve(answer: tuple[str, date] | None) -> None:
            if answer is None or self.report is None:
                return
            role, day = answer
            self.session.approvals.append(report.content.approval(self.session, self.report, role, day))
            version = self.session.approvals[-1].version
            self.on_change()
            self.notify(f"Verslag versie {version} vastgesteld. Een latere wijziging wordt versie {version + 1}.")
            self.show(self.report)

        self.app.push_screen(ApproveDialog(self.app.today()), approve)

    def action_export(self) -> None:
        from beraad import report

        if report.needs_review(self.session):
            self.notify("Rond eerst de review af (Ctrl+R); daarna kun je exporteren.", severity="warning")
            return
        self.notify("Het verslag wordt gemaakt…")
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        from beraad import report
        from beraad.report.render import TemplateProblem

        try:
            files = report.export(self.session, self.app.workspace)
        except (TemplateProblem, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=20, markup=False)
            return
        names = "\n".join(path.name for path in files)
        folder = files[0].parent if files else self.app.workspace.exports
        self.app.call_from_thread(self.notify, f"Geschreven in {folder}:\n{names}", timeout=15, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()


class ApproveDialog(ModalScreen[tuple[str, date] | None]):
    """Record that the team approved the verslag: on which date, by whom (as a role)."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Annuleren"), *FOCUS_KEYS]

    def __init__(self, today: date) -> None:
        super().__init__(classes="dialog")
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Het team heeft het verslag vastgesteld. Daarna ligt deze versie vast.", markup=False)
            yield Label("Datum (dd-mm-jjjj)", classes="field-label")
            yield Input(f"{self.today:%d-%m-%Y}", id="approve-date", compact=True)
            yield Label("Door (een rol, geen naam)", classes="field-label")
            yield Input(placeholder="bijv. het team, teamleider", id="approve-role", compact=True)
            yield Static(id="approve-error", classes="error")
            with Horizontal(id="answers"):
                yield Button("Vaststellen", id="yes", variant="primary")
                yield Button("Annuleren", id="no")

    def on_mount(self) -> None:
        self.query_one("#approve-role", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._answer() if event.button.id == "yes" else self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _answer(self) -> None:
        from beraad.tui.screens.new_session import parse_day

        role = self.query_one("#approve-role", Input).value.strip()
        day = parse_day(self.query_one("#approve-date", Input).value)
        if not role or day is None:
            self.query_one("#approve-error", Static).update("Vul een rol en een geldige datum in.")
            return
        self.dismiss((role, day))
