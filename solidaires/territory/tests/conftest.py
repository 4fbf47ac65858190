"""Fixtures of the territory tests."""

from __future__ import annotations

import pytest

VRA = "200068781"
LYON = "200046977"


@pytest.fixture
def vra(db):
    """Valence Romans Agglo loaded from the real files (the parse is cached for the session)."""
    from solidaires.territory.services import territory_load

    return territory_load(epci_sirens=[VRA])
