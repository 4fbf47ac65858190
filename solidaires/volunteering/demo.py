"""Demo data of the volunteering app, called by solidaires.core.demo.generate.

Missions and volunteer offers first (``missions.demo``), then the engagements, hours and
proposals that point at them (``engagement.demo``).
"""

from __future__ import annotations

from typing import Any

from solidaires.core.demo import DemoContext
from solidaires.volunteering.engagement.demo import generate_engagements
from solidaires.volunteering.missions.demo import generate_missions, generate_offers


def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
    generate_missions(ctx, people)
    generate_offers(ctx, people)
    generate_engagements(ctx, people)
