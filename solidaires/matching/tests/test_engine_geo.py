import numpy as np
import pytest

from solidaires.matching.engine import geo

from .engine_data import CHABEUIL, ROMANS, VALENCE


def test_haversine_between_valence_and_romans():
    km = geo.haversine_km(VALENCE.lat, VALENCE.lon, ROMANS.lat, ROMANS.lon)
    assert 17 < km < 20
    many = geo.haversine_many(VALENCE.lat, VALENCE.lon, np.array([ROMANS.lat]), np.array([ROMANS.lon]))
    assert many[0] == pytest.approx(km)


def prox(km, modes, *, served=True, same_area=True, named=False):
    return geo.proximity(
        np.array([km]), geo.modes_of(modes), served=np.array([served]), same_area=np.array([same_area]),
        named=np.array([named]),
    )[0]  # fmt: skip


def test_each_means_has_a_reach():
    assert prox(25, ["car"]) > 0
    assert prox(31, ["car"]) == 0
    assert prox(7, ["bike"]) > 0
    assert prox(9, ["bike"]) == 0
    assert prox(16, []) == 0  # not said: 15 km, as the former digest
    assert prox(14, []) > 0


def test_public_transport_reaches_only_served_places_beyond_walking():
    assert prox(12, ["public_transport"], served=True) > 0
    assert prox(12, ["public_transport"], served=False) == 0
    assert prox(4, ["public_transport"], served=False) > 0


def test_minibus_stays_in_the_intercommunality():
    assert prox(10, ["needs_lift"], same_area=True) > 0
    assert prox(10, ["needs_lift"], same_area=False) == 0


def test_several_means_take_the_best_and_named_communes_are_reachable():
    assert prox(12, ["bike", "car"]) == pytest.approx(prox(12, ["car"]))
    assert prox(40, ["bike"], named=True) == geo.NAMED_COMMUNE_PROXIMITY
    assert prox(0, ["bike"]) == 1.0


@pytest.mark.parametrize("km", [0.0, 3.0, 4.9, 5.1, 7.9, 8.1, 14.0, 16.0, 29.0, 31.0])
@pytest.mark.parametrize("served", [True, False])
@pytest.mark.parametrize("same_area", [True, False])
def test_plain_python_proximity_agrees_with_the_vectorised_one(km, served, same_area):
    for key, mode in geo.MODES.items():
        expected = prox(km, [key], served=served, same_area=same_area)
        assert geo.mode_proximity(km, mode, served=served, same_area=same_area) == pytest.approx(expected)


def test_chabeuil_is_not_served_by_public_transport_from_valence():
    km = geo.haversine_km(VALENCE.lat, VALENCE.lon, CHABEUIL.lat, CHABEUIL.lon)
    mode, value = geo.best_mode(
        km, geo.modes_of(["public_transport"]), served=CHABEUIL.served, same_area=True
    )
    assert mode is None and value == 0
