"""The orchestration of the demo data (``manage.py generate_demo``): each app's demo module
writes its own part, in the order their references need. The toolkit they share is
``solidaires.core.demo``; see docs/demo.md and docs/decisions/0500-demo-data-generator.md.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from solidaires.accounts import demo as accounts_demo
from solidaires.associations import demo as associations_demo
from solidaires.associations.models import Association
from solidaires.core.demo import (
    DEMO_PASSWORD,
    NO_TERRITORY_MESSAGE,
    PUBLIC_SCALES,
    SCALES,
    DemoContext,
    NoTerritoryError,
)
from solidaires.events import demo as events_demo
from solidaires.grants import demo as grants_demo
from solidaires.messaging import demo as messaging_demo
from solidaires.mutualaid import demo as mutualaid_demo
from solidaires.territory import demo as territory_demo
from solidaires.territory.demo import load_communes, load_neighbours
from solidaires.volunteering import demo as volunteering_demo

__all__ = ["PUBLIC_SCALES", "NoTerritoryError", "build_context", "demo_data_exists", "generate"]


def demo_data_exists() -> bool:
    return Association.objects.filter(is_demo=True).exists()


def build_context(*, scale: str, seed: int, log: Callable[[str], None] = print) -> DemoContext:
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}")
    communes = load_communes()
    if not communes:
        raise NoTerritoryError(NO_TERRITORY_MESSAGE)
    return DemoContext(
        seed=seed,
        scale=SCALES[scale],
        communes=communes,
        neighbours=load_neighbours(communes),
        # One hash for every generated person: hashing 400,000 times would take hours.
        password_hash=make_password(DEMO_PASSWORD),
        log=log,
    )


def generate(*, scale: str, seed: int, log: Callable[[str], None] = print) -> dict[str, int]:
    """Create or refresh the demo data set; returns the number of rows of each kind."""
    ctx = build_context(scale=scale, seed=seed, log=log)
    sections = (volunteering_demo, mutualaid_demo, messaging_demo, events_demo, grants_demo)
    with transaction.atomic():
        # Sections that point at associations and places with PROTECT go first, newest first,
        # so the associations and places of a previous run can be replaced.
        for section in reversed(sections):
            clear = getattr(section, "clear", None)
            if clear is not None:
                clear(ctx)
        territory_demo.generate_places(ctx)
        people = accounts_demo.generate_people(ctx)
        associations_demo.generate_associations(ctx, people)
        associations_demo.attach_role_accounts(log=log)
        volunteering_demo.generate(ctx, people)
        mutualaid_demo.generate(ctx, people)
        messaging_demo.generate(ctx, people)
        events_demo.generate(ctx, people)
        grants_demo.generate(ctx, people)
    return ctx.counts
