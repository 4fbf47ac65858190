"""Demo data of the events app, called by the demo orchestration: the agenda's events
(``agenda.demo``), then the permanences (``officehours.demo``). Idempotent."""

from __future__ import annotations

from typing import Any

from solidaires.core.demo import DemoContext

from .agenda import demo as agenda_demo
from .officehours import demo as officehours_demo


def clear(ctx: DemoContext) -> None:
    """Delete the app's demo rows (before associations and places are regenerated)."""
    officehours_demo.clear(ctx)
    agenda_demo.clear(ctx)


def generate(ctx: DemoContext, people: Any) -> None:
    agenda_demo.generate(ctx, people)
    officehours_demo.generate(ctx, people)
