"""The plan of an operation, shown before it runs: the checks that passed and each
command per host, exactly as the job will run them. A destructive operation asks the
operator to type the object's name; anything else is confirmed with Enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from screens.notices import say
from vdcftui.display import counted, printable, printable_lines
from vdcftui.ops.jobs.plan import Plan, render_plan
from vdcftui.widgets.steady_input import SteadyInput


class PlanConfirmScreen(ModalScreen[bool]):
    """Returns True when the operator confirms the plan, False on Esc."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="confirm_plan.cancel"),
        Binding("enter", "confirm", "Run", priority=False, id="confirm_plan.confirm"),
    ]
    DEFAULT_CSS = """
    PlanConfirmScreen {
        align: center middle;
    }
    PlanConfirmScreen > Vertical {
        width: 90%;
        max-width: 140;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    PlanConfirmScreen #plan-text {
        height: 1fr;
    }
    PlanConfirmScreen #confirm-help {
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(self, plan: Plan, *, destructive: bool) -> None:
        super().__init__()
        self.plan = plan
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        """The plan, then how to confirm."""
        with Vertical():
            yield Label(
                printable(
                    f"{self.plan.operation} {self.plan.object_type} "
                    f"{self.plan.object_name}: {counted(len(self.plan.steps), 'step')}"
                ),
                classes="pane-title",
                markup=False,
            )
            with VerticalScroll(id="plan-text"):
                yield Static(printable_lines(render_plan(self.plan)), markup=False)
            if self.destructive:
                yield Label(
                    printable(f"Type {self.plan.object_name} and Enter to run it; Esc cancels"),
                    id="confirm-help",
                    markup=False,
                )
                yield SteadyInput(
                    placeholder=printable(self.plan.object_name),
                    id="confirm-name",
                    select_on_focus=False,
                )
            else:
                yield Label("Enter runs it; Esc cancels", id="confirm-help")

    def on_mount(self) -> None:
        """Type the name straight away when one is asked for."""
        if self.destructive:
            self.set_focus(self.query_one("#confirm-name", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """The typed name must be the object's, exactly."""
        if event.value.strip() == self.plan.object_name:
            self.dismiss(True)
        else:
            say(self, f"type {self.plan.object_name} exactly to run it", severity="warning")
            event.input.value = ""

    def action_confirm(self) -> None:
        """Enter confirms an operation that is not destructive."""
        if not self.destructive:
            self.dismiss(True)
