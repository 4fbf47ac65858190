from __future__ import annotations

import pytest

from .factories import MutualAidPostFactory


@pytest.fixture
def post(db, inhabitant, valence):
    """Camille asks for help with her shopping in Valence."""
    return MutualAidPostFactory(
        author=inhabitant, commune=valence, title="Courses au marché", description="Le mardi matin."
    )
