"""Pure classification of communes (no database)."""

from __future__ import annotations

import pytest

from solidaires.territory.classify import Klass, classify, density


@pytest.mark.parametrize(
    ("population", "area", "expected"),
    [
        (1000, 10.0, 100.0),
        (0, 10.0, 0.0),
        (1000, None, None),
        (1000, 0.0, None),
    ],
)
def test_density(population, area, expected):
    assert density(population, area) == expected


@pytest.mark.parametrize(
    ("population", "dens", "expected"),
    [
        # Dense: urban whatever the size.
        (64_726, 1_763.0, Klass.URBAN),  # Valence
        (2_000, 1_500.0, Klass.URBAN),  # exactly the threshold
        (2_000, 1_499.9, Klass.PERI_URBAN),
        # Towns of 10 000+ inhabitants with 300+ hab./km².
        (33_500, 1_000.0, Klass.URBAN),  # Romans-sur-Isère
        (10_000, 300.0, Klass.URBAN),
        (9_999, 300.0, Klass.PERI_URBAN),
        (10_000, 299.9, Klass.PERI_URBAN),
        # Rural below 100 hab./km².
        (700, 17.0, Klass.RURAL),  # a hill village
        (5_000, 99.9, Klass.RURAL),
        (5_000, 100.0, Klass.PERI_URBAN),
        (0, 0.0, Klass.RURAL),
        # Unknown density: no class.
        (1_000, None, None),
    ],
)
def test_classify(population, dens, expected):
    assert classify(population=population, density=dens) == expected


def test_classify_refuses_negative_values():
    with pytest.raises(ValueError):
        classify(population=-1, density=10.0)


def test_classes_match_the_model_choices():
    from solidaires.territory.models import UrbanClass

    assert {k.value for k in Klass} == set(UrbanClass.values)
