"""Demo data of the messaging app, called by solidaires.core.demo.generate."""

from __future__ import annotations

from typing import Any

from solidaires.core.demo import DemoContext


def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
